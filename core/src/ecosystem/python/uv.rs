//! uv: `uv sync` builds the project's virtualenv (`.venv` in the project, or
//! `UV_PROJECT_ENVIRONMENT`) from `pyproject.toml` and `uv.lock`. The split follows uv's Docker
//! guide: the builder keeps the author's commands, and the runtime receives the virtualenv and
//! the app. When the sync needs the sources (it installs the project itself), the dependencies
//! get a layer of their own: `pyproject.toml` and `uv.lock` are copied first and the author's
//! sync runs on them with `--no-install-project`, then the sources and the author's sync as
//! written.

use crate::image_ref::ImageRef;
use crate::rewrite::build_plan::{BuildPlan, Decline, DependencyInstall};
use crate::rewrite::stage_walk::{RunCommand, StageWalk, resolve};
use crate::rewrite::walk_queries::{commands_running, has_flag, option_value};

use super::project_venv::{self, Manager};

const UV: Manager = Manager { program: "uv", tool_packages: &["uv"] };
const UV_CACHE: &[&str] = &["/root/.cache/uv"];

/// Whether the stage installs with `uv sync`, which this plan splits.
pub(super) fn applies(walk: &StageWalk<'_>) -> bool {
    commands_running(walk, &["uv"], &["sync"]).next().is_some()
}

/// Plans the split of a stage whose dependencies `uv sync` installs.
pub(super) fn plan(walk: &StageWalk<'_>, image: &ImageRef) -> Result<BuildPlan, Decline> {
    let syncs: Vec<&RunCommand> = commands_running(walk, &["uv"], &["sync"]).collect();
    let last = *syncs.last().ok_or_else(|| Decline::new("no `uv sync` in the final stage"))?;
    other_uv_commands(walk)?;
    for sync in &syncs {
        if has_flag(&sync.command, &["--directory", "--project", "--package", "--all-packages"]) {
            return Err(Decline::new(format!(
                "`{}` syncs another project or workspace member, whose virtualenv slimfile does not locate",
                walk.doc.slice(sync.command.span)
            )));
        }
        if has_flag(&sync.command, &["--active", "--python", "-p"]) {
            return Err(Decline::new(format!(
                "`{}` chooses its environment or interpreter itself, which slimfile does not check against the runtime",
                walk.doc.slice(sync.command.span)
            )));
        }
        let link = option_value(&sync.command, &["--link-mode"])
            .map(str::to_owned)
            .or_else(|| env(walk, sync, "UV_LINK_MODE"));
        if link.as_deref() == Some("symlink") {
            return Err(Decline::new(
                "uv links the packages into its cache (link mode symlink), which the runtime does not receive",
            ));
        }
    }
    if env(walk, last, "UV_PYTHON").is_some() {
        return Err(Decline::new(
            "UV_PYTHON chooses the interpreter, which slimfile does not check against the runtime",
        ));
    }
    let venv = match env(walk, last, "UV_PROJECT_ENVIRONMENT") {
        Some(dir) if dir.contains('$') => {
            return Err(Decline::new(format!("cannot tell where UV_PROJECT_ENVIRONMENT `{dir}` points")));
        }
        Some(dir) => resolve(last.workdir.as_deref(), &dir),
        None => last.workdir.as_deref().and_then(|w| resolve(Some(w), ".venv")),
    };
    let Some(venv) = venv else { return Err(Decline::new("slimfile cannot tell the working directory of `uv sync`")) };
    if matches!(venv.trim_end_matches('/'), "" | "/usr" | "/usr/local") || venv.starts_with("/usr/lib") {
        return Err(Decline::new(format!(
            "UV_PROJECT_ENVIRONMENT `{venv}` is the image's own Python, whose files a slim runtime cannot receive without its interpreter's"
        )));
    }
    let (mut plan, _app) = project_venv::plan(walk, image, &UV, last, &venv)?;
    dependency_layer(walk, &syncs, last, &mut plan);
    Ok(plan)
}

/// Declines on uv commands this plan does not model: a Python of uv's own, packages added or
/// installed outside the project's sync.
fn other_uv_commands(walk: &StageWalk<'_>) -> Result<(), Decline> {
    for run in &walk.commands {
        let words: Vec<&str> = run.command.program_words().iter().map(|w| w.value.as_str()).collect();
        if run.command.program() != Some("uv") {
            continue;
        }
        let what = match words.get(1..3) {
            Some(["python", "install"]) => Some(
                "`uv python install` puts a Python of uv's own under ~/.local/share/uv, which the slim runtime does not have",
            ),
            Some(["pip", _]) => {
                Some("`uv pip` installs outside the project's virtualenv, which the rewrite does not split yet")
            }
            _ => None,
        };
        let what = what.or_else(|| match words.get(1) {
            Some(&("add" | "remove" | "run" | "venv")) => {
                Some("a uv command other than `uv sync` changes the environment, which the rewrite does not model")
            }
            _ => None,
        });
        if let Some(what) = what {
            return Err(Decline::new(format!("{what} (`{}`)", walk.doc.slice(run.command.span))));
        }
    }
    Ok(())
}

