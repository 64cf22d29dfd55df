//! `dev-dependencies-in-runtime`: development dependencies (test frameworks, linters, compilers
//! for the build) are installed in a stage that ships.

use super::{Context, Report, Rule, RuleMeta};
use crate::document::Keyword;
use crate::ecosystem::node::entry;
use crate::ecosystem::node::package_json::PackageJson;
use crate::ecosystem::{
    Before, BuildStep, DevDependencies, Ecosystem, build_step, configures_a_tool, dependency_install,
    prunes_dev_dependencies,
};
use crate::finding::Severity;
use crate::fix::{Applicability, Fix};
use crate::shell::SimpleCommand;

/// See `docs/rules/dev-dependencies-in-runtime.md`.
pub struct DevDependenciesInRuntime;

static META: RuleMeta = RuleMeta {
    id: "dev-dependencies-in-runtime",
    severity: Severity::Warning,
    summary: "development dependencies are installed in the final image",
    docs: include_str!("../../../docs/rules/dev-dependencies-in-runtime.md"),
    hadolint: &[],
    fix: Some(Applicability::Unsafe),
};

/// Words in a final stage's name that say the image is for development or tests, where
/// development dependencies belong.
const DEVELOPMENT_STAGE_WORDS: &[&str] =
    &["dev", "devel", "development", "test", "tests", "testing", "ci", "debug", "local"];

/// Programs that, as the image's command, need development dependencies at run time.
const DEVELOPMENT_COMMANDS: &[&str] = &[
    "nodemon",
    "ts-node",
    "tsx",
    "jest",
    "vitest",
    "mocha",
    "cypress",
    "playwright",
    "pytest",
    "tox",
    "rspec",
    "phpunit",
    "guard",
];

/// Programs that start a Ruby web app in the environment `RAILS_ENV` / `RACK_ENV` (or `-e`)
/// names, `development` when nothing does: Rails then requires the Gemfile's development group,
/// so `BUNDLE_WITHOUT=development:test` would break the start.
const RACK_SERVERS: &[&str] = &["rails", "rackup", "puma", "thin", "unicorn", "passenger"];

/// Whether `words` (the runtime command) start a Ruby web app in the development environment,
/// given `env` (`RAILS_ENV`, `RACK_ENV` as the image sets them).
fn runs_ruby_development(words: &[String], env: &dyn Fn(&str) -> Option<String>) -> bool {
    let Some(at) = words.iter().position(|w| RACK_SERVERS.contains(&w.rsplit('/').next().unwrap_or(w))) else {
        return false;
    };
    let flag = words[at..].iter().enumerate().find_map(|(k, w)| match w.as_str() {
        "-e" | "--environment" => words.get(at + k + 1).cloned(),
        _ => w.strip_prefix("--environment=").map(str::to_owned),
    });
    let environment = flag.or_else(|| env("RAILS_ENV")).or_else(|| env("RACK_ENV"));
    environment.is_none_or(|e| e.is_empty() || e == "development")
}

/// package.json script names that run a development server or tests.
const DEVELOPMENT_SCRIPTS: &[&str] = &["dev", "develop", "test", "watch", "serve"];

/// Whether the commands after command `k` of `RUN` `i` take the development dependencies of
/// `ecosystem` out again (`npm prune --omit=dev`, or `npm ci --omit=dev` over the first install):
/// then the layer never keeps them.
pub(crate) fn removed_later_in_the_run(
    context: &Context<'_>,
    i: usize,
    k: usize,
    ecosystem: Ecosystem,
    earlier_config: &[&SimpleCommand],
) -> bool {
    let commands = context.commands(i);
    let env = |name: &str| context.env(i, name);
    commands.iter().enumerate().skip(k + 1).any(|(m, command)| {
        prunes_dev_dependencies(command) == Some(ecosystem)
            || dependency_install(command).filter(|d| d.ecosystem == ecosystem).is_some_and(|d| {
                let before = Before { env: &env, same_run: &commands[..m], earlier_config };
                d.dev_dependencies(&before) == DevDependencies::Omitted
            })
    })
}

fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| words.contains(&w.to_ascii_lowercase().as_str()))
}

