//! What an estimate reports: the image's size per stage and per layer, each figure with what it
//! rests on, in both the download (compressed) and the on-disk (uncompressed) measure.

use serde::Serialize;

use super::catalog::{DISK_PER_COMPRESSED, DiskRatio, ImageEntry};
use super::confidence::Confidence;
use crate::decimal::fixed;

/// A size in both measures: what a registry transfers and what `docker images` shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Size {
    /// Download size: the sum of gzip-compressed layers.
    pub compressed_bytes: u64,
    /// Unpacked on-disk size.
    pub uncompressed_bytes: u64,
}

impl Size {
    /// A layer's size from its on-disk bytes. No layer publishes its own download size, so the
    /// compressed figure is derived with [`DISK_PER_COMPRESSED`], the catalog's median ratio.
    #[must_use]
    pub fn from_disk(disk: u64) -> Self {
        Self { compressed_bytes: DiskRatio::median().disk_to_compressed(disk), uncompressed_bytes: disk }
    }

    /// Both measures added.
    #[must_use]
    pub fn plus(self, other: Self) -> Self {
        Self {
            compressed_bytes: self.compressed_bytes.saturating_add(other.compressed_bytes),
            uncompressed_bytes: self.uncompressed_bytes.saturating_add(other.uncompressed_bytes),
        }
    }
}

/// The sentence every report gives for layer download sizes.
#[must_use]
pub fn layer_ratio_note() -> String {
    format!(
        "layer compressed sizes are their on-disk sizes divided by {}, the median on-disk / \
         compressed ratio of the catalog's images (an estimate)",
        fixed(DISK_PER_COMPRESSED, 2)
    )
}

/// How the bytes of a contribution are known, from firmest to weakest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Evidence {
    /// Counted by the caller (file sizes in the build context) or read from the Dockerfile itself.
    Measured,
    /// A published base-image figure from the catalog.
    Catalog,
    /// Debian 12 package sizes from the package table.
    PackageTable,
    /// A stated assumption (see [`super::assumptions`]).
    Assumption,
    /// Not known: counted as zero.
    Unknown,
}

impl Evidence {
    /// The kebab-case name used in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Measured => "measured",
            Self::Catalog => "catalog",
            Self::PackageTable => "package-table",
            Self::Assumption => "assumption",
            Self::Unknown => "unknown",
        }
    }
}

/// One thing a layer adds: an install, a binary, copied files, a cache.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contribution {
    /// What adds the bytes (`apt-get install gcc python3-dev`, `Go binary /app/server`).
    pub what: String,
    /// On-disk bytes; `None` when unknown (counted as zero).
    pub uncompressed_bytes: Option<u64>,
    /// Download bytes when the source gives them (an unpacked release's published layer);
    /// otherwise the layer's download size is derived from the on-disk bytes.
    pub compressed_bytes: Option<u64>,
    /// How the bytes are known.
    pub evidence: Evidence,
    /// Where the figure comes from, or what is assumed, in a sentence.
    pub basis: String,
    /// Whether the figure is known to overstate (package closures measured from a minimal
    /// Debian base, installed on a base that already has many of their dependencies).
    pub upper_bound: bool,
    /// Whether an unknown part has no bound in kind: a build from source, an install from a
    /// manifest, packages without a table. Such a part may be as large as the whole image
    /// counted so far, which the confidence weighs.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub open_ended: bool,
}

impl Contribution {
    /// A contribution whose size is not known.
    #[must_use]
    pub fn unknown(what: impl Into<String>, basis: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            uncompressed_bytes: None,
            compressed_bytes: None,
            evidence: Evidence::Unknown,
            basis: basis.into(),
            upper_bound: false,
            open_ended: false,
        }
    }

    /// A contribution of unknown size with no bound in kind (see [`Self::open_ended`]).
    #[must_use]
    pub fn open_ended(what: impl Into<String>, basis: impl Into<String>) -> Self {
        Self { open_ended: true, ..Self::unknown(what, basis) }
    }

    /// A contribution of `bytes` known by `evidence`.
    #[must_use]
    pub fn known(what: impl Into<String>, bytes: u64, evidence: Evidence, basis: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            uncompressed_bytes: Some(bytes),
            compressed_bytes: None,
            evidence,
            basis: basis.into(),
            upper_bound: false,
            open_ended: false,
        }
    }

    /// The same, with the download size the source gives.
    #[must_use]
    pub fn with_compressed(self, bytes: u64) -> Self {
        Self { compressed_bytes: Some(bytes), ..self }
    }

    /// Its download bytes: the source's, or derived from the on-disk bytes with the catalog's
    /// median ratio; 0 when unknown.
    #[must_use]
    pub fn download_bytes(&self) -> u64 {
        self.compressed_bytes
            .unwrap_or_else(|| DiskRatio::median().disk_to_compressed(self.uncompressed_bytes.unwrap_or(0)))
    }
}

