//! The before/after pair a report shows for one file: the image as written, and the image once
//! the fixes are applied. The "after" text is an argument, so the multi-stage rewrite's proposal
//! can take the place of the fixed text without touching the model.

use serde::Serialize;

use super::confidence::ConfidenceLevel;
use super::image_estimate::{Extent, ImageEstimate};
use super::model::estimate;
use super::size_inputs::SizeInputs;
use crate::document::Dockerfile;
use crate::parser;
use crate::stages::StageModel;

/// The estimate of a file as written and as fixed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileEstimate {
    /// The image the file builds as written.
    pub before: ImageEstimate,
    /// The image it builds once the fixes are applied (equal to `before` when no fix changes
    /// the text, or when the fixed text could not be read; `after_note` says which).
    pub after: ImageEstimate,
    /// Why `after` is the file as written, when it is.
    pub after_note: Option<String>,
}

impl FileEstimate {
    /// The lower of the two confidences: a comparison is only as good as its weaker side.
    #[must_use]
    pub fn confidence(&self) -> ConfidenceLevel {
        self.before.confidence.level.min(self.after.confidence.level)
    }

    /// Whether a change from `before` to `after` may be given (a percentage, a ratio): not when
    /// either side's base is unknown, since its figure is no size at all.
    #[must_use]
    pub fn change_is_known(&self) -> bool {
        self.before.extent != Extent::Unknown && self.after.extent != Extent::Unknown
    }

    /// The substitutions of both sides, each said once: what a headline names.
    #[must_use]
    pub fn substitutions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.before.substitutions.iter().chain(&self.after.substitutions) {
            if !out.contains(&s.as_str()) {
                out.push(s);
            }
        }
        out
    }
}

/// Estimates `doc` as written and `after_text` (the fixed text, or the rewrite's proposal);
/// `None` means the fixes could not be brought to rest.
#[must_use]
pub fn estimate_file(
    doc: &Dockerfile,
    stages: &StageModel,
    after_text: Option<&str>,
    inputs: &SizeInputs,
) -> FileEstimate {
    estimate_file_modelled(doc, stages, after_text, None, inputs)
}

/// [`estimate_file`], with the model of `after_text` when the caller has one already.
pub(crate) fn estimate_file_modelled(
    doc: &Dockerfile,
    stages: &StageModel,
    after_text: Option<&str>,
    after_model: Option<(&Dockerfile, &StageModel)>,
    inputs: &SizeInputs,
) -> FileEstimate {
    let before = estimate(doc, stages, inputs);
    let (after, after_note) = match after_text {
        None => (before.clone(), Some("the fixes do not settle: the file is shown as written".to_owned())),
        Some(text) if text == doc.text() => (before.clone(), None),
        Some(text) if let Some((fixed, fixed_stages)) = after_model.filter(|(d, _)| d.text() == text) => {
            (estimate(fixed, fixed_stages, inputs), None)
        }
        Some(text) => match parser::parse(text) {
            Ok(fixed) => (estimate(&fixed, &StageModel::new(&fixed), inputs), None),
            Err(error) => {
                (before.clone(), Some(format!("the fixed text does not parse ({error}): the file is shown as written")))
            }
        },
    };
    FileEstimate { before, after, after_note }
}