/// An environment variable as `run` sees it: an assignment on the command, else the stage's
/// `ENV`.
fn env(walk: &StageWalk<'_>, run: &RunCommand, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    let leading = run.command.words.len() - run.command.program_words().len();
    run.command.words[..leading]
        .iter()
        .rev()
        .find_map(|w| w.value.strip_prefix(&prefix).map(str::to_owned))
        .or_else(|| walk.env.get(name).cloned())
}

/// The dependency layer: nothing to do when the author already syncs without the project first
/// (uv's intermediate-layers pattern); otherwise the author's sync with `--no-install-project`
/// on the manifests alone, when pyproject.toml shows that needs nothing else.
fn dependency_layer(walk: &StageWalk<'_>, syncs: &[&RunCommand], last: &RunCommand, plan: &mut BuildPlan) {
    plan.build_instructions.push(last.instruction);
    plan.build_cache_dirs = if mounts_uv_cache(walk, last.instruction) { &[] } else { UV_CACHE };
    if syncs.iter().any(|s| s.command.has_word("--no-install-project") || s.command.has_word("--only-deps")) {
        plan.trail.push(
            "the dependencies already have a layer of their own (`uv sync --no-install-project` before the project)"
                .to_owned(),
        );
        return;
    }
    if last.after_cd {
        return;
    }
    let frozen = last.command.has_word("--frozen") || env(walk, last, "UV_FROZEN").is_some();
    let reason = match walk.project.get("pyproject.toml") {
        None => Some("pyproject.toml was not read".to_owned()),
        Some(text) => alone(text, frozen).err(),
    };
    if let Some(reason) = reason {
        plan.trail.push(format!("the dependency install stays after the source copy: {reason}"));
        return;
    }
    let mut manifests = vec!["pyproject.toml".to_owned(), "uv.lock*".to_owned()];
    for file in [".python-version", "uv.toml"] {
        if walk.context.is_some_and(|c| c.contains(file)) {
            manifests.push(file.to_owned());
        }
    }
    let sync = walk.doc.slice(last.command.span);
    plan.dependencies = Some(DependencyInstall {
        instruction: None,
        manifests,
        local_paths: Vec::new(),
        added_command: Some(format!("{sync} --no-install-project")),
        deferred: None,
        cache_dirs: if mounts_uv_cache(walk, last.instruction) { &[] } else { UV_CACHE },
    });
}

/// Whether the `RUN` already mounts a cache on uv's cache directory (a second mount on the same
/// target is an error).
fn mounts_uv_cache(walk: &StageWalk<'_>, instruction: usize) -> bool {
    walk.instruction(instruction)
        .flags_named("mount")
        .any(|f| f.value.as_ref().is_some_and(|v| UV_CACHE.iter().any(|dir| v.value.contains(dir))))
}

/// `Ok` when `uv sync --no-install-project` works on pyproject.toml and uv.lock alone; otherwise
/// why not.
fn alone(pyproject: &str, frozen: bool) -> Result<(), String> {
    let table: toml::Table = toml::from_str(pyproject).map_err(|_| "pyproject.toml is not TOML slimfile reads")?;
    let uv = table.get("tool").and_then(|t| t.get("uv"));
    if uv.and_then(|u| u.get("workspace")).is_some() {
        return Err("pyproject.toml declares a uv workspace, whose members' manifests the sync reads too".to_owned());
    }
    let local_source = uv
        .and_then(|u| u.get("sources"))
        .and_then(|s| s.as_table())
        .is_some_and(|sources| sources.values().any(|s| s.get("path").is_some() || s.get("workspace").is_some()));
    if local_source {
        return Err("pyproject.toml installs packages from local paths ([tool.uv.sources])".to_owned());
    }
    let dynamic = table.get("project").and_then(|p| p.get("dynamic")).is_some();
    if dynamic && !frozen {
        return Err(
            "the project's metadata is dynamic, so checking uv.lock builds the project from its sources".to_owned()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::alone;

    #[test]
    fn a_sync_without_the_project_needs_only_the_manifests_of_a_plain_project() {
        let plain = "[project]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"django\"]\n";
        assert_eq!(alone(plain, false), Ok(()));
        let workspace = format!("{plain}[tool.uv.workspace]\nmembers = [\"libs/*\"]\n");
        assert!(alone(&workspace, true).is_err_and(|why| why.contains("workspace")));
        let local = format!("{plain}[tool.uv.sources]\nlib = {{ path = \"libs/lib\" }}\n");
        assert!(alone(&local, true).is_err_and(|why| why.contains("local paths")));
        let dynamic = "[project]\nname = \"a\"\ndynamic = [\"version\"]\n";
        assert!(alone(dynamic, false).is_err_and(|why| why.contains("dynamic")));
        assert_eq!(alone(dynamic, true), Ok(()));
        assert!(alone("[project", false).is_err());
    }
}
