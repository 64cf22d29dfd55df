//! `package-cache-in-layer`: a package manager's cache or index left in the layer that wrote it.

use super::package_caches::{Location, PackageCache, Remedy, locate, package_caches};
use super::run_edits::append_to_run;
use super::{Context, Report, Rule, RuleMeta};
use crate::apt;
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
    hadolint: &["DL3009", "DL3019", "DL3042", "DL3060", "DL3040", "DL3032", "DL3036"],
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

/// `rm -rf /var/lib/apt/lists/*`, or trixie's `apt-get dist-clean`, which removes the lists too.
fn removes_apt_lists(command: &SimpleCommand) -> bool {
    (command.program() == Some("rm") && command.words.iter().any(|w| w.value.starts_with(APT_LISTS)))
        || command.subcommand(&["apt-get", "apt"], "dist-clean").is_some()
}

/// What instruction `i` leaves in its layer of the package managers' caches and indexes: one
/// answer, read by this rule (which reports each) and by the size estimate (which counts each).
#[derive(Debug, Default)]
pub(crate) struct CachesLeft {
    /// The `apt-get` command after which apt's package lists stay, when they do.
    pub apt_lists: Option<usize>,
    /// Each other cache that stays, with the commands that fill it.
    pub caches: Vec<CacheLeft>,
}

/// One package cache that stays in a layer.
#[derive(Debug)]
pub(crate) struct CacheLeft {
    /// The table's row.
    pub cache: &'static PackageCache,
    /// Each command that fills it (its index, and the index of the word that ends its
    /// subcommand), with the directories it leaves; empty when it leaves none.
    pub fills: Vec<(usize, usize, Vec<Location>)>,
}

impl CacheLeft {
    /// How a report names one of its directories: `npm's download cache (/root/.npm)`.
    pub(crate) fn display_location(location: &Location) -> String {
        location.display()
    }

    /// The directories the last filling command leaves (what a cleanup at the end must cover).
    pub(crate) fn left_by_last(&self) -> &[Location] {
        self.fills.last().map_or(&[], |(_, _, left)| left.as_slice())
    }
}

/// Decides [`CachesLeft`] for instruction `i`: a `RUN`'s shell commands, its cache and tmpfs
/// mounts, and the environment its stage chain sets (`ENV PIP_NO_CACHE_DIR=1`).
pub(crate) fn caches_left(context: &Context<'_>, i: usize) -> CachesLeft {
    let commands = context.commands(i);
    let mut out = CachesLeft::default();
    if let Some(last_apt) = commands.iter().rposition(is_apt)
        && !commands.iter().any(removes_apt_lists)
        && !context.cache_mount_covers(i, APT_LISTS)
    {
        out.apt_lists = Some(last_apt);
    }
    for cache in package_caches() {
        let fills: Vec<(usize, usize)> =
            commands.iter().enumerate().filter_map(|(k, c)| cache.filled_by(c).map(|at| (k, at))).collect();
        if fills.is_empty() || !cache.applies(context, i) {
            continue;
        }
        let locations: Vec<Location> = cache.dirs.iter().map(|dir| locate(context, i, dir)).collect();
        if locations.iter().all(Location::is_unknown) {
            // Nowhere known (Bundler outside the ruby image): nothing to say for sure.
            continue;
        }
        let mounts = context.cache_mount_targets(i);
        // A cache moved somewhere unreadable is taken as covered by any cache mount.
        let mounted = |location: &Location| {
            mounts.iter().any(|target| location.named_by(target))
                || (location.path.is_none() && location.names.is_empty() && !mounts.is_empty())
        };
        let removed_after = |k: usize, location: &Location| {
            commands[k + 1..].iter().any(|c| {
                c.program() == Some("rm") && c.operands().iter().any(|&at| location.named_by(&c.words[at].value))
            })
        };
        let left = |k: usize| -> Vec<Location> {
            if commands[k + 1..].iter().any(|c| cache.cleaned_by(c)) {
                return Vec::new();
            }
            locations.iter().filter(|l| !mounted(l) && !removed_after(k, l)).cloned().collect()
        };
        let fills: Vec<(usize, usize, Vec<Location>)> = fills.into_iter().map(|(k, at)| (k, at, left(k))).collect();
        if fills.iter().any(|(_, _, left)| !left.is_empty()) {
            out.caches.push(CacheLeft { cache, fills });
        }
    }
    out
}

