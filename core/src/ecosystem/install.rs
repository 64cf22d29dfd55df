//! Commands that install a project's dependencies from its manifests: which files they read
//! (so the manifests can be copied before the source), and whether development dependencies come
//! along (so a runtime image can leave them out).
//!
//! Behaviour of each tool, as its documentation states it:
//! - npm: `omit` defaults to `dev` when `NODE_ENV=production`; `--omit=dev` and the older
//!   `--production` leave devDependencies out (docs.npmjs.com, `npm install`, "omit").
//! - Yarn 1: `--production`, or `NODE_ENV=production`, skips devDependencies
//!   (classic.yarnpkg.com, `yarn install --production`).
//! - pnpm: `--prod` / `-P`, or `NODE_ENV=production` (pnpm.io, `pnpm install`).
//! - Bun: `--production` / `-p` (bun.sh, `bun install`).
//! - uv: `uv sync` installs the `dev` group unless `--no-dev` (docs.astral.sh/uv, "Dependency
//!   groups").
//! - Poetry: non-optional groups, `dev` included, install unless `--without` / `--only`
//!   (python-poetry.org, "Dependency groups").
//! - Bundler: every group installs unless `BUNDLE_WITHOUT` (or `bundle config set without`) names
//!   it (bundler.io, `bundle config`).
//! - Composer: `require-dev` installs unless `--no-dev` or `COMPOSER_NO_DEV=1`
//!   (getcomposer.org, CLI, "install").

use serde::Serialize;

use super::Ecosystem;
use super::python::pip_requirements::{ContextNeeds, context_needs, is_archive};
use crate::fix::Edit;
use crate::project_files::ProjectFiles;
use crate::shell::{ShellWord, SimpleCommand};

/// How a row recognises its command among the words after the program.
#[derive(Clone, Copy)]
pub(super) enum Form {
    /// `program <one of these> ...` (`npm ci`, `npm install`).
    Subcommand(&'static [&'static str]),
    /// `program <a> <b> ...` (`go mod download`, `uv pip install`).
    Path(&'static [&'static str]),
    /// The program alone, or with this subcommand (`yarn`, `yarn install`).
    BareOr(&'static str),
    /// One of these goals among the operands (`mvn -B clean package`).
    Goal(&'static [&'static str]),
    /// Any operand at all (`gradle build`, `./gradlew bootJar`).
    AnyOperand,
}

/// What operands after the subcommand mean.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Operands {
    /// They name packages to add (`npm install express`): then it is not an install from the
    /// manifests.
    AddPackages,
    /// They name targets, modules or files; any number is fine.
    Any,
    /// pip: requirement files with `-r`, or a local project (`.`, `-e .[dev]`).
    Requirements,
}

/// What the command reads from the build context, as the row declares it.
#[derive(Clone, Copy)]
pub(super) enum ReadsSpec {
    /// These files; the optional ones may be absent.
    Files { required: &'static [&'static str], optional: &'static [&'static str] },
    /// These files, and possibly more that cannot be listed (`why`).
    FilesAndMore { required: &'static [&'static str], optional: &'static [&'static str], why: &'static str },
    /// The files unless `flag` is absent, in which case the project itself is installed too
    /// and `hint` says how to split it.
    FilesWith {
        flag: &'static str,
        required: &'static [&'static str],
        optional: &'static [&'static str],
        hint: &'static str,
    },
    /// The files that `-r` / `-c` (pip) or the operands (`uv pip sync`) name.
    NamedFiles,
    /// More than a list of manifests: `hint` says how to fetch dependencies before the source.
    Unlisted { hint: &'static str },
}

