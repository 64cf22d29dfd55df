//! The command line, declared with clap's derive API.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Find what bloats a Dockerfile, by how many bytes, and rewrite it as a slim multi-stage build.
#[derive(Debug, Parser)]
#[command(name = "slimfile", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Report what is wrong with Dockerfiles.
    Check(CheckArgs),
    /// Propose the fixed, multi-stage Dockerfile: a diff by default, or write it.
    Fix(FixArgs),
    /// Print a rule's documentation, or list the rules.
    Explain(ExplainArgs),
    /// Run as the GitHub Action: check the run's Dockerfiles and report through annotations,
    /// the job summary, step outputs and, on pull requests, a review and a summary comment.
    Github(Box<GithubArgs>),
    /// Build the original and the proposed Dockerfile, run both, and measure them.
    Verify(VerifyArgs),
}

/// Arguments of `slimfile github`. The Action passes its inputs as the environment variables
/// named here, never through shell text; an empty value means the default (an input left out of
/// a workflow arrives empty), so every value is read as text and resolved by `github::inputs`.
#[derive(Debug, Args)]
pub struct GithubArgs {
    /// Globs of the Dockerfiles to check (`*` stays in a directory, `**` crosses them), separated
    /// by newlines or commas; `!` excludes. Default: `Dockerfile`, `*.Dockerfile`,
    /// `Dockerfile.*` and `Containerfile` anywhere.
    #[arg(long, env = "SLIMFILE_FILES", value_name = "GLOBS")]
    pub files: Option<String>,

    /// On a pull request, check only the Dockerfiles it changes [default: true].
    #[arg(long, env = "SLIMFILE_CHANGED_ONLY", value_name = "BOOL")]
    pub changed_only: Option<String>,

    /// On a pull request, post one review with inline comments and one-click suggestions
    /// [default: true].
    #[arg(long, env = "SLIMFILE_REVIEW", value_name = "BOOL")]
    pub review: Option<String>,

    /// On a pull request, keep one summary comment (sizes, findings, proposal) up to date
    /// [default: true].
    #[arg(long, env = "SLIMFILE_COMMENT", value_name = "BOOL")]
    pub comment: Option<String>,

    /// Print findings as workflow commands, which GitHub shows as annotations [default: true].
    #[arg(long, env = "SLIMFILE_ANNOTATIONS", value_name = "BOOL")]
    pub annotations: Option<String>,

    /// Also write a SARIF report to this file, for `github/codeql-action/upload-sarif`.
    #[arg(long, env = "SLIMFILE_SARIF", value_name = "FILE")]
    pub sarif: Option<String>,

    /// Exit with 1 when a finding is at or above this severity: error, warning, info or never
    /// [default: error].
    #[arg(long, env = "SLIMFILE_FAIL_ON", value_name = "SEVERITY")]
    pub fail_on: Option<String>,

    /// The configuration file for every Dockerfile; without it, each Dockerfile uses the nearest
    /// `.slimfile.toml` in its directory or above.
    #[arg(long, env = "SLIMFILE_CONFIG", value_name = "FILE")]
    pub config: Option<String>,

    /// The checkout to read; paths are reported relative to it [default: the current directory].
    #[arg(long, env = "GITHUB_WORKSPACE", value_name = "DIR")]
    pub workspace: Option<String>,

    /// Build and run the original and the proposed Dockerfiles (as `slimfile verify` does) and
    /// report the measured sizes in the summary comment and the job summary [default: false].
    #[arg(long, env = "SLIMFILE_VERIFY", value_name = "BOOL")]
    pub verify: Option<String>,

    /// With verify: run both images with this command in place of their `CMD`.
    #[arg(long, env = "SLIMFILE_VERIFY_SMOKE", value_name = "CMD")]
    pub verify_smoke: Option<String>,

    /// With verify: compare both images' answer to `GET PATH` on the exposed port.
    #[arg(long, env = "SLIMFILE_VERIFY_PROBE", value_name = "PATH")]
    pub verify_probe: Option<String>,

    /// With verify: the docker CLI to run [default: docker].
    #[arg(long, env = "SLIMFILE_DOCKER", value_name = "PROGRAM")]
    pub docker: Option<String>,

    /// This run's identity on the pull request: it touches only the comments that carry it
    /// [default: the workflow's name and the job's id].
    #[arg(long, env = "SLIMFILE_ID", value_name = "ID")]
    pub id: Option<String>,

    /// Where the repository is checked out, relative to the workspace (`actions/checkout`'s
    /// `path:`) [default: the workspace itself].
    #[arg(long, env = "SLIMFILE_WORKING_DIRECTORY", value_name = "DIR")]
    pub working_directory: Option<String>,

