//! The base-image size catalog: published sizes of common base images (compiled in from
//! `core/data/` by `scripts/gen-catalog`), and the lookup that maps a `FROM` reference onto the
//! closest entry, saying so whenever it is not the exact tag.

use serde::Serialize;

use super::catalog_data::{self, IMAGES};
use crate::image_ref::ImageRef;
use crate::stable_sort;

/// How a catalog figure was obtained, best first, so an estimate can say how far to trust it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// A byte count copied from the registry metadata of that very tag.
    Exact,
    /// The sum of exact layer sizes taken from another image's manifest (a shared base).
    Derived,
    /// A rounded figure stated in a document (a README, a size report, a talk).
    Approximate,
    /// Computed by slimfile from package sizes; no published figure exists.
    Estimate,
    /// A rounded third-party figure of doubtful quality; an order of magnitude only.
    Low,
}

impl Basis {
    /// The kebab-case name used in every output format.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Derived => "derived",
            Self::Approximate => "approximate",
            Self::Estimate => "estimate",
            Self::Low => "low",
        }
    }
}

/// One published size of one image tag (linux/amd64), with where it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ImageEntry {
    /// The image as the catalog names it: the short name for Docker Hub official images
    /// (`golang`), the full reference otherwise (`gcr.io/distroless/static-debian12`).
    pub image: &'static str,
    /// The tag the figure was taken from (`latest`, `slim`, `21-jre`); empty for `scratch`.
    pub tag: &'static str,
    /// Download size: the sum of the compressed layers, as registries report it.
    pub compressed_bytes: Option<u64>,
    /// Unpacked on-disk size, as `docker images` reports it.
    pub uncompressed_bytes: Option<u64>,
    /// What the tag pointed to when measured (release, base, layer breakdown).
    pub version: &'static str,
    /// Where the figure comes from: `owner/repo@commit:path`, a URL or a document name.
    pub source: &'static str,
    /// When the figure was true (for registry data: the date of the newest layer).
    pub as_of: &'static str,
    /// How the figure was obtained.
    pub basis: Basis,
    /// Caveats that come with the figure, if any.
    pub note: Option<&'static str>,
}

impl ImageEntry {
    /// Both sizes, deriving a missing one with [`disk_ratio_for`]; `None` only if the entry gives
    /// neither (the generator refuses such entries).
    #[must_use]
    pub fn size(&self) -> Option<ImageSize> {
        let derive = || disk_ratio_for(self);
        let (compressed_bytes, uncompressed_bytes, derivation) = match (self.compressed_bytes, self.uncompressed_bytes)
        {
            (Some(compressed), Some(disk)) => (compressed, disk, None),
            (Some(compressed), None) => {
                let ratio = derive();
                (compressed, ratio.compressed_to_disk(compressed), Some(ratio))
            }
            (None, Some(disk)) => {
                let ratio = derive();
                (ratio.disk_to_compressed(disk), disk, Some(ratio))
            }
            (None, None) => return None,
        };
        Some(ImageSize {
            compressed_bytes,
            uncompressed_bytes,
            compressed_is_derived: self.compressed_bytes.is_none(),
            uncompressed_is_derived: self.uncompressed_bytes.is_none(),
            derivation,
        })
    }

    /// The tag as a reference would write it: the catalog tag up to its first blank (one entry
    /// carries a remark there, `11 (java-debian10)`).
    #[must_use]
    pub fn tag_name(&self) -> &'static str {
        self.tag.split(' ').next().unwrap_or(self.tag)
    }

    /// The on-disk / compressed ratio this entry measures, when it publishes both sizes.
    fn measured_ratio(&self) -> Option<f64> {
        match (self.compressed_bytes, self.uncompressed_bytes) {
            (Some(compressed), Some(disk)) if compressed > 0 => Some(disk as f64 / compressed as f64),
            _ => None,
        }
    }
}

/// On-disk bytes per compressed byte, for images where only one of the two sizes is published
/// and no entry of the same image and variant publishes both: the median on-disk / compressed
/// ratio of the catalog entries that give both (listed in `catalog_data.rs`; about 2.6 with the
/// current data, all from docker-library/repo-info). `scripts/gen-catalog` computes it.
pub const DISK_PER_COMPRESSED: f64 = catalog_data::DISK_PER_COMPRESSED;

