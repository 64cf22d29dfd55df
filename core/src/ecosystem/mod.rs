//! What slimfile knows about each language ecosystem: which base images and commands belong to
//! it, which files declare its dependencies, which commands install them (and whether development
//! dependencies come along), which commands build, and which slimmer images exist.
//!
//! Each ecosystem has one module (`go`, `node`, ...) holding all of this for it, and its plan for
//! the multi-stage rewrite; the tables here (`install`, `build`, `images`) are engines that loop
//! over [`LANGUAGES`]. Rules and the rewrite read the same rows, so teaching slimfile a new
//! package manager or image means adding a row to one module, not another `if`.

mod build;
pub(crate) mod debian_releases;
mod dotnet;
pub(crate) mod global_installs;
mod go;
mod images;
mod install;
pub(crate) mod java;
pub(crate) mod node;
mod php;
pub(crate) mod python;
mod ruby;
mod rust;

use serde::Serialize;

pub use build::{BuildStep, build_step};
pub use images::{BaseImage, ImageRole, SlimmerImage, base_image, slim_runtime_of, slimmer_image};
pub use install::{
    Before, DependencyInstall, DevDependencies, DevFix, Reads, configures_a_tool, dependency_install,
    prunes_dev_dependencies,
};

use crate::image_ref::ImageRef;
use crate::rewrite::build_plan::{BuildPlan, Decline};
use crate::rewrite::split_trigger::{Signals, Trigger};
use crate::rewrite::stage_walk::StageWalk;
use crate::rules::package_caches::PackageCache;
use crate::shell::SimpleCommand;

/// A language ecosystem with its own package manager and build tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ecosystem {
    /// Go modules.
    Go,
    /// Node.js with npm, Yarn, pnpm or Bun.
    Node,
    /// Python with pip, uv, Poetry or Pipenv.
    Python,
    /// Rust with Cargo.
    Rust,
    /// Java (and other JVM languages) with Maven or Gradle.
    Java,
    /// .NET with the `dotnet` CLI and NuGet.
    Dotnet,
    /// Ruby with Bundler.
    Ruby,
    /// PHP with Composer.
    Php,
}

/// The rewrite's plan for a stage that builds in an ecosystem.
pub(crate) type PlanFn = fn(&StageWalk<'_>, Option<&ImageRef>) -> Result<BuildPlan, Decline>;

/// Everything the core knows about one ecosystem, gathered in that ecosystem's module.
pub(crate) struct Language {
    /// Which one it is.
    pub ecosystem: Ecosystem,
    /// Its usual name, for messages.
    pub name: &'static str,
    /// Programs whose use in a `RUN` says the stage works in this ecosystem (compared without a
    /// directory and without trailing version digits: `pip3.12` is `pip`).
    pub programs: &'static [&'static str],
    /// Files that declare dependencies (glob patterns where names vary).
    pub manifests: &'static [&'static str],
    /// Lock files that pin them, when the project has one.
    pub lock_files: &'static [&'static str],
    /// Commands that install its dependencies from the manifests.
    installs: &'static [install::Row],
    /// Commands that build.
    builds: &'static [build::Row],
    /// Its base images.
    images: &'static [images::Row],
    /// Its package managers' caches.
    pub caches: &'static [PackageCache],
    /// Whether a final stage builds in it, for the rewrite.
    pub split_trigger: fn(&Signals<'_>) -> Trigger,
    /// How the rewrite splits it; `None` where it does not yet.
    pub plan: Option<PlanFn>,
}

/// Every ecosystem, in the order the rewrite tries them on a stage: compiled ones first, since a
/// stage that compiles ships its artifact whatever else it installs; PHP before Node.js, since a
/// stage that runs `composer install` is a PHP app whose npm run is its asset build.
pub(crate) const LANGUAGES: &[Language] = &[
    go::LANGUAGE,
    rust::LANGUAGE,
    java::LANGUAGE,
    dotnet::LANGUAGE,
    php::LANGUAGE,
    node::LANGUAGE,
    python::LANGUAGE,
    ruby::LANGUAGE,
];

impl Ecosystem {
    /// Every ecosystem, in declaration order.
    pub const ALL: [Self; 8] =
        [Self::Go, Self::Node, Self::Python, Self::Rust, Self::Java, Self::Dotnet, Self::Ruby, Self::Php];