    /// Rule ids to ignore for every Dockerfile, separated by commas or newlines.
    #[arg(long, env = "SLIMFILE_IGNORE", value_name = "RULES")]
    pub ignore: Option<String>,

    /// On a pull request, which findings count: `added` (on added lines), `diff-context`
    /// (anywhere in the diff's hunks) or `file` (anywhere in a changed file) [default: file].
    #[arg(long, env = "SLIMFILE_FILTER_MODE", value_name = "MODE")]
    pub filter_mode: Option<String>,

    /// With verify: the `docker buildx` builder to build on (remote and Kubernetes drivers
    /// included); the images are loaded into the local engine to be run and measured.
    #[arg(long, env = "SLIMFILE_BUILDER", value_name = "NAME")]
    pub builder: Option<String>,

    /// With verify on a `pull_request_target` run: build the pull request's code anyway, with
    /// the run's write token in reach [default: false].
    #[arg(long, env = "SLIMFILE_VERIFY_PULL_REQUEST_TARGET", value_name = "BOOL")]
    pub verify_pull_request_target: Option<String>,
}

/// Arguments of `slimfile verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Dockerfiles, or directories to search for them; each is built with its own directory as
    /// the build context.
    #[arg(value_name = "PATH", default_value = "Dockerfile")]
    pub paths: Vec<PathBuf>,

    /// Run both images with this command in place of their `CMD` (split on blanks, quotes
    /// group), and compare exit status and output.
    #[arg(long, value_name = "CMD", conflicts_with = "probe", help_heading = "Smoke test")]
    pub smoke: Option<String>,

    /// Start both images and compare their answer to `GET PATH` on the exposed port.
    #[arg(long, value_name = "PATH", help_heading = "Smoke test")]
    pub probe: Option<String>,

    /// The container port to probe (default: the first TCP port the final stage exposes).
    #[arg(long, value_name = "PORT", requires = "probe", help_heading = "Smoke test")]
    pub port: Option<u16>,

    /// How long a command may run, or a server may take to answer, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, help_heading = "Smoke test")]
    pub timeout: u64,

    /// Skip the rebuild after a source-only change that checks the dependency layer is reused.
    #[arg(long, help_heading = "Checks")]
    pub no_cache_check: bool,

    /// Build the proposal `slimfile fix --unsafe-fixes` writes (unsafe fixes and a
    /// medium-confidence rewrite too) instead of the one `slimfile fix` writes.
    #[arg(long, help_heading = "Checks")]
    pub unsafe_fixes: bool,

    /// The docker CLI to run (it must support BuildKit: the buildx plugin, or a CLI with BuildKit
    /// built in).
    #[arg(long, value_name = "PROGRAM", default_value = "docker", help_heading = "Docker")]
    pub docker: PathBuf,

    /// Remove every image and container earlier runs left behind (labelled `slimfile.verify`),
    /// then exit.
    #[arg(long, conflicts_with_all = ["smoke", "probe", "json_report"], help_heading = "Docker")]
    pub cleanup: bool,

    /// How to print the report.
    #[arg(long, value_enum, default_value_t = VerifyFormat::Human, help_heading = "Output")]
    pub format: VerifyFormat,

    /// Also write the JSON report to this file, whatever `--format` prints.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub json_report: Option<PathBuf>,

    /// The configuration file to use for every Dockerfile; without it, each Dockerfile uses the
    /// nearest `.slimfile.toml` in its directory or above, up to the repository root.
    #[arg(long, value_name = "PATH", help_heading = "Configuration")]
    pub config: Option<PathBuf>,

    /// How the multi-stage rewrite should come out.
    #[command(flatten)]
    pub rewrite: RewriteArgs,
}

/// Output formats of `slimfile verify`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// A report and the measured table, for people.
    Human,
    /// The stable, versioned JSON report, for tools.
    Json,
    /// The measured table in GitHub-flavoured Markdown, for a pull-request comment or job summary.
    Markdown,
}

/// Arguments of `slimfile explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id (for example `apt-install-recommends`); without it, every rule is listed.
    pub rule: Option<String>,
}

/// Arguments of `slimfile check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Dockerfiles, or directories to search for them (`Dockerfile`, `*.Dockerfile`,
    /// `Dockerfile.*`, `Containerfile`, honouring .gitignore); `-` reads standard input.
    #[arg(value_name = "PATH", default_value = "Dockerfile")]
    pub paths: Vec<PathBuf>,

    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = Format::Human, help_heading = "Output")]
    pub format: Format,

    /// The configuration file to use for every Dockerfile; without it, each Dockerfile uses the
    /// nearest `.slimfile.toml` in its directory or above, up to the repository root.
    #[arg(long, value_name = "PATH", help_heading = "Configuration")]
    pub config: Option<PathBuf>,

    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, help_heading = "Exit status")]
    pub fail_on: FailOn,

    /// How the multi-stage rewrite should come out.
    #[command(flatten)]
    pub rewrite: RewriteArgs,
}