impl PackageCacheInLayer {
    fn apt(context: &Context<'_>, i: usize, last_apt: usize, report: &mut Report<'_>) {
        let commands = context.commands(i);
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
            cmds.iter().any(|c| apt::install(c).is_some())
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

    fn package_caches(context: &Context<'_>, i: usize, caches: &[CacheLeft], report: &mut Report<'_>) {
        let commands = context.commands(i);
        for left in caches {
            let cache = left.cache;
            if let Remedy::Flag(flag) = cache.remedy {
                for (k, at, uncovered) in &left.fills {
                    if uncovered.is_empty() {
                        continue;
                    }
                    let uncovered: Vec<&Location> = uncovered.iter().collect();
                    let command = &commands[*k];
                    let fix = Fix::new(
                        format!("Use {} {flag}", invocation(command, *at)),
                        cache.applicability,
                        vec![Edit::insert(command.words[*at].span.end, format!(" {flag}"))],
                    );
                    let message = format!(
                        "`{}` leaves {} in this layer: use `{flag}`",
                        invocation(command, *at),
                        places(&uncovered)
                    );
                    report.add(i, command.span, message, None, Some(fix));
                }
                continue;
            }
            let uncovered: Vec<&Location> = left.left_by_last().iter().collect();
            let Some(&(last, last_at, _)) = left.fills.last() else { continue };
            if uncovered.is_empty() {
                continue;
            }
            let command = &commands[last];
            let (advice, fix) = Self::advice(context, i, cache, &uncovered);
            let message =
                format!("`{}` leaves {} in this layer: {advice}", invocation(command, last_at), places(&uncovered));
            report.add(i, command.span, message, None, fix);
        }
    }

    /// The advice for a cache that is not a flag away, and its fix when one can be built.
    fn advice(context: &Context<'_>, i: usize, cache: &PackageCache, uncovered: &[&Location]) -> (String, Option<Fix>) {
        let paths: Option<Vec<&str>> = uncovered.iter().map(|l| l.path.as_deref()).collect();
        let appended = |command: &str| {
            append_to_run(context, i, command)
                .map(|edit| Fix::new(format!("Run {command} at the end of the RUN"), cache.applicability, vec![edit]))
        };
        match cache.remedy {
            Remedy::Cleanup(command) => (format!("run `{command}` at the end of the same RUN"), appended(command)),
            Remedy::RemoveDirs => (
                format!("remove {} at the end of the same RUN", if uncovered.len() > 1 { "them" } else { "it" }),
                paths.and_then(|paths| appended(&format!("rm -rf {}", paths.join(" ")))),
            ),
            Remedy::CacheMount | Remedy::Flag(_) => {
                let keyword_end = context.doc.instructions()[i].keyword_span.end;
                let fix = paths.map(|paths| {
                    let mounts: String = paths.iter().map(|p| format!(" --mount=type=cache,target={p}")).collect();
                    Fix::new(
                        "Mount a BuildKit cache there",
                        cache.applicability,
                        vec![Edit::insert(keyword_end, mounts)],
                    )
                });
                (
                    "mount a BuildKit cache there instead (`RUN --mount=type=cache,target=...`, needs BuildKit), which also keeps it between builds".to_owned(),
                    fix,
                )
            }
        }
    }
}

/// `program subcommand...` as the author wrote it, options left out: `uv pip install`.
fn invocation(command: &SimpleCommand, at: usize) -> String {
    let Some((program, start)) = command.invocation() else { return String::new() };
    let mut words = vec![program.to_owned()];
    words.extend(
        command.operands().into_iter().filter(|&k| k >= start && k <= at).map(|k| command.words[k].value.clone()),
    );
    words.join(" ")
}

/// The caches, for a message: `Go's build cache (/root/.cache/go-build) and Go's module cache
/// (/go/pkg/mod)`.
fn places(locations: &[&Location]) -> String {
    locations.iter().map(|l| l.display()).collect::<Vec<_>>().join(" and ")
}

impl Rule for PackageCacheInLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        for (i, _) in context.instructions() {
            if context.ships(i) && !context.commands(i).is_empty() {
                let left = caches_left(context, i);
                if let Some(last_apt) = left.apt_lists {
                    Self::apt(context, i, last_apt, report);
                }
                Self::package_caches(context, i, &left.caches, report);
            }
        }
    }
}
