//! What the core reports: a finding with a rule, a severity, a message and an exact location.

use serde::{Deserialize, Serialize};

use crate::fix::Fix;
use crate::source::{Range, Span};

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; costs little.
    Info,
    /// Costs real bytes or build time.
    Warning,
    /// The file will not build, or ships something badly wrong.
    Error,
}

impl Severity {
    /// The lower-case name used in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// One thing a rule found, at one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's kebab-case id.
    pub rule: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// A plain sentence for the author.
    pub message: String,
    /// The exact bytes it is about.
    pub span: Span,
    /// The same, as 1-based lines and columns.
    pub range: Range,
    /// What it costs in the image, on disk, where that can be estimated.
    pub bytes: Option<u64>,
    /// A fix, if the rule has one for this case.
    pub fix: Option<Fix>,
    /// Other places the finding is about (the layer that wrote what a later one deletes), which
    /// outputs that can show several places draw beside the primary one.
    pub related: Vec<Related>,
}

/// A second place a finding points at, with what it is there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    /// What this place is, for the finding: "writes /tmp/go.tgz".
    pub message: String,
    /// The exact bytes.
    pub span: Span,
    /// The same, as 1-based lines and columns.
    pub range: Range,
}

/// The id of the finding for text that cannot be parsed or would not build.
pub const SYNTAX_ERROR: &str = "syntax-error";
/// The id of the finding for input that is not a text Dockerfile at all.
pub const UNREADABLE_INPUT: &str = "unreadable-input";
