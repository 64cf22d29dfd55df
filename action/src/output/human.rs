//! Diagnostics for people (`--format human`), rendered with annotate-snippets.

use annotate_snippets::{AnnotationKind, Group, Level, Patch, Renderer, Snippet};
use slimfile_core::estimate::FileEstimate;
use slimfile_core::estimate::units::{approximately, change};
use slimfile_core::{Finding, Severity};

use crate::file_outcome::FileOutcome;

/// Renders every finding with its source snippet and each file's size line, then a one-line
/// summary.
#[must_use]
pub fn render(files: &[FileOutcome], styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let mut out = String::new();
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for file in files {
        if file.io_error.is_some() {
            // Said on standard error by the command, with the exit status.
            continue;
        }
        for finding in &file.findings {
            match finding.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
            out.push_str(&render_finding(&renderer, file, finding));
            out.push_str("\n\n");
        }
        if let Some(estimate) = &file.estimate {
            out.push_str(&size_lines(&file.path, estimate));
            out.push('\n');
        }
    }
    let total = errors + warnings + infos;
    let read = files.iter().filter(|f| f.io_error.is_none()).count();
    let unread = files.len() - read;
    let files_word = if read == 1 { "file" } else { "files" };
    if total == 0 {
        out.push_str(&format!("No findings in {read} {files_word}"));
    } else {
        out.push_str(&format!(
            "{total} finding{} ({errors} error{}, {warnings} warning{}, {infos} info) in {read} {files_word}",
            plural(total),
            plural(errors),
            plural(warnings),
        ));
    }
    if unread > 0 {
        out.push_str(&format!("; {unread} could not be read"));
    }
    out.push_str(".\n");
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

fn render_finding(renderer: &Renderer, file: &FileOutcome, finding: &Finding) -> String {
    let title = format!("{} [{}]", finding.message, finding.rule);
    let Some(text) = file.text.as_deref().filter(|t| finding.span.end <= t.len()) else {
        let at = finding.range.start;
        return format!("{}: {}:{}:{}: {title}", finding.severity.as_str(), file.path, at.line, at.column);
    };
    let mut snippet = Snippet::source(text)
        .path(&file.path)
        .fold(true)
        .annotation(AnnotationKind::Primary.span(finding.span.start..finding.span.end));
    for related in finding.related.iter().filter(|r| r.span.end <= text.len()) {
        snippet = snippet
            .annotation(AnnotationKind::Context.span(related.span.start..related.span.end).label(&related.message));
    }
    let mut groups: Vec<Group<'_>> = vec![level(finding.severity).primary_title(&title).element(snippet)];
    if let Some(fix) = &finding.fix {
        let help = format!("{} ({} fix)", fix.title, fix.applicability.as_str());
        let mut snippet = Snippet::source(text).path(&file.path).fold(true);
        for edit in &fix.edits {
            snippet = snippet.patch(Patch::new(edit.span.start..edit.span.end, edit.replacement.as_str()));
        }
        groups.push(Level::HELP.secondary_title(help).element(snippet));
    }
    renderer.render(&groups)
}

/// `Dockerfile: ~850 MB → ~22 MB on disk (−97%), ~300 MB → ~9.1 MB compressed; low confidence`,
/// with any release the catalog sized in another's place (`; node:8-alpine sized as ...`), then
/// why the confidence is not higher, one reason per line.
fn size_lines(path: &str, estimate: &FileEstimate) -> String {
    let (before, after) = (&estimate.before, &estimate.after);
    // No change is given against an unknown: the core says when one may be.
    let changed = if estimate.change_is_known() {
        format!(" ({})", change(before.size.uncompressed_bytes, after.size.uncompressed_bytes))
    } else {
        String::new()
    };
    let mut out = format!(
        "{path}: {} → {} on disk{changed}, {} → {} compressed; {} confidence",
        approximately(before.extent, before.size.uncompressed_bytes),
        approximately(after.extent, after.size.uncompressed_bytes),
        approximately(before.extent, before.size.compressed_bytes),
        approximately(after.extent, after.size.compressed_bytes),
        estimate.confidence().as_str(),
    );
    for substitution in estimate.substitutions() {
        out.push_str(&format!("; {substitution}"));
    }
    out.push('\n');
    let weaker = if estimate.after.confidence.level < estimate.before.confidence.level {
        &estimate.after
    } else {
        &estimate.before
    };
    for reason in weaker.confidence.reasons.iter().chain(&estimate.after_note) {
        out.push_str(&format!("  - {reason}\n"));
    }
    out
}
