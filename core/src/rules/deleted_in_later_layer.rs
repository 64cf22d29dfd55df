//! `deleted-in-later-layer`: an `rm` of a path an earlier instruction wrote, in the stages that
//! ship.

use super::run_edits::{append_to_run, remove_command};
use super::written_paths::{Removal, RunEffects, Written, copy_writes, run_effects, writes_nothing};
use super::{Context, Report, Rule, RuleMeta};
use crate::document::Keyword;
use crate::finding::Severity;
use crate::fix::{Applicability, Fix};
use crate::paths::path_within;
use crate::shell::SimpleCommand;

/// See `docs/rules/deleted-in-later-layer.md`.
pub struct DeletedInLaterLayer;

static META: RuleMeta = RuleMeta {
    id: "deleted-in-later-layer",
    severity: Severity::Warning,
    summary: "a RUN deletes what an earlier layer wrote, which does not make the image smaller",
    docs: include_str!("../../../docs/rules/deleted-in-later-layer.md"),
    hadolint: &[],
    fix: Some(Applicability::DisplayOnly),
};

/// Whether `rm` of `removed` deletes all of `written`: it or a directory above it, or
/// `written/*`, which empties it.
fn removes(removed: &str, written: &str) -> bool {
    path_within(written, removed) || removed.strip_suffix("/*") == Some(written)
}

impl DeletedInLaterLayer {
    /// Reports the `rm` commands of `RUN` instruction `i` that remove what `live` holds, then
    /// updates `live` with what this `RUN` removes and leaves.
    fn run(context: &Context<'_>, i: usize, live: &mut Vec<Written>, report: &mut Report<'_>) {
        let commands = context.commands(i);
        let effects = run_effects(context, i);
        for (k, command) in commands.iter().enumerate() {
            let ties: Vec<(&Removal, &Written)> = effects
                .removals
                .iter()
                .filter(|r| r.command == k)
                .filter_map(|removal| Some(removal).zip(Self::writer(&effects, k, removal, live, commands)))
                .collect();
            if ties.is_empty() {
                continue;
            }
            let operands: Vec<&str> = ties.iter().map(|(r, _)| command.words[r.word].value.as_str()).collect();
            let mut writers: Vec<usize> = Vec::new();
            for (_, written) in &ties {
                if !writers.contains(&written.instruction) {
                    writers.push(written.instruction);
                }
            }
            let described: Vec<String> = writers
                .iter()
                .map(|&j| {
                    let instruction = &context.doc.instructions()[j];
                    format!("the {} on line {}", instruction.keyword.as_str(), instruction.range.start.line)
                })
                .collect();
            let all_run = writers.iter().all(|&j| context.doc.instructions()[j].keyword == Keyword::Run);
            let none_run = writers.iter().all(|&j| context.doc.instructions()[j].keyword != Keyword::Run);
            let advice = if all_run {
                "delete it in the RUN that writes it, or do that work in a builder stage"
            } else if none_run {
                "keep it out of that instruction (a narrower source, .dockerignore), mount it only for the RUN that needs it (`RUN --mount=type=bind,...`), or do that work in a builder stage"
            } else {
                "delete each where it is written, keep copied files out of the copy, or do that work in a builder stage"
            };
            let (them, those) =
                if ties.len() > 1 { ("them", "those layers keep their") } else { ("it", "that layer keeps its") };
            let message = format!(
                "`rm` of {} does not make the image smaller: {} wrote {them}, and {those} bytes; {advice}",
                operands.join(", "),
                described.join(" and ")
            );
            let fix = match ties.as_slice() {
                [(removal, writer)] => Self::hint(context, i, k, writer, &removal.path),
                _ => None,
            };
            let related = writers
                .iter()
                .map(|&j| {
                    let wrote: Vec<&str> = ties
                        .iter()
                        .filter(|(_, written)| written.instruction == j)
                        .map(|(removal, _)| removal.path.as_str())
                        .collect();
                    (context.doc.instructions()[j].span, format!("writes {}", wrote.join(", ")))
                })
                .collect();
            report.add_with_related(i, command.span, message, None, fix, related);
        }
        live.retain(|w| !effects.removals.iter().any(|r| removes(&r.path, &w.path)));
        for (k, written) in &effects.writes {
            let removed_later = effects.removals.iter().any(|r| r.command > *k && removes(&r.path, &written.path));
            if !removed_later {
                live.push(written.clone());
            }
        }
    }

