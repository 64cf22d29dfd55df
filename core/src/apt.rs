//! What an `apt-get install` asks for: the packages it names and whether it takes their
//! recommended packages. One reading, shared by the rules and the size model.

use crate::shell::SimpleCommand;

/// The `install` word of an `apt-get`/`apt` command, if it is one, and the packages it names.
#[must_use]
pub(crate) fn install(command: &SimpleCommand) -> Option<(usize, Vec<&str>)> {
    let install = command.subcommand(&["apt-get", "apt"], "install")?;
    let packages =
        command.operands().into_iter().filter(|&at| at > install).map(|at| command.words[at].value.as_str()).collect();
    Some((install, packages))
}

/// Whether the command turns recommended packages off (`--no-install-recommends`, or the
/// `APT::Install-Recommends` option set to false).
#[must_use]
pub(crate) fn declines_recommends(command: &SimpleCommand) -> bool {
    command.words.iter().any(|w| {
        w.value == "--no-install-recommends"
            || w.value.contains("Install-Recommends=false")
            || w.value.contains("Install-Recommends=0")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::commands;
    use crate::source::Span;

    fn install_of(text: &str) -> Option<(usize, Vec<String>)> {
        let command = commands(text, Span::new(0, text.len()), '\\').remove(0);
        install(&command).map(|(at, packages)| (at, packages.into_iter().map(str::to_owned).collect()))
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
