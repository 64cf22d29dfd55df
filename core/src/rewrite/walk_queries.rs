//! Questions every ecosystem's plan asks of the stage walk: which commands run a tool, what an
//! option's value is, where a path written in a `RUN` points, what the runtime command starts.

use crate::document::Keyword;
use crate::shell::{ShellWord, SimpleCommand};

use super::build_plan::Decline;
use super::stage_walk::{RunCommand, StageWalk, resolve};
use super::word_value::word_value;

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
        let lookup = |name: &str| walk.env.get(name).map(String::as_str);
        let value = word_value(walk.doc.slice(dest.span), walk.doc.escape(), &lookup).ok();
        let Some(target) = value.and_then(|value| resolve(step.workdir.as_deref(), &value)) else {
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

/// The app directory: `dir`, the working directory the install (or the stage's end) sees, when
/// it is one the runtime can receive. The decline says the true reason it is not.
pub(crate) fn app_directory(walk: &StageWalk<'_>, dir: Option<&str>, after_cd: bool) -> Result<String, Decline> {
    if after_cd {
        return Err(Decline::new(
            "the dependencies are installed after a `cd` in the same RUN, so slimfile cannot tell which directory is the app",
        ));
    }
    match dir {
        Some("/") => {
            let has_workdir = walk.steps.iter().any(|s| walk.instruction(s.index).keyword == Keyword::Workdir);
            Err(Decline::new(if has_workdir {
                "the dependencies are installed in /, before the WORKDIR applies, so slimfile cannot tell which directory is the app"
            } else {
                "there is no WORKDIR, so the app lives in / and slimfile cannot tell which directory is the app: add `WORKDIR /app` before the app is copied"
            }))
        }
        Some(dir) => Ok(dir.to_owned()),
        None => Err(Decline::new(
            walk.workdir_unknown.clone().unwrap_or_else(|| "slimfile cannot tell the working directory".to_owned()),
        )),
    }
}
