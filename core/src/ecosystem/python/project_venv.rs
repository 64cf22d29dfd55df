//! What the uv and Poetry plans share: the project manager builds a virtualenv in the builder,
//! the runtime (the slim variant of the same python image) receives it and the app directory at
//! the same paths, and the manager itself stays behind. The hazards are the same for both: the
//! virtualenv must be built on the image's own Python, nothing may be installed outside it, and
//! the runtime command must not need the manager.

use crate::ecosystem::global_installs::package_name;
use crate::image_ref::ImageRef;
use crate::rewrite::build_plan::{BuildPlan, Decline, Ecosystem, RuntimeNeed};
use crate::rewrite::stage_walk::{RunCommand, StageWalk};
use crate::rewrite::walk_queries::{app_directory, outside_app};

use super::interpreter;

/// One project manager, as the shared checks need it.
pub(super) struct Manager {
    /// Its program (`uv`, `poetry`), also the word that starts `uv run` in a runtime command.
    pub program: &'static str,
    /// Packages a `pip install` may install in the builder because they are the manager itself
    /// (and its plugins), which the runtime does not need.
    pub tool_packages: &'static [&'static str],
}

/// The plan with the shared checks made: `install` is the manager's install, `venv` the
/// virtualenv's absolute path. The caller adds the dependency layer.
pub(super) fn plan(
    walk: &StageWalk<'_>,
    image: &ImageRef,
    manager: &Manager,
    install: &RunCommand,
    venv: &str,
) -> Result<(BuildPlan, String), Decline> {
    let app = app_directory(walk, install.workdir.as_deref(), install.after_cd)?;
    runtime_command_needs_no_manager(walk, manager)?;
    nothing_installed_outside(walk, manager)?;
    super::plan::tools_outside_the_virtualenv(walk)?;
    outside_app(walk, &app)?;
    let Some(slim) = crate::ecosystem::slim_runtime_of(image) else {
        return Err(Decline::new(format!("slimfile does not know a slim variant of `{image}` to run on")));
    };
    let mut plan = BuildPlan::new(Ecosystem::Python, RuntimeNeed::SlimOf(slim));
    interpreter_check(walk, image, manager, &mut plan)?;
    let inside = venv == app || venv.starts_with(&format!("{}/", app.trim_end_matches('/')));
    if !inside {
        plan.artifacts.push(venv.to_owned());
    }
    plan.artifacts.push(app.clone());
    plan.trail.push(format!(
        "{} builds the virtualenv {venv} in the builder on the image's own Python; the runtime receives {} at the same paths, and {} itself stays in the builder",
        manager.program,
        if inside { app.clone() } else { format!("it and {app}") },
        manager.program
    ));
    Ok((plan, app))
}

/// Declines when the runtime command runs the manager (`uv run`, `poetry run`): the runtime does
/// not have it, and `uv run` would also sync the environment when the container starts.
fn runtime_command_needs_no_manager(walk: &StageWalk<'_>, manager: &Manager) -> Result<(), Decline> {
    let (entry, _) = walk.entry_words();
    let runs = |w: &String| {
        let name = w.rsplit('/').next().unwrap_or(w);
        name == manager.program || (manager.program == "uv" && name == "uvx")
    };
    if let Some(at) = entry.iter().position(runs) {
        let command = entry[at..].iter().take(2).cloned().collect::<Vec<_>>().join(" ");
        return Err(Decline::new(format!(
            "the image starts with `{command}`, which the runtime would not have: {} stays in the builder (start the app from the virtualenv's bin instead)",
            manager.program
        )));
    }
    Ok(())
}

/// Declines when a `pip install` puts packages other than the manager into the image's own
/// Python, which the runtime does not receive.
fn nothing_installed_outside(walk: &StageWalk<'_>, manager: &Manager) -> Result<(), Decline> {
    for run in &walk.commands {
        let Some(at) = run.command.subcommand(&["pip", "pip3"], "install") else { continue };
        let mut skip = false;
        for word in &run.command.words[at + 1..] {
            let value = word.value.as_str();
            if skip {
                skip = false;
                continue;
            }
            if value.starts_with('-') {
                if matches!(value, "-r" | "--requirement" | "-e" | "--editable" | "-c" | "--constraint") {
                    return Err(outside(walk, run));
                }
                skip = matches!(value, "-i" | "--index-url" | "--extra-index-url" | "--cache-dir" | "--timeout");
                continue;
            }
            let name = package_name(value).to_ascii_lowercase();
            let tool = manager.tool_packages.iter().any(|t| name == *t || name.starts_with(&format!("{t}-plugin")))
                || matches!(name.as_str(), "pip" | "setuptools" | "wheel");
            if !tool {
                return Err(outside(walk, run));
            }
        }
    }
    Ok(())
}

fn outside(walk: &StageWalk<'_>, run: &RunCommand) -> Decline {
    Decline::new(format!(
        "`{}` installs into the image's own Python, outside the virtualenv the runtime receives",
        walk.doc.slice(run.command.span)
    ))
}

/// Whether the image's Python satisfies the project's constraint, so that the manager builds the
/// virtualenv on it (the slim variant has it at the same path): a decline when it does not, an
/// assumption when slimfile cannot tell.
fn interpreter_check(
    walk: &StageWalk<'_>,
    image: &ImageRef,
    manager: &Manager,
    plan: &mut BuildPlan,
) -> Result<(), Decline> {
    let version = interpreter::image_version(image);
    let pyproject = walk.project.get("pyproject.toml");
    let pinned = walk.context.is_some_and(|c| c.contains(".python-version"));
    let mut unknown = Vec::new();
    match (pyproject.and_then(interpreter::constraint), &version) {
        (Some(constraint), Some(version)) => match interpreter::satisfies(&constraint, version) {
            Some(true) => {}
            Some(false) => return Err(excluded(manager, &format!("`{constraint}` in pyproject.toml"), image)),
            None => unknown.push(format!("pyproject.toml's `{constraint}`")),
        },
        (None, _) if pyproject.is_some() => {}
        (_, None) => unknown.push(format!("the project's Python constraint (`{image}` names no Python version)")),
        (_, Some(_)) => unknown.push("pyproject.toml's Python constraint (not read)".to_owned()),
    }
    if pinned && manager.program == "uv" {
        match (walk.project.get(".python-version").map(str::trim), &version) {
            (Some(pin), Some(version)) if !pin.is_empty() => {
                match interpreter::satisfies(&format!("=={pin}.*"), version) {
                    Some(true) => {}
                    Some(false) => return Err(excluded(manager, &format!(".python-version's `{pin}`"), image)),
                    None => unknown.push(format!(".python-version's `{pin}`")),
                }
            }
            _ => unknown.push(".python-version (not read)".to_owned()),
        }
    }
    if !unknown.is_empty() {
        plan.assumptions.push(format!(
            "the image's own Python satisfies {}, so {} builds the virtualenv on it and not on an interpreter the slim runtime lacks",
            unknown.join(" and "),
            manager.program
        ));
    }
    Ok(())
}

fn excluded(manager: &Manager, what: &str, image: &ImageRef) -> Decline {
    Decline::new(format!(
        "{what} excludes the Python of `{image}`, so {} builds the virtualenv on another interpreter, which the slim runtime would not have",
        manager.program
    ))
}