/// A setting that leaves development dependencies out.
#[derive(Clone, Copy)]
pub(super) enum Omit {
    /// A flag, alone or as `flag=true`.
    Flag(&'static str),
    /// A flag whose value (`--omit=dev`, `--omit dev`, comma-separated) includes this one.
    FlagWith(&'static str, &'static str),
    /// A flag with any value (`--without ...`): the author chose groups.
    AnyFlag(&'static str),
    /// An environment variable with one of these values (any non-empty value when empty).
    Env(&'static str, &'static [&'static str]),
    /// An earlier `<program> config ... <key> ...` (`bundle config set without test`).
    Config(&'static str),
}

/// Whether and how a tool installs development dependencies.
#[derive(Clone, Copy)]
pub(super) enum Dev {
    /// The ecosystem has no development-only dependencies that this command would install.
    None,
    /// It installs them unless one of `omit` holds; `fix` is how to leave them out.
    Unless { what: &'static str, omit: &'static [Omit], fix: Option<FixSpec> },
    /// It installs them only with one of these flags.
    OnlyWith { what: &'static str, flags: &'static [&'static str] },
    /// pip: when a requirements file or an extra is named for development or tests.
    Named,
}

/// The edit that leaves development dependencies out.
#[derive(Clone, Copy)]
pub(super) enum FixSpec {
    /// Add this flag after the subcommand.
    Flag(&'static str),
    /// Set this environment variable for the command (`BUNDLE_WITHOUT=...`).
    EnvPrefix(&'static str),
}

pub(super) struct Row {
    pub(super) programs: &'static [&'static str],
    pub(super) form: Form,
    pub(super) operands: Operands,
    /// Flags that take their value as the next word.
    pub(super) value_flags: &'static [&'static str],
    /// Flags that make the tool work in another directory: the files it reads are then not in
    /// the current one.
    pub(super) dir_flags: &'static [&'static str],
    pub(super) reads: ReadsSpec,
    pub(super) dev: Dev,
    /// Flags that mean the fix flag does not apply (Yarn 2+ has no `--production`).
    pub(super) no_dev_fix_with: &'static [&'static str],
}

/// Flags that make a tool print something instead of installing (`yarn --version`).
const QUERY_FLAGS: &[&str] = &["--version", "--help", "-h"];
/// The same, for a program run without a subcommand, where `-v` means the version too.
const BARE_QUERY_FLAGS: &[&str] = &["-v", "-V"];

/// Words in a requirements file name or an extra that mark development dependencies.
const DEV_WORDS: &[&str] = &["dev", "devel", "develop", "development", "test", "tests", "testing"];

/// What an install reads from the build context, relative to the directory it runs in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Reads {
    /// Only these files. Optional ones end in `*`, so that `COPY` of the list does not fail when
    /// they are absent (a wildcard that matches nothing is fine as long as one source matches).
    Manifests {
        /// `COPY` sources, in order.
        files: Vec<String>,
    },
    /// These files and possibly others the tool reads (`why`): copying the list may not be
    /// enough.
    ManifestsAndMore {
        /// `COPY` sources, in order.
        files: Vec<String>,
        /// What else it may read.
        why: &'static str,
    },
    /// Not a list of files: `hint` says how to install dependencies before copying the source.
    Unlisted {
        /// One sentence.
        hint: &'static str,
    },
    /// The project itself (`pip install .`): its dependencies come with it, there is no
    /// dependency-only step to move earlier.
    Project,
}

/// Whether an install brings development dependencies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DevDependencies {
    /// The tool has no development-only dependencies to leave out here.
    NotApplicable,
    /// It leaves them out (a flag, the environment or the tool's configuration says so).
    Omitted,
    /// It installs them.
    Installed {
        /// What they are called in this ecosystem (`devDependencies`, `the dev dependency
        /// group`).
        what: &'static str,
        /// How to leave them out with an edit of this command, when there is one.
        fix: Option<DevFix>,
    },
}

/// The edit that makes an install leave development dependencies out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DevFix {
    /// What it does, in a few words (`Add --omit=dev`).
    pub title: String,
    /// The edit.
    pub edit: Edit,
}

/// What ran before an install, as far as it decides what the install does.
pub struct Before<'a> {
    /// The value of an environment variable set by `ENV` or `ARG` before the `RUN`.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The commands before the install in the same `RUN`: their `export`s apply.
    pub same_run: &'a [SimpleCommand],
    /// The commands of earlier `RUN`s of the image that configure a tool (see
    /// [`configures_a_tool`]): the configuration they wrote applies
    /// (`bundle config set without test`).
    pub earlier_config: &'a [&'a SimpleCommand],
}

/// A command that removes development dependencies an earlier install brought
/// (`npm prune --omit=dev`).
struct Prune {
    ecosystem: Ecosystem,
    programs: &'static [&'static str],
    subcommand: &'static str,
    /// One of these must be written (`npm prune` alone keeps devDependencies).
    flags: &'static [&'static str],
}

const PRUNES: &[Prune] = &[
    Prune {
        ecosystem: Ecosystem::Node,
        programs: &["npm"],
        subcommand: "prune",
        flags: &["--production", "--omit=dev", "--omit"],
    },
    Prune { ecosystem: Ecosystem::Node, programs: &["pnpm"], subcommand: "prune", flags: &["--prod", "-P"] },
];

/// The ecosystem whose development dependencies `command` removes, if it prunes them.
#[must_use]
pub fn prunes_dev_dependencies(command: &SimpleCommand) -> Option<Ecosystem> {
    PRUNES.iter().find_map(|prune| {
        let at = command.subcommand(prune.programs, prune.subcommand)?;
        let flagged = command.words[at + 1..].iter().any(|w| prune.flags.contains(&w.value.as_str()));
        flagged.then_some(prune.ecosystem)
    })
}

