//! Python: pip installs into a virtualenv in the builder (where compilers and `-dev` headers
//! stay); the runtime is the slim variant of the same python image with the virtualenv and the
//! app directory. A project that uv or Poetry installs has its own plan (`uv`, `poetry`), since
//! the manager builds the virtualenv itself.

use crate::ecosystem::global_installs::{Carry, global_install, package_name};
use crate::fix::Edit;
use crate::image_ref::ImageRef;

use super::pip_requirements::{ContextNeeds, context_needs};
use crate::rewrite::build_plan::{BuildPlan, Decline, DependencyInstall, Ecosystem, RuntimeNeed};
use crate::rewrite::stage_walk::{StageWalk, next_line_start};
use crate::rewrite::walk_queries::{commands_running, has_flag, option_value};

const VENV: &str = "/opt/venv";
const PIP_CACHE: &[&str] = &["/root/.cache/pip"];

/// Plans the split of a Python app.
pub(super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
    let Some(image) = image.filter(|i| i.repository == "python" || i.repository.ends_with("/python")) else {
        return Err(Decline::new(
            "Python is not from the `python` image, so a virtualenv built here would not match a slim runtime's interpreter",
        ));
    };
    if super::uv::applies(walk) {
        return super::uv::plan(walk, image);
    }
    if super::poetry::applies(walk) {
        return super::poetry::plan(walk, image);
    }
    let other = walk.commands.iter().find_map(|run| match run.command.program() {
        Some("uv") if run.command.subcommand(&["uv"], "pip").is_some() => Some("`uv pip`"),
        Some("pipenv") => Some("pipenv"),
        Some("conda") => Some("conda"),
        _ => None,
    });
    if let Some(tool) = other {
        return Err(Decline::new(format!(
            "dependencies are installed with {tool}, which the rewrite does not split yet"
        )));
    }
    let installs: Vec<_> = commands_running(walk, &["pip", "pip3"], &["install"]).collect();
    let Some(first) = installs.first() else {
        return Err(Decline::new("no `pip install`, `uv sync` or `poetry install` in the final stage"));
    };
    if installs.iter().any(|run| has_flag(&run.command, &["--user", "--target", "-t", "--prefix", "--root"])) {
        return Err(Decline::new("`pip install` writes outside site-packages (--user, --target or --prefix)"));
    }
    let app = crate::rewrite::walk_queries::app_directory(walk, walk.workdir.as_deref(), false)?;
    tools_outside_the_virtualenv(walk)?;
    crate::rewrite::walk_queries::outside_app(walk, &app)?;
    let Some(slim) = crate::ecosystem::slim_runtime_of(image) else {
        return Err(Decline::new(format!("slimfile does not know a slim variant of `{image}` to run on")));
    };
    let mut plan = BuildPlan::new(Ecosystem::Python, RuntimeNeed::SlimOf(slim));
    let text = walk.doc.text();
    let from = walk.instruction(walk.stage.from_instruction);
    let eol = walk.doc.line_ending().as_str();
    let after_from = next_line_start(text, from.span.end);
    let lead = if after_from == text.len() && !text.ends_with('\n') { eol } else { "" };
    plan.builder_edits.push(Edit::insert(
        after_from,
        format!("{lead}RUN python -m venv {VENV}{eol}ENV PATH=\"{VENV}/bin:$PATH\"{eol}"),
    ));
    plan.runtime_setup.push(format!("ENV PATH=\"{VENV}/bin:$PATH\""));
    plan.artifacts.push(VENV.to_owned());
    plan.artifacts.push(app.clone());
    let requirements: Vec<String> = option_value(&first.command, &["-r", "--requirement"])
        .into_iter()
        .chain(option_value(&first.command, &["-c", "--constraint"]))
        .map(str::to_owned)
        .collect();
    let needs_source =
        first.command.program_words().iter().any(|w| matches!(w.value.as_str(), "." | "-e" | "--editable"));
    if !requirements.is_empty() && !needs_source && !first.after_cd {
        let (manifests, local_paths) = match context_needs(walk.project, &requirements) {
            ContextNeeds::Paths { files, local } => (files, local),
            ContextNeeds::Sources(why) => {
                plan.trail.push(format!(
                    "the dependency install stays after the source copy: {why}, so it needs the sources"
                ));
                return Ok(finish(plan, &app));
            }
            ContextNeeds::Unread(file) => {
                plan.assumptions.push(format!(
                    "{file} installs nothing from the build context (no `./path`, `-e` or `-r` line): slimfile did not read it; if it does, copy those paths before the install too"
                ));
                (requirements, Vec::new())
            }
        };
        plan.dependencies = Some(DependencyInstall {
            instruction: Some(first.instruction),
            manifests,
            local_paths,
            added_command: None,
            deferred: None,
            cache_dirs: PIP_CACHE,
        });
    }
    Ok(finish(plan, &app))
}

/// Declines when the runtime command may run a tool installed outside the virtualenv the runtime
/// receives (`pipx install`, `uv tool install`). A plain `pip install gunicorn`, in a
/// requirements file or not, lands in the virtualenv and needs nothing more.
pub(super) fn tools_outside_the_virtualenv(walk: &StageWalk<'_>) -> Result<(), Decline> {
    let (entry, _) = walk.entry_words();
    let script = entry.first().is_some_and(|w| w.ends_with(".sh") || (w.contains('/') && !w.contains("python")));
    for run in &walk.commands {
        let Some(found) = global_install(&run.command) else { continue };
        let Carry::Cannot(why) = found.row.carry else { continue };
        let used = found
            .packages
            .iter()
            .map(|p| package_name(p))
            .find(|name| entry.iter().any(|w| w.rsplit('/').next() == Some(*name)))
            .map(|name| format!("`{name}`"))
            .or_else(|| {
                script.then(|| format!("what it installs (`{}` is a script slimfile does not read)", entry[0]))
            });
        if let Some(used) = used {
            return Err(Decline::new(format!(
                "the runtime command may run {used}, installed by `{}`: {why}",
                walk.doc.slice(run.command.span)
            )));
        }
    }
    Ok(())
}

fn finish(mut plan: BuildPlan, app: &str) -> BuildPlan {
    plan.trail.push(format!(
        "packages are installed into a virtualenv at {VENV} in the builder; compilers and headers stay there, and the runtime receives the virtualenv and {app}"
    ));
    plan
}
