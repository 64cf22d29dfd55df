//! One analysis per ecosystem: find the build, its artifacts and the runtime they need.

mod cargo_manifest;
pub(super) mod dotnet;
pub(super) mod go;
pub(super) mod java;
pub(super) mod node;
pub(super) mod python;
pub(super) mod rust;

use crate::shell::{ShellWord, SimpleCommand};

use super::stage_walk::{RunCommand, StageWalk, resolve};

/// The value of option `names` in `command`: `-o value`, `-o=value` or `--output=value`.
pub(super) fn option_value<'c>(command: &'c SimpleCommand, names: &[&str]) -> Option<&'c str> {
    let words: &[ShellWord] = command.program_words();
    words.iter().enumerate().find_map(|(i, word)| {
        if names.contains(&word.value.as_str()) {
            return words.get(i + 1).map(|w| w.value.as_str());
        }
        names
            .iter()
            .find_map(|name| word.value.strip_prefix(name)?.strip_prefix('='))
            .filter(|_| word.value.starts_with('-'))
    })
}

/// Whether `command` has any of `flags` (exactly, or as `--flag=...`).
pub(super) fn has_flag(command: &SimpleCommand, flags: &[&str]) -> bool {
    command.program_words().iter().any(|w| {
        flags.iter().any(|f| w.value == *f || w.value.strip_prefix(f).is_some_and(|rest| rest.starts_with('=')))
    })
}

/// The commands of the walk that run `program subcommand`.
pub(super) fn commands_running<'w>(
    walk: &'w StageWalk<'_>,
    programs: &'w [&str],
    subcommands: &'w [&str],
) -> impl Iterator<Item = &'w RunCommand> + 'w {
    walk.commands.iter().filter(move |run| subcommands.iter().any(|s| run.command.subcommand(programs, s).is_some()))
}

/// `path`, written in a command of `run`, made absolute; `None` when a `cd` earlier in the same
/// `RUN` or a variable makes it uncertain.
pub(super) fn absolute(run: &RunCommand, path: &str) -> Option<String> {
    if path.contains('$') || (run.after_cd && !path.starts_with('/')) {
        return None;
    }
    resolve(run.workdir.as_deref(), path)
}

/// The program a runtime command starts (`./target/release/app` in `["./target/release/app"]`).
pub(super) fn entry_program(walk: &StageWalk<'_>) -> Option<String> {
    let (words, _) = walk.entry_words();
    words.into_iter().next()
}