/// One filesystem-changing instruction (`RUN`, `COPY`, `ADD`) and what it adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LayerEstimate {
    /// Index of the instruction in [`crate::Dockerfile::instructions`].
    pub instruction: usize,
    /// Its keyword, upper case.
    pub keyword: String,
    /// 1-based line where it starts.
    pub line: u32,
    /// What it adds in both measures (download size derived, see [`Size::from_disk`]).
    pub size: Size,
    /// The parts of that size.
    pub contributions: Vec<Contribution>,
}

/// What a stage is built on.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BaseKind {
    /// An image the catalog knows.
    Catalog {
        /// The catalog entry the sizes come from.
        entry: &'static ImageEntry,
        /// Set when the reference was mapped to another tag or image.
        mapping: Option<String>,
        /// The ratio a missing size was derived with, if one was.
        derivation: Option<DiskRatio>,
    },
    /// An earlier stage: its whole size.
    Stage {
        /// Its index.
        index: usize,
    },
    /// The empty image.
    Scratch,
    /// An image the catalog does not know, or a reference with unset build arguments: zero.
    Unknown,
}

/// A stage's base and its size.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BaseEstimate {
    /// The base as the `FROM` line names it, after build-argument substitution.
    pub reference: String,
    /// Set when the catalog sized another release or variant in its place: "node:8-alpine sized
    /// as node:alpine (22.x)", which every headline names.
    pub substitution: Option<String>,
    /// What it is.
    pub kind: BaseKind,
    /// Its size (for a stage base, that stage's whole size).
    pub size: Size,
    /// Where the size comes from, in a sentence.
    pub basis: String,
}

/// One stage: its base and its layers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageEstimate {
    /// 0-based position.
    pub index: usize,
    /// The `AS` name.
    pub name: Option<String>,
    /// Whether its contents end up in the final image (the final stage and the stages it is
    /// built `FROM`).
    pub ships: bool,
    /// What it starts from.
    pub base: BaseEstimate,
    /// Its filesystem-changing instructions; metadata instructions add nothing.
    pub layers: Vec<LayerEstimate>,
    /// The image this stage alone would produce: its base plus its layers.
    pub size: Size,
}

/// How much of an image's figure is known: what a report may say of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Extent {
    /// The base image is not known: the figure is the layers alone and means nothing as a size.
    Unknown,
    /// Some parts are unknown and count as nothing: the image is at least this large.
    AtLeast,
    /// Every part is sized (some by assumption: the confidence says how far to trust it).
    Whole,
}

impl Extent {
    /// The kebab-case name used in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::AtLeast => "at-least",
            Self::Whole => "whole",
        }
    }
}

/// The estimated size of the image a Dockerfile builds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImageEstimate {
    /// Every stage, in order.
    pub stages: Vec<StageEstimate>,
    /// The stage `docker build` produces without `--target`.
    pub final_stage: Option<usize>,
    /// The final image's size: the final stage's `FROM` chain and its layers.
    pub size: Size,
    /// Whether `size` is the whole image, a lower bound, or no size at all (an unknown base).
    pub extent: Extent,
    /// The bases of the final image that the catalog sized with another release or variant,
    /// one sentence each: a headline names them.
    pub substitutions: Vec<String>,
    /// How far to trust the figure, and why.
    pub confidence: Confidence,
    /// What a reader needs to know about the figures (mapped tags, derived download sizes).
    pub notes: Vec<String>,
}
