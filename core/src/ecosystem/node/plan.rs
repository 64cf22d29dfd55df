//! Node.js: npm, yarn or pnpm. The builder installs and builds; dev dependencies are pruned
//! there, and the app directory moves to the slim variant of the same node image.

use super::package_json;
use crate::image_ref::ImageRef;

use crate::rewrite::build_plan::{BuildPlan, Decline, DependencyInstall, Ecosystem, RuntimeNeed};
use crate::rewrite::stage_walk::StageWalk;
use crate::rewrite::walk_queries::{commands_running, has_flag};

/// A package manager's install and prune commands.
struct Manager {
    program: &'static str,
    installs: &'static [&'static str],
    manifests: &'static [&'static str],
    /// Flags that already leave dev dependencies out.
    production_flags: &'static [&'static str],
    prune: &'static str,
    cache_dirs: &'static [&'static str],
}

const MANAGERS: &[Manager] = &[
    Manager {
        program: "npm",
        installs: &["ci", "install", "i"],
        manifests: &["package.json", "package-lock.json*"],
        production_flags: &["--omit", "--production", "--only"],
        prune: "npm prune --omit=dev",
        cache_dirs: &["/root/.npm"],
    },
    Manager {
        program: "yarn",
        installs: &["install"],
        manifests: &["package.json", "yarn.lock*"],
        production_flags: &["--production"],
        prune: "yarn install --production --frozen-lockfile --ignore-scripts --prefer-offline",
        cache_dirs: &["/usr/local/share/.cache/yarn"],
    },
    Manager {
        program: "pnpm",
        installs: &["install", "i"],
        manifests: &["package.json", "pnpm-lock.yaml*"],
        production_flags: &["--prod", "-P", "--production"],
        prune: "pnpm prune --prod",
        cache_dirs: &["/root/.local/share/pnpm/store"],
    },
];

/// Plans the split of a Node.js app.
pub(super) fn plan(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Result<BuildPlan, Decline> {
    let Some(image) = image.filter(|i| i.repository == "node" || i.repository.ends_with("/node")) else {
        return Err(Decline::new("Node.js is not from the `node` image, so there is no slim variant of it to run on"));
    };
    let found = MANAGERS.iter().find_map(|manager| {
        let bare_yarn = |run: &&crate::rewrite::stage_walk::RunCommand| {
            manager.program == "yarn"
                && run.command.program() == Some("yarn")
                && run.command.program_words().iter().skip(1).all(|w| w.value.starts_with('-'))
        };
        walk.commands
            .iter()
            .find(|run| {
                manager.installs.iter().any(|s| run.command.subcommand(&[manager.program], s).is_some())
                    || bare_yarn(run)
            })
            .map(|run| (manager, run))
    });
    let Some((manager, install)) = found else {
        return Err(Decline::new("no npm, yarn or pnpm install in the final stage"));
    };
    let app = crate::rewrite::walk_queries::app_directory(walk, install.workdir.as_deref(), install.after_cd)?;
    crate::rewrite::walk_queries::outside_app(walk, &app)?;
    let Some(slim) = crate::ecosystem::slim_runtime_of(image) else {
        return Err(Decline::new(format!("slimfile does not know a slim variant of `{image}` to run on")));
    };
    let mut plan = BuildPlan::new(Ecosystem::Node, RuntimeNeed::SlimOf(slim));
    let builds: Vec<usize> =
        commands_running(walk, &["npm", "yarn", "pnpm"], &["run", "build"]).map(|run| run.instruction).collect();
    let production_only = has_flag(&install.command, manager.production_flags)
        || walk.env.get("NODE_ENV").is_some_and(|v| v == "production");
    if !production_only || !builds.is_empty() {
        plan.builder_tail.push(format!("RUN {}", manager.prune));
        plan.trail.push(format!("dev dependencies are pruned in the builder (`{}`) after the build", manager.prune));
    }
    if manager.program == "yarn" {
        plan.assumptions.push("yarn is Yarn 1 (classic), the one the node images ship".to_owned());
    }
    plan.artifacts.push(app.clone());
    plan.build_instructions = builds;
    match walk.project.get("package.json").and_then(package_json::needs_more_than_manifests) {
        Some(why) => plan.trail.push(format!("the install stays after the source copy: package.json {why}")),
        None => {
            plan.dependencies = Some(DependencyInstall {
                instruction: Some(install.instruction),
                manifests: manager.manifests.iter().map(|m| (*m).to_owned()).collect(),
                local_paths: Vec::new(),
                added_command: None,
                cache_dirs: manager.cache_dirs,
            });
        }
    }
    plan.trail.push(format!(
        "compilers and dev dependencies stay in the builder; the runtime receives the app directory {app} with production dependencies only"
    ));
    Ok(plan)
}
