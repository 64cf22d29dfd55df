//! `package-cache-in-layer`: a package manager's cache or index left in the layer that wrote it.

use super::apt_install_recommends::apt_install;
use super::{Context, Report, Rule, RuleMeta};
use crate::finding::Severity;
use crate::fix::{Applicability, Edit, Fix};
use crate::shell::{Separator, SimpleCommand};

/// See `docs/rules/package-cache-in-layer.md`.
pub struct PackageCacheInLayer;

static META: RuleMeta = RuleMeta {
    id: "package-cache-in-layer",
    severity: Severity::Warning,
    summary: "a package manager's cache is left in the image layer",
    docs: include_str!("../../../docs/rules/package-cache-in-layer.md"),
    hadolint: &["DL3009", "DL3019", "DL3042"],
    fix: Some(Applicability::Safe),
};

const APT_LISTS: &str = "/var/lib/apt/lists";

fn is_apt(command: &SimpleCommand) -> bool {
    matches!(command.program(), Some("apt-get" | "apt"))
        && command
            .program_words()
            .iter()
            .skip(1)
            .any(|w| matches!(w.value.as_str(), "update" | "install" | "upgrade" | "dist-upgrade"))
}

fn removes_apt_lists(command: &SimpleCommand) -> bool {
    command.program() == Some("rm") && command.words.iter().any(|w| w.value.starts_with(APT_LISTS))
}

/// The word after which a flag goes (`add`, `install`), when `command` runs `program sub`.
fn subcommand<'c>(command: &'c SimpleCommand, programs: &[&str], sub: &str) -> Option<&'c crate::shell::ShellWord> {
    let words = command.program_words();
    let first = words.first()?.value.rsplit('/').next()?;
    if programs.contains(&first) {
        return words.iter().skip(1).find(|w| !w.value.starts_with('-')).filter(|w| w.value == sub);
    }
    // `python -m pip install`
    if first.starts_with("python")
        && words.get(1).is_some_and(|w| w.value == "-m")
        && words.get(2).is_some_and(|w| programs.contains(&w.value.as_str()))
    {
        return words.get(3).filter(|w| w.value == sub);
    }
    None
}

impl PackageCacheInLayer {
    fn apt(context: &Context<'_>, i: usize, report: &mut Report<'_>) {
        let commands = context.commands(i);
        let Some(last_apt) = commands.iter().rposition(is_apt) else { return };
        if commands.iter().any(removes_apt_lists) || context.cache_mount_covers(i, APT_LISTS) {
            return;
        }
        let command = &commands[last_apt];
        let edit = match command.separator {
            None | Some(Separator::And | Separator::Sequence) => {
                Edit::insert(command.span.end, " && rm -rf /var/lib/apt/lists/*")
            }
            // After a pipe or `||` an `&&` would change what runs: clean up at the very end.
            Some(_) => {
                let end = commands.last().map_or(command.span.end, |c| c.span.end);
                Edit::insert(end, " && rm -rf /var/lib/apt/lists/*")
            }
        };
        // A later RUN in the same stage that installs without `apt-get update` needs the lists:
        // removing them here would break the build, so only a restructure helps.
        let stage = context.stages.stage_of(i);
        let later_install_without_update =
            context.instructions().skip(i + 1).take_while(|(j, _)| context.stages.stage_of(*j) == stage).any(
                |(j, _)| {
                    let cmds = context.commands(j);
                    cmds.iter().any(|c| apt_install(c).is_some())
                        && !cmds.iter().any(|c| c.program_words().iter().any(|w| w.value == "update"))
                },
            );
        if later_install_without_update {
            report.add(
                i,
                command.span,
                "apt package lists stay in this layer, and a later RUN installs with them: merge that install into this RUN and remove /var/lib/apt/lists/* at its end".into(),
                None,
                None,
            );
            return;
        }
        let fix = Fix::new("Remove the apt package lists in the same RUN", Applicability::Safe, vec![edit]);
        report.add(
            i,
            command.span,
            "apt package lists stay in this layer: remove /var/lib/apt/lists/* in the same RUN, or mount a cache there"
                .into(),
            None,
            Some(fix),
        );
    }

    fn flag_cache(context: &Context<'_>, i: usize, report: &mut Report<'_>) {
        for command in context.commands(i) {
            if let Some(add) = subcommand(command, &["apk"], "add")
                && !command.has_word("--no-cache")
                && !context.cache_mount_covers(i, "/var/cache/apk")
            {
                let fix = Fix::new(
                    "Use apk add --no-cache",
                    Applicability::Safe,
                    vec![Edit::insert(add.span.end, " --no-cache")],
                );
                report.add(
                    i,
                    command.span,
                    "`apk add` keeps its index cache in this layer: use `--no-cache`".into(),
                    None,
                    Some(fix),
                );
            }
            if let Some(install) = subcommand(command, &["pip", "pip3"], "install")
                && !command.has_word("--no-cache-dir")
                && !context.cache_mount_covers(i, "/root/.cache/pip")
                && !pip_cache_disabled_by_env(context, i)
            {
                let fix = Fix::new(
                    "Use pip install --no-cache-dir",
                    Applicability::Safe,
                    vec![Edit::insert(install.span.end, " --no-cache-dir")],
                );
                report.add(
                    i,
                    command.span,
                    "`pip install` keeps downloaded wheels in /root/.cache/pip in this layer: use `--no-cache-dir`"
                        .into(),
                    None,
                    Some(fix),
                );
            }
        }
    }
}

/// `ENV PIP_NO_CACHE_DIR=1` earlier in the same stage, or on the command itself.
fn pip_cache_disabled_by_env(context: &Context<'_>, i: usize) -> bool {
    let stage = context.stages.stage_of(i);
    context.instructions().take(i + 1).filter(|(j, _)| context.stages.stage_of(*j) == stage).any(|(j, instruction)| {
        instruction.text().is_some_and(|t| t.value.contains("PIP_NO_CACHE_DIR"))
            || context.commands(j).iter().any(|c| c.words.iter().any(|w| w.value.starts_with("PIP_NO_CACHE_DIR=")))
    })
}

impl Rule for PackageCacheInLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        for (i, _) in context.instructions() {
            if context.ships(i) && !context.commands(i).is_empty() {
                Self::apt(context, i, report);
                Self::flag_cache(context, i, report);
            }
        }
    }
}