/// Whether `command` writes a tool's configuration (`npm config set ...`, `bundle config ...`),
/// which later installs in the image read.
#[must_use]
pub fn configures_a_tool(command: &SimpleCommand) -> bool {
    command.program_words().get(1).is_some_and(|w| w.value == "config")
}

/// A command that installs dependencies from manifests.
#[derive(Clone, Copy)]
pub struct DependencyInstall<'c> {
    /// Its ecosystem.
    pub ecosystem: Ecosystem,
    /// The command.
    pub command: &'c SimpleCommand,
    /// Index in the command's words of the subcommand (or of the program, for a bare `yarn`).
    pub anchor: usize,
    row: &'static Row,
}

impl std::fmt::Debug for DependencyInstall<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DependencyInstall")
            .field("ecosystem", &self.ecosystem)
            .field("name", &self.name())
            .field("anchor", &self.anchor)
            .finish_non_exhaustive()
    }
}

/// The install `command` runs, if it installs dependencies from manifests (`npm ci`,
/// `pip install -r requirements.txt`, `go mod download`, `bundle install`, ...). Commands that
/// add named packages (`npm install express`, `pip install flask`) are not.
#[must_use]
pub fn dependency_install(command: &SimpleCommand) -> Option<DependencyInstall<'_>> {
    // What the command runs is read once; only the rows of that tool are tried.
    let tool = Tool::of(command)?;
    let rows =
        super::LANGUAGES.iter().flat_map(|language| language.installs.iter().map(|row| (language.ecosystem, row)));
    rows.filter(|(_, row)| tool.start(row.programs).is_some()).find_map(|(ecosystem, row)| {
        let (anchor, rest) = recognise(command, row)?;
        let start = tool_start(command, row.programs)?;
        let bare = matches!(row.form, Form::BareOr(_)) && anchor < start;
        let asks = command.words[start..]
            .iter()
            .any(|w| QUERY_FLAGS.contains(&w.value.as_str()) || (bare && BARE_QUERY_FLAGS.contains(&w.value.as_str())));
        if asks {
            return None;
        }
        let operands_ok = match row.operands {
            Operands::AddPackages => rest.is_empty(),
            Operands::Any => true,
            Operands::Requirements => {
                has_any_flag(command, anchor, &["-r", "--requirement", "-e", "--editable"])
                    || rest.iter().any(|&k| is_local_path(&command.words[k].value))
            }
        };
        operands_ok.then_some(DependencyInstall { ecosystem, command, anchor, row })
    })
}

/// The index where the tool's own words start (after `python -m`), if `command` runs one of
/// `programs`.
fn tool_start(command: &SimpleCommand, programs: &[&str]) -> Option<usize> {
    Tool::of(command)?.start(programs)
}

/// What a command runs, by the names the rows give tools: its program, the program's family
/// (`pip3` → `pip`) and the module of `python -m`.
struct Tool<'c> {
    program: &'c str,
    family: &'c str,
    module: Option<&'c str>,
    /// The index of the program in the command's words.
    at: usize,
}

impl<'c> Tool<'c> {
    fn of(command: &'c SimpleCommand) -> Option<Self> {
        let words = command.program_words();
        let program = command.program()?;
        let family = super::program_family(program);
        let module = (family == "python" && words.get(1).is_some_and(|w| w.value == "-m"))
            .then(|| words.get(2).map(|w| w.value.as_str()))
            .flatten();
        Some(Self { program, family, module, at: command.words.len() - words.len() })
    }

    /// The index where the tool's own words start (after `python -m`), if it is one of
    /// `programs`.
    fn start(&self, programs: &[&str]) -> Option<usize> {
        if programs.contains(&self.program) || programs.contains(&self.family) {
            return Some(self.at + 1);
        }
        self.module.is_some_and(|module| programs.contains(&module)).then_some(self.at + 3)
    }
}

/// Indices of the operands from `start`: words that are neither flags nor flag values.
fn operands(command: &SimpleCommand, start: usize, value_flags: &[&str]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut k = start;
    while k < command.words.len() {
        let word = command.words[k].value.as_str();
        if word.starts_with('-') && word.len() > 1 {
            k += if value_flags.contains(&word) { 2 } else { 1 };
        } else {
            out.push(k);
            k += 1;
        }
    }
    out
}