    /// Its module's facts.
    pub(crate) fn language(self) -> &'static Language {
        // Every variant has a module; the registry test keeps it so.
        LANGUAGES.iter().find(|l| l.ecosystem == self).unwrap_or(&LANGUAGES[0])
    }

    /// Its usual name, for messages (`Node.js`).
    #[must_use]
    pub fn name(self) -> &'static str {
        self.language().name
    }

    /// The files that declare its dependencies (glob patterns where names vary, such as
    /// `*.csproj` or `requirements*.txt`).
    #[must_use]
    pub fn manifests(self) -> &'static [&'static str] {
        self.language().manifests
    }

    /// Its lock files; a project has at most one of them, or none.
    #[must_use]
    pub fn lock_files(self) -> &'static [&'static str] {
        self.language().lock_files
    }

    /// Whether `source` (a `COPY` source: a path or a glob such as `package*.json`) names only
    /// dependency manifests or lock files of some ecosystem.
    #[must_use]
    pub fn names_dependency_files(source: &str) -> bool {
        let name = source.trim_end_matches('/').rsplit('/').next().unwrap_or(source);
        !name.is_empty()
            && Self::ALL.iter().any(|ecosystem| {
                ecosystem.manifests().iter().chain(ecosystem.lock_files()).any(|file| {
                    // A source glob counts only with a literal start (`package*.json`): `*`
                    // or `*.json` copies more than the manifests.
                    let glob_covers =
                        !name.starts_with(['*', '?']) && !file.contains('*') && wildcard_match(name, file);
                    wildcard_match(file, name) || glob_covers
                })
            })
    }

    /// The ecosystem a base image belongs to (`golang:1.22` → Go), if it is a language image.
    #[must_use]
    pub fn of_image(image: &ImageRef) -> Option<Self> {
        base_image(image).and_then(|b| b.ecosystem)
    }

    /// The ecosystem a shell command works in (`npm ci` → Node, `python3 -m pip` → Python).
    #[must_use]
    pub fn of_command(command: &SimpleCommand) -> Option<Self> {
        let program = program_family(command.program()?);
        LANGUAGES.iter().find(|l| l.programs.contains(&program)).map(|l| l.ecosystem)
    }
}

/// The working directory `image` sets, where it sets one other than `/` (`golang` → `/go`): a
/// stage without its own `WORKDIR` runs there.
#[must_use]
pub fn image_workdir(image: &ImageRef) -> Option<&'static str> {
    let name = image.short_name();
    go::IMAGE_WORKDIRS
        .iter()
        .chain(java::IMAGE_WORKDIRS)
        .find(|(repository, _)| *repository == name)
        .map(|(_, dir)| *dir)
}

