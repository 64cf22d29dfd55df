//! Whether the final stage builds something it then ships, and in which ecosystem: the
//! rewrite's trigger. A stage that only runs what was built elsewhere is left alone. Each
//! ecosystem's module says when a stage builds in it; this reads what they all look at once.

use crate::ecosystem::LANGUAGES;
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

/// What an ecosystem's trigger says about a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trigger {
    /// The stage does not work in this ecosystem: ask the next.
    NotThis,
    /// It builds in this ecosystem and ships the build: split it.
    Split,
    /// It works in this ecosystem but ships nothing a split would remove: leave it.
    NothingToSplit,
}

/// What the triggers look at, read once from the stage.
pub(crate) struct Signals<'w> {
    /// The stage.
    pub walk: &'w StageWalk<'w>,
    /// The base image's repository without its registry or namespace (`golang`).
    pub repository: String,
    /// Whether the base image is a full tag (neither slim nor Alpine).
    pub full_tag: bool,
    /// Whether a `RUN` installs a compiler or `-dev` headers with the OS package manager.
    pub installs_toolchain: bool,
}

impl Signals<'_> {
    /// Whether a command runs one of `programs` with one of `subcommands`.
    pub(crate) fn runs(&self, programs: &[&str], subcommands: &[&str]) -> bool {
        self.walk.commands.iter().any(|run| subcommands.iter().any(|s| run.command.subcommand(programs, s).is_some()))
    }

    /// Whether a command runs one of `names`.
    pub(crate) fn program(&self, names: &[&str]) -> bool {
        self.walk.commands.iter().any(|run| run.command.program().is_some_and(|p| names.contains(&p)))
    }
}

/// The ecosystem the final stage builds in, when it builds: `None` when there is nothing to
/// split, `Some(Err)` when there is but the rewrite cannot say how.
pub(super) fn needs_split(walk: &StageWalk<'_>, image: Option<&ImageRef>) -> Option<Result<Ecosystem, Decline>> {
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
    let signals = Signals { walk, repository, full_tag, installs_toolchain };
    // A compiler with no ecosystem slimfile knows: `toolchain-in-final-image` says so; there is
    // no split to propose or decline.
    LANGUAGES.iter().find_map(|language| match (language.split_trigger)(&signals) {
        Trigger::NotThis => None,
        Trigger::Split => Some(Some(Ok(language.ecosystem))),
        Trigger::NothingToSplit => Some(None),
    })?
}
