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

/// A package manager that keeps a cache unless a flag says otherwise.
struct FlagCache {
    programs: &'static [&'static str],
    subcommand: &'static str,
    flag: &'static str,
    cache_dir: &'static str,
    /// An environment variable that turns the cache off, when the manager has one.
    env: Option<&'static str>,
    message: &'static str,
}

const FLAG_CACHES: &[FlagCache] = &[
    FlagCache {
        programs: &["apk"],
        subcommand: "add",
        flag: "--no-cache",
        cache_dir: "/var/cache/apk",
        env: None,
        message: "`apk add` keeps its index cache in this layer: use `--no-cache`",
    },
    FlagCache {
        programs: &["pip", "pip3"],
        subcommand: "install",
        flag: "--no-cache-dir",
        cache_dir: "/root/.cache/pip",
        env: Some("PIP_NO_CACHE_DIR"),
        message: "`pip install` keeps downloaded wheels in /root/.cache/pip in this layer: use `--no-cache-dir`",
    },
];

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
        let later_install_without_update = (i + 1..context.stage_instructions(i).end).any(|j| {
            let cmds = context.commands(j);
            cmds.iter().any(|c| apt_install(c).is_some())
                && !cmds.iter().any(|c| c.program_words().iter().any(|w| w.value == "update"))
        });
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
            for cache in FLAG_CACHES {
                let Some(at) = command.subcommand(cache.programs, cache.subcommand) else { continue };
                if command.has_word(cache.flag)
                    || context.cache_mount_covers(i, cache.cache_dir)
                    || cache.env.is_some_and(|name| cache_disabled_by_env(context, i, name))
                {
                    continue;
                }
                let fix = Fix::new(
                    format!("Use {} {} {}", cache.programs[0], cache.subcommand, cache.flag),
                    Applicability::Safe,
                    vec![Edit::insert(command.words[at].span.end, format!(" {}", cache.flag))],
                );
                report.add(i, command.span, cache.message.into(), None, Some(fix));
            }
        }
    }
}

/// `ENV NAME=...` earlier in the same stage, or `NAME=...` on a command up to instruction `i`.
fn cache_disabled_by_env(context: &Context<'_>, i: usize, name: &str) -> bool {
    let assignment = format!("{name}=");
    (context.stage_instructions(i).start..=i).any(|j| {
        context.doc.instructions()[j].text().is_some_and(|t| t.value.contains(name))
            || context.commands(j).iter().any(|c| c.words.iter().any(|w| w.value.starts_with(&assignment)))
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
