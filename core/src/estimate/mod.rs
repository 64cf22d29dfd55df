//! Offline size estimates: a catalog of real base-image and Debian package sizes, each figure
//! with its source, and the model that sizes an image per stage and per layer from them, stating
//! every assumption it makes.

mod assumptions;
pub mod base_packages;
pub mod catalog;
mod catalog_data;
pub mod confidence;
mod copy_cost;
#[cfg(feature = "debian-closures")]
pub mod debian_closures;
pub mod dependencies;
pub mod downloads;
mod file_estimate;
mod image_estimate;
mod model;
pub mod package_index;
pub mod packages;
mod run_cost;
mod size_inputs;
pub mod units;

pub use assumptions::{Assumption, CONTEXT_FILES, GO_BINARY, MANIFEST_FILES};
pub use confidence::{Confidence, ConfidenceLevel};
pub(crate) use file_estimate::estimate_file_modelled;
pub use file_estimate::{FileEstimate, estimate_file};
pub use image_estimate::{
    BaseEstimate, BaseKind, Contribution, Evidence, Extent, ImageEstimate, LayerEstimate, Size, StageEstimate,
    layer_ratio_note,
};
pub use model::estimate;
pub use size_inputs::{BuildContext, ContextFile, Measured, SizeInputs};