/// Where a ratio used to derive a missing size comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RatioSource {
    /// The median of the entries of the same image and variant that publish both sizes
    /// (`golang:latest` from `golang:1.22`): images of one family compress alike.
    SameImage,
    /// [`DISK_PER_COMPRESSED`], the median over the whole catalog.
    CatalogMedian,
}

/// The ratio a derived size was computed with, so reports can say so.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct DiskRatio {
    /// On-disk bytes per compressed byte.
    pub disk_per_compressed: f64,
    /// Where the ratio comes from.
    pub source: RatioSource,
}

impl DiskRatio {
    /// The catalog-wide median ratio.
    #[must_use]
    pub fn median() -> Self {
        Self { disk_per_compressed: DISK_PER_COMPRESSED, source: RatioSource::CatalogMedian }
    }

    /// On-disk bytes for `compressed` bytes.
    #[must_use]
    pub fn compressed_to_disk(self, compressed: u64) -> u64 {
        (compressed as f64 * self.disk_per_compressed).round() as u64
    }

    /// Compressed bytes for `disk` bytes.
    #[must_use]
    pub fn disk_to_compressed(self, disk: u64) -> u64 {
        if self.disk_per_compressed <= 0.0 {
            return disk;
        }
        (disk as f64 / self.disk_per_compressed).round() as u64
    }
}

/// The ratio to derive `entry`'s missing size with: the median measured ratio of the entries of
/// the same image and variant (`alpine:3.21` uses `alpine:3.19` and `alpine:latest`), else the
/// catalog-wide median.
#[must_use]
pub fn disk_ratio_for(entry: &ImageEntry) -> DiskRatio {
    let os_image = OS_IMAGES.contains(&entry.image);
    let variant = shape(entry.tag_name(), os_image).variant;
    let mut ratios: Vec<f64> = IMAGES
        .iter()
        .filter(|other| other.image == entry.image && shape(other.tag_name(), os_image).variant == variant)
        .filter_map(ImageEntry::measured_ratio)
        .collect();
    if ratios.is_empty() {
        return DiskRatio::median();
    }
    // Ratios of two sizes are never negative, and non-negative floats order as their bits do.
    stable_sort::by_key(&mut ratios, |ratio| ratio.to_bits());
    let middle = ratios.len() / 2;
    let median =
        if ratios.len().is_multiple_of(2) { f64::midpoint(ratios[middle - 1], ratios[middle]) } else { ratios[middle] };
    DiskRatio { disk_per_compressed: median, source: RatioSource::SameImage }
}

/// The two sizes of an image, always both present, each flagged when it was derived from the
/// other rather than published, so reports can tell measured bytes from ratios.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ImageSize {
    /// Download size (sum of compressed layers).
    pub compressed_bytes: u64,
    /// Unpacked on-disk size.
    pub uncompressed_bytes: u64,
    /// Whether `compressed_bytes` was computed from the on-disk size.
    pub compressed_is_derived: bool,
    /// Whether `uncompressed_bytes` was computed from the compressed size.
    pub uncompressed_is_derived: bool,
    /// The ratio a derived size was computed with; `None` when both are published.
    pub derivation: Option<DiskRatio>,
}

/// The catalog's answer for one image reference: the entry used, its sizes, and a sentence when
/// the entry is not the tag that was asked for.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogMatch {
    /// The entry the sizes come from.
    pub entry: &'static ImageEntry,
    /// Its sizes, with derived figures flagged.
    pub size: ImageSize,
    /// Set when the reference was mapped to another tag or image, e.g. "golang:1.22 has no
    /// catalog entry; used golang:latest (go1.26.5 on trixie)".
    pub mapping: Option<String>,
    /// Set when another release or variant stands in for the one asked for (not a mere alias
    /// such as `golang:1.26` read as `golang:latest`, nor a digest): the sentence a headline
    /// gives, "node:8-alpine sized as node:alpine (22.x)".
    pub substitution: Option<String>,
}

