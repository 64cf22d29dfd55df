//! SARIF 2.1.0 (`--format sarif`), for GitHub code scanning and other SARIF viewers.
//!
//! Decisions a reader of the output needs to know:
//! - **Columns count UTF-16 code units** (`run.columnKind` is `utf16CodeUnits`), 1-based, end
//!   exclusive. SARIF 2.1.0 §3.14.17 requires `columnKind` whenever there are results, and a
//!   consumer that counts otherwise must convert. UTF-16 code units are how JavaScript strings,
//!   and so browser-based viewers such as GitHub's, index text, so they highlight the right
//!   characters without converting. The core's own ranges count characters, so regions are
//!   recomputed here from the byte spans. A leading byte-order mark is not a column: editors do
//!   not show it.
//! - **Paths** are the paths as given on the command line, relative ones with forward slashes
//!   under `uriBaseId` `%SRCROOT%` (code scanning resolves them from the repository root, so run
//!   slimfile from there); absolute ones become `file://` URIs.
//! - **Fingerprints**: `partialFingerprints["slimfile/v1"]` is the core's line-independent
//!   identity (rule, normalized instruction text, occurrence). `primaryLocationLineHash`, the only
//!   partial fingerprint GitHub reads, is left out on purpose: GitHub's `upload-sarif` action
//!   computes it from the file when it is missing, and skips that when a tool supplies one.
//! - **Fixes**: safe and unsafe fixes become SARIF `fixes` (with `properties.applicability`);
//!   display-only ones are left out, since SARIF consumers may apply fixes without asking.
//! - Files that could not be read are `toolExecutionNotifications`, and the run is then not
//!   `executionSuccessful`.

use std::collections::BTreeMap;

use serde::Serialize;
use slimfile_core::builtin_rules;
use slimfile_core::fingerprint;
use slimfile_core::fix::Applicability;
use slimfile_core::rules::RuleMeta;
use slimfile_core::source::{LineIndex, Span};
use slimfile_core::{Finding, Severity};

use crate::file_outcome::FileOutcome;

/// Where the schema of the output lives, as GitHub's documentation writes it.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The repository whose `docs/rules/<id>.md` pages are each rule's help.
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");
/// The base of relative artifact paths: the root of the checked-out sources.
const SRCROOT: &str = "%SRCROOT%";
/// GitHub shows at most this many characters of a rule's descriptions.
const DESCRIPTION_LIMIT: usize = 1024;

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    invocations: [Invocation; 1],
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    hadolint: &'static [&'static str],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    locations: [Location; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, &'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties>,
}

#[derive(Serialize)]
struct ResultProperties {
    /// Estimated on-disk bytes the finding costs.
    bytes: u64,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

/// Another place a result is about (SARIF 2.1.0 §3.27.22), with what it is there.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
    properties: FixProperties,
}

#[derive(Serialize)]
struct FixProperties {
    applicability: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<Text>,
}

/// Renders one SARIF log with one run, pretty-printed, with a trailing newline.
#[must_use]
pub fn render(files: &[FileOutcome]) -> String {
    let rules = builtin_rules::every_rule();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in files {
        let artifact = artifact_location(&file.path);
        if let Some(error) = &file.io_error {
            notifications.push(Notification {
                level: "error",
                message: Text { text: format!("{}: could not be read: {error}", file.path) },
                locations: [Location {
                    physical_location: PhysicalLocation { artifact_location: artifact, region: None },
                }],
            });
            continue;
        }
        let columns = file.text.as_deref().map(Utf16Columns::new);
        for (i, finding) in file.findings.iter().enumerate() {
            results.push(result(
                finding,
                file.fingerprints.get(i).map(String::as_str),
                &artifact,
                columns.as_ref(),
                &rules,
            ));
        }
    }
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "slimfile",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: REPOSITORY,
                    rules: rules.iter().map(|meta| descriptor(meta)).collect(),
                },
            },
            invocations: [Invocation {
                execution_successful: notifications.is_empty(),
                tool_execution_notifications: notifications,
            }],
            column_kind: "utf16CodeUnits",
            results,
        }],
    };
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}