impl DevDependenciesInRuntime {
    /// Whether the image is meant for development or tests: its final stage is named so, or its
    /// command runs a development server or a test runner.
    fn development_image(context: &Context<'_>) -> bool {
        let Some(last) = context.stages.final_stage() else { return false };
        if context.stages.stages[last].name.as_deref().is_some_and(|n| has_word(n, DEVELOPMENT_STAGE_WORDS)) {
            return true;
        }
        let command = context.doc.instructions().iter().enumerate().rev().find_map(|(i, instruction)| {
            (context.ships(i) && matches!(instruction.keyword, Keyword::Cmd | Keyword::Entrypoint))
                .then_some((i, instruction))
        });
        let Some((at, command)) = command else { return false };
        let words: Vec<String> = match command.text() {
            Some(text) => text.value.split_whitespace().map(str::to_owned).collect(),
            None => command.words().iter().map(|w| w.value.clone()).collect(),
        };
        if runs_ruby_development(&words, &|name| context.env(at, name)) {
            return true;
        }
        if let Some(package) = context.facts.project.get("package.json").and_then(PackageJson::parse)
            && let Ok(runs) = entry::runtime_words(&words, Some(&package))
            && entry::needs_dev_dependencies(&runs, &package).is_some()
        {
            return true;
        }
        words.iter().enumerate().any(|(k, word)| {
            let program = word.rsplit('/').next().unwrap_or(word);
            DEVELOPMENT_COMMANDS.contains(&program)
                || (matches!(program, "npm" | "yarn" | "pnpm" | "bun") && {
                    let rest: Vec<&str> = words[k + 1..].iter().map(String::as_str).filter(|w| *w != "run").collect();
                    rest.first().is_some_and(|script| has_word(script, DEVELOPMENT_SCRIPTS))
                })
        })
    }
}

impl DevDependenciesInRuntime {
    /// Whether package.json (when read) lists devDependencies that are not known build or test
    /// tools: leaving them out may break the app.
    fn may_load_dev(context: &Context<'_>) -> bool {
        context
            .facts
            .project
            .get("package.json")
            .and_then(PackageJson::parse)
            .is_some_and(|package| !entry::possibly_loaded(&package).is_empty())
    }
}

impl Rule for DevDependenciesInRuntime {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, context: &Context<'_>, report: &mut Report<'_>) {
        if Self::development_image(context) {
            return;
        }
        let shipped: Vec<usize> = context.instructions().map(|(i, _)| i).filter(|&i| context.ships(i)).collect();
        // Build steps of the image, in order, to tell whether one comes after an install.
        let builds: Vec<(usize, usize, BuildStep)> = shipped
            .iter()
            .flat_map(|&j| context.commands(j).iter().enumerate().map(move |(k, c)| (j, k, c)))
            .filter_map(|(j, k, c)| build_step(c).map(|step| (j, k, step)))
            .collect();
        let mut earlier_config: Vec<&SimpleCommand> = Vec::new();
        for &i in &shipped {
            let commands = context.commands(i);
            for (k, command) in commands.iter().enumerate() {
                let Some(install) = dependency_install(command) else { continue };
                let env = |name: &str| context.env(i, name);
                let before = Before { env: &env, same_run: &commands[..k], earlier_config: &earlier_config };
                let DevDependencies::Installed { what, fix } = install.dev_dependencies(&before) else {
                    continue;
                };
                if removed_later_in_the_run(context, i, k, install.ecosystem, &earlier_config) {
                    continue;
                }
                // A later build step in the image needs them: only a multi-stage build helps.
                let next = builds.partition_point(|(j, kk, _)| (*j, *kk) <= (i, k));
                let name = install.name();
                let (message, fix) = match (builds.get(next), fix) {
                    (Some((j, _, step)), _) => (
                        format!(
                            "`{name}` installs {what} into the final image, and `{}` (line {}) needs them: build in one stage and install only production dependencies in the runtime stage; {}",
                            step.name,
                            context.doc.instructions()[*j].range.start.line,
                            context.rewrite_offer()
                        ),
                        None,
                    ),
                    (None, Some(_)) if install.ecosystem == Ecosystem::Node && Self::may_load_dev(context) => (
                        format!(
                            "`{name}` installs {what} into the final image, and package.json lists some the app may load at run time (they are not known build or test tools): move those to dependencies, then leave the rest out"
                        ),
                        None,
                    ),
                    (None, Some(dev_fix)) => (
                        format!(
                            "`{name}` installs {what} into the final image: leave them out with `{}`",
                            dev_fix.edit.replacement.trim()
                        ),
                        Some(Fix::new(dev_fix.title, Applicability::Unsafe, vec![dev_fix.edit])),
                    ),
                    (None, None) => (
                        format!(
                            "`{name}` installs {what} into the final image: install them only in a test or build stage"
                        ),
                        None,
                    ),
                };
                report.add(i, command.span, message, None, fix);
            }
            earlier_config.extend(commands.iter().filter(|c| configures_a_tool(c)));
        }
    }
}