/// Every catalog entry, sorted by image and tag, best basis first within a tag.
#[must_use]
pub fn entries() -> &'static [ImageEntry] {
    IMAGES
}

/// Finds the size of the image a reference names. Tries the exact tag first (no tag means
/// `latest`), then the same variant at the nearest version (`1.22-alpine` → `alpine`,
/// `17-jre` → `21-jre`, `alpine:3.19` → the nearest alpine release), then broader variants.
/// `scratch` is zero bytes. Returns `None` for images the catalog does not know, and for
/// Windows variants.
#[must_use]
pub fn lookup(image: &ImageRef) -> Option<CatalogMatch> {
    if image.is_scratch() || (image.registry.is_none() && image.repository == "scratch") {
        let entry = IMAGES.iter().find(|e| e.image == "scratch")?;
        let size = ImageSize {
            compressed_bytes: 0,
            uncompressed_bytes: 0,
            compressed_is_derived: false,
            uncompressed_is_derived: false,
            derivation: None,
        };
        return Some(CatalogMatch { entry, size, mapping: None, substitution: None });
    }
    let requested = image.short_name();
    let tag = image.tag.as_deref().unwrap_or("latest");
    let (name, renamed) = resolve_name(&requested)?;
    let (entry, same_tag) = resolve_tag(name, tag)?;
    let size = entry.size()?;

    let used = format!("{}:{} ({})", entry.image, entry.tag_name(), short_version(entry.version));
    let substituted = image.tag.is_some() && (renamed || (entry.tag_name() != tag && !same_tag));
    let substitution = substituted.then(|| format!("{requested}:{tag} sized as {used}"));
    let mapping = if image.tag.is_none() && image.digest.is_some() {
        Some(format!("{requested} is pinned by digest, not by tag; used {used}"))
    } else if renamed || entry.tag_name() != tag {
        let asked = format!("{requested}:{tag}");
        let lower_bound = shape(entry.tag_name(), false).variant.split('-').any(|w| w == "slim")
            && !tag.split('-').any(|w| w == "slim");
        Some(if same_tag && !renamed {
            format!("{asked} read as {used}")
        } else if lower_bound {
            format!("{asked} has no catalog entry; used {used} as a lower bound (the full image adds build tools)")
        } else {
            format!("{asked} has no catalog entry; used {used}")
        })
    } else {
        None
    };
    Some(CatalogMatch { entry, size, mapping, substitution })
}

/// The `version` up to its parenthesised breakdown: "go1.26.5 on trixie".
fn short_version(version: &str) -> &str {
    version.split(" (").next().unwrap_or(version).trim()
}

/// The catalog name for a requested image, and whether it is a different image (a distroless
/// image of another Debian release or language version). Official-image mirrors
/// (`public.ecr.aws/docker/library/golang`) resolve to the Docker Hub name without a note.
fn resolve_name(requested: &str) -> Option<(&'static str, bool)> {
    if let Some(entry) = IMAGES.iter().find(|e| e.image == requested) {
        return Some((entry.image, false));
    }
    if let Some((_, official)) = requested.rsplit_once("/library/")
        && !official.contains('/')
        && let Some(entry) = IMAGES.iter().find(|e| e.image == official)
    {
        return Some((entry.image, false));
    }
    let wanted = distroless_family(requested.strip_prefix(DISTROLESS)?);
    let mut found: Option<&'static str> = None;
    for entry in IMAGES {
        let Some(rest) = entry.image.strip_prefix(DISTROLESS) else { continue };
        if distroless_family(rest) != wanted {
            continue;
        }
        // Prefer the current Debian release over older entries of the same family.
        if found.is_none() || (rest.ends_with("-debian12") && found.is_some_and(|f| !f.ends_with("-debian12"))) {
            found = Some(entry.image);
        }
    }
    found.map(|image| (image, true))
}

const DISTROLESS: &str = "gcr.io/distroless/";

