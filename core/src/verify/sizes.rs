//! Measured sizes next to the estimate, and the error of the estimate of what the Dockerfile adds
//! on top of its base: the base's own size comes from the catalog's published figures, so the part
//! the model computes is the added layers, and that is the part a build can check.

use serde::Serialize;

use crate::estimate::{BaseKind, ImageEstimate, Size};

/// An image's size as measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MeasuredSize {
    /// On disk: `docker image inspect`'s `Size`.
    pub disk_bytes: u64,
    /// Compressed: the gzip of `docker save`'s archive, close to what a registry transfers.
    pub compressed_bytes: u64,
}

impl MeasuredSize {
    fn minus(self, base: Self) -> Self {
        Self {
            disk_bytes: self.disk_bytes.saturating_sub(base.disk_bytes),
            compressed_bytes: self.compressed_bytes.saturating_sub(base.compressed_bytes),
        }
    }
}

/// The image the final stage stands on, as the caller must measure it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FinalBase {
    /// An image: the caller measures `reference`.
    Image {
        /// The reference, as the `FROM` line names it.
        reference: String,
        /// The catalog's size for it, when the catalog knows it.
        estimated: Option<Size>,
    },
    /// `scratch`: nothing to measure, zero bytes.
    Scratch,
}

/// The base of `estimate`'s final stage, following `FROM <stage>` back to an image.
#[must_use]
pub fn final_base(estimate: &ImageEstimate) -> Option<FinalBase> {
    let mut index = estimate.final_stage?;
    // A stage can only be built on an earlier one, so the walk ends; the bound keeps it finite
    // on any input.
    for _ in 0..=estimate.stages.len() {
        let stage = estimate.stages.get(index)?;
        match &stage.base.kind {
            BaseKind::Stage { index: earlier } => index = *earlier,
            BaseKind::Scratch => return Some(FinalBase::Scratch),
            BaseKind::Catalog { .. } => {
                return Some(FinalBase::Image {
                    reference: stage.base.reference.clone(),
                    estimated: Some(stage.base.size),
                });
            }
            BaseKind::Unknown => {
                return Some(FinalBase::Image { reference: stage.base.reference.clone(), estimated: None });
            }
        }
    }
    None
}

/// One image: measured and estimated, whole and on top of its base.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImageSizes {
    /// The built image.
    pub measured: MeasuredSize,
    /// slimfile's estimate of it.
    pub estimated: Size,
    /// The final stage's base image (`scratch` when it has none).
    pub base_reference: String,
    /// The base, measured (zero for `scratch`); `None` when it could not be measured.
    pub measured_base: Option<MeasuredSize>,
    /// What the Dockerfile adds on top of the base, measured and estimated, when both bases are
    /// known.
    pub added: Option<AddedSize>,
}

/// What the Dockerfile adds on top of its base.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AddedSize {
    /// Measured: the image minus its base.
    pub measured: MeasuredSize,
    /// Estimated: the estimate minus the catalog's base figure.
    pub estimated: Size,
    /// `(estimated - measured) / measured` on disk, in percent; `None` when nothing was measured.
    pub disk_error_percent: Option<f64>,
    /// The same for the compressed measure.
    pub compressed_error_percent: Option<f64>,
}

/// Puts the measurements of one image next to its estimate.
#[must_use]
pub fn image_sizes(
    estimate: &ImageEstimate,
    base: Option<&FinalBase>,
    measured: MeasuredSize,
    measured_base: Option<MeasuredSize>,
) -> ImageSizes {
    let (base_reference, estimated_base, measured_base) = match base {
        Some(FinalBase::Scratch) => ("scratch".to_owned(), Some(Size::default()), Some(MeasuredSize::default())),
        Some(FinalBase::Image { reference, estimated }) => (reference.clone(), *estimated, measured_base),
        None => ("unknown".to_owned(), None, measured_base),
    };
    let added = match (estimated_base, measured_base) {
        (Some(estimated_base), Some(measured_base)) => {
            let measured_added = measured.minus(measured_base);
            let estimated_added = Size {
                compressed_bytes: estimate.size.compressed_bytes.saturating_sub(estimated_base.compressed_bytes),
                uncompressed_bytes: estimate.size.uncompressed_bytes.saturating_sub(estimated_base.uncompressed_bytes),
            };
            Some(AddedSize {
                measured: measured_added,
                estimated: estimated_added,
                disk_error_percent: error_percent(estimated_added.uncompressed_bytes, measured_added.disk_bytes),
                compressed_error_percent: error_percent(
                    estimated_added.compressed_bytes,
                    measured_added.compressed_bytes,
                ),
            })
        }
        _ => None,
    };
    ImageSizes { measured, estimated: estimate.size, base_reference, measured_base, added }
}

