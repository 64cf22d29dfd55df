//! Questions every ecosystem's plan asks of the stage walk: which commands run a tool, what an
//! option's value is, where a path written in a `RUN` points, what the runtime command starts.

use crate::document::Keyword;
use crate::shell::{ShellWord, SimpleCommand};

use super::build_plan::Decline;
use super::stage_walk::{RunCommand, StageWalk, resolve};

/// The value of option `names` in `command`: `-o value`, `-o=value` or `--output=value`.
pub(crate) fn option_value<'c>(command: &'c SimpleCommand, names: &[&str]) -> Option<&'c str> {
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
pub(crate) fn has_flag(command: &SimpleCommand, flags: &[&str]) -> bool {
    command.program_words().iter().any(|w| {
        flags.iter().any(|f| w.value == *f || w.value.strip_prefix(f).is_some_and(|rest| rest.starts_with('=')))
    })
}

/// The commands of the walk that run `program subcommand`.
pub(crate) fn commands_running<'w>(
    walk: &'w StageWalk<'_>,
    programs: &'w [&str],
    subcommands: &'w [&str],
) -> impl Iterator<Item = &'w RunCommand> + 'w {
    walk.commands.iter().filter(move |run| subcommands.iter().any(|s| run.command.subcommand(programs, s).is_some()))
}

/// `path`, written in a command of `run`, made absolute; `None` when a `cd` earlier in the same
/// `RUN` or a variable makes it uncertain.
pub(crate) fn absolute(run: &RunCommand, path: &str) -> Option<String> {
    if path.contains('$') || (run.after_cd && !path.starts_with('/')) {
        return None;
    }
    resolve(run.workdir.as_deref(), path)
}

/// The program a runtime command starts (`./target/release/app` in `["./target/release/app"]`).
pub(crate) fn entry_program(walk: &StageWalk<'_>) -> Option<String> {
    let (words, _) = walk.entry_words();
    words.into_iter().next()
}

/// Declines when the build copies files from the context outside `app`: the runtime would miss
/// them.
pub(crate) fn outside_app(walk: &StageWalk<'_>, app: &str) -> Result<(), Decline> {
    for step in &walk.steps {
        let instruction = walk.instruction(step.index);
        if !matches!(instruction.keyword, Keyword::Copy | Keyword::Add) || instruction.flag("from").is_some() {
            continue;
        }
        let Some(dest) = instruction.words().last() else { continue };
        let Some(target) = resolve(step.workdir.as_deref(), &dest.value) else {
            return Err(Decline::new(format!("cannot tell where `{}` copies to", dest.value)));
        };
        let inside = target == app || target.starts_with(&format!("{}/", app.trim_end_matches('/')));
        if !inside {
            return Err(Decline::new(format!(
                "files are copied to {target}, outside the app directory {app}, and the runtime would miss them"
            )));
        }
    }
    Ok(())
}