/// A distroless image name without its Debian release and version digits:
/// `java17-debian11` → `java`, `static` → `static`.
fn distroless_family(name: &str) -> String {
    let name = match name.rfind("-debian") {
        Some(i) if name[i + "-debian".len()..].bytes().all(|b| b.is_ascii_digit()) => &name[..i],
        _ => name,
    };
    name.chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// Debian and Ubuntu release names, as the version they stand for.
const RELEASES: &[(&str, &str)] = &[
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
    ("xenial", "16.04"),
    ("bionic", "18.04"),
    ("focal", "20.04"),
    ("jammy", "22.04"),
    ("noble", "24.04"),
    ("oracular", "24.10"),
    ("plucky", "25.04"),
    ("questing", "25.10"),
    ("resolute", "26.04"),
];

/// Debian suite names (only meaningful for the OS images themselves), as of the catalog's data.
const SUITES: &[(&str, &str)] = &[("oldoldstable", "11"), ("oldstable", "12"), ("stable", "13"), ("testing", "14")];

/// Images whose tags name an OS release: for these a release name is the version, not a base to
/// ignore.
const OS_IMAGES: &[&str] = &["debian", "ubuntu", "buildpack-deps"];

/// A tag split into what it is (`variant`: `slim`, `jre-alpine`, `latest` when nothing is left)
/// and which versions it pins, each as numeric components.
#[derive(Debug, PartialEq)]
struct Shape {
    variant: String,
    versions: Vec<Vec<u32>>,
    /// Whether a base release (`bookworm`, `alpine3.19`) was dropped from the tag.
    dropped_base: bool,
}

fn shape(tag: &str, os_image: bool) -> Shape {
    let mut words = Vec::new();
    let mut versions = Vec::new();
    let mut dropped_base = false;
    for token in tag.split('-').filter(|t| !t.is_empty()) {
        let release = RELEASES
            .iter()
            .chain(if os_image { SUITES } else { &[] })
            .find(|(name, _)| *name == token)
            .map(|(_, version)| *version);
        if let Some(version) = release {
            if os_image {
                versions.push(parse_version(version));
            } else {
                dropped_base = true;
            }
        } else if token.starts_with(|c: char| c.is_ascii_digit()) {
            // A build date (`bookworm-20240110`) says nothing about size.
            if !(token.len() == 8 && token.bytes().all(|b| b.is_ascii_digit())) {
                versions.push(parse_version(token));
            }
        } else if let Some(rest) = token.strip_prefix("alpine")
            && rest.starts_with(|c: char| c.is_ascii_digit())
        {
            words.push("alpine");
            dropped_base = true;
        } else if token != "latest" {
            words.push(token);
        }
    }
    let variant = if words.is_empty() { "latest".to_owned() } else { words.join("-") };
    Shape { variant, versions, dropped_base }
}

/// `1.22rc1` → `[1, 22]`, `24.04` → `[24, 4]`.
fn parse_version(token: &str) -> Vec<u32> {
    let mut parts = Vec::new();
    for part in token.split('.') {
        let digits: String = part.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse() {
            Ok(n) => parts.push(n),
            Err(_) => break,
        }
    }
    parts
}

/// Variants an image's bare tags stand for: `eclipse-temurin:21` is the JDK.
fn implicit_variant(image: &str, variant: &str) -> String {
    match (image, variant) {
        ("eclipse-temurin", "latest") => "jdk".to_owned(),
        ("eclipse-temurin", "alpine") => "jdk-alpine".to_owned(),
        _ => variant.to_owned(),
    }
}

/// A catalog entry of the wanted image, with its tag's shape.
struct Candidate {
    entry: &'static ImageEntry,
    shape: Shape,
    /// For a floating tag (`latest`, `slim`) whose entry records a plain release (`3.24.2`), that
    /// release, so `alpine:3.24` finds `alpine:latest`.
    release: Option<Vec<u32>>,
}

/// The entry for `image:tag`, and whether it is the same image under another name
/// (`debian:12-slim` is `debian:bookworm-slim`).
fn resolve_tag(image: &str, tag: &str) -> Option<(&'static ImageEntry, bool)> {
    if let Some(entry) = IMAGES.iter().find(|e| e.image == image && e.tag_name() == tag) {
        return Some((entry, true));
    }
    let os_image = OS_IMAGES.contains(&image);
    let wanted = shape(tag, os_image);
    let words: Vec<&str> = wanted.variant.split('-').collect();
    if words.iter().any(|w| matches!(*w, "windowsservercore" | "nanoserver")) {
        return None;
    }
    let variant = implicit_variant(image, &wanted.variant);
    let mut tries = vec![variant.clone()];
    for fallback in ["alpine", "slim"] {
        if words.contains(&fallback) {
            tries.push(fallback.to_owned());
        }
    }
    tries.push("latest".to_owned());
    // The full image is the slim one plus build tools, so when the catalog only has the slim
    // variant its size is a lower bound for the full one: better than counting the base as zero.
    if !os_image && !words.contains(&"alpine") {
        tries.push("slim".to_owned());
    }
    tries.dedup();

    let candidates: Vec<Candidate> = IMAGES
        .iter()
        .filter(|e| e.image == image && !e.tag.is_empty())
        .map(|entry| {
            let shape = shape(entry.tag_name(), os_image);
            let release = if shape.versions.is_empty() { release_of(entry.version) } else { None };
            Candidate { entry, shape, release }
        })
        .collect();
    for (i, try_variant) in tries.iter().enumerate() {
        let same_variant: Vec<&Candidate> = candidates.iter().filter(|c| &c.shape.variant == try_variant).collect();
        if let Some(found) = pick(&same_variant, &wanted.versions) {
            let same_versions = match &found.release {
                Some(release) => {
                    wanted.versions.len() == 1 && wanted.versions[0].iter().zip(release).all(|(w, r)| w == r)
                }
                None => found.shape.versions == wanted.versions,
            };
            let same = i == 0
                && variant == wanted.variant
                && !wanted.dropped_base
                && !found.shape.dropped_base
                && same_versions;
            return Some((found.entry, same));
        }
    }
    None
}

/// The release a floating tag pointed to, read from the entry's `version`: the first word that
/// is a version once a short prefix is dropped (`3.24.2`, `go1.26.5`, `python 3.14.7 on ...`,
/// `caddy v2.11.4`), looking no further than the base it is built on.
fn release_of(version: &str) -> Option<Vec<u32>> {
    let own = version.split(" (").next().unwrap_or(version);
    let own = own.split(" on ").next().unwrap_or(own);
    own.split_whitespace().find_map(|word| {
        let digits = word.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        let prefix = word.len() - digits.len();
        (prefix <= 2 && digits.starts_with(|c: char| c.is_ascii_digit())).then(|| parse_version(digits))
    })
}

/// The versions a candidate is compared on: those in its tag, else its recorded release.
fn versions_of(candidate: &Candidate) -> &[Vec<u32>] {
    match &candidate.release {
        Some(release) => std::slice::from_ref(release),
        None => &candidate.shape.versions,
    }
}

/// Among entries of one variant: the nearest version no more specific than the request
/// (`3.19` → `3.21`, but `python:3` → the floating tag), else the floating tag (`alpine`,
/// `latest`), else the nearest version at all, else the newest.
fn pick<'a>(candidates: &[&'a Candidate], wanted: &[Vec<u32>]) -> Option<&'a Candidate> {
    if !wanted.is_empty() {
        let strict = candidates.iter().copied().filter(|c| match &c.release {
            Some(_) => wanted.len() == 1,
            None => {
                !c.shape.versions.is_empty()
                    && c.shape.versions.len() == wanted.len()
                    && c.shape.versions.iter().zip(wanted).all(|(have, want)| have.len() <= want.len())
            }
        });
        if let Some(found) = nearest(strict, wanted) {
            return Some(found);
        }
    }
    if let Some(found) = candidates.iter().copied().find(|c| c.shape.versions.is_empty()) {
        return Some(found);
    }
    nearest(candidates.iter().copied().filter(|c| !c.shape.versions.is_empty()), wanted)
}

