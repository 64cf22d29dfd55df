//! The run's model of one file: what the core returned for it, which every output format and
//! the Action present.

use slimfile_core::estimate::FileEstimate;
use slimfile_core::{Finding, Proposal};

/// One file's outcome, as every format sees it.
#[derive(Debug)]
pub struct FileOutcome {
    /// The path as shown.
    pub path: String,
    /// The text, when it could be read as UTF-8 (for snippets).
    pub text: Option<String>,
    /// Findings, sorted by position.
    pub findings: Vec<Finding>,
    /// The core's fingerprint of each finding, in the same order (see
    /// `slimfile_core::fingerprint`).
    pub fingerprints: Vec<String>,
    /// The image's size as written and as fixed, when the file could be modelled.
    pub estimate: Option<FileEstimate>,
    /// Why the file could not be read, if it could not.
    pub io_error: Option<String>,
    /// The core's proposal for it (what `slimfile fix` writes by default), when it could be
    /// modelled: the summary shows it as it is, without proposing again.
    pub proposal: Option<Proposal>,
}
