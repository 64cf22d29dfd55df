//! How far to trust an estimate: a three-step scale set by how many of the figure's bytes rest on
//! assumptions and derived numbers (not by how many parts do), with the reasons spelled out.
//!
//! - **high**: the base image's sizes are published for that tag, at most 10% of the bytes are
//!   assumed, stand-ins (another release's package figures) or upper bounds, and no part is
//!   unknown;
//! - **medium**: the base was mapped to a nearby tag, or its on-disk size is derived from its
//!   download size, or is a rounded figure; or up to half of the bytes are assumed; or some parts
//!   are unknown (they count nothing, so the figure is a lower bound, however many they are);
//! - **low**: the base is not in the catalog or only roughly known, or more than half of the
//!   bytes are assumed, or an unknown part has no bound in kind (a build from source, an install
//!   from a manifest) while the image counted so far is under 200 MB.

use serde::Serialize;

use super::catalog::{Basis, RatioSource};
use super::image_estimate::{BaseKind, Evidence, StageEstimate};
use super::units::megabytes;
use crate::decimal::fixed;

/// Below this many counted bytes on disk, a build from source or an install from a manifest of
/// unknown size (tens to hundreds of MB in the official images) may be most of the image: the
/// figure is then an order of magnitude.
const OPEN_ENDED_BELOW: u64 = 200_000_000;

/// The three steps of the scale, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfidenceLevel {
    /// An order of magnitude.
    Low,
    /// Within a few tens of percent.
    Medium,
    /// Published figures for nearly all of it.
    High,
}

impl ConfidenceLevel {
    /// The kebab-case name used in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// A level and why it is not higher.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Confidence {
    /// The level.
    pub level: ConfidenceLevel,
    /// One sentence per thing that lowered it.
    pub reasons: Vec<String>,
}

impl Confidence {
    fn cap(&mut self, level: ConfidenceLevel, reason: String) {
        self.level = self.level.min(level);
        self.reasons.push(reason);
    }
}

/// Rates the final image from the stages it is made of (`shipped`: the final stage and the
/// stages it is built `FROM`).
pub(crate) fn assess(shipped: &[&StageEstimate], total_disk: u64) -> Confidence {
    let mut confidence = Confidence { level: ConfidenceLevel::High, reasons: Vec::new() };
    for stage in shipped {
        let base = &stage.base;
        match &base.kind {
            BaseKind::Unknown => confidence.cap(
                ConfidenceLevel::Low,
                format!("the base image `{}` is not in the catalog: its size is unknown", base.reference),
            ),
            BaseKind::Catalog { entry, mapping, derivation } => {
                let name = format!("{}:{}", entry.image, entry.tag_name());
                match entry.basis {
                    Basis::Low => confidence.cap(
                        ConfidenceLevel::Low,
                        format!("{name} is a rounded third-party figure of doubtful quality"),
                    ),
                    Basis::Approximate | Basis::Estimate => confidence.cap(
                        ConfidenceLevel::Medium,
                        format!("{name}'s size is {} ({})", entry.basis.as_str(), entry.source),
                    ),
                    Basis::Exact | Basis::Derived => {}
                }
                if let Some(mapping) = mapping {
                    confidence.cap(ConfidenceLevel::Medium, mapping.clone());
                }
                if let Some(ratio) = derivation {
                    let from = match ratio.source {
                        RatioSource::SameImage => "the ratio the same image's other tags measure",
                        RatioSource::CatalogMedian => "the catalog's median ratio",
                    };
                    let which = if entry.uncompressed_bytes.is_none() { "on-disk" } else { "compressed" };
                    confidence.cap(
                        ConfidenceLevel::Medium,
                        format!("{name}'s {which} size is derived (×{}, {from})", fixed(ratio.disk_per_compressed, 2)),
                    );
                }
            }
            BaseKind::Stage { .. } | BaseKind::Scratch => {}
        }
    }

    let contributions = shipped.iter().flat_map(|s| &s.layers).flat_map(|l| &l.contributions);
    let mut uncertain_bytes = 0u64;
    let mut uncertain = Vec::new();
    let mut unknown = Vec::new();
    let mut open_ended = Vec::new();
    for contribution in contributions {
        if contribution.open_ended {
            open_ended.push(contribution.what.as_str());
        }
        match (contribution.evidence, contribution.uncompressed_bytes) {
            (Evidence::Unknown, _) | (_, None) => unknown.push(contribution.what.as_str()),
            (Evidence::Assumption, Some(bytes)) => {
                uncertain_bytes = uncertain_bytes.saturating_add(bytes);
                uncertain.push(contribution.what.as_str());
            }
            (_, Some(bytes)) if contribution.upper_bound => {
                uncertain_bytes = uncertain_bytes.saturating_add(bytes);
                uncertain.push(contribution.what.as_str());
            }
            _ => {}
        }
    }
    if uncertain_bytes > 0 {
        #[allow(clippy::cast_precision_loss)]
        let share = uncertain_bytes as f64 / total_disk.max(1) as f64;
        let level = if share > 0.5 {
            ConfidenceLevel::Low
        } else if share > 0.1 {
            ConfidenceLevel::Medium
        } else {
            ConfidenceLevel::High
        };
        let reason = format!(
            "{} of {} rests on assumptions or upper bounds: {}",
            megabytes(uncertain_bytes),
            megabytes(total_disk),
            grouped(&uncertain)
        );
        if level < ConfidenceLevel::High {
            confidence.cap(level, reason);
        }
    }
    if !open_ended.is_empty() && total_disk < OPEN_ENDED_BELOW {
        confidence.cap(
            ConfidenceLevel::Low,
            format!(
                "{} may be as large as the {} counted: {}",
                if open_ended.len() == 1 { "an unknown part" } else { "unknown parts" },
                megabytes(total_disk),
                grouped(&open_ended)
            ),
        );
    }
    if !unknown.is_empty() {
        let words = if unknown.len() == 1 { "size is unknown and counts" } else { "sizes are unknown and count" };
        confidence.cap(
            ConfidenceLevel::Medium,
            format!("{} {words} as 0, so the figure is a lower bound: {}", unknown.len(), grouped(&unknown)),
        );
    }
    confidence
}

/// `what`s joined by `; `, each said once: a cause that several layers share (a restore and a
/// publish both filling NuGet's cache) is followed by how many layers it covers.
fn grouped(whats: &[&str]) -> String {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for what in whats {
        match counted.iter_mut().find(|(seen, _)| seen == what) {
            Some((_, count)) => *count += 1,
            None => counted.push((what, 1)),
        }
    }
    counted
        .iter()
        .map(|(what, count)| if *count == 1 { (*what).to_owned() } else { format!("{what} ({count} layers)") })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn a_cause_shared_by_several_layers_is_said_once() {
        assert_eq!(grouped(&["NuGet cache", "npm cache", "NuGet cache"]), "NuGet cache (2 layers); npm cache");
        assert_eq!(grouped(&["one"]), "one");
    }
}
