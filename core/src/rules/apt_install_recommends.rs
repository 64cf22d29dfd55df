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
                let named = if packages.is_empty() { String::new() } else { format!(" ({})", listed(&packages)) };
                // Only packages the Debian table knows count; the message names them.
                let known: Vec<(&str, u64)> =
                    packages.iter().filter_map(|p| packages::recommends_overhead_kib(p).map(|kib| (*p, kib))).collect();
                let bytes = (!known.is_empty()).then(|| known.iter().map(|(_, kib)| kib * 1024).sum::<u64>());
                let names: Vec<&str> = known.iter().map(|(n, _)| *n).collect();
                let cost = match bytes {
                    None => String::new(),
                    Some(0) => format!(" (the Debian 12 package index lists none for {})", listed(&names)),
                    Some(b) => {
                        format!(
                            ": about {} more on disk for {} (Debian 12 package index)",
                            human_bytes(b),
                            listed(&names)
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

/// The most package names a message lists; a `RUN` that installs hundreds still gets a message
/// of one line.
const LISTED_PACKAGES: usize = 8;

/// `a, b, c`, or the first [`LISTED_PACKAGES`] names and how many more.
fn listed(names: &[&str]) -> String {
    match names.len().checked_sub(LISTED_PACKAGES) {
        Some(more) if more > 0 => format!("{} and {more} more", names[..LISTED_PACKAGES].join(", ")),
        _ => names.join(", "),
    }
}

/// `12.3 MB`: decimal megabytes, as registries and `docker images` print them.
pub(crate) fn human_bytes(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1e6;
    format!("{} MB", crate::decimal::fixed(mb, if mb >= 10.0 { 0 } else { 1 }))
}

#[cfg(test)]
mod tests {
    use super::listed;

    #[test]
    fn a_long_package_list_stays_one_short_line() {
        assert_eq!(listed(&["gcc", "make"]), "gcc, make");
        let many: Vec<String> = (0..300).map(|i| format!("lib{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(listed(&many), "lib0, lib1, lib2, lib3, lib4, lib5, lib6, lib7 and 292 more");
    }
}