/// The anchor and the operands after it, if `command` has `row`'s form.
fn recognise(command: &SimpleCommand, row: &Row) -> Option<(usize, Vec<usize>)> {
    let start = tool_start(command, row.programs)?;
    let found = operands(command, start, row.value_flags);
    let value = |k: usize| command.words[k].value.as_str();
    match row.form {
        Form::Subcommand(names) => {
            let first = *found.first()?;
            names.contains(&value(first)).then(|| (first, found[1..].to_vec()))
        }
        Form::Path(path) => {
            let matches = found.len() >= path.len() && found.iter().zip(path).all(|(&k, p)| value(k) == *p);
            matches.then(|| (found[path.len() - 1], found[path.len()..].to_vec()))
        }
        Form::BareOr(name) => match found.first() {
            None => Some((start - 1, Vec::new())),
            Some(&first) if value(first) == name => Some((first, found[1..].to_vec())),
            Some(_) => None,
        },
        Form::Goal(goals) => found.iter().any(|&k| goals.contains(&value(k))).then(|| (start - 1, Vec::new())),
        Form::AnyOperand => (!found.is_empty()).then(|| (start - 1, Vec::new())),
    }
}

/// Whether a flag of `names` is written after `from`, alone, with `=value` or (for one-letter
/// flags) with the value attached (`-rrequirements.txt`).
fn has_any_flag(command: &SimpleCommand, from: usize, names: &[&str]) -> bool {
    command.words.iter().skip(from).any(|w| flag_matches(&w.value, names))
}

fn flag_matches(word: &str, names: &[&str]) -> bool {
    names.iter().any(|name| {
        word == *name
            || word.strip_prefix(name).is_some_and(|rest| {
                rest.starts_with('=') || (name.len() == 2 && !name.starts_with("--") && !rest.is_empty())
            })
    })
}

/// The values given to flags `names` after `from`: `--flag value`, `--flag=value`, `-rvalue`.
fn flag_values<'a>(command: &'a SimpleCommand, from: usize, names: &[&str]) -> Vec<&'a str> {
    let words = &command.words;
    let mut out = Vec::new();
    let mut k = from;
    while k < words.len() {
        let word = words[k].value.as_str();
        for name in names {
            if word == *name {
                if let Some(next) = words.get(k + 1) {
                    out.push(next.value.as_str());
                }
            } else if let Some(rest) = word.strip_prefix(name) {
                if let Some(value) = rest.strip_prefix('=') {
                    out.push(value);
                } else if name.len() == 2 && !name.starts_with("--") && !rest.is_empty() {
                    out.push(rest);
                }
            }
        }
        k += 1;
    }
    out
}

fn is_local_path(word: &str) -> bool {
    word == "." || word.starts_with("./") || word.starts_with('/') || word.starts_with(".[") || word.starts_with("..")
}

/// The words of a file name or an extras list (`requirements-dev.txt`, `.[dev,test]`).
fn names_development(text: &str) -> bool {
    let name = text.rsplit('/').next().unwrap_or(text);
    name.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| DEV_WORDS.contains(&w.to_ascii_lowercase().as_str()))
}

/// Optional manifests written so that `COPY` does not fail when they are absent.
fn optional(name: &str) -> String {
    format!("{name}*")
}

fn file_list(required: &[&str], optional_files: &[&str]) -> Vec<String> {
    required.iter().map(|r| (*r).to_owned()).chain(optional_files.iter().map(|o| optional(o))).collect()
}

