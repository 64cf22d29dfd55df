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
    /// How the bytes are known.
    pub evidence: Evidence,
    /// Where the figure comes from, or what is assumed, in a sentence.
    pub basis: String,
    /// Whether the figure is known to overstate (package closures measured from a minimal
    /// Debian base, installed on a base that already has many of their dependencies).
    pub upper_bound: bool,
}

impl Contribution {
    /// A contribution whose size is not known.
    #[must_use]
    pub fn unknown(what: impl Into<String>, basis: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            uncompressed_bytes: None,
            evidence: Evidence::Unknown,
            basis: basis.into(),
            upper_bound: false,
        }
    }

    /// A contribution of `bytes` known by `evidence`.
    #[must_use]
    pub fn known(what: impl Into<String>, bytes: u64, evidence: Evidence, basis: impl Into<String>) -> Self {
        Self { what: what.into(), uncompressed_bytes: Some(bytes), evidence, basis: basis.into(), upper_bound: false }
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

/// The estimated size of the image a Dockerfile builds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImageEstimate {
    /// Every stage, in order.
    pub stages: Vec<StageEstimate>,
    /// The stage `docker build` produces without `--target`.
    pub final_stage: Option<usize>,
    /// The final image's size: the final stage's `FROM` chain and its layers.
    pub size: Size,
    /// How far to trust the figure, and why.
    pub confidence: Confidence,
    /// What a reader needs to know about the figures (mapped tags, derived download sizes).
    pub notes: Vec<String>,
}
