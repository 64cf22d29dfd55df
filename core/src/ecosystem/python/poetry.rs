//! Poetry: `poetry install` builds a virtualenv from `pyproject.toml` and `poetry.lock`. Only an
//! in-project virtualenv (`virtualenvs.in-project`, which puts it at `.venv` in the project) has
//! a path slimfile can name, so only that is split: the runtime receives it inside the app
//! directory. With `virtualenvs.create false` Poetry installs into the image's own Python under
//! /usr/local, mixed with the interpreter's files and console scripts, and the default location
//! is a folder under Poetry's cache with a hashed name: both are declined, saying so.

use crate::image_ref::ImageRef;
use crate::rewrite::build_plan::{BuildPlan, Decline, DependencyInstall};
use crate::rewrite::stage_walk::{RunCommand, StageWalk, resolve};
use crate::rewrite::walk_queries::commands_running;

use super::project_venv::{self, Manager};

const POETRY: Manager = Manager { program: "poetry", tool_packages: &["poetry", "poetry-core"] };
const POETRY_CACHE: &[&str] = &["/root/.cache/pypoetry"];

/// Whether the stage uses Poetry (`poetry install`, or a `poetry config` for an install this plan
/// must then explain), which this plan splits or declines.
pub(super) fn applies(walk: &StageWalk<'_>) -> bool {
    walk.commands.iter().any(|c| c.command.program() == Some("poetry"))
}

/// A Poetry setting, from `poetry config NAME VALUE` in a `RUN` or its environment variable.
/// `install` is the install it applies to (`None`: the stage's end).
fn setting(walk: &StageWalk<'_>, install: Option<&RunCommand>, name: &str) -> Option<(String, &'static str)> {
    let variable = format!("POETRY_{}", name.replace(['.', '-'], "_").to_ascii_uppercase());
    let prefix = format!("{variable}=");
    let inline = install.and_then(|install| {
        let leading = install.command.words.len() - install.command.program_words().len();
        install.command.words[..leading].iter().find_map(|w| w.value.strip_prefix(&prefix).map(str::to_owned))
    });
    if let Some(value) = inline.or_else(|| walk.env.get(&variable).cloned()) {
        return Some((value, "its environment variable"));
    }
    let until = install.map_or(usize::MAX, |i| i.instruction);
    walk.commands.iter().filter(|c| c.instruction <= until).rev().find_map(|c| {
        let at = c.command.subcommand(&["poetry"], "config")?;
        let words: Vec<&str> = c.command.words[at + 1..].iter().map(|w| w.value.as_str()).collect();
        let i = words.iter().position(|w| *w == name)?;
        words.get(i + 1).map(|v| ((*v).to_owned(), "`poetry config`"))
    })
}

fn truthy(value: &str) -> bool {
    matches!(value.trim().to_ascii_lowercase().as_str(), "true" | "1")
}

/// Plans the split of a stage whose dependencies `poetry install` installs.
pub(super) fn plan(walk: &StageWalk<'_>, image: &ImageRef) -> Result<BuildPlan, Decline> {
    let installs: Vec<&RunCommand> = commands_running(walk, &["poetry"], &["install", "sync"]).collect();
    let install = installs.last().copied();
    if walk.env.contains_key("VIRTUAL_ENV") {
        return Err(Decline::new(
            "VIRTUAL_ENV is set, so Poetry installs into that virtualenv, which slimfile does not trace",
        ));
    }
    if let Some((value, _)) = setting(walk, install, "virtualenvs.create").filter(|(v, _)| !truthy(v)) {
        return Err(Decline::new(format!(
            "Poetry is set not to create a virtualenv (virtualenvs.create {value}), so it installs into the image's own Python under /usr/local, whose site-packages and console scripts a slim runtime cannot receive without its interpreter's files; set virtualenvs.in-project true instead"
        )));
    }
    let Some(install) = install else {
        return Err(Decline::new(
            "Poetry is set up but no `poetry install` is a command slimfile sees (one inside a `bash -c` string or a script is not read)",
        ));
    };
    let in_project = setting(walk, Some(install), "virtualenvs.in-project").filter(|(v, _)| truthy(v));
    let Some((_, from)) = in_project else {
        return Err(Decline::new(
            "Poetry creates its virtualenv under its cache directory with a hashed name, which slimfile cannot name; set virtualenvs.in-project true (POETRY_VIRTUALENVS_IN_PROJECT=1) so it is .venv in the app",
        ));
    };
    let Some(venv) = install.workdir.as_deref().and_then(|w| resolve(Some(w), ".venv")) else {
        return Err(Decline::new("slimfile cannot tell the working directory of `poetry install`"));
    };
    let (mut plan, _app) = project_venv::plan(walk, image, &POETRY, install, &venv)?;
    if from == "`poetry config`" && walk.context.is_some_and(|c| c.contains("poetry.toml")) {
        plan.assumptions.push(
            "the project's poetry.toml, which slimfile did not read, does not override virtualenvs.in-project (a project's own setting wins over `poetry config`)".to_owned(),
        );
    }
    dependency_layer(walk, install, &mut plan);
    Ok(plan)
}

/// The dependency layer: `poetry install --no-root` reads only the manifests, so the source copy
/// can follow it when its `RUN` does nothing else with the sources.
fn dependency_layer(walk: &StageWalk<'_>, install: &RunCommand, plan: &mut BuildPlan) {
    if !install.command.has_word("--no-root") {
        plan.trail.push(
            "the dependency install stays after the source copy: without --no-root, `poetry install` installs the project itself, which needs the sources".to_owned(),
        );
        return;
    }
    let only_setup = walk.commands.iter().filter(|c| c.instruction == install.instruction).all(|c| {
        let poetry_setup = ["install", "sync", "config"].iter().any(|s| c.command.subcommand(&["poetry"], s).is_some());
        poetry_setup || matches!(c.command.program(), Some("pip" | "pip3"))
    });
    if !only_setup {
        return;
    }
    plan.dependencies = Some(DependencyInstall {
        instruction: Some(install.instruction),
        manifests: vec!["pyproject.toml".to_owned(), "poetry.lock*".to_owned()],
        local_paths: Vec::new(),
        added_command: None,
        deferred: None,
        cache_dirs: POETRY_CACHE,
    });
}
