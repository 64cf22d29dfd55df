//! The stable JSON report (`--format json`).
//!
//! These DTOs are the contract other tools build on: fields are only ever added, never renamed.
//! They are separate from the core's types so that the core can change shape freely.

use serde::Serialize;
use slimfile_core::estimate::{self as core_estimate, BaseKind, FileEstimate};

use crate::file_outcome::FileOutcome;

/// The version of the JSON contract.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: Vec<File<'a>>,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    findings: Vec<Finding<'a>>,
    /// The image's size as written and with the fixes applied; `null` when the file could not
    /// be modelled.
    estimate: Option<Estimate<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<IoError<'a>>,
}

#[derive(Serialize)]
struct Estimate<'a> {
    before: Image<'a>,
    after: Image<'a>,
    /// The lower of the two sides' confidence: `high`, `medium` or `low`.
    confidence: &'static str,
    /// Why `after` equals `before` when the fixes could not be applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    after_note: Option<&'a str>,
}

#[derive(Serialize)]
struct Image<'a> {
    /// Download size: the sum of gzip-compressed layers.
    compressed_bytes: u64,
    /// On-disk size, as `docker images` shows it.
    uncompressed_bytes: u64,
    /// `whole`, `at-least` (some parts are unknown and count 0) or `unknown` (the base image is
    /// not known: the figures are the layers alone).
    extent: &'static str,
    /// Releases the catalog sized in the place of the ones the file names.
    substitutions: &'a [String],
    confidence: Confidence<'a>,
    notes: &'a [String],
    stages: Vec<Stage<'a>>,
}

#[derive(Serialize)]
struct Confidence<'a> {
    level: &'static str,
    reasons: &'a [String],
}

#[derive(Serialize)]
struct Stage<'a> {
    index: usize,
    name: Option<&'a str>,
    /// Whether its contents end up in the final image.
    ships: bool,
    compressed_bytes: u64,
    uncompressed_bytes: u64,
    base: Base<'a>,
    layers: Vec<Layer<'a>>,
}

#[derive(Serialize)]
struct Base<'a> {
    reference: &'a str,
    /// `catalog`, `stage`, `scratch` or `unknown`.
    kind: &'static str,
    compressed_bytes: u64,
    uncompressed_bytes: u64,
    basis: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    catalog: Option<CatalogEntry<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mapping: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    stage: Option<usize>,
}

#[derive(Serialize)]
struct CatalogEntry<'a> {
    image: &'a str,
    tag: &'a str,
    version: &'a str,
    source: &'a str,
    as_of: &'a str,
    /// `exact`, `derived`, `approximate`, `estimate` or `low`.
    grade: &'static str,
}

#[derive(Serialize)]
struct Layer<'a> {
    instruction: &'a str,
    line: u32,
    compressed_bytes: u64,
    uncompressed_bytes: u64,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    what: &'a str,
    /// `null` when unknown (counted as 0).
    uncompressed_bytes: Option<u64>,
    /// The download size when the source gives it; `null` when it is derived from the on-disk size.
    compressed_bytes: Option<u64>,
    /// `measured`, `catalog`, `package-table`, `assumption` or `unknown`.
    evidence: &'static str,
    basis: &'a str,
    /// Whether the figure is known to overstate.
    upper_bound: bool,
}

fn estimate(estimate: &FileEstimate) -> Estimate<'_> {
    Estimate {
        before: image(&estimate.before),
        after: image(&estimate.after),
        confidence: estimate.confidence().as_str(),
        after_note: estimate.after_note.as_deref(),
    }
}

fn image(image: &core_estimate::ImageEstimate) -> Image<'_> {
    Image {
        compressed_bytes: image.size.compressed_bytes,
        uncompressed_bytes: image.size.uncompressed_bytes,
        extent: image.extent.as_str(),
        substitutions: &image.substitutions,
        confidence: Confidence { level: image.confidence.level.as_str(), reasons: &image.confidence.reasons },
        notes: &image.notes,
        stages: image.stages.iter().map(stage).collect(),
    }
}