fn result<'a>(
    finding: &Finding,
    fingerprint: Option<&'a str>,
    artifact: &ArtifactLocation,
    columns: Option<&Utf16Columns<'_>>,
    rules: &[&'static RuleMeta],
) -> SarifResult<'a> {
    let region = columns.and_then(|c| c.region(finding.span)).unwrap_or_else(|| char_region(finding.range));
    let related_locations = finding
        .related
        .iter()
        .enumerate()
        .map(|(id, related)| RelatedLocation {
            id,
            physical_location: PhysicalLocation {
                artifact_location: artifact.clone(),
                region: Some(
                    columns.and_then(|c| c.region(related.span)).unwrap_or_else(|| char_region(related.range)),
                ),
            },
            message: Text { text: related.message.clone() },
        })
        .collect();
    let fixes = match (&finding.fix, columns) {
        (Some(fix), Some(columns)) if fix.applicability != Applicability::DisplayOnly => {
            let replacements: Option<Vec<Replacement>> = fix
                .edits
                .iter()
                .map(|edit| {
                    Some(Replacement {
                        deleted_region: columns.region(edit.span)?,
                        inserted_content: (!edit.replacement.is_empty())
                            .then(|| Text { text: edit.replacement.clone() }),
                    })
                })
                .collect();
            replacements
                .map(|replacements| SarifFix {
                    description: Text { text: fix.title.clone() },
                    artifact_changes: [ArtifactChange { artifact_location: artifact.clone(), replacements }],
                    properties: FixProperties { applicability: fix.applicability.as_str() },
                })
                .into_iter()
                .collect()
        }
        _ => Vec::new(),
    };
    SarifResult {
        rule_id: finding.rule,
        rule_index: rules.iter().position(|meta| meta.id == finding.rule),
        level: level(finding.severity),
        message: Text { text: finding.message.clone() },
        locations: [Location {
            physical_location: PhysicalLocation { artifact_location: artifact.clone(), region: Some(region) },
        }],
        partial_fingerprints: fingerprint.map(|f| (fingerprint::SCHEME, f)).into_iter().collect(),
        related_locations,
        fixes,
        properties: finding.bytes.map(|bytes| ResultProperties { bytes }),
    }
}

fn descriptor(meta: &'static RuleMeta) -> ReportingDescriptor {
    let mut tags = vec!["dockerfile"];
    if meta.fix.is_some() {
        tags.push("fixable");
    }
    ReportingDescriptor {
        id: meta.id,
        name: pascal_case(meta.id),
        short_description: Text { text: limit(meta.summary) },
        full_description: Text { text: limit(&what_it_does(meta.docs).unwrap_or_else(|| meta.summary.to_owned())) },
        help: Help { text: meta.page(), markdown: meta.page() },
        help_uri: format!("{REPOSITORY}/blob/main/docs/rules/{}.md", meta.id),
        default_configuration: Configuration { level: level(meta.severity) },
        properties: RuleProperties { tags, hadolint: meta.hadolint },
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `apt-install-recommends` as `AptInstallRecommends`: SARIF's `name` is an identifier for
/// people, conventionally in Pascal case.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| first.to_ascii_uppercase().to_string() + chars.as_str())
        })
        .collect()
}