/// Arguments of `slimfile fix`.
#[derive(Debug, Args)]
pub struct FixArgs {
    /// Dockerfiles, or directories to search for them; `-` reads standard input.
    #[arg(value_name = "PATH", default_value = "Dockerfile")]
    pub paths: Vec<PathBuf>,

    /// Replace each file with its proposal (atomically: a temporary file, then a rename).
    #[arg(long, conflicts_with = "stdout", help_heading = "Output")]
    pub write: bool,

    /// Print the whole proposed Dockerfile instead of a diff.
    #[arg(long, help_heading = "Output")]
    pub stdout: bool,

    /// Apply only `safe` fixes: no multi-stage rewrite, nothing that changes the image.
    #[arg(long, conflicts_with = "unsafe_fixes", help_heading = "Fixes")]
    pub safe_only: bool,

    /// Also apply `unsafe` fixes (they may change what the image contains or how it behaves) and
    /// a medium-confidence rewrite (one that rests on assumptions). Without it, `fix` applies the
    /// `safe` fixes and the rewrite only when its confidence is high.
    #[arg(long, help_heading = "Fixes")]
    pub unsafe_fixes: bool,

    /// The configuration file to use for every Dockerfile; without it, each Dockerfile uses the
    /// nearest `.slimfile.toml` in its directory or above, up to the repository root.
    #[arg(long, value_name = "PATH", help_heading = "Configuration")]
    pub config: Option<PathBuf>,

    /// How the multi-stage rewrite should come out.
    #[command(flatten)]
    pub rewrite: RewriteArgs,
}

impl FixArgs {
    /// The fix level the flags pick.
    #[must_use]
    pub fn level(&self) -> slimfile_core::FixLevel {
        match (self.safe_only, self.unsafe_fixes) {
            (true, _) => slimfile_core::FixLevel::SafeOnly,
            (_, true) => slimfile_core::FixLevel::Unsafe,
            _ => slimfile_core::FixLevel::Default,
        }
    }
}

/// The rewrite's options, shared by `check` (for its estimate) and `fix`.
#[derive(Clone, Copy, Debug, Args)]
pub struct RewriteArgs {
    /// The runtime stage's image family (default: the smallest that is safe for the ecosystem).
    #[arg(long, value_enum, help_heading = "Rewrite")]
    pub runtime: Option<Runtime>,

    /// Add BuildKit cache mounts to the dependency install and the build.
    #[arg(long, help_heading = "Rewrite")]
    pub cache_mounts: bool,

    /// Run the runtime stage as a non-root user when the Dockerfile does not choose one.
    #[arg(long, help_heading = "Rewrite")]
    pub non_root: bool,
}

impl RewriteArgs {
    /// `config` with these flags laid over it: a flag given on the command line wins.
    #[must_use]
    pub fn apply(self, config: &slimfile_core::Config) -> slimfile_core::Config {
        use slimfile_core::rewrite::RuntimeFamily;
        let mut config = config.clone();
        if let Some(runtime) = self.runtime {
            config.runtime = Some(match runtime {
                Runtime::Distroless => RuntimeFamily::Distroless,
                Runtime::Alpine => RuntimeFamily::Alpine,
                Runtime::Slim => RuntimeFamily::Slim,
                Runtime::Scratch => RuntimeFamily::Scratch,
            });
        }
        config.cache_mounts |= self.cache_mounts;
        config.non_root |= self.non_root;
        config
    }
}

/// Runtime families, as flags name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Runtime {
    /// gcr.io/distroless: no shell, no package manager.
    Distroless,
    /// Alpine (musl), where musl is safe.
    Alpine,
    /// Debian slim variants.
    Slim,
    /// The empty image, for static binaries.
    Scratch,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people.
    Human,
    /// The stable, versioned JSON report, for tools.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands, which the runner shows as annotations.
    Github,
    /// A Markdown report (sizes, findings by severity, the proposed Dockerfile), as the Action's
    /// pull-request comment and job summary show it.
    Markdown,
}

/// The severity threshold for a failing exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings and errors.
    Warning,
    /// Fail on any finding.
    Info,
    /// Never fail because of findings.
    Never,
}

impl FailOn {
    /// Whether a finding of `severity` fails the run.
    #[must_use]
    pub fn fails(self, severity: slimfile_core::Severity) -> bool {
        use slimfile_core::Severity as S;
        match self {
            Self::Error => severity >= S::Error,
            Self::Warning => severity >= S::Warning,
            Self::Info => severity >= S::Info,
            Self::Never => false,
        }
    }
}
