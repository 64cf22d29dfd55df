//! Markdown (`--format markdown`): the report that the sticky pull-request comment and the job
//! summary show, and that `check` prints for people who paste it somewhere.
//!
//! GitHub refuses a comment over 65,536 characters, so the report is built within a byte limit
//! (bytes are never fewer than characters): the sizes and findings come first, the proposed
//! Dockerfiles after them, and whatever does not fit is replaced by a note saying so.

use slimfile_core::{Finding, Severity};

use slimfile_core::estimate::FileEstimate;
use slimfile_core::estimate::units::{approximately, megabytes};

use super::counted;
use crate::file_outcome::FileOutcome;
use crate::proposal_summary::FileProposal;

/// GitHub's limit on a comment body (a longer one is refused with 422 "Body is too long").
pub const COMMENT_LIMIT: usize = 65_536;

/// GitHub's limit on one step's job summary (1 MiB).
pub const STEP_SUMMARY_LIMIT: usize = 1024 * 1024;

/// Room kept free for the notes that say what was left out.
const NOTE_ROOM: usize = 600;

/// One Dockerfile's part of the report.
#[derive(Debug)]
pub struct FileSection<'a> {
    /// Its findings and size estimate (or why it could not be read).
    pub outcome: &'a FileOutcome,
    /// What slimfile proposes instead, when it proposes anything.
    pub proposal: Option<&'a FileProposal>,
}

/// How to render the report.
#[derive(Debug, Default)]
pub struct Options<'a> {
    /// A hidden HTML comment written first, by which the Action finds its comment again.
    pub marker: Option<&'a str>,
    /// Sentences about the run itself (for example, why no review was posted).
    pub notes: &'a [String],
    /// The most bytes the report may have.
    pub limit: usize,
    /// The URL prefix of the files at the checked commit (`https://github.com/o/r/blob/SHA/`),
    /// so that locations link to their line.
    pub blob_url: Option<&'a str>,
    /// The measured table of a verification (`slimfile verify --format markdown`), shown after
    /// the estimated sizes it proves or corrects.
    pub verification: Option<&'a str>,
}