impl DependencyInstall<'_> {
    /// The command as people say it: `npm ci`, `pip install`, `go mod download`, `yarn`.
    #[must_use]
    pub fn name(&self) -> String {
        let start = tool_start(self.command, self.row.programs).unwrap_or(1).max(1);
        let tool = self.command.words[start - 1].value.rsplit('/').next().unwrap_or_default();
        let words: Vec<&str> = match self.row.form {
            Form::Subcommand(_) => vec![tool, self.command.words[self.anchor].value.as_str()],
            Form::Path(path) => std::iter::once(tool).chain(path.iter().copied()).collect(),
            Form::BareOr(name) if self.anchor >= start => vec![tool, name],
            Form::Goal(goals) => {
                let found = operands(self.command, start, self.row.value_flags)
                    .into_iter()
                    .map(|k| self.command.words[k].value.as_str())
                    .find(|w| goals.contains(w));
                std::iter::once(tool).chain(found).collect()
            }
            Form::AnyOperand => {
                let first = operands(self.command, start, self.row.value_flags).first().copied();
                std::iter::once(tool).chain(first.map(|k| self.command.words[k].value.as_str())).collect()
            }
            Form::BareOr(_) => vec![tool],
        };
        words.join(" ")
    }

    /// Whether a flag makes the tool read its files from another directory (`npm --prefix`).
    #[must_use]
    pub fn changes_directory(&self) -> bool {
        let start = tool_start(self.command, self.row.programs).unwrap_or(0).saturating_sub(1);
        self.row.dir_flags.iter().any(|flag| has_any_flag(self.command, start, &[flag]))
    }

    /// What the install reads from the build context, relative to its working directory.
    #[must_use]
    pub fn reads(&self) -> Reads {
        match self.row.reads {
            ReadsSpec::Files { required, optional } => Reads::Manifests { files: file_list(required, optional) },
            ReadsSpec::FilesAndMore { required, optional, why } => {
                Reads::ManifestsAndMore { files: file_list(required, optional), why }
            }
            ReadsSpec::FilesWith { flag, required, optional, hint } => {
                if self.command.has_word(flag) {
                    Reads::Manifests { files: file_list(required, optional) }
                } else {
                    Reads::Unlisted { hint }
                }
            }
            ReadsSpec::NamedFiles => self.named_files(),
            ReadsSpec::Unlisted { hint } => Reads::Unlisted { hint },
        }
    }

    /// What it reads, with the build context's manifests (`project`) taken into account: the
    /// requirement files a pip-style install names are followed, a local package they install is
    /// read too (a folder is written with a trailing `/`), and one that installs the project
    /// itself reads the project; a Node install whose package.json has workspaces or local
    /// folders reads more than a list. A file the caller did not read is taken as the command
    /// names it.
    #[must_use]
    pub fn reads_in(&self, project: &ProjectFiles) -> Reads {
        let reads = self.reads();
        if self.ecosystem == Ecosystem::Node
            && project.get("package.json").and_then(super::node::package_json::needs_more_than_manifests).is_some()
        {
            return Reads::Unlisted {
                hint: "package.json has workspaces or local folder dependencies: copy every package.json the install reads (and those folders) to their paths first, run the install, then copy the rest",
            };
        }
        let (ReadsSpec::NamedFiles, Reads::Manifests { files }) = (&self.row.reads, &reads) else { return reads };
        match context_needs(project, files) {
            ContextNeeds::Paths { files, local } => {
                let local = local.into_iter().map(|path| if is_archive(&path) { path } else { format!("{path}/") });
                Reads::Manifests { files: files.into_iter().chain(local).collect() }
            }
            ContextNeeds::Sources(_) => Reads::Project,
            ContextNeeds::Unread(_) => reads,
        }
    }

    fn named_files(&self) -> Reads {
        let start = self.anchor + 1;
        let rest = operands(self.command, start, self.row.value_flags);
        let operand_files: Vec<&str> = if self.row.operands == Operands::Any {
            rest.iter().map(|&k| self.command.words[k].value.as_str()).collect()
        } else {
            if rest.iter().any(|&k| is_local_path(&self.command.words[k].value))
                || has_any_flag(self.command, start, &["-e", "--editable"])
            {
                return Reads::Project;
            }
            Vec::new()
        };
        let mut files: Vec<String> = Vec::new();
        for file in flag_values(self.command, start, &["-r", "--requirement", "-c", "--constraint"])
            .into_iter()
            .chain(operand_files)
        {
            if !files.iter().any(|f| f == file) {
                files.push(file.to_owned());
            }
        }
        if files.is_empty() {
            return Reads::Project;
        }
        Reads::Manifests { files }
    }

    /// Whether it installs development dependencies, given what ran before it.
    #[must_use]
    pub fn dev_dependencies(&self, before: &Before<'_>) -> DevDependencies {
        let start = self.anchor + 1;
        match self.row.dev {
            Dev::None => DevDependencies::NotApplicable,
            Dev::OnlyWith { what, flags } => {
                if has_any_flag(self.command, start, flags) {
                    DevDependencies::Installed { what, fix: None }
                } else {
                    DevDependencies::Omitted
                }
            }
            Dev::Named => {
                let files = flag_values(self.command, start, &["-r", "--requirement"]);
                let extras = operands(self.command, start, self.row.value_flags)
                    .into_iter()
                    .map(|k| self.command.words[k].value.as_str())
                    .chain(flag_values(self.command, start, &["-e", "--editable"]))
                    .filter_map(|w| w.split_once('[').map(|(_, extras)| extras));
                if files.iter().any(|f| names_development(f)) || extras.into_iter().any(names_development) {
                    DevDependencies::Installed { what: "development requirements", fix: None }
                } else {
                    DevDependencies::Omitted
                }
            }
            Dev::Unless { what, omit, fix } => {
                if omit.iter().any(|o| self.omitted_by(*o, before)) {
                    return DevDependencies::Omitted;
                }
                let blocked = self.row.no_dev_fix_with.iter().any(|f| has_any_flag(self.command, start, &[f]));
                let fix = if blocked { None } else { fix.and_then(|spec| self.dev_fix(spec)) };
                DevDependencies::Installed { what, fix }
            }
        }
    }

    fn omitted_by(&self, omit: Omit, before: &Before<'_>) -> bool {
        let start = tool_start(self.command, self.row.programs).unwrap_or(0);
        match omit {
            Omit::Flag(flag) => self.command.words[start..]
                .iter()
                .any(|w| w.value == flag || w.value.strip_prefix(flag).is_some_and(|r| r == "=true" || r == "=1")),
            Omit::FlagWith(flag, wanted) => {
                flag_values(self.command, start, &[flag]).iter().any(|v| v.split(',').any(|part| part.trim() == wanted))
            }
            Omit::AnyFlag(flag) => has_any_flag(self.command, start, &[flag]),
            Omit::Env(name, values) => self.env_value(name, before).is_some_and(|value| {
                let value = value.trim().to_ascii_lowercase();
                if values.is_empty() { !value.is_empty() } else { values.contains(&value.as_str()) }
            }),
            Omit::Config(key) => before.same_run.iter().chain(before.earlier_config.iter().copied()).any(|c| {
                tool_start(c, self.row.programs).is_some_and(|s| {
                    let mut words = c.words[s..].iter().map(|w| w.value.as_str());
                    words.next() == Some("config") && words.any(|w| w.trim_start_matches('-') == key)
                })
            }),
        }
    }

    /// An environment variable as this command sees it: an assignment before the program, then
    /// the latest `export NAME=...` or bare `NAME=...` earlier in the same `RUN` (a shell does
    /// not outlive its `RUN`), then `ENV` and `ARG`.
    fn env_value(&self, name: &str, before: &Before<'_>) -> Option<String> {
        let prefix = format!("{name}=");
        let assigned =
            |words: &[ShellWord]| words.iter().rev().find_map(|w| w.value.strip_prefix(&prefix).map(str::to_owned));
        let leading = self.command.words.len() - self.command.program_words().len();
        if let Some(value) = assigned(&self.command.words[..leading]) {
            return Some(value);
        }
        for command in before.same_run.iter().rev() {
            let only_assignments = command.program_words().is_empty();
            if (command.program() == Some("export") || only_assignments)
                && let Some(value) = assigned(&command.words)
            {
                return Some(value);
            }
        }
        (before.env)(name)
    }

    fn dev_fix(&self, spec: FixSpec) -> Option<DevFix> {
        match spec {
            FixSpec::Flag(flag) => Some(DevFix {
                title: format!("Add {flag}"),
                edit: Edit::insert(self.command.words[self.anchor].span.end, format!(" {flag}")),
            }),
            FixSpec::EnvPrefix(assignment) => {
                // Only when the program is the first word: `sudo` and `env` handle assignments
                // their own way.
                let leading = self.command.words.len() - self.command.program_words().len();
                let first = self.command.program_words().first()?;
                let wrapped = self.command.words[..leading].iter().any(|w| !w.value.contains('='));
                (!wrapped).then(|| DevFix {
                    title: format!("Set {assignment}"),
                    edit: Edit::insert(first.span.start, format!("{assignment} ")),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell;
    use crate::source::Span;

    fn parse(text: &str) -> Vec<SimpleCommand> {
        shell::commands(text, Span::new(0, text.len()), '\\')
    }

    fn install(text: &str) -> Option<(Ecosystem, String, Reads)> {
        let commands = parse(text);
        let found = dependency_install(&commands[0])?;
        Some((found.ecosystem, found.name(), found.reads()))
    }

    fn manifests(files: &[&str]) -> Reads {
        Reads::Manifests { files: files.iter().map(|f| (*f).to_owned()).collect() }
    }

    /// `text` is one `RUN`; its last command is the install.
    fn dev(text: &str, env: &[(&str, &str)]) -> DevDependencies {
        dev_after(text, &[], env)
    }

    fn dev_after(text: &str, earlier_run: &[&str], env: &[(&str, &str)]) -> DevDependencies {
        let commands = parse(text);
        let (last, same_run) = commands.split_last().expect("a command");
        let earlier: Vec<SimpleCommand> = earlier_run.iter().flat_map(|t| parse(t)).collect();
        let earlier_config: Vec<&SimpleCommand> = earlier.iter().filter(|c| configures_a_tool(c)).collect();
        let env = |name: &str| env.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned());
        let before = Before { env: &env, same_run, earlier_config: &earlier_config };
        dependency_install(last).expect("an install").dev_dependencies(&before)
    }

    fn fixed(text: &str) -> Option<String> {
        match dev(text, &[]) {
            DevDependencies::Installed { fix: Some(fix), .. } => {
                let mut out = text.to_owned();
                out.replace_range(fix.edit.span.start..fix.edit.span.end, &fix.edit.replacement);
                Some(out)
            }
            _ => None,
        }
    }

    #[test]
    fn recognises_installs_from_manifests() {
        let node = manifests(&["package.json", "package-lock.json*", "npm-shrinkwrap.json*", ".npmrc*"]);
        assert_eq!(install("npm ci"), Some((Ecosystem::Node, "npm ci".into(), node.clone())));
        assert_eq!(install("npm install --omit dev").map(|i| i.1), Some("npm install".into()));
        assert_eq!(install("npm --prefix /app i").map(|i| i.1), Some("npm i".into()));
        assert_eq!(install("yarn --frozen-lockfile").map(|i| i.1), Some("yarn".into()));
        assert_eq!(install("yarn install").map(|i| i.1), Some("yarn install".into()));
        assert_eq!(install("go mod download").map(|i| i.1), Some("go mod download".into()));
        assert_eq!(
            install("go mod download -x"),
            Some((Ecosystem::Go, "go mod download".into(), manifests(&["go.mod", "go.sum*"])))
        );
        assert_eq!(install("uv pip install -r requirements.txt").map(|i| i.1), Some("uv pip install".into()));
        assert_eq!(install("./mvnw -B dependency:go-offline").map(|i| i.1), Some("mvnw dependency:go-offline".into()));
        assert_eq!(install("gradle --no-daemon build -x test").map(|i| i.1), Some("gradle build".into()));
        assert_eq!(install("bundle install --jobs 4").map(|i| i.2), Some(manifests(&["Gemfile", "Gemfile.lock*"])));
        assert!(matches!(install("cargo build --release").map(|i| i.2), Some(Reads::Unlisted { .. })));
        assert!(matches!(install("./gradlew bootJar").map(|i| i.2), Some(Reads::Unlisted { .. })));
        assert!(matches!(install("dotnet restore").map(|i| i.2), Some(Reads::Unlisted { .. })));
        assert!(matches!(install("yarn").map(|i| i.2), Some(Reads::ManifestsAndMore { .. })));
    }

    #[test]
    fn adding_named_packages_is_not_an_install_from_manifests() {
        for text in [
            "npm install -g pm2",
            "npm i express",
            "yarn add react",
            "yarn build",
            "yarn global add serve",
            "pip install flask",
            "pip install --upgrade pip",
            "poetry add requests",
            "bundle exec rake",
            "composer require x/y",
            "go build ./...",
            "go mod tidy",
            "cargo install ripgrep",
            "mvn -v",
            "gradle",
            "dotnet publish -c Release",
            "apt-get install -y gcc",
            "yarn --version",
            "yarn -v",
            "npm install --help",
        ] {
            assert_eq!(install(text).map(|i| i.1), None, "{text}");
        }
    }

    #[test]
    fn pip_reads_the_files_it_names() {
        assert_eq!(install("pip install -r requirements.txt").map(|i| i.2), Some(manifests(&["requirements.txt"])));
        assert_eq!(
            install("python3 -m pip install --no-cache-dir -r requirements/prod.txt -c constraints.txt").map(|i| i.2),
            Some(manifests(&["requirements/prod.txt", "constraints.txt"]))
        );
        assert_eq!(install("pip install -rrequirements.txt").map(|i| i.2), Some(manifests(&["requirements.txt"])));
        assert_eq!(install("pip install .").map(|i| i.2), Some(Reads::Project));
        assert_eq!(install("pip install -e .[dev]").map(|i| i.2), Some(Reads::Project));
        assert_eq!(install("uv pip sync requirements.lock").map(|i| i.2), Some(manifests(&["requirements.lock"])));
        assert_eq!(
            install("poetry install --no-root").map(|i| i.2),
            Some(manifests(&["pyproject.toml", "poetry.lock*"]))
        );
        assert!(matches!(install("poetry install").map(|i| i.2), Some(Reads::Unlisted { .. })));
        assert!(matches!(install("composer install").map(|i| i.2), Some(Reads::Unlisted { .. })));
    }

    #[test]
    fn directory_flags_are_noticed() {
        let commands = parse("npm --prefix web ci");
        assert!(dependency_install(&commands[0]).expect("install").changes_directory());
        let commands = parse("npm ci");
        assert!(!dependency_install(&commands[0]).expect("install").changes_directory());
    }

    #[test]
    fn development_dependencies_by_flag_and_environment() {
        assert!(matches!(dev("npm ci", &[]), DevDependencies::Installed { what: "devDependencies", .. }));
        assert_eq!(dev("npm ci --omit=dev", &[]), DevDependencies::Omitted);
        assert_eq!(dev("npm ci --omit dev", &[]), DevDependencies::Omitted);
        assert_eq!(dev("npm install --production", &[]), DevDependencies::Omitted);
        assert_eq!(dev("npm ci --only=production", &[]), DevDependencies::Omitted);
        assert_eq!(dev("NODE_ENV=production npm ci", &[]), DevDependencies::Omitted);
        assert_eq!(dev("export NODE_ENV=production && npm ci", &[]), DevDependencies::Omitted);
        assert_eq!(dev("npm ci", &[("NODE_ENV", "production")]), DevDependencies::Omitted);
        assert!(matches!(dev("npm ci", &[("NODE_ENV", "development")]), DevDependencies::Installed { .. }));
        assert_eq!(dev("yarn install --production", &[]), DevDependencies::Omitted);
        assert_eq!(dev("pnpm install --prod", &[]), DevDependencies::Omitted);
        assert_eq!(dev("bun install -p", &[]), DevDependencies::Omitted);
        assert_eq!(dev("uv sync --no-dev", &[]), DevDependencies::Omitted);
        assert_eq!(dev("poetry install --only main", &[]), DevDependencies::Omitted);
        assert_eq!(dev("poetry install --without dev,test", &[]), DevDependencies::Omitted);
        assert_eq!(dev("composer install --no-dev", &[]), DevDependencies::Omitted);
        assert_eq!(dev("bundle install", &[("BUNDLE_WITHOUT", "development test")]), DevDependencies::Omitted);
        assert_eq!(
            dev("bundle config set --local without 'development test'; bundle install", &[]),
            DevDependencies::Omitted
        );
        assert!(matches!(dev("bundle install", &[]), DevDependencies::Installed { .. }));
        assert_eq!(dev_after("bundle install", &["bundle config without test"], &[]), DevDependencies::Omitted);
        // An `export` ends with its RUN's shell.
        assert!(matches!(dev_after("npm ci", &["export NODE_ENV=production"], &[]), DevDependencies::Installed { .. }));
        assert_eq!(dev("go mod download", &[]), DevDependencies::NotApplicable);
        assert_eq!(dev("pipenv install --deploy --system", &[]), DevDependencies::Omitted);
        assert!(matches!(dev("pipenv install --dev", &[]), DevDependencies::Installed { fix: None, .. }));
    }

    #[test]
    fn pip_development_requirements_by_name() {
        assert!(matches!(dev("pip install -r requirements-dev.txt", &[]), DevDependencies::Installed { .. }));
        assert!(matches!(dev("pip install -r test-requirements.txt", &[]), DevDependencies::Installed { .. }));
        assert!(matches!(dev("pip install -e .[dev,docs]", &[]), DevDependencies::Installed { .. }));
        assert!(matches!(dev("pip install '.[test]'", &[]), DevDependencies::Installed { .. }));
        assert_eq!(dev("pip install -r requirements.txt", &[]), DevDependencies::Omitted);
        assert_eq!(dev("pip install -r requirements/devices.txt", &[]), DevDependencies::Omitted);
    }

    #[test]
    fn prunes_remove_development_dependencies() {
        let prunes = |text: &str| prunes_dev_dependencies(&parse(text)[0]);
        assert_eq!(prunes("npm prune --omit=dev"), Some(Ecosystem::Node));
        assert_eq!(prunes("npm prune --production"), Some(Ecosystem::Node));
        assert_eq!(prunes("pnpm prune --prod"), Some(Ecosystem::Node));
        assert_eq!(prunes("npm prune"), None);
        assert_eq!(prunes("npm ci"), None);
    }

    #[test]
    fn fixes_add_the_flag_or_the_setting() {
        assert_eq!(fixed("npm ci"), Some("npm ci --omit=dev".into()));
        assert_eq!(fixed("npm --loglevel warn install"), Some("npm --loglevel warn install --omit=dev".into()));
        assert_eq!(fixed("yarn --frozen-lockfile"), Some("yarn --production --frozen-lockfile".into()));
        assert_eq!(fixed("yarn install --immutable"), None);
        assert_eq!(fixed("pnpm i --frozen-lockfile"), Some("pnpm i --prod --frozen-lockfile".into()));
        assert_eq!(fixed("composer install"), Some("composer install --no-dev".into()));
        assert_eq!(fixed("poetry install --no-root"), Some("poetry install --only main --no-root".into()));
        assert_eq!(fixed("bundle install"), Some("BUNDLE_WITHOUT=development:test bundle install".into()));
        assert_eq!(fixed("sudo bundle install"), None);
        assert_eq!(fixed("npm ci --include=dev"), None);
    }
}