/// A program name without trailing version digits (`pip3.12` → `pip`, `python3` → `python`), so
/// one table row covers every versioned alias.
fn program_family(program: &str) -> &str {
    let trimmed = program.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    if trimmed.is_empty() { program } else { trimmed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;
    use crate::source::Span;

    fn command(text: &str) -> SimpleCommand {
        shell::commands(text, Span::new(0, text.len()), '\\').into_iter().next().expect("a command")
    }

    #[test]
    fn every_ecosystem_has_one_module() {
        for ecosystem in Ecosystem::ALL {
            assert_eq!(LANGUAGES.iter().filter(|l| l.ecosystem == ecosystem).count(), 1, "{ecosystem:?}");
            assert!(!ecosystem.manifests().is_empty(), "{ecosystem:?}");
        }
    }

    #[test]
    fn ecosystems_from_commands() {
        assert_eq!(Ecosystem::of_command(&command("go build ./...")), Some(Ecosystem::Go));
        assert_eq!(Ecosystem::of_command(&command("/usr/local/bin/pip3.12 install x")), Some(Ecosystem::Python));
        assert_eq!(Ecosystem::of_command(&command("python3 -m pip install x")), Some(Ecosystem::Python));
        assert_eq!(Ecosystem::of_command(&command("./mvnw -B package")), Some(Ecosystem::Java));
        assert_eq!(Ecosystem::of_command(&command("NODE_ENV=production yarn")), Some(Ecosystem::Node));
        assert_eq!(Ecosystem::of_command(&command("bundle install")), Some(Ecosystem::Ruby));
        assert_eq!(Ecosystem::of_command(&command("composer install")), Some(Ecosystem::Php));
        assert_eq!(Ecosystem::of_command(&command("dotnet restore")), Some(Ecosystem::Dotnet));
        assert_eq!(Ecosystem::of_command(&command("cargo fetch")), Some(Ecosystem::Rust));
        assert_eq!(Ecosystem::of_command(&command("apt-get install -y gcc")), None);
        assert_eq!(Ecosystem::of_command(&command("42")), None);
    }

    #[test]
    fn ecosystems_from_images() {
        let of = |r: &str| Ecosystem::of_image(&ImageRef::parse(r).expect("valid"));
        assert_eq!(of("golang:1.22-alpine"), Some(Ecosystem::Go));
        assert_eq!(of("docker.io/library/node:20"), Some(Ecosystem::Node));
        assert_eq!(of("python:3.12-slim"), Some(Ecosystem::Python));
        assert_eq!(of("rust:1.83"), Some(Ecosystem::Rust));
        assert_eq!(of("maven:3.9-eclipse-temurin-21"), Some(Ecosystem::Java));
        assert_eq!(of("eclipse-temurin:21-jre"), Some(Ecosystem::Java));
        assert_eq!(of("mcr.microsoft.com/dotnet/sdk:8.0"), Some(Ecosystem::Dotnet));
        assert_eq!(of("ruby:3.3"), Some(Ecosystem::Ruby));
        assert_eq!(of("composer:2"), Some(Ecosystem::Php));
        assert_eq!(of("debian:bookworm"), None);
        assert_eq!(of("gcc:13"), None);
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters and `?` for one,
/// as in a `COPY` source or a manifest table entry.
pub(crate) fn wildcard_match(pattern: &str, text: &str) -> bool {
    // Names are nearly always ASCII, where bytes are characters: no need to collect them.
    if pattern.is_ascii() && text.is_ascii() {
        return wildcard_match_units(pattern.as_bytes(), text.as_bytes(), b'*', b'?');
    }
    let (pattern, text): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    wildcard_match_units(&pattern, &text, '*', '?')
}

/// [`wildcard_match`] over characters (or bytes of ASCII text), given the two wildcards.
fn wildcard_match_units<T: Copy + PartialEq>(pattern: &[T], text: &[T], any_run: T, any_one: T) -> bool {
    // The last `*` seen and the text position it was tried at: backtracking to it is enough, so
    // the match is linear-ish rather than exponential on hostile patterns.
    let (mut p, mut t, mut star): (usize, usize, Option<(usize, usize)>) = (0, 0, None);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == any_one || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == any_run {
            star = Some((p, t));
            p += 1;
        } else if let Some((star_p, star_t)) = star {
            p = star_p + 1;
            t = star_t + 1;
            star = Some((star_p, star_t + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == any_run)
}

#[cfg(test)]
mod dependency_file_tests {
    use super::*;

    #[test]
    fn manifests_and_lock_files_are_recognised_by_name_or_glob() {
        for source in
            ["package.json", "package*.json", "./requirements.txt", "app/go.sum", "Cargo.lock", "src/App.csproj"]
        {
            assert!(Ecosystem::names_dependency_files(source), "{source}");
        }
        for source in [".", "src/", "main.go", "*", "*.json", "app.py", ""] {
            assert!(!Ecosystem::names_dependency_files(source), "{source}");
        }
    }

    #[test]
    fn wildcards_match_characters_in_ascii_and_other_text() {
        for (pattern, text, matches) in [
            ("package*.json", "package-lock.json", true),
            ("*.csproj", "App.csproj", true),
            ("go.su?", "go.sum", true),
            ("*a*b", "aXbYab", true),
            ("req*.txt", "requirements.in", false),
            ("caf?.txt", "caf\u{e9}.txt", true),
            ("*\u{e9}*", "caf\u{e9}.txt", true),
            ("caf??.txt", "caf\u{e9}.txt", false),
            ("", "", true),
            ("*", "", true),
        ] {
            assert_eq!(wildcard_match(pattern, text), matches, "{pattern} ~ {text}");
        }
    }
}
