//! `apt-install-recommends`: `apt-get install` without `--no-install-recommends` in a stage that
//! ships.

use super::{Context, Report, Rule, RuleMeta};
use crate::apt;
use crate::estimate::packages;
use crate::finding::Severity;
use crate::fix::{Applicability, Edit, Fix};

/// See `docs/rules/apt-install-recommends.md`.
pub struct AptInstallRecommends;

static META: RuleMeta = RuleMeta {
    id: "apt-install-recommends",
    severity: Severity::Warning,
    summary: "apt-get install also installs recommended packages",
    docs: include_str!("../../../docs/rules/apt-install-recommends.md"),
    hadolint: &["DL3015"],
    fix: Some(Applicability::Unsafe),
};

impl Rule for AptInstallRecommends {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        for (i, _) in context.instructions() {
            if !context.ships(i) {
                continue;
            }
            for command in context.commands(i) {
                let Some((install, packages)) = apt::install(command) else { continue };
                if apt::declines_recommends(command) {
                    continue;
                }
                let word = &command.words[install];
                let fix = Fix::new(
                    "Add --no-install-recommends",
                    Applicability::Unsafe,
                    vec![Edit::insert(word.span.end, " --no-install-recommends")],
                );
                let named = if packages.is_empty() { String::new() } else { format!(" ({})", packages.join(", ")) };
                // Only packages the Debian table knows count; the message names them.
                let known: Vec<(&str, u64)> =
                    packages.iter().filter_map(|p| packages::recommends_overhead_kib(p).map(|kib| (*p, kib))).collect();
                let bytes = (!known.is_empty()).then(|| known.iter().map(|(_, kib)| kib * 1024).sum::<u64>());
                let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
                let cost = match bytes {
                    None => String::new(),
                    Some(0) => format!(" (the Debian 12 package index lists none for {})", names.join(", ")),
                    Some(b) => {
                        format!(
                            ": about {} more on disk for {} (Debian 12 package index)",
                            human_bytes(b),
                            names.join(", ")
                        )
                    }
                };
                report.add(
                    i,
                    command.span,
                    format!(
                        "`{}` without `--no-install-recommends` also installs recommended packages{named}{cost}",
                        command.program().unwrap_or("apt-get")
                    ),
                    bytes,
                    Some(fix),
                );
            }
        }
    }
}

/// `12.3 MB`: decimal megabytes, as registries and `docker images` print them.
pub(crate) fn human_bytes(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1e6;
    format!("{} MB", crate::decimal::fixed(mb, if mb >= 10.0 { 0 } else { 1 }))
}
