//! The report of `slimfile verify`, one type for every format: the human report, the JSON
//! contract and the Markdown table the Action posts.

pub mod human;
pub mod json;
pub mod markdown;
mod table;

use slimfile_core::verify::Verification;

/// One Dockerfile's verification.
#[derive(Debug)]
pub struct FileReport {
    /// The path as shown.
    pub path: String,
    /// How long it took, in whole seconds.
    pub seconds: u64,
    /// What came of it.
    pub outcome: VerifyOutcome,
}

/// What came of verifying one Dockerfile.
#[derive(Debug)]
pub enum VerifyOutcome {
    /// Both were built (or one failed to) and the core judged what was seen.
    Checked(Box<Verification>),
    /// The proposal is the file as written.
    NothingToVerify {
        /// Why, in a sentence.
        reason: String,
    },
    /// The file could not be read, parsed or verified.
    Error {
        /// What went wrong.
        message: String,
    },
}

/// The sentence every format gives about what the measures mean.
pub const MEASURES_NOTE: &str = "On disk is `docker image inspect`'s Size; compressed is the gzip of `docker save` \
                                 (close to what a registry transfers). \"Added\" is the image minus its final \
                                 stage's base image; its error is (estimated − measured) / measured.";
