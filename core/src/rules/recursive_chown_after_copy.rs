//! `recursive-chown-after-copy`: `chown -R` or `chmod -R` over what an earlier `COPY`/`ADD` of
//! the same stage wrote.

use super::run_edits::remove_command;
use super::written_paths::{copy_destination, copy_writes, working_dirs, writes_nothing};
use super::{Context, Report, Rule, RuleMeta};
use crate::document::Keyword;
use crate::finding::Severity;
use crate::fix::{Applicability, Edit, Fix};
use crate::paths::{path_within, resolve};
use crate::shell::SimpleCommand;

/// See `docs/rules/recursive-chown-after-copy.md`.
pub struct RecursiveChownAfterCopy;

static META: RuleMeta = RuleMeta {
    id: "recursive-chown-after-copy",
    severity: Severity::Warning,
    summary: "chown -R or chmod -R after COPY stores the copied files a second time",
    docs: include_str!("../../../docs/rules/recursive-chown-after-copy.md"),
    hadolint: &[],
    fix: Some(Applicability::Unsafe),
};

/// A recursive `chown` or `chmod`: which, the owner or mode it sets, and its path operands.
struct Recursive<'c> {
    program: &'static str,
    flag: &'static str,
    value: &'c str,
    paths: Vec<&'c str>,
}

fn recursive(command: &SimpleCommand) -> Option<Recursive<'_>> {
    let (program, flag) = match command.program()? {
        "chown" => ("chown", "chown"),
        "chmod" => ("chmod", "chmod"),
        _ => return None,
    };
    let options = &command.program_words()[1..];
    let is_recursive = options.iter().any(|w| {
        w.value == "--recursive" || (w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('R'))
    });
    // `--reference=FILE` takes the owner or mode from a file: no value to copy over.
    if !is_recursive || options.iter().any(|w| w.value.starts_with("--reference")) {
        return None;
    }
    let operands = command.operands();
    let (value, paths) = operands.split_first()?;
    let paths: Vec<&str> = paths.iter().map(|&at| command.words[at].value.as_str()).collect();
    (!paths.is_empty()).then(|| Recursive { program, flag, value: command.words[*value].value.as_str(), paths })
}

/// What `COPY --chown=` or `--chmod=` can say for this owner or mode, when it says the same.
fn copy_flag_value(recursive: &Recursive<'_>) -> Option<String> {
    let value = recursive.value;
    if value.contains(['$', '`']) || value.is_empty() {
        return None;
    }
    if recursive.program == "chmod" {
        // Only octal modes: symbolic ones need Dockerfile syntax 1.14.
        return (matches!(value.len(), 3 | 4) && value.chars().all(|c| ('0'..='7').contains(&c)))
            .then(|| value.to_owned());
    }
    // `user.group` is chown's old spelling; `user:` means the login group, which COPY lacks.
    let plain = !value.starts_with(':') && !value.ends_with(':') && (value.contains(':') || !value.contains('.'));
    plain.then(|| value.to_owned())
}

impl RecursiveChownAfterCopy {
    fn run(context: &Context<'_>, i: usize, report: &mut Report<'_>) {
        let stage = context.stage_instructions(i);
        let copies: Vec<usize> = (stage.start..i)
            .filter(|&j| matches!(context.doc.instructions()[j].keyword, Keyword::Copy | Keyword::Add))
            .collect();
        if copies.is_empty() {
            return;
        }
        let root = context.runs_as_root(i);
        let dirs = working_dirs(context, i);
        for (k, command) in context.commands(i).iter().enumerate() {
            let Some(recursive) = recursive(command) else { continue };
            let targets: Vec<String> =
                recursive.paths.iter().filter_map(|p| resolve(dirs[k].as_deref(), p, root)).collect();
            // The COPY/ADD instructions whose files the command rewrites.
            let touched: Vec<usize> = copies
                .iter()
                .copied()
                .filter(|&j| {
                    copy_writes(context, j)
                        .iter()
                        .any(|w| targets.iter().any(|t| path_within(&w.path, t) || path_within(t, &w.path)))
                })
                .collect();
            let Some(&last) = touched.last() else { continue };
            let copy = &context.doc.instructions()[last];
            let instead = if recursive.program == "chown" {
                "`COPY --chown=user:group` sets the owner as the files are written".to_owned()
            } else {
                "`COPY --chmod=MODE` sets the mode as the files are written (needs BuildKit)".to_owned()
            };
            let message = format!(
                "`{} -R` over {} rewrites every file the {} on line {} wrote, so this layer stores them a second time: {instead}",
                recursive.program,
                recursive.paths.join(", "),
                copy.keyword.as_str(),
                copy.range.start.line
            );
            let fix = Self::fix(context, i, k, &recursive, &targets, &touched);
            let related = touched
                .iter()
                .map(|&j| {
                    (
                        context.doc.instructions()[j].span,
                        format!("writes the files `{} -R` rewrites", recursive.program),
                    )
                })
                .collect();
            report.add_with_related(i, command.span, message, None, fix, related);
        }
    }

    /// `--chown`/`--chmod` on the COPY instructions and the command gone, when that is the same
    /// thing: one target that is exactly their destination, no flag there already, nothing else
    /// (a RUN in between, an earlier command of this RUN) that may have written under it.
    fn fix(
        context: &Context<'_>,
        i: usize,
        k: usize,
        recursive: &Recursive<'_>,
        targets: &[String],
        touched: &[usize],
    ) -> Option<Fix> {
        let [target] = targets else { return None };
        if recursive.paths.len() != 1 {
            return None;
        }
        let value = copy_flag_value(recursive)?;
        let exact = touched.iter().all(|&j| {
            copy_destination(context, j).as_deref() == Some(target.as_str())
                && context.doc.instructions()[j].flag(recursive.flag).is_none()
        });
        let first = *touched.first()?;
        let run_between = (first + 1..i).any(|j| context.doc.instructions()[j].keyword == Keyword::Run);
        let quiet_before = context.commands(i)[..k].iter().all(writes_nothing);
        if !exact || run_between || !quiet_before {
            return None;
        }
        let mut edits: Vec<Edit> = touched
            .iter()
            .map(|&j| {
                Edit::insert(context.doc.instructions()[j].keyword_span.end, format!(" --{}={value}", recursive.flag))
            })
            .collect();
        edits.extend(remove_command(context, i, k)?);
        Some(Fix::new(format!("Copy with --{}={value} instead", recursive.flag), Applicability::Unsafe, edits))
    }
}

impl Rule for RecursiveChownAfterCopy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        for (i, instruction) in context.instructions() {
            if instruction.keyword == Keyword::Run && context.ships(i) {
                Self::run(context, i, report);
            }
        }
    }
}
