//! GitHub workflow commands (`--format github`): one `::error`, `::warning` or `::notice` line
//! per finding, which the Actions runner turns into annotations on the file and the pull
//! request's diff.
//!
//! The runner shows only so many annotations per step, so the worst findings go first and the
//! rest are counted in one plain log line instead of being silently dropped by GitHub.

use slimfile_core::{Finding, Severity};

use super::lines_of;
use crate::file_outcome::FileOutcome;

/// How many annotations of each severity the runner displays for one step ("10 warnings and 10
/// errors per step", GitHub's documentation on workflow commands; notices are capped alike).
pub const SHOWN_PER_SEVERITY: usize = 10;

/// Renders the annotations for `files`: errors first, then warnings, then notices, at most
/// [`SHOWN_PER_SEVERITY`] of each, followed by a plain line counting what was left out.
#[must_use]
pub fn render(files: &[FileOutcome]) -> String {
    let mut out = String::new();
    let mut omitted = 0;
    for file in files {
        if let Some(error) = &file.io_error {
            out.push_str(&format!(
                "::error file={},title={}::{}\n",
                escape_property(&annotation_path(&file.path)),
                escape_property("slimfile: unreadable file"),
                escape_data(error)
            ));
        }
    }
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let mut shown = 0;
        for file in files {
            for finding in file.findings.iter().filter(|f| f.severity == severity) {
                if shown == SHOWN_PER_SEVERITY {
                    omitted += 1;
                    continue;
                }
                shown += 1;
                out.push_str(&command(&file.path, finding));
                out.push('\n');
            }
        }
    }
    if omitted > 0 {
        out.push_str(&format!(
            "slimfile: {omitted} more finding{} not annotated: GitHub shows at most {SHOWN_PER_SEVERITY} annotations of \
             each severity per step.\n",
            if omitted == 1 { " is" } else { "s are" }
        ));
    }
    out
}

/// The workflow command name for a severity: info findings are notices, not errors.
#[must_use]
pub fn command_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// One finding as a workflow command line (without the newline).
#[must_use]
pub fn command(path: &str, finding: &Finding) -> String {
    let start = finding.range.start;
    let (_, end_line) = lines_of(finding);
    let mut properties = vec![
        format!("file={}", escape_property(&annotation_path(path))),
        format!("line={}", start.line),
        format!("endLine={end_line}"),
    ];
    // The runner accepts columns only on a single-line annotation. Lines are inclusive in the
    // annotation, so the end column is too: the last character, not the one after it.
    if end_line == start.line {
        let end_column = finding.range.end.column.saturating_sub(1).max(start.column);
        properties.push(format!("col={}", start.column));
        properties.push(format!("endColumn={end_column}"));
    }
    properties.push(format!("title={}", escape_property(&format!("slimfile: {}", finding.rule))));
    let mut message = finding.message.clone();
    if let Some(fix) = &finding.fix {
        message.push_str(&format!("\nFix ({}): {}", fix.applicability.as_str(), fix.title));
    }
    format!("::{} {}::{}", command_name(finding.severity), properties.join(","), escape_data(&message))
}

/// The runner resolves annotation paths against the workspace, so `./x` is written `x`.
fn annotation_path(path: &str) -> String {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path.to_owned()
}

/// Escapes a command's message: `%`, CR and LF would otherwise end or corrupt the command.
#[must_use]
pub fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value: as a message, plus `:` and `,`, which separate properties.
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use slimfile_core::fix::{Applicability, Edit, Fix};
    use slimfile_core::{Position, Range, Span};

    fn finding(severity: Severity, line: u32, column: u32, end_line: u32, end_column: u32) -> Finding {
        Finding {
            rule: "package-cache-in-layer",
            severity,
            message: "100% of it, twice:\r\nreally".to_owned(),
            span: Span::new(0, 1),
            range: Range { start: Position { line, column }, end: Position { line: end_line, column: end_column } },
            bytes: None,
            fix: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn escapes_messages_and_properties_as_the_runner_expects() {
        assert_eq!(escape_data("a%b\r\nc:d,e"), "a%25b%0D%0Ac:d,e");
        assert_eq!(escape_property("a%b\r\nc:d,e"), "a%25b%0D%0Ac%3Ad%2Ce");
    }

    #[test]
    fn a_single_line_finding_carries_columns_and_an_escaped_title() {
        let line = command("./dir,x/Dockerfile", &finding(Severity::Warning, 3, 5, 3, 20));
        assert_eq!(
            line,
            "::warning file=dir%2Cx/Dockerfile,line=3,endLine=3,col=5,endColumn=19,\
             title=slimfile%3A package-cache-in-layer::100%25 of it, twice:%0D%0Areally"
        );
    }

    #[test]
    fn a_multi_line_finding_has_no_columns_and_info_is_a_notice() {
        let line = command("Dockerfile", &finding(Severity::Info, 3, 5, 5, 1));
        assert!(line.starts_with("::notice file=Dockerfile,line=3,endLine=4,title="), "{line}");
        let mut with_fix = finding(Severity::Error, 2, 1, 4, 9);
        with_fix.fix = Some(Fix::new("Add --no-cache", Applicability::Safe, vec![Edit::insert(0, "x")]));
        let line = command("Dockerfile", &with_fix);
        assert!(line.starts_with("::error file=Dockerfile,line=2,endLine=4,title="), "{line}");
        assert!(line.ends_with("really%0AFix (safe): Add --no-cache"), "{line}");
    }

    #[test]
    fn worst_findings_go_first_and_the_rest_are_counted() {
        let mut findings: Vec<Finding> = (1..=12).map(|l| finding(Severity::Info, l, 1, l, 2)).collect();
        findings.extend((1..=3).map(|l| finding(Severity::Error, l, 1, l, 2)));
        let file = FileOutcome {
            path: "Dockerfile".to_owned(),
            text: None,
            findings,
            fingerprints: Vec::new(),
            estimate: None,
            io_error: None,
            proposal: None,
        };
        let out = render(&[file]);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[..3].iter().all(|l| l.starts_with("::error ")), "{out}");
        assert_eq!(lines.iter().filter(|l| l.starts_with("::notice ")).count(), SHOWN_PER_SEVERITY);
        assert_eq!(
            lines.last().copied(),
            Some(
                "slimfile: 2 more findings are not annotated: GitHub shows at most 10 annotations of each severity \
                 per step."
            )
        );
    }
}
