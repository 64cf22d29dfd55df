//! The stable JSON report (`--format json`).
//!
//! These DTOs are the contract other tools build on: fields are only ever added, never renamed.
//! They are separate from the core's types so that the core can change shape freely.

use serde::Serialize;

use super::FileOutcome;

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
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<IoError<'a>>,
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
            .map(|file| File {
                path: &file.path,
                error: file.io_error.as_deref().map(|message| IoError { message }),
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
                                    range: file.text.as_deref().map_or(range(f.range), |t| {
                                        range(slimfile_core::source::LineIndex::new(t).range(t, e.span))
                                    }),
                                    replacement: &e.replacement,
                                })
                                .collect(),
                        }),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}