/// Renders the report for `files` within `options.limit` bytes.
#[must_use]
pub fn render(files: &[FileSection<'_>], options: &Options<'_>) -> String {
    let tail = tail(options.notes);
    let mut out = Bounded { text: String::new(), limit: options.limit, tail: tail.len() };
    if let Some(marker) = options.marker {
        out.force(&format!("{marker}\n"));
    }
    out.force(&heading(files));
    size_table(&mut out, files);
    if let Some(verification) = options.verification
        && !out.push(&format!("\n{verification}"))
    {
        out.note("\n_The verification table is too long for this report: the job summary and the log have it._\n");
    }
    findings(&mut out, files, options.blob_url);
    proposals(&mut out, files);
    out.tail = 0;
    out.note(&tail);
    out.finish()
}

/// Text written within a byte limit. Content keeps room free for the notes that say what was
/// left out, and notes keep room free for the tail that ends every report.
struct Bounded {
    text: String,
    limit: usize,
    tail: usize,
}

impl Bounded {
    /// Appends content if it fits; says whether it did.
    fn push(&mut self, part: &str) -> bool {
        self.push_within(part, self.tail + NOTE_ROOM)
    }

    /// Appends a note on what was left out, if it fits.
    fn note(&mut self, part: &str) -> bool {
        self.push_within(part, self.tail)
    }

    fn push_within(&mut self, part: &str, keep_free: usize) -> bool {
        let fits = self.text.len() + part.len() + keep_free <= self.limit;
        if fits {
            self.text.push_str(part);
        }
        fits
    }

    /// Appends `part` whether or not it fits: what the report cannot do without.
    fn force(&mut self, part: &str) {
        self.text.push_str(part);
    }

    /// The text, cut at the limit with a note if the parts that had to be written did not fit.
    fn finish(mut self) -> String {
        if self.text.len() <= self.limit {
            return self.text;
        }
        let note = "\n\n*(report cut: it is longer than GitHub allows here)*\n";
        let mut cut = self.limit.saturating_sub(note.len());
        while !self.text.is_char_boundary(cut) {
            cut -= 1;
        }
        self.text.truncate(cut);
        if self.text.len() + note.len() <= self.limit {
            self.text.push_str(note);
        }
        self.text
    }
}

fn heading(files: &[FileSection<'_>]) -> String {
    let count =
        |severity: Severity| files.iter().flat_map(|f| &f.outcome.findings).filter(|f| f.severity == severity).count();
    let unread = files.iter().filter(|f| f.outcome.io_error.is_some()).count();
    let (errors, warnings, notices) =
        (count(Severity::Error) + unread, count(Severity::Warning), count(Severity::Info));
    let total = errors + warnings + notices;
    let dockerfiles = counted(files.len(), "Dockerfile", "Dockerfiles");
    if total == 0 {
        return format!("## slimfile: no findings in {dockerfiles}\n\n");
    }
    format!(
        "## slimfile: {} in {dockerfiles}\n\n{}, {}, {}\n\n",
        counted(total, "finding", "findings"),
        counted(errors, "error", "errors"),
        counted(warnings, "warning", "warnings"),
        counted(notices, "notice", "notices"),
    )
}

fn size_table(out: &mut Bounded, files: &[FileSection<'_>]) {
    let sized: Vec<(&str, &FileEstimate)> =
        files.iter().filter_map(|f| f.outcome.estimate.as_ref().map(|e| (f.outcome.path.as_str(), e))).collect();
    if sized.is_empty() {
        return;
    }
    out.push(
        "### Image size (estimated)\n\n| Dockerfile | Pulled (compressed) | On disk | Bloat | Confidence |\n\
         | --- | --- | --- | --- | --- |\n",
    );
    let mut left_out = 0;
    for (path, estimate) in sized {
        let (before, after) = (&estimate.before, &estimate.after);
        let bloat = if estimate.change_is_known() {
            bloat_ratio(before.size.uncompressed_bytes, after.size.uncompressed_bytes)
        } else {
            "–".to_owned()
        };
        let substitutions: String = estimate.substitutions().iter().map(|s| format!("<br>{s}")).collect();
        let row = format!(
            "| {}{substitutions} | {} → {} | {} → {} | {bloat} | {} |\n",
            code(path),
            approximately(before.extent, before.size.compressed_bytes),
            approximately(after.extent, after.size.compressed_bytes),
            approximately(before.extent, before.size.uncompressed_bytes),
            approximately(after.extent, after.size.uncompressed_bytes),
            estimate.confidence().as_str(),
        );
        if !out.push(&row) {
            left_out += 1;
        }
    }
    if left_out > 0 {
        out.note(&format!("\n*…and {} not shown.*\n", counted(left_out, "more Dockerfile", "more Dockerfiles")));
    }
    out.note("\n");
}

/// How many times larger the image is than the proposal's, on disk: `11.0×`.
fn bloat_ratio(before: u64, after: u64) -> String {
    if after == 0 || before <= after {
        return "–".to_owned();
    }
    #[allow(clippy::cast_precision_loss, reason = "a ratio shown to one decimal")]
    let ratio = before as f64 / after as f64;
    format!("{ratio:.1}×")
}

fn findings(out: &mut Bounded, files: &[FileSection<'_>], blob_url: Option<&str>) {
    let mut left_out = 0;
    for (severity, title) in [(Severity::Error, "Errors"), (Severity::Warning, "Warnings"), (Severity::Info, "Notices")]
    {
        let mut rows = Vec::new();
        for file in files {
            let outcome = file.outcome;
            if severity == Severity::Error
                && let Some(error) = &outcome.io_error
            {
                rows.push(format!("| {} | – | could not be read: {} | | |\n", code(&outcome.path), cell(error)));
            }
            for finding in outcome.findings.iter().filter(|f| f.severity == severity) {
                rows.push(finding_row(&outcome.path, finding, blob_url));
            }
        }
        if rows.is_empty() {
            continue;
        }
        let header = format!(
            "### {title} ({})\n\n| Where | Rule | Finding | Costs (estimated) | Fix |\n| --- | --- | --- | --- | --- |\n",
            rows.len()
        );
        if !out.push(&header) {
            left_out += rows.len();
            continue;
        }
        for row in &rows {
            if !out.push(row) {
                left_out += 1;
            }
        }
        out.note("\n");
    }
    if left_out > 0 {
        out.note(&format!(
            "*…and {} not shown here: run `slimfile check` to see them all.*\n\n",
            counted(left_out, "more finding", "more findings")
        ));
    }
}

fn finding_row(path: &str, finding: &Finding, blob_url: Option<&str>) -> String {
    let line = finding.range.start.line;
    let place = code(&format!("{path}:{line}"));
    let place = match blob_url {
        Some(base) => format!("[{place}]({base}{}#L{line})", path.trim_start_matches("./")),
        None => place,
    };
    let cost = finding.bytes.map_or_else(String::new, |b| format!("~{}", megabytes(b)));
    let fix = finding
        .fix
        .as_ref()
        .map_or_else(String::new, |fix| format!("{} ({})", cell(&fix.title), fix.applicability.as_str()));
    format!("| {place} | `{}` | {} | {cost} | {fix} |\n", finding.rule, cell(&finding.message))
}

fn proposals(out: &mut Bounded, files: &[FileSection<'_>]) {
    let proposed: Vec<(&FileSection<'_>, &FileProposal)> =
        files.iter().filter_map(|f| f.proposal.map(|p| (f, p))).collect();
    if proposed.is_empty() || !out.push("### Proposed Dockerfiles\n\n") {
        return;
    }
    for (file, proposal) in proposed {
        let path = html(&file.outcome.path);
        let block = details(&format!("<code>{path}</code>: {}", html(&proposal.status)), "dockerfile", &proposal.text);
        let diff = details(&format!("Diff for <code>{path}</code>"), "diff", &proposal.diff);
        if out.push(&format!("{block}{diff}")) {
            continue;
        }
        let too_long = format!(
            "- The proposal for <code>{path}</code> ({}) is too long to show here; `slimfile fix {}` prints its \
             diff.\n\n",
            html(&proposal.status),
            file.outcome.path
        );
        out.note(&too_long);
    }
}

/// A collapsed block holding a fenced code block.
fn details(summary: &str, language: &str, body: &str) -> String {
    let fence = fence_for(body);
    let newline = if body.ends_with('\n') { "" } else { "\n" };
    format!("<details>\n<summary>{summary}</summary>\n\n{fence}{language}\n{body}{newline}{fence}\n\n</details>\n\n")
}

/// A fence longer than any run of backticks in `body`, so the block cannot end early.
#[must_use]
pub fn fence_for(body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

fn tail(notes: &[String]) -> String {
    let mut tail = String::new();
    for note in notes {
        tail.push_str(&format!("> {}\n\n", note.replace('\n', " ")));
    }
    tail.push_str(&format!(
        "<sub>slimfile {} · `slimfile explain RULE` says why a rule matters and how its fix works.</sub>\n",
        env!("CARGO_PKG_VERSION")
    ));
    tail
}

/// Inline code that survives a table cell.
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'").replace('|', "\\|").replace('\n', " "))
}

/// Plain text that survives a table cell and is not read as HTML.
fn cell(text: &str) -> String {
    html(text).replace('|', "\\|").replace(['\r', '\n'], " ")
}

fn html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use slimfile_core::fix::{Applicability, Edit, Fix};
    use slimfile_core::{Position, Range, Span};

    fn finding(severity: Severity, line: u32, message: &str) -> Finding {
        Finding {
            rule: "package-cache-in-layer",
            severity,
            message: message.to_owned(),
            span: Span::new(0, 1),
            range: Range { start: Position { line, column: 1 }, end: Position { line, column: 4 } },
            bytes: Some(149_142_528),
            fix: Some(Fix::new("Add --no-cache", Applicability::Safe, vec![Edit::insert(0, "x")])),
            related: Vec::new(),
        }
    }

    fn file(findings: Vec<Finding>) -> FileOutcome {
        FileOutcome {
            path: "api/Dockerfile".to_owned(),
            text: None,
            findings,
            fingerprints: Vec::new(),
            estimate: None,
            io_error: None,
            proposal: None,
        }
    }

    #[test]
    fn sizes_findings_by_severity_and_the_proposal() {
        let outcome = file(vec![
            finding(Severity::Warning, 5, "apt lists | stay <in> the layer"),
            finding(Severity::Info, 2, "x"),
        ]);
        let proposal = FileProposal {
            text: "FROM a\nRUN ```x```\n".to_owned(),
            status: "1 safe fix applied".to_owned(),
            diff: "-a\n+b\n".to_owned(),
        };
        let mut outcome = outcome;
        let text = "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\nCOPY . .\n";
        outcome.estimate = slimfile_core::check(text.as_bytes(), &slimfile_core::CheckOptions::default()).estimate;
        let files = [FileSection { outcome: &outcome, proposal: Some(&proposal) }];
        let notes = ["No review: the token is read-only.".to_owned()];
        let options = Options {
            marker: Some("<!-- slimfile:summary -->"),
            notes: &notes,
            limit: COMMENT_LIMIT,
            blob_url: Some("https://github.com/o/r/blob/abc/"),
            verification: None,
        };
        let text = render(&files, &options);
        assert!(
            text.starts_with(
                "<!-- slimfile:summary -->\n## slimfile: 2 findings in 1 Dockerfile\n\n0 errors, 1 warning, 1 notice\n"
            ),
            "{text}"
        );
        let row = text.lines().find(|l| l.starts_with("| `api/Dockerfile` | ~")).expect("a size row");
        assert_eq!(row.matches(" → ~").count(), 2, "{row}");
        assert!(text.contains("| Dockerfile | Pulled (compressed) | On disk | Bloat | Confidence |"), "{text}");
        assert!(text.contains("### Warnings (1)\n"), "{text}");
        assert!(
            text.contains("| [`api/Dockerfile:5`](https://github.com/o/r/blob/abc/api/Dockerfile#L5) | `package-cache-in-layer` | apt lists \\| stay &lt;in&gt; the layer | ~149 MB | Add --no-cache (safe) |\n"),
            "{text}"
        );
        assert!(text.find("### Warnings").lt(&text.find("### Notices")), "{text}");
        assert!(text.contains("<summary><code>api/Dockerfile</code>: 1 safe fix applied</summary>\n\n````dockerfile\nFROM a\nRUN ```x```\n````\n"), "{text}");
        assert!(text.contains("```diff\n-a\n+b\n```\n"), "{text}");
        assert!(text.contains("> No review: the token is read-only.\n"), "{text}");
    }

    #[test]
    fn stays_within_the_limit_and_says_what_it_left_out() {
        let many: Vec<Finding> =
            (1..=2000).map(|l| finding(Severity::Warning, l, "a long message ".repeat(4).as_str())).collect();
        let outcome = file(many);
        let proposal = FileProposal {
            text: "RUN x\n".repeat(20_000),
            status: "1 safe fix applied".to_owned(),
            diff: String::new(),
        };
        let files = [FileSection { outcome: &outcome, proposal: Some(&proposal) }];
        let text = render(&files, &Options { limit: COMMENT_LIMIT, ..Options::default() });
        assert!(text.len() <= COMMENT_LIMIT, "{}", text.len());
        assert!(text.contains("more findings not shown here"), "{text}");
        assert!(text.ends_with("</sub>\n"), "the footer survives");

        let small = [FileSection { outcome: &file(vec![finding(Severity::Error, 1, "m")]), proposal: Some(&proposal) }];
        let text = render(&small, &Options { limit: COMMENT_LIMIT, ..Options::default() });
        assert!(text.len() <= COMMENT_LIMIT);
        assert!(text.contains("is too long to show here"), "{text}");
        assert!(text.contains("### Errors (1)"), "{text}");

        let tiny = render(&small, &Options { limit: 100, ..Options::default() });
        assert!(tiny.len() <= 100, "{tiny}");
    }

    #[test]
    fn unreadable_files_are_errors_and_a_clean_run_says_so() {
        let mut unread = file(vec![]);
        unread.path = "Dockerfile".to_owned();
        unread.io_error = Some("no such file".to_owned());
        let text = render(
            &[FileSection { outcome: &unread, proposal: None }],
            &Options { limit: COMMENT_LIMIT, ..Options::default() },
        );
        assert!(text.contains("| `Dockerfile` | – | could not be read: no such file | | |"), "{text}");
        let clean = file(vec![]);
        let text = render(
            &[FileSection { outcome: &clean, proposal: None }],
            &Options { limit: COMMENT_LIMIT, ..Options::default() },
        );
        assert!(text.starts_with("## slimfile: no findings in 1 Dockerfile\n"), "{text}");
    }

    #[test]
    fn bloat_is_before_over_after() {
        assert_eq!(bloat_ratio(1_100, 100), "11.0×");
        assert_eq!(bloat_ratio(100, 100), "–");
        assert_eq!(bloat_ratio(100, 0), "–");
    }
}