fn stage(stage: &core_estimate::StageEstimate) -> Stage<'_> {
    let base = &stage.base;
    let (kind, catalog, mapping, from_stage) = match &base.kind {
        BaseKind::Catalog { entry, mapping, .. } => (
            "catalog",
            Some(CatalogEntry {
                image: entry.image,
                tag: entry.tag_name(),
                version: entry.version,
                source: entry.source,
                as_of: entry.as_of,
                grade: entry.basis.as_str(),
            }),
            mapping.as_deref(),
            None,
        ),
        BaseKind::Stage { index } => ("stage", None, None, Some(*index)),
        BaseKind::Scratch => ("scratch", None, None, None),
        BaseKind::Unknown => ("unknown", None, None, None),
    };
    Stage {
        index: stage.index,
        name: stage.name.as_deref(),
        ships: stage.ships,
        compressed_bytes: stage.size.compressed_bytes,
        uncompressed_bytes: stage.size.uncompressed_bytes,
        base: Base {
            reference: &base.reference,
            kind,
            compressed_bytes: base.size.compressed_bytes,
            uncompressed_bytes: base.size.uncompressed_bytes,
            basis: &base.basis,
            catalog,
            mapping,
            stage: from_stage,
        },
        layers: stage
            .layers
            .iter()
            .map(|layer| Layer {
                instruction: &layer.keyword,
                line: layer.line,
                compressed_bytes: layer.size.compressed_bytes,
                uncompressed_bytes: layer.size.uncompressed_bytes,
                items: layer
                    .contributions
                    .iter()
                    .map(|c| Item {
                        what: &c.what,
                        uncompressed_bytes: c.uncompressed_bytes,
                        compressed_bytes: c.compressed_bytes,
                        evidence: c.evidence.as_str(),
                        basis: &c.basis,
                        upper_bound: c.upper_bound,
                    })
                    .collect(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct IoError<'a> {
    message: &'a str,
}

#[derive(Serialize)]
struct Finding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    range: Range,
    /// Estimated on-disk bytes the finding costs; `null` when unknown.
    bytes: Option<u64>,
    fix: Option<Fix<'a>>,
    /// Other places the finding is about, each with what it is there.
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    message: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Fix<'a> {
    applicability: &'a str,
    title: &'a str,
    edits: Vec<Edit<'a>>,
}

#[derive(Serialize)]
struct Edit<'a> {
    /// Byte offsets into the file as read (BOM included).
    span: ByteSpan,
    range: Range,
    replacement: &'a str,
}

#[derive(Serialize)]
struct ByteSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

fn range(r: slimfile_core::Range) -> Range {
    Range {
        start: Position { line: r.start.line, column: r.start.column },
        end: Position { line: r.end.line, column: r.end.column },
    }
}

/// Renders the report as pretty JSON with a trailing newline.
#[must_use]
pub fn render(files: &[FileOutcome]) -> String {
    let report = Report {
        version: VERSION,
        files: files
            .iter()
            .map(|file| {
                // One index per file: building it per edit made the report quadratic in the
                // number of findings.
                let text = file.text.as_deref().map(|t| (t, slimfile_core::source::LineIndex::new(t)));
                File {
                    path: &file.path,
                    error: file.io_error.as_deref().map(|message| IoError { message }),
                    estimate: file.estimate.as_ref().map(estimate),
                    findings: file
                        .findings
                        .iter()
                        .map(|f| Finding {
                            rule: f.rule,
                            severity: f.severity.as_str(),
                            message: &f.message,
                            range: range(f.range),
                            bytes: f.bytes,
                            fix: f.fix.as_ref().map(|fix| Fix {
                                applicability: fix.applicability.as_str(),
                                title: &fix.title,
                                edits: fix
                                    .edits
                                    .iter()
                                    .map(|e| Edit {
                                        span: ByteSpan { start: e.span.start, end: e.span.end },
                                        range: text
                                            .as_ref()
                                            .map_or(range(f.range), |(t, index)| range(index.range(t, e.span))),
                                        replacement: &e.replacement,
                                    })
                                    .collect(),
                            }),
                            related: f
                                .related
                                .iter()
                                .map(|r| Related { message: &r.message, range: range(r.range) })
                                .collect(),
                        })
                        .collect(),
                }
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}
