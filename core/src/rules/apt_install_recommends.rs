//! `apt-install-recommends`: `apt-get install` without `--no-install-recommends` in a stage that
//! ships.

use super::{Context, Report, Rule, RuleMeta};
use crate::estimate::packages;
use crate::finding::Severity;
use crate::fix::{Applicability, Edit, Fix};
use crate::shell::SimpleCommand;

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

/// The `install` word of an `apt-get`/`apt` command, if it is one, and the packages it names.
pub(crate) fn apt_install(command: &SimpleCommand) -> Option<(usize, Vec<&str>)> {
    let install = command.subcommand(&["apt-get", "apt"], "install")?;
    let packages =
        command.operands().into_iter().filter(|&at| at > install).map(|at| command.words[at].value.as_str()).collect();
    Some((install, packages))
}

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
                let Some((install, packages)) = apt_install(command) else { continue };
                let opted_out = command.words.iter().any(|w| {
                    w.value == "--no-install-recommends"
                        || w.value.contains("Install-Recommends=false")
                        || w.value.contains("Install-Recommends=0")
                });
                if opted_out {
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
    if mb >= 10.0 { format!("{mb:.0} MB") } else { format!("{mb:.1} MB") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::commands;
    use crate::source::Span;

    fn install_of(text: &str) -> Option<(usize, Vec<String>)> {
        let command = commands(text, Span::new(0, text.len()), '\\').remove(0);
        apt_install(&command).map(|(at, packages)| (at, packages.into_iter().map(str::to_owned).collect()))
    }

    #[test]
    fn sees_the_install_after_an_option_value_and_skips_option_values_among_packages() {
        // The quiet fixture's opt-out: the install is found, so the opt-out check is what keeps
        // it quiet.
        assert_eq!(
            install_of("apt-get -o APT::Install-Recommends=false install -y git"),
            Some((3, vec!["git".into()]))
        );
        assert_eq!(
            install_of("apt-get install -y -o Dpkg::Options::=--force-confold curl git"),
            Some((1, vec!["curl".into(), "git".into()]))
        );
        assert_eq!(install_of("apt-get -o Debug::NoLocking=1 update"), None);
    }
}