/// The signed error of `estimated` against `measured`, in percent, to one decimal.
#[must_use]
pub fn error_percent(estimated: u64, measured: u64) -> Option<f64> {
    if measured == 0 {
        return None;
    }
    #[allow(clippy::cast_precision_loss, reason = "image sizes are far below 2^52 bytes")]
    let ratio = (estimated as f64 - measured as f64) / measured as f64;
    Some((ratio * 1000.0).round() / 10.0)
}

/// The two images side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizeComparison {
    /// The original image.
    pub before: ImageSizes,
    /// The slim image.
    pub after: ImageSizes,
    /// Whether the slim image is smaller on disk.
    pub smaller: bool,
}

impl SizeComparison {
    /// Pairs the two images; "smaller" is decided on disk, the measure `docker images` shows.
    #[must_use]
    pub fn new(before: ImageSizes, after: ImageSizes) -> Self {
        let smaller = after.measured.disk_bytes < before.measured.disk_bytes;
        Self { before, after, smaller }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate_of(text: &str) -> ImageEstimate {
        crate::check(text.as_bytes(), &crate::CheckOptions::default()).estimate.expect("modelled").before
    }

    #[test]
    fn the_error_is_signed_and_undefined_on_nothing() {
        assert_eq!(error_percent(110, 100), Some(10.0));
        assert_eq!(error_percent(50, 200), Some(-75.0));
        assert_eq!(error_percent(1, 3), Some(-66.7));
        assert_eq!(error_percent(5, 0), None);
    }

    #[test]
    fn the_final_base_follows_stages_back_to_an_image() {
        let estimate = estimate_of("FROM debian:bookworm-slim AS base\nRUN true\nFROM base\nRUN true\n");
        let Some(FinalBase::Image { reference, estimated }) = final_base(&estimate) else { panic!("no image base") };
        assert_eq!(reference, "debian:bookworm-slim");
        assert!(estimated.is_some_and(|s| s.uncompressed_bytes > 0));
        assert_eq!(final_base(&estimate_of("FROM scratch\nCOPY a /a\n")), Some(FinalBase::Scratch));
        assert!(matches!(
            final_base(&estimate_of("FROM example.com/nobody/knows:1\n")),
            Some(FinalBase::Image { estimated: None, .. })
        ));
    }

    #[test]
    fn the_added_part_is_the_image_minus_its_base_on_both_sides() {
        let estimate = estimate_of("FROM scratch\nCOPY a /a\n");
        let base = final_base(&estimate);
        let measured = MeasuredSize { disk_bytes: 2 * 1024 * 1024, compressed_bytes: 1024 * 1024 };
        let sizes = image_sizes(&estimate, base.as_ref(), measured, None);
        let added = sizes.added.expect("scratch is known on both sides");
        assert_eq!(added.measured, measured);
        assert_eq!(added.estimated, estimate.size);
        assert_eq!(added.disk_error_percent, error_percent(estimate.size.uncompressed_bytes, 2 * 1024 * 1024));

        let estimate = estimate_of("FROM debian:bookworm-slim\nCOPY a /a\n");
        let base = final_base(&estimate);
        let base_size = MeasuredSize { disk_bytes: 70_000_000, compressed_bytes: 30_000_000 };
        let image = MeasuredSize { disk_bytes: 71_000_000, compressed_bytes: 30_500_000 };
        let sizes = image_sizes(&estimate, base.as_ref(), image, Some(base_size));
        let added = sizes.added.expect("catalog base measured");
        assert_eq!(added.measured, MeasuredSize { disk_bytes: 1_000_000, compressed_bytes: 500_000 });
        assert!(image_sizes(&estimate, base.as_ref(), image, None).added.is_none());
    }

    #[test]
    fn smaller_is_decided_on_disk() {
        let estimate = estimate_of("FROM scratch\n");
        let sized = |disk| {
            image_sizes(
                &estimate,
                Some(&FinalBase::Scratch),
                MeasuredSize { disk_bytes: disk, compressed_bytes: 1 },
                None,
            )
        };
        assert!(SizeComparison::new(sized(10), sized(9)).smaller);
        assert!(!SizeComparison::new(sized(10), sized(10)).smaller);
    }
}
