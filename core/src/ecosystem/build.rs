//! Commands that build software (compile, bundle, package): what needs a toolchain, and what a
//! multi-stage rewrite keeps in the builder.

use serde::Serialize;

use super::{Ecosystem, program_family};
use crate::shell::SimpleCommand;

/// A build command found in a `RUN`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BuildStep {
    /// The ecosystem it builds for; `None` for C and C++ tools (`make`, `gcc`).
    pub ecosystem: Option<Ecosystem>,
    /// The command as people say it (`go build`, `npm run build`, `tsc`).
    pub name: String,
}

#[derive(Clone, Copy)]
pub(super) enum Form {
    /// `program <one of these>` (`go build`, `dotnet publish`).
    Subcommand(&'static [&'static str]),
    /// One of these goals or words anywhere (`mvn -B clean package`, `cmake --build`).
    Word(&'static [&'static str]),
    /// Any operand (`gradle bootJar`).
    AnyOperand,
    /// The program itself builds (`tsc`, `make`, `gcc`).
    Always,
    /// A package.json script whose name says it builds (`npm run build`, `yarn build:prod`).
    Script,
}

/// A build command: its programs and how they are seen to build.
pub(super) struct Row {
    pub(super) programs: &'static [&'static str],
    pub(super) form: Form,
}

/// Build tools of no one ecosystem (C and C++), tried after every ecosystem's own rows.
const NATIVE_ROWS: &[Row] = &[
    Row { programs: &["make", "gcc", "g++", "cc", "c++", "clang", "ninja"], form: Form::Always },
    Row { programs: &["cmake"], form: Form::Word(&["--build"]) },
];

/// Every row, with its ecosystem: the ecosystems' own, then the native ones.
fn rows() -> impl Iterator<Item = (Option<Ecosystem>, &'static Row)> {
    let own =
        super::LANGUAGES.iter().flat_map(|language| language.builds.iter().map(|row| (Some(language.ecosystem), row)));
    own.chain(NATIVE_ROWS.iter().map(|row| (None, row)))
}

/// Words in a package.json script name that say it builds.
const BUILD_SCRIPT_WORDS: &[&str] = &["build", "compile", "bundle", "dist", "tsc"];

/// Programs that run another program: `npx tsc` builds as `tsc` does.
const RUNNERS: &[&str] = &["npx", "bunx"];

/// The build `command` runs, if it builds software.
#[must_use]
pub fn build_step(command: &SimpleCommand) -> Option<BuildStep> {
    let program = command.program()?;
    // Most commands build nothing: rule them out before reading their words.
    if !RUNNERS.contains(&program) && !is_build_program(program) {
        return None;
    }
    let words: Vec<&str> = command.program_words().iter().map(|w| w.value.as_str()).collect();
    // `npx tsc` and `npx next build` build as the tool they run.
    let (program, rest) = if RUNNERS.contains(&program) {
        let at = words.iter().skip(1).position(|w| !w.starts_with('-'))? + 1;
        (words[at].rsplit('/').next().unwrap_or(words[at]), &words[at + 1..])
    } else {
        (program, &words[1..])
    };
    let family = program_family(program);
    let operands: Vec<&str> = rest.iter().copied().filter(|w| !w.starts_with('-')).collect();
    rows().find_map(|(ecosystem, row)| {
        if !row.programs.contains(&program) && !row.programs.contains(&family) {
            return None;
        }
        let what = match row.form {
            Form::Subcommand(names) => {
                let first = *operands.first()?;
                names.contains(&first).then(|| format!("{program} {first}"))?
            }
            Form::Word(names) => {
                let found = rest.iter().find(|w| names.contains(w))?;
                format!("{program} {found}")
            }
            Form::AnyOperand => format!("{program} {}", operands.first()?),
            Form::Always => program.to_owned(),
            Form::Script => {
                let (run, script) = match operands.as_slice() {
                    [run @ ("run" | "run-script"), script, ..] => (format!(" {run}"), *script),
                    // Yarn, pnpm and Bun run scripts without `run`; npm does not.
                    [script, ..] if program != "npm" => (String::new(), *script),
                    _ => return None,
                };
                let builds = script
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| BUILD_SCRIPT_WORDS.contains(&w.to_ascii_lowercase().as_str()));
                builds.then(|| format!("{program}{run} {script}"))?
            }
        };
        Some(BuildStep { ecosystem, name: what })
    })
}

/// Whether a row names `program` (or its family): no other program can be a build step.
fn is_build_program(program: &str) -> bool {
    let family = program_family(program);
    rows().any(|(_, row)| row.programs.contains(&program) || row.programs.contains(&family))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;
    use crate::source::Span;

    fn step(text: &str) -> Option<(Option<Ecosystem>, String)> {
        let commands = shell::commands(text, Span::new(0, text.len()), '\\');
        build_step(&commands[0]).map(|s| (s.ecosystem, s.name))
    }

    #[test]
    fn finds_build_commands() {
        assert_eq!(step("CGO_ENABLED=0 go build -o /app ."), Some((Some(Ecosystem::Go), "go build".into())));
        assert_eq!(step("cargo build --release"), Some((Some(Ecosystem::Rust), "cargo build".into())));
        assert_eq!(step("./mvnw -B -DskipTests clean package"), Some((Some(Ecosystem::Java), "mvnw package".into())));
        assert_eq!(step("gradle bootJar --no-daemon"), Some((Some(Ecosystem::Java), "gradle bootJar".into())));
        assert_eq!(step("dotnet publish -c Release -o /out"), Some((Some(Ecosystem::Dotnet), "dotnet publish".into())));
        assert_eq!(step("npm run build"), Some((Some(Ecosystem::Node), "npm run build".into())));
        assert_eq!(step("yarn build:prod"), Some((Some(Ecosystem::Node), "yarn build:prod".into())));
        assert_eq!(step("pnpm run compile"), Some((Some(Ecosystem::Node), "pnpm run compile".into())));
        assert_eq!(step("npx tsc -p ."), Some((Some(Ecosystem::Node), "tsc".into())));
        assert_eq!(step("npx next build"), Some((Some(Ecosystem::Node), "next build".into())));
        assert_eq!(step("make -j4 install"), Some((None, "make".into())));
        assert_eq!(step("cmake --build build"), Some((None, "cmake --build".into())));
    }

    #[test]
    fn other_commands_do_not_build() {
        for text in [
            "npm start",
            "npm run dev",
            "yarn install",
            "yarn",
            "go mod download",
            "go test ./...",
            "mvn -v",
            "gradle",
            "dotnet restore",
            "npm build",
            "echo build",
        ] {
            assert_eq!(step(text), None, "{text}");
        }
    }
}
