//! Whether the final stage builds something it then ships, and in which ecosystem: the
//! rewrite's trigger. A stage that only runs what was built elsewhere is left alone.

use crate::image_ref::ImageRef;

use super::build_plan::{Decline, Ecosystem, is_alpine};
use super::stage_walk::StageWalk;

/// Packages that make a stage a build stage.
const TOOLCHAIN_PACKAGES: &[&str] = &[
    "build-essential",
    "build-base",
    "gcc",
    "g++",
    "clang",
    "make",
    "cmake",
    "golang",
    "golang-go",
    "cargo",
    "rustc",
    "default-jdk",
    "maven",
];

/// The ecosystem the final stage builds in, when it builds: `None` when there is nothing to
/// split, `Some(Err)` when there is but the rewrite cannot say how.
pub(super) fn needs_split(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Option<Result<Ecosystem, Decline>> {
    let runs = |programs: &[&str], subcommands: &[&str]| {
        walk.commands.iter().any(|run| subcommands.iter().any(|s| run.command.subcommand(programs, s).is_some()))
    };
    let program =
        |names: &[&str]| walk.commands.iter().any(|run| run.command.program().is_some_and(|p| names.contains(&p)));
    let repository =
        image.map(|i| i.repository.rsplit('/').next().unwrap_or(&i.repository).to_owned()).unwrap_or_default();
    let full_tag = image.is_some_and(|i| !is_alpine(Some(i)) && !i.tag.as_deref().is_some_and(|t| t.contains("slim")));
    let installs_toolchain = walk.commands.iter().any(|run| {
        let command = &run.command;
        let installs = command.subcommand(&["apt-get", "apt"], "install").is_some()
            || command.subcommand(&["apk"], "add").is_some();
        installs
            && command.words.iter().any(|w| TOOLCHAIN_PACKAGES.contains(&w.value.as_str()) || w.value.ends_with("-dev"))
    });

    if program(&["go"]) && (repository == "golang" || runs(&["go"], &["build", "install"])) {
        return Some(Ok(Ecosystem::Go));
    }
    if runs(&["cargo"], &["build", "install"]) {
        return Some(Ok(Ecosystem::Rust));
    }
    if program(&["mvn", "mvnw", "gradle", "gradlew"]) {
        return Some(Ok(Ecosystem::Java));
    }
    if runs(&["dotnet"], &["publish", "build"]) {
        return Some(Ok(Ecosystem::Dotnet));
    }
    let node_install =
        runs(&["npm"], &["ci", "install", "i"]) || runs(&["pnpm"], &["install", "i"]) || program(&["yarn"]);
    if node_install {
        let builds = runs(&["npm", "yarn", "pnpm"], &["run", "build"]);
        let dev_dependencies = walk.env.get("NODE_ENV").is_none_or(|v| v != "production")
            && !walk.commands.iter().any(|run| {
                run.command
                    .words
                    .iter()
                    .any(|w| w.value.starts_with("--omit") || w.value == "--production" || w.value == "--prod")
            });
        return (full_tag || builds || dev_dependencies || installs_toolchain).then_some(Ok(Ecosystem::Node));
    }
    if runs(&["pip", "pip3"], &["install"]) || program(&["uv", "poetry", "pipenv"]) {
        return (full_tag || installs_toolchain).then_some(Ok(Ecosystem::Python));
    }
    if program(&["bundle", "gem"]) && (repository == "ruby" || installs_toolchain) {
        return Some(Ok(Ecosystem::Ruby));
    }
    if program(&["composer"]) && (repository == "php" || installs_toolchain) {
        return Some(Ok(Ecosystem::Php));
    }
    // A compiler with no ecosystem slimfile knows: `toolchain-in-final-image` says so; there is
    // no split to propose or decline.
    None
}
