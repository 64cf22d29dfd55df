//! Node.js: npm, yarn or pnpm. The builder installs and builds; dev dependencies are pruned
//! there, and the app directory moves to the slim variant of the same node image.

use super::entry;
use super::package_json::{self, PackageJson};
use crate::ecosystem::global_installs::{Carry, global_install, package_name};
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
        // Not `--frozen-lockfile`: the author's install may not have been frozen, and a stale
        // lock would fail the prune where the install passed.
        prune: "yarn install --production --pure-lockfile --ignore-scripts --prefer-offline",
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
            // `npm install -g yarn` installs a tool, not the project.
            .filter(|run| global_install(&run.command).is_none())
            .find(|run| {
                manager.installs.iter().any(|s| run.command.subcommand(&[manager.program], s).is_some())
                    || bare_yarn(run)
            })
            .map(|run| (manager, run))
    });
    let Some((manager, install)) = found else {
        if let Some(global) = walk.commands.iter().find(|run| global_install(&run.command).is_some()) {
            return Err(Decline::new(format!(
                "the final stage installs only global tools (`{}`), no project dependencies, so there is no app directory to carry",
                walk.doc.slice(global.command.span)
            )));
        }
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
    let package = walk.project.get("package.json").and_then(PackageJson::parse);
    let (entry, _) = walk.entry_words();
    let runs = entry::runtime_words(&entry, package.as_ref());
    if package.is_none() {
        plan.assumptions.push(
            "the package.json scripts the runtime command starts run no globally installed tool: slimfile did not read package.json (no build context, or not at its root), which lowered the confidence; devDependencies are kept for the same reason".to_owned(),
        );
    }
    carry_global_tools(walk, &runs, &mut plan)?;
    let production_only = has_flag(&install.command, manager.production_flags)
        || walk.env.get("NODE_ENV").is_some_and(|v| v == "production");
    let mut pruned = production_only;
    if !production_only || !builds.is_empty() {
        match keep_dev_dependencies(walk, manager, package.as_ref(), &runs) {
            Some(why) => plan.trail.push(format!("devDependencies are kept in the runtime: {why}")),
            None => {
                if manager.program == "yarn" {
                    plan.assumptions.push(
                        "yarn is Yarn 1 (classic), the one the node images ship: the prune uses its `--production`"
                            .to_owned(),
                    );
                }
                plan.builder_tail.push(format!("RUN {}", manager.prune));
                plan.trail
                    .push(format!("dev dependencies are pruned in the builder (`{}`) after the build", manager.prune));
                pruned = true;
            }
        }
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
                deferred: None,
                cache_dirs: manager.cache_dirs,
            });
        }
    }
    plan.trail.push(if pruned {
        format!(
            "compilers and dev dependencies stay in the builder; the runtime receives the app directory {app} with production dependencies only"
        )
    } else {
        format!("compilers stay in the builder; the runtime receives the app directory {app} with its dependencies")
    });
    Ok(plan)
}

/// Why the devDependencies must stay, or `None` when pruning them provably leaves what the
/// runtime command loads.
fn keep_dev_dependencies(
    walk: &StageWalk<'_>,
    manager: &Manager,
    package: Option<&PackageJson>,
    runs: &Result<Vec<String>, String>,
) -> Option<String> {
    let berry = walk.commands.iter().any(|run| {
        run.command.program() == Some("corepack")
            || run.command.subcommand(&["yarn"], "set").is_some()
            || (run.command.program() == Some("yarn") && has_flag(&run.command, &["--immutable"]))
    });
    if manager.program == "yarn" && berry {
        return Some("the project may use Yarn 2 or later, which has no `yarn install --production`, and pruning with npm would break a Yarn tree".to_owned());
    }
    let Some(package) = package else {
        return Some(
            "slimfile did not read package.json, so it cannot tell whether the runtime command loads them".to_owned(),
        );
    };
    if package.dev_dependencies.is_empty() {
        return Some("package.json lists none, so there is nothing to prune".to_owned());
    }
    let words = match runs {
        Ok(words) => words,
        Err(why) => return Some(format!("{why}, so slimfile cannot tell whether it loads them")),
    };
    if let Some(why) = entry::needs_dev_dependencies(words, package) {
        return Some(why);
    }
    let unknown = entry::possibly_loaded(package);
    if !unknown.is_empty() {
        let shown: Vec<String> = unknown.iter().take(3).map(|n| format!("`{n}`")).collect();
        let more = if unknown.len() > 3 { format!(" and {} more", unknown.len() - 3) } else { String::new() };
        return Some(format!(
            "{}{more} in devDependencies may be loaded by the app at run time: slimfile does not know them as build or test tools, and does not read the sources to tell",
            shown.join(", ")
        ));
    }
    None
}

/// Repeats in the runtime stage the global installs whose tools the runtime command runs, or
/// declines when one cannot be repeated.
fn carry_global_tools(
    walk: &StageWalk<'_>,
    runs: &Result<Vec<String>, String>,
    plan: &mut BuildPlan,
) -> Result<(), Decline> {
    for run in &walk.commands {
        let Some(found) = global_install(&run.command) else { continue };
        let text = walk.doc.slice(run.command.span);
        let bins: Vec<&str> = found.packages.iter().flat_map(|p| entry::bins_of(package_name(p))).collect();
        let used = match runs {
            Ok(words) => bins.iter().find(|bin| words.iter().any(|w| w == *bin)).map(|bin| format!("`{bin}`")),
            Err(why) => Some(format!("what it installs ({why})")),
        };
        let Some(used) = used else {
            plan.trail.push(format!("`{text}` stays in the builder: the runtime command runs none of its tools"));
            continue;
        };
        let local =
            found.packages.iter().any(|p| p.starts_with(['.', '/', '~']) || p.starts_with("file:") || p.contains('$'));
        match found.row.carry {
            Carry::Cannot(why) => {
                return Err(Decline::new(format!(
                    "the runtime command may run {used}, installed globally by `{text}`: {why}"
                )));
            }
            Carry::Repeat { .. } if local || run.after_cd => {
                return Err(Decline::new(format!(
                    "the runtime command may run {used}, installed globally by `{text}` from a path of the build, which the runtime stage cannot repeat before it receives the app"
                )));
            }
            Carry::Repeat { cleanup } => {
                plan.runtime_setup.push(format!("RUN {text} && {cleanup}"));
                plan.trail.push(format!(
                    "the runtime repeats `{text}`: the runtime command may run {used}, and global packages land in {}, outside the app directory",
                    found.row.lands_in
                ));
            }
        }
    }
    Ok(())
}
