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
    /// Print a rule's documentation, or list the rules.
    Explain(ExplainArgs),
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

    /// Exit with 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Error, help_heading = "Exit status")]
    pub fail_on: FailOn,
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets, for people.
    Human,
    /// The stable, versioned JSON report, for tools.
    Json,
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