    /// The latest earlier write that `removal` (in command `k`) deletes, in whole or in part.
    fn writer<'w>(
        effects: &RunEffects,
        k: usize,
        removal: &Removal,
        live: &'w [Written],
        commands: &[SimpleCommand],
    ) -> Option<&'w Written> {
        // Written again earlier in this RUN: the rm cleans up this layer, which is right.
        let rewritten = effects.writes.iter().any(|(before, w)| {
            *before < k && (path_within(&w.path, &removal.path) || path_within(&removal.path, &w.path))
        });
        if rewritten {
            return None;
        }
        let nothing_written_before = commands[..k].iter().all(writes_nothing);
        live.iter().rev().find(|w| {
            removes(&removal.path, &w.path)
                || (w.fresh && nothing_written_before && path_within(&removal.path, &w.path))
        })
    }

    /// The display-only edit: the `rm` moved to the end of the `RUN` that wrote the path. Only
    /// for a single-operand `rm` of what a `RUN` wrote, with no work before it in its own `RUN`;
    /// instructions in between may still need the file, so it is never applied.
    fn hint(context: &Context<'_>, i: usize, k: usize, writer: &Written, path: &str) -> Option<Fix> {
        let writer_is_run = context.doc.instructions()[writer.instruction].keyword == Keyword::Run;
        // Work before the rm in its own RUN may read the path (an install needs apt's lists).
        let commands = context.commands(i);
        if !writer_is_run || commands[k].operands().len() != 1 || !commands[..k].iter().all(writes_nothing) {
            return None;
        }
        let mut edits = vec![append_to_run(context, writer.instruction, &format!("rm -rf {path}"))?];
        edits.extend(remove_command(context, i, k)?);
        Some(Fix::new("Delete it in the RUN that writes it", Applicability::DisplayOnly, edits))
    }
}

impl Rule for DeletedInLaterLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        // The shipped stages form one chain, each built FROM an earlier one: what a base stage
        // wrote is in the final image too.
        let mut live: Vec<Written> = Vec::new();
        for stage in &context.stages.stages {
            if !context.ships(stage.from_instruction) {
                continue;
            }
            for i in stage.body.clone() {
                match context.doc.instructions()[i].keyword {
                    Keyword::Copy | Keyword::Add => live.extend(copy_writes(context, i)),
                    Keyword::Run => Self::run(context, i, &mut live, report),
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::{Applicability, apply_once};

    fn hints(text: &str) -> Vec<(String, Option<String>)> {
        crate::check(text.as_bytes(), &crate::CheckOptions::default())
            .findings
            .into_iter()
            .filter(|f| f.rule == "deleted-in-later-layer")
            .map(|f| {
                let fixed = f.fix.map(|fix| {
                    assert_eq!(fix.applicability, Applicability::DisplayOnly);
                    apply_once(text, &[&fix]).0
                });
                (f.message, fixed)
            })
            .collect()
    }

    #[test]
    fn the_hint_moves_the_delete_into_the_run_that_wrote_it() {
        let text = "FROM debian\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nRUN tar -xzf /tmp/a.tgz -C /opt\nRUN cd / && rm /tmp/a.tgz && echo done\n";
        let found = hints(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].1.as_deref(),
            Some(
                "FROM debian\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz && rm -rf /tmp/a.tgz\nRUN tar -xzf /tmp/a.tgz -C /opt\nRUN cd / && echo done\n"
            )
        );
        // The only command: the whole RUN goes.
        let text = "FROM debian\nRUN wget -O /tmp/a.tgz https://example.com/a.tgz\nRUN rm /tmp/a.tgz\nCMD [\"x\"]\n";
        assert_eq!(
            hints(text)[0].1.as_deref(),
            Some("FROM debian\nRUN wget -O /tmp/a.tgz https://example.com/a.tgz && rm -rf /tmp/a.tgz\nCMD [\"x\"]\n")
        );
    }

    #[test]
    fn no_hint_when_work_in_the_same_run_may_need_the_path() {
        let text = "FROM debian\nRUN apt-get update\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        let found = hints(text);
        assert_eq!(found.len(), 1);
        assert!(found[0].0.contains("the RUN on line 2"), "{}", found[0].0);
        assert_eq!(found[0].1, None);
    }

    #[test]
    fn a_run_that_empties_what_it_wrote_leaves_nothing_behind() {
        let text = "FROM debian\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\nRUN rm -rf /var/lib/apt/lists/*\n";
        assert_eq!(hints(text), Vec::new());
    }

    #[test]
    fn several_operands_name_every_writer_and_have_no_hint() {
        let text = "FROM debian\nWORKDIR /app\nCOPY . .\nRUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz\nRUN rm -rf /tmp/a.tgz tests\n";
        let found = hints(text);
        assert_eq!(found.len(), 1);
        assert!(found[0].0.contains("/tmp/a.tgz, tests"), "{}", found[0].0);
        assert!(found[0].0.contains("the RUN on line 4 and the COPY on line 3"), "{}", found[0].0);
        assert_eq!(found[0].1, None);
    }
}