/// The docs page's "What it does" section as one paragraph of text.
fn what_it_does(docs: &str) -> Option<String> {
    let (_, after) = docs.split_once("## What it does\n")?;
    let section = after.split("\n## ").next().unwrap_or(after);
    Some(section.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn limit(text: &str) -> String {
    if text.chars().count() <= DESCRIPTION_LIMIT {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(DESCRIPTION_LIMIT - 1).collect();
    cut.push('…');
    cut
}

/// The core's character-column range, used when the text is unknown (unreadable input): it is
/// exact up to the first non-ASCII character.
fn char_region(r: slimfile_core::Range) -> Region {
    Region {
        start_line: r.start.line.max(1),
        start_column: r.start.column.max(1),
        end_line: r.end.line.max(r.start.line).max(1),
        end_column: r.end.column.max(1),
    }
}

/// Byte spans to SARIF regions in UTF-16 code units.
struct Utf16Columns<'t> {
    text: &'t str,
    index: LineIndex,
}

impl<'t> Utf16Columns<'t> {
    fn new(text: &'t str) -> Self {
        Self { text, index: LineIndex::new(text) }
    }

    /// The region of `span`, or `None` when the span is not within the text on character
    /// boundaries.
    fn region(&self, span: Span) -> Option<Region> {
        let (start_line, start_column) = self.position(span.start)?;
        let (end_line, end_column) = self.position(span.end.max(span.start))?;
        Some(Region { start_line, start_column, end_line, end_column })
    }

    fn position(&self, offset: usize) -> Option<(u32, u32)> {
        if !self.text.is_char_boundary(offset) {
            return None;
        }
        let line = self.index.line_of(offset);
        let mut line_start = self.index.line_start(line);
        if line_start == 0 && self.text.starts_with('\u{feff}') {
            line_start = '\u{feff}'.len_utf8().min(offset);
        }
        let column = self.text.get(line_start..offset)?.encode_utf16().count() + 1;
        Some((u32::try_from(line + 1).ok()?, u32::try_from(column).ok()?))
    }
}

/// A path as shown to an artifact location: relative paths under `%SRCROOT%` with forward
/// slashes, absolute ones as `file://` URIs; characters outside RFC 3986's unreserved set are
/// percent-encoded.
fn artifact_location(path: &str) -> ArtifactLocation {
    let slashed = path.replace('\\', "/");
    let bytes = slashed.as_bytes();
    let drive = bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'/';
    if drive {
        return ArtifactLocation {
            uri: format!("file:///{}:{}", &slashed[..1], encode(&slashed[2..])),
            uri_base_id: None,
        };
    }
    if slashed.starts_with('/') {
        return ArtifactLocation { uri: format!("file://{}", encode(&slashed)), uri_base_id: None };
    }
    let mut relative = slashed.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest.trim_start_matches('/');
    }
    ArtifactLocation { uri: encode(relative), uri_base_id: Some(SRCROOT) }
}

fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units_and_skip_the_bom() {
        let text = "\u{feff}FROM a\nRUN echo é😀 x\n";
        let columns = Utf16Columns::new(text);
        assert_eq!(columns.position(3), Some((1, 1)));
        let x = text.rfind('x').expect("x");
        // "RUN echo " is 9 units, "é" one, "😀" a surrogate pair: x is the 13th unit, column 14.
        assert_eq!(columns.position(x), Some((2, 14)));
        assert_eq!(columns.position(text.find('😀').expect("emoji") + 1), None);
    }

    #[test]
    fn paths_become_uris() {
        let at = |p: &str| {
            let a = artifact_location(p);
            (a.uri, a.uri_base_id)
        };
        assert_eq!(at("./web/Dockerfile"), ("web/Dockerfile".to_owned(), Some(SRCROOT)));
        assert_eq!(at("web\\Dockerfile.dev"), ("web/Dockerfile.dev".to_owned(), Some(SRCROOT)));
        assert_eq!(at("my app/Dockerfile"), ("my%20app/Dockerfile".to_owned(), Some(SRCROOT)));
        assert_eq!(at("<stdin>"), ("%3Cstdin%3E".to_owned(), Some(SRCROOT)));
        assert_eq!(at("/srv/app/Dockerfile"), ("file:///srv/app/Dockerfile".to_owned(), None));
        assert_eq!(at("C:\\src\\Dockerfile"), ("file:///C:/src/Dockerfile".to_owned(), None));
    }

    #[test]
    fn names_and_descriptions() {
        assert_eq!(pascal_case("apt-install-recommends"), "AptInstallRecommends");
        assert_eq!(what_it_does("# x\n\n## What it does\nFlags\n`a`.\n\n## Why\nno").as_deref(), Some("Flags `a`."));
        assert_eq!(limit(&"é".repeat(2000)).chars().count(), DESCRIPTION_LIMIT);
    }
}