/// The candidate whose versions differ least from `wanted` (earlier components first); ties go to
/// the newer version, then to the earlier (better-basis) entry.
fn nearest<'a>(candidates: impl Iterator<Item = &'a Candidate>, wanted: &[Vec<u32>]) -> Option<&'a Candidate> {
    let mut best: Option<(&'a Candidate, Vec<u32>, Vec<u32>)> = None;
    for candidate in candidates {
        let versions = versions_of(candidate);
        let distance: Vec<u32> = versions
            .iter()
            .zip(wanted)
            .flat_map(|(have, want)| have.iter().zip(want).map(|(h, w)| h.abs_diff(*w)))
            .collect();
        let newness: Vec<u32> = versions.iter().flatten().copied().collect();
        let better = match &best {
            None => true,
            Some((_, best_distance, best_newness)) => {
                distance < *best_distance || (distance == *best_distance && newness > *best_newness)
            }
        };
        if better {
            best = Some((candidate, distance, newness));
        }
    }
    best.map(|(candidate, _, _)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(reference: &str) -> Option<CatalogMatch> {
        lookup(&ImageRef::parse(reference).expect("valid reference"))
    }

    fn used(reference: &str) -> (String, String, Option<String>) {
        let found = find(reference).expect("in the catalog");
        (found.entry.image.to_owned(), found.entry.tag_name().to_owned(), found.mapping)
    }

    #[test]
    fn golang_versions_map_to_the_nearest_release_with_a_note() {
        assert_eq!(used("golang:1.22"), ("golang".to_owned(), "1.22".to_owned(), None));
        let (image, tag, note) = used("golang:1.21");
        assert_eq!((image.as_str(), tag.as_str()), ("golang", "1.22"));
        let note = note.expect("mapped");
        assert!(
            note.starts_with("golang:1.21 has no catalog entry; used golang:1.22 (go1.22.7 on bookworm)"),
            "{note}"
        );
        // golang:latest records go1.26.5, so 1.26 is nearer to it than to 1.22.
        let (_, tag, note) = used("golang:1.26");
        assert_eq!(tag, "latest");
        assert!(note.expect("renamed").starts_with("golang:1.26 read as golang:latest (go1.26.5 on trixie)"));
        let (_, tag, note) = used("golang:1.22-bookworm");
        assert_eq!(tag, "1.22");
        assert!(note.expect("mapped").starts_with("golang:1.22-bookworm has no catalog entry; used golang:1.22 ("));
        assert_eq!(used("golang:bookworm").1, "latest");
    }

    #[test]
    fn variants_keep_their_variant() {
        let (image, tag, note) = used("golang:1.27-alpine");
        assert_eq!((image.as_str(), tag.as_str()), ("golang", "alpine"));
        assert!(note.is_some());
        assert_eq!(used("golang:1.22-alpine"), ("golang".to_owned(), "1.22-alpine".to_owned(), None));
        assert_eq!(used("golang:1.22-alpine3.19").1, "1.22-alpine");
        assert_eq!(used("golang:1.23-alpine").1, "1.22-alpine");
        assert_eq!(used("node:20-slim").1, "slim");
        assert_eq!(used("node:20-bookworm-slim").1, "slim");
        assert_eq!(used("rust:1.83-slim-bookworm").1, "slim");
        assert_eq!(used("php:8.3-fpm-alpine").1, "fpm-alpine");
        assert_eq!(used("nginx:1.27-alpine-slim").1, "alpine-slim");
        assert_eq!(used("python:3.12-slim-bookworm").1, "3.12-slim");
        assert_eq!(used("python:3.11-slim").1, "3.12-slim");
    }

    #[test]
    fn bare_versions_map_to_the_nearest_version_or_latest() {
        assert_eq!(used("python:3.12"), ("python".to_owned(), "3.12".to_owned(), None));
        assert_eq!(used("python:3.11").1, "3.12");
        assert_eq!(used("python:3").1, "latest");
        assert_eq!(used("python").1, "latest");
        assert_eq!(used("node:20"), ("node".to_owned(), "20".to_owned(), None));
        assert_eq!(used("node:22").1, "20");
        assert_eq!(used("node:26").1, "latest");
        assert_eq!(used("rust:1.83"), ("rust".to_owned(), "1.83".to_owned(), None));
        assert_eq!(used("rust:1.98").1, "latest");
        assert_eq!(used("python:3.14").1, "latest");
    }

    #[test]
    fn alpine_versions_map_to_the_nearest_release() {
        assert_eq!(used("alpine:3.19"), ("alpine".to_owned(), "3.19".to_owned(), None));
        let found = find("alpine:3.20").expect("in the catalog");
        assert_eq!(found.entry.image, "alpine");
        // 3.19 and 3.21 are equally near: the newer wins.
        assert_eq!(found.entry.tag_name(), "3.21");
        let note = found.mapping.expect("mapped");
        assert!(note.starts_with("alpine:3.20 has no catalog entry; used alpine:3.21"), "{note}");
        assert_eq!(used("alpine:3.22").2, None);
        assert_eq!(used("alpine:3").1, "latest");
        let (_, tag, note) = used("alpine:3.24");
        assert_eq!(tag, "latest");
        assert!(note.expect("renamed").starts_with("alpine:3.24 read as alpine:latest (3.24.2)"));
    }

    #[test]
    fn java_tags_keep_the_flavour_and_move_the_version() {
        let (image, tag, note) = used("eclipse-temurin:17-jre");
        assert_eq!((image.as_str(), tag.as_str()), ("eclipse-temurin", "21-jre"));
        let note = note.expect("mapped");
        assert!(note.starts_with("eclipse-temurin:17-jre has no catalog entry; used eclipse-temurin:21-jre"), "{note}");
        assert_eq!(used("eclipse-temurin:21-jre-alpine").2, None);
        assert_eq!(used("eclipse-temurin:17-jre-alpine").1, "21-jre-alpine");
        assert_eq!(used("eclipse-temurin:17-jdk-jammy").1, "21-jdk");
        assert_eq!(used("eclipse-temurin:21").1, "21-jdk");
        assert_eq!(used("maven:3.9-eclipse-temurin-21").2, None);
        assert_eq!(used("maven:3.9-eclipse-temurin-17").1, "3.9-eclipse-temurin-21");
        assert_eq!(used("maven:3.8.6-openjdk-11").1, "latest");
    }

    #[test]
    fn os_images_read_release_names() {
        assert_eq!(used("debian:bookworm-slim"), ("debian".to_owned(), "bookworm-slim".to_owned(), None));
        let (_, tag, note) = used("debian:12-slim");
        assert_eq!(tag, "bookworm-slim");
        assert!(note.expect("renamed").starts_with("debian:12-slim read as debian:bookworm-slim"));
        assert_eq!(used("debian:bullseye").1, "bookworm");
        assert_eq!(used("debian:bookworm-20240110-slim").1, "bookworm-slim");
        assert_eq!(used("debian").1, "trixie");
        assert_eq!(used("debian:stable-slim").1, "trixie-slim");
        assert_eq!(used("ubuntu:jammy").1, "22.04");
        assert_eq!(used("ubuntu:20.04").1, "22.04");
        assert_eq!(used("buildpack-deps:bookworm-curl").1, "trixie-curl");
    }

    #[test]
    fn distroless_maps_tags_and_releases() {
        let (image, tag, note) = used("gcr.io/distroless/static-debian12:nonroot");
        assert_eq!((image.as_str(), tag.as_str()), ("gcr.io/distroless/static-debian12", "latest"));
        assert!(note.is_some());
        let (image, _, note) = used("gcr.io/distroless/static");
        assert_eq!(image, "gcr.io/distroless/static-debian12");
        assert!(note.expect("renamed").starts_with("gcr.io/distroless/static:latest has no catalog entry"));
        assert_eq!(used("gcr.io/distroless/base-debian11").0, "gcr.io/distroless/base-debian12");
        assert_eq!(used("gcr.io/distroless/java17-debian12").0, "gcr.io/distroless/java21-debian12");
        assert_eq!(used("gcr.io/distroless/java:11").2, None);
        assert_eq!(used("gcr.io/distroless/static-debian12").2, None);
    }

    #[test]
    fn registries_and_digests() {
        assert_eq!(used("docker.io/library/golang:alpine").2, None);
        assert_eq!(used("public.ecr.aws/docker/library/node:slim").0, "node");
        let note = used("golang@sha256:0123456789abcdef").2.expect("noted");
        assert!(note.contains("pinned by digest"), "{note}");
        assert_eq!(used("mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled").1, "10.0-noble-chiseled");
    }

    #[test]
    fn scratch_is_zero() {
        let found = find("scratch").expect("known");
        assert_eq!(found.size.compressed_bytes, 0);
        assert_eq!(found.size.uncompressed_bytes, 0);
        assert_eq!(found.mapping, None);
    }

    #[test]
    fn unknown_images_and_windows_are_none() {
        assert_eq!(find("example.com/team/app:1.0"), None);
        assert_eq!(find("perl:5.40"), None);
        assert_eq!(find("golang:1.22-windowsservercore-ltsc2022"), None);
        assert_eq!(find("php:8.3-apache"), None);
    }

    #[test]
    fn every_entry_has_a_source_and_a_size() {
        assert!(entries().len() >= 60);
        for entry in entries() {
            assert!(!entry.source.trim().is_empty(), "{entry:?}");
            assert!(!entry.as_of.is_empty() && !entry.version.is_empty(), "{entry:?}");
            assert!(entry.compressed_bytes.is_some() || entry.uncompressed_bytes.is_some(), "{entry:?}");
            let size = entry.size().expect("a size");
            if entry.image != "scratch" {
                assert!(size.compressed_bytes > 0 && size.uncompressed_bytes > size.compressed_bytes, "{entry:?}");
            }
        }
        // Sorted by image and tag, best basis first within a tag: lookup relies on it.
        for pair in entries().windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!((a.image, a.tag, a.basis) <= (b.image, b.tag, b.basis), "{a:?} / {b:?}");
        }
    }

    #[test]
    fn derived_figures_are_flagged_with_their_ratio() {
        assert!((2.19..=2.7).contains(&DISK_PER_COMPRESSED), "{DISK_PER_COMPRESSED}");
        // golang:latest publishes only its download size; golang:1.22 publishes both, so its
        // ratio (822.97 MB / 299.6 MB) derives the on-disk size.
        let golang = find("golang:latest").expect("known");
        assert!(!golang.size.compressed_is_derived && golang.size.uncompressed_is_derived);
        assert_eq!(Some(golang.size.compressed_bytes), golang.entry.compressed_bytes);
        let ratio = golang.size.derivation.expect("derived");
        assert_eq!(ratio.source, RatioSource::SameImage);
        assert!((ratio.disk_per_compressed - 822_970_000.0 / 299_622_743.0).abs() < 1e-9, "{ratio:?}");
        assert_eq!(golang.size.uncompressed_bytes, ratio.compressed_to_disk(golang.size.compressed_bytes));
        // The alpine variant takes the ratio of golang:1.22-alpine, not of the Debian one.
        let golang_alpine = find("golang:alpine").expect("known").size.derivation.expect("derived");
        assert!((golang_alpine.disk_per_compressed - 230_590_000.0 / 73_260_223.0).abs() < 1e-9);
        // Two alpine entries publish both sizes: their median applies to the others.
        let alpine_321 = find("alpine:3.21").expect("known").size.derivation.expect("derived");
        let (a, b) = (7_380_000.0 / 3_419_706.0, 8_420_000.0 / 3_849_738.0);
        assert!((alpine_321.disk_per_compressed - f64::midpoint(a, b)).abs() < 1e-9, "{alpine_321:?}");
        let alpine = find("alpine:latest").expect("known");
        assert!(!alpine.size.compressed_is_derived && !alpine.size.uncompressed_is_derived);
        assert_eq!(alpine.size.derivation, None);
        // No other distroless static entry publishes both: the catalog median applies.
        let distroless = find("gcr.io/distroless/static-debian12").expect("known");
        assert!(distroless.size.compressed_is_derived && !distroless.size.uncompressed_is_derived);
        assert_eq!(distroless.size.derivation, Some(DiskRatio::median()));
    }

    #[test]
    fn the_better_basis_wins() {
        let found = find("gcr.io/distroless/static-debian12").expect("known");
        let same_tag: Vec<_> =
            entries().iter().filter(|e| e.image == found.entry.image && e.tag == found.entry.tag).collect();
        assert!(same_tag.len() > 1);
        assert!(same_tag.iter().all(|e| e.basis >= found.entry.basis));
        assert_eq!(serde_json::to_string(&Basis::Approximate).expect("serializes"), "\"approximate\"");
    }
}
