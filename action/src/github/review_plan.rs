//! Which findings become inline review comments, on which lines, with which one-click
//! suggestion; and the review's body, which lists the rest.
//!
//! A comment may only sit on lines of the pull request's diff, and a ```` ```suggestion ````
//! block replaces exactly the commented lines. So a finding gets a suggestion only when its fix
//! is safe and every line the fix touches is in one diff hunk and reads, on disk, as the diff
//! says (the checked-out tree can differ from the pull request's head, e.g. a merge commit).
//! Comments whose lines overlap are merged, so that no line carries two suggestions.

use serde::Serialize;
use slimfile_core::FixLevel;
use slimfile_core::fix::{Applicability, Edit, Fix, apply_once};
use slimfile_core::fix_level::Change;
use slimfile_core::proposal::REWRITE_RULE;
use slimfile_core::source::LineIndex;
use slimfile_core::{Finding, Severity, Span};

use super::hunks::DiffLines;
use crate::file_outcome::FileOutcome;
use crate::output::markdown::fence_for;
use crate::output::{counted, lines_of};
use slimfile_core::estimate::units::megabytes;

/// The most inline comments one review carries: larger reviews trip GitHub's secondary rate
/// limits.
pub const MAX_INLINE_COMMENTS: usize = 30;

/// How many findings the review body lists before it only counts the rest.
const MAX_LISTED: usize = 50;

/// One inline comment, in the shape of the review API's `comments` items (the run's marker is
/// put first when it is posted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InlineComment {
    /// The file, relative to the repository root.
    pub path: String,
    /// The first line of a multi-line comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_line: Option<u32>,
    /// The side of `start_line`: always the new file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_side: Option<&'static str>,
    /// The (last) line.
    pub line: u32,
    /// The side of `line`: always the new file.
    pub side: &'static str,
    /// The Markdown body.
    pub body: String,
}

/// A finding with the file it is in.
pub type Located<'a> = (&'a str, &'a Finding);

/// What one run's review holds.
#[derive(Debug, Default)]
pub struct ReviewPlan<'a> {
    /// The inline comments, each with the findings it speaks of.
    pub comments: Vec<(InlineComment, Vec<Located<'a>>)>,
    /// Findings that cannot be commented inline (outside the diff, unread lines, over the cap).
    pub elsewhere: Vec<Located<'a>>,
    /// File-level comments (`subject_type: file`): for each changed file with findings outside
    /// its diff, one comment listing them, so they show on the file in "Files changed".
    pub file_comments: Vec<FileComment>,
}

/// A comment on a whole file of the pull request (`POST /pulls/{n}/comments` with
/// `subject_type: file`; reviews cannot carry them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileComment {
    /// The file, relative to the repository root.
    pub path: String,
    /// The Markdown body (the run's marker is put first when it is posted).
    pub body: String,
}

/// The most file-level comments one run posts.
pub const MAX_FILE_COMMENTS: usize = 10;

/// One file to review: its outcome and, when the pull request changed it, its diff lines.
pub type Reviewed<'a> = (&'a FileOutcome, Option<&'a DiffLines>);

/// Plans the review of `files`.
#[must_use]
pub fn plan<'a>(files: &[Reviewed<'a>]) -> ReviewPlan<'a> {
    let mut candidates: Vec<Candidate<'a>> = Vec::new();
    let mut elsewhere: Vec<Located<'a>> = Vec::new();
    let mut file_comments = Vec::new();
    for &(outcome, diff) in files {
        match (outcome.text.as_deref(), diff) {
            (Some(text), Some(diff)) => {
                let file = FileLines { path: &outcome.path, text, index: LineIndex::new(text), diff };
                let (inline, rest) = file.candidates(&outcome.findings);
                candidates.extend(inline);
                if !rest.is_empty() && file_comments.len() < MAX_FILE_COMMENTS {
                    file_comments.push(FileComment { path: outcome.path.clone(), body: file_body(&rest) });
                }
                elsewhere.extend(rest);
            }
            _ => elsewhere.extend(outcome.findings.iter().map(|f| (outcome.path.as_str(), f))),
        }
    }
    // The worst findings get the inline comments when there are more than the cap.
    candidates.sort_by_key(|c| std::cmp::Reverse(c.severity()));
    for extra in candidates.drain(MAX_INLINE_COMMENTS.min(candidates.len())..) {
        elsewhere.extend(extra.findings.iter().map(|(f, _)| (extra.path, *f)));
    }
    let order = |path: &str| files.iter().position(|(o, _)| o.path == path).unwrap_or(usize::MAX);
    candidates.sort_by_key(|c| (order(c.path), c.first, c.last));
    elsewhere.sort_by_key(|(path, f)| (order(path), f.span.start));
    ReviewPlan { comments: candidates.into_iter().map(Candidate::into_comment).collect(), elsewhere, file_comments }
}

/// A file-level comment's body: the file's findings that lie outside the diff.
fn file_body(findings: &[Located<'_>]) -> String {
    format!(
        "**slimfile**: {} in this file outside the lines this pull request changes:\n\n{}",
        counted(findings.len(), "finding", "findings"),
        list(findings)
    )
}

/// The review's body: what was commented, and a list of what could not be. `summary` says where
/// the sizes and the proposed Dockerfile are (the summary comment, or the job summary).
#[must_use]
pub fn review_body(plan: &ReviewPlan<'_>, summary: &str) -> String {
    let commented: usize = plan.comments.iter().map(|(_, f)| f.len()).sum();
    let mut body = format!(
        "**slimfile** commented on {} in this pull request's Dockerfiles. A safe fix comes as a \
         suggestion you can commit with one click; {summary} has the estimated sizes and the proposed Dockerfile.\n",
        counted(commented, "finding", "findings")
    );
    if !plan.elsewhere.is_empty() {
        body.push_str(&format!(
            "\n{} not commented inline (outside the changed lines, or over {MAX_INLINE_COMMENTS} comments):\n\n",
            counted(plan.elsewhere.len(), "finding is", "findings are")
        ));
        body.push_str(&list(&plan.elsewhere));
    }
    body
}

/// The body of a review that carries no inline comment: every finding listed.
#[must_use]
pub fn review_body_without_comments(plan: &ReviewPlan<'_>, why: &str) -> String {
    let mut all: Vec<Located<'_>> = plan.comments.iter().flat_map(|(_, f)| f.iter().copied()).collect();
    all.extend(plan.elsewhere.iter().copied());
    format!(
        "**slimfile** found {} in this pull request's Dockerfiles ({why}):\n\n{}",
        counted(all.len(), "finding", "findings"),
        list(&all)
    )
}

fn list(findings: &[Located<'_>]) -> String {
    let mut out = String::new();
    for (path, finding) in findings.iter().take(MAX_LISTED) {
        out.push_str(&format!(
            "- `{path}:{}` {} `{}`: {}\n",
            finding.range.start.line,
            finding.severity.as_str(),
            finding.rule,
            finding.message.replace('\n', " ")
        ));
    }
    if findings.len() > MAX_LISTED {
        out.push_str(&format!("- …and {} more.\n", findings.len() - MAX_LISTED));
    }
    out
}

/// A comment being planned: a line range, its findings and the safe fixes to suggest.
struct Candidate<'a> {
    path: &'a str,
    first: u32,
    last: u32,
    /// Each finding, and whether its fix is among `fixes`.
    findings: Vec<(&'a Finding, bool)>,
    /// The safe fixes to suggest, already made relative to `region`.
    fixes: Vec<Fix>,
    /// The bytes of lines `first..=last`, their line endings included.
    region: String,
}

impl<'a> Candidate<'a> {
    fn severity(&self) -> Severity {
        self.findings.iter().map(|(f, _)| f.severity).max().unwrap_or(Severity::Info)
    }

    fn into_comment(self) -> (InlineComment, Vec<Located<'a>>) {
        let mut body = String::new();
        let refs: Vec<&Fix> = self.fixes.iter().collect();
        let (suggested, applied) = apply_once(&self.region, &refs);
        let paragraphs: Vec<String> =
            self.findings.iter().map(|&(finding, suggested)| describe(finding, suggested && applied > 0)).collect();
        body.push_str(&paragraphs.join("\n"));
        if applied > 0 {
            if applied < self.fixes.len() {
                body.push_str(&format!(
                    "\nThis suggestion holds {applied} of the {} fixes here (the others overlap it); the next run \
                     offers the rest.\n",
                    self.fixes.len()
                ));
            }
            body.push_str(&suggestion(&suggested));
        }
        let comment = InlineComment {
            path: self.path.to_owned(),
            start_line: (self.first < self.last).then_some(self.first),
            start_side: (self.first < self.last).then_some("RIGHT"),
            line: self.last,
            side: "RIGHT",
            body,
        };
        (comment, self.findings.iter().map(|(f, _)| (self.path, *f)).collect())
    }
}

/// A paragraph about one finding of a comment.
fn describe(finding: &Finding, suggested: bool) -> String {
    let severity = match finding.severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
        Severity::Info => "Notice",
    };
    let cost = finding.bytes.map_or_else(String::new, |b| format!(" (~{}, estimated)", megabytes(b)));
    let mut text = format!("**{severity}** `{}`{cost}: {}\n", finding.rule, finding.message);
    if let Some(fix) = &finding.fix {
        let title = &fix.title;
        text.push_str(&match fix.applicability {
            _ if finding.rule == REWRITE_RULE => format!(
                "Fix: {title}. When `slimfile fix` writes it (a high-confidence rewrite), the proposed Dockerfile and \
                 its diff are in the summary comment.\n"
            ),
            Applicability::Safe if suggested => {
                format!("Suggested fix (safe: the image behaves the same): {title}.\n")
            }
            Applicability::Safe => {
                format!("Fix (safe): {title}. It reaches lines outside this diff, so it is not suggested here.\n")
            }
            Applicability::Unsafe => format!(
                "Possible fix (unsafe: opt-in with `slimfile fix --unsafe-fixes`): {title}. Not suggested: it may \
                 change what the image contains or how it behaves.\n"
            ),
            Applicability::DisplayOnly => format!("To fix: {title} (a decision only you can make).\n"),
        });
    }
    text.push_str(&format!("<sub>`slimfile explain {}`</sub>\n", finding.rule));
    text
}

/// A suggestion block whose lines replace the commented ones.
fn suggestion(replacement: &str) -> String {
    let lines = replacement.replace("\r\n", "\n");
    let lines = lines.strip_suffix('\n').unwrap_or(&lines);
    let fence = fence_for(lines);
    if lines.is_empty() {
        format!("\n{fence}suggestion\n{fence}\n")
    } else {
        format!("\n{fence}suggestion\n{lines}\n{fence}\n")
    }
}

/// One file's text, line index and diff, for placing its comments.
struct FileLines<'a> {
    path: &'a str,
    text: &'a str,
    index: LineIndex,
    diff: &'a DiffLines,
}

impl<'a> FileLines<'a> {
    /// The file's inline candidates (overlapping ones merged) and the findings that cannot be.
    fn candidates(&self, findings: &'a [Finding]) -> (Vec<Candidate<'a>>, Vec<Located<'a>>) {
        let mut single: Vec<Candidate<'a>> = Vec::new();
        let mut elsewhere = Vec::new();
        for finding in findings {
            match self.candidate(finding) {
                Some(candidate) => single.push(candidate),
                None => elsewhere.push((self.path, finding)),
            }
        }
        single.sort_by_key(|c| (c.first, c.last));
        let mut merged: Vec<Candidate<'a>> = Vec::new();
        for next in single {
            match merged.last_mut() {
                Some(current) if next.first <= current.last => {
                    let (first, last) = (current.first, current.last.max(next.last));
                    let mut fixes = self.absolute(current);
                    fixes.extend(self.absolute(&next));
                    current.findings.extend(next.findings);
                    current.last = last;
                    current.region = self.region(first, last).slice(self.text).to_owned();
                    current.fixes = fixes.iter().filter_map(|fix| self.relative(fix, first, last)).collect();
                }
                _ => merged.push(next),
            }
        }
        (merged, elsewhere)
    }

    fn candidate(&self, finding: &'a Finding) -> Option<Candidate<'a>> {
        let own = lines_of(finding);
        // A suggestion block only for what `slimfile fix` applies by default.
        let safe_fix = finding
            .fix
            .as_ref()
            .filter(|f| finding.rule != REWRITE_RULE && FixLevel::Default.applies(Change::Rule(f.applicability)));
        if let Some(fix) = safe_fix
            && let Some((first, last)) = self.fix_lines(fix)
        {
            let (first, last) = (first.min(own.0), last.max(own.1));
            if self.commentable(first, last)
                && let Some(relative) = self.relative(fix, first, last)
            {
                return Some(Candidate {
                    path: self.path,
                    first,
                    last,
                    findings: vec![(finding, true)],
                    fixes: vec![relative],
                    region: self.region(first, last).slice(self.text).to_owned(),
                });
            }
        }
        self.commentable(own.0, own.1).then(|| Candidate {
            path: self.path,
            first: own.0,
            last: own.1,
            findings: vec![(finding, false)],
            fixes: Vec::new(),
            region: String::new(),
        })
    }

    /// Lines `first..=last` are in one hunk and read on disk as the diff shows them.
    fn commentable(&self, first: u32, last: u32) -> bool {
        self.diff.covers(first, last)
            && (first..=last).all(|line| {
                let on_disk = self.index.line_span(self.text, line as usize - 1).slice(self.text);
                self.diff.text(line).map(|t| t.strip_suffix('\r').unwrap_or(t)) == Some(on_disk)
            })
    }

    /// The 1-based lines a fix's edits touch.
    fn fix_lines(&self, fix: &Fix) -> Option<(u32, u32)> {
        let in_text = |e: &Edit| {
            e.span.start <= e.span.end
                && e.span.end <= self.text.len()
                && self.text.is_char_boundary(e.span.start)
                && self.text.is_char_boundary(e.span.end)
        };
        if fix.edits.is_empty() || !fix.edits.iter().all(in_text) {
            return None;
        }
        let first = fix.edits.iter().map(|e| self.index.line_of(e.span.start)).min()?;
        let last =
            fix.edits.iter().map(|e| self.index.line_of(e.span.end.saturating_sub(1).max(e.span.start))).max()?;
        Some((to_line(first), to_line(last)))
    }

    /// Lines `first..=last` as bytes, the last line's ending included.
    fn region(&self, first: u32, last: u32) -> Span {
        let start = self.index.line_start(first as usize - 1);
        let end = if (last as usize) < self.index.line_count() {
            self.index.line_start(last as usize)
        } else {
            self.text.len()
        };
        Span::new(start, end.max(start))
    }

    /// The fix with its edits made relative to lines `first..=last`; `None` if an edit reaches
    /// outside them.
    fn relative(&self, fix: &Fix, first: u32, last: u32) -> Option<Fix> {
        let region = self.region(first, last);
        let edits = fix
            .edits
            .iter()
            .map(|e| {
                (region.start <= e.span.start && e.span.end <= region.end).then(|| {
                    Edit::replace(
                        Span::new(e.span.start - region.start, e.span.end - region.start),
                        e.replacement.clone(),
                    )
                })
            })
            .collect::<Option<Vec<Edit>>>()?;
        Some(Fix::new(fix.title.clone(), fix.applicability, edits))
    }

    /// A candidate's fixes back in file offsets.
    fn absolute(&self, candidate: &Candidate<'_>) -> Vec<Fix> {
        let start = self.region(candidate.first, candidate.last).start;
        candidate
            .fixes
            .iter()
            .map(|fix| {
                let edits =
                    fix.edits.iter().map(|e| Edit::replace(e.span.shifted(start), e.replacement.clone())).collect();
                Fix::new(fix.title.clone(), fix.applicability, edits)
            })
            .collect()
    }
}

fn to_line(zero_based: usize) -> u32 {
    u32::try_from(zero_based + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file's findings from the rules these tests are written around (others come and go).
    fn outcome(path: &str, text: &str) -> FileOutcome {
        let findings = slimfile_core::check(text.as_bytes(), &slimfile_core::CheckOptions::default())
            .findings
            .into_iter()
            .filter(|f| ["apt-install-recommends", "package-cache-in-layer"].contains(&f.rule))
            .collect();
        FileOutcome {
            path: path.to_owned(),
            text: Some(text.to_owned()),
            findings,
            fingerprints: Vec::new(),
            estimate: None,
            io_error: None,
            proposal: None,
        }
    }

    /// Applies every suggestion of `plan` to `text` the way GitHub does: the block's lines
    /// replace lines `start_line..=line`.
    fn apply_suggestions(text: &str, plan: &ReviewPlan<'_>) -> String {
        let mut lines: Vec<Option<String>> = text.lines().map(|l| Some(l.to_owned())).collect();
        for (comment, _) in &plan.comments {
            let Some(block) = comment.body.split("```suggestion\n").nth(1) else { continue };
            let block = block.strip_suffix("```\n").expect("a closed block");
            let first = comment.start_line.unwrap_or(comment.line) as usize - 1;
            for (i, slot) in lines.iter_mut().enumerate().take(comment.line as usize).skip(first) {
                *slot = (i == first).then(|| block.strip_suffix('\n').unwrap_or(block).to_owned());
            }
        }
        lines.into_iter().flatten().map(|l| l + "\n").collect()
    }

    const TEXT: &str = "FROM python:3.12\n\nRUN apt-get update && \\\n    apt-get install -y gcc\n\nCOPY . .\nRUN pip install -r requirements.txt\n";

    #[test]
    fn safe_fixes_become_suggestions_that_apply_cleanly() {
        let file = outcome("app/Dockerfile", TEXT);
        let diff = DiffLines::parse(&format!(
            "@@ -0,0 +1,7 @@\n{}",
            TEXT.lines().map(|l| format!("+{l}\n")).collect::<String>()
        ));
        let plan = plan(&[(&file, Some(&diff))]);
        assert!(plan.elsewhere.is_empty(), "{:?}", plan.elsewhere);
        let lines: Vec<(Option<u32>, u32)> = plan.comments.iter().map(|(c, _)| (c.start_line, c.line)).collect();
        assert_eq!(lines, [(None, 4), (None, 7)], "the two findings on the apt install share one comment");
        let (apt, findings) = &plan.comments[0];
        assert_eq!(findings.len(), 2);
        assert!(apt.body.contains("Not suggested: it may change what the image contains"), "{}", apt.body);
        assert_eq!(
            apply_suggestions(TEXT, &plan),
            "FROM python:3.12\n\nRUN apt-get update && \\\n    apt-get install -y gcc && rm -rf /var/lib/apt/lists/*\n\n\
             COPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"
        );
    }

    #[test]
    fn findings_outside_the_diff_or_on_changed_lines_are_listed_instead() {
        let file = outcome("Dockerfile", TEXT);
        // Only the pip line changed; the apt lines are not in the diff.
        let diff = DiffLines::parse(
            "@@ -5,3 +5,3 @@\n \n COPY . .\n-RUN pip install -r req.txt\n+RUN pip install -r requirements.txt\n",
        );
        let plan = plan(&[(&file, Some(&diff))]);
        assert_eq!(plan.comments.len(), 1);
        assert_eq!(plan.comments[0].0.line, 7);
        assert_eq!(plan.elsewhere.len(), 2);
        let body = review_body(&plan, "the summary comment");
        assert!(body.contains("2 findings are not commented inline"), "{body}");
        assert_eq!(plan.file_comments.len(), 1);
        assert_eq!(plan.file_comments[0].path, "Dockerfile");
        assert!(
            plan.file_comments[0].body.contains("2 findings in this file outside the lines"),
            "{:?}",
            plan.file_comments
        );
        assert!(body.contains("- `Dockerfile:4` warning `apt-install-recommends`: "), "{body}");

        // The tree on disk is not what the diff shows (say, a merge commit): no comment at all.
        let stale = DiffLines::parse(
            "@@ -0,0 +1,7 @@\n+FROM python:3.12\n+\n+RUN apt-get update && \\\n+    apt-get install -y g++\n+\n+COPY . .\n+RUN pip install -r other.txt\n",
        );
        let plan = super::plan(&[(&file, Some(&stale))]);
        assert!(plan.comments.is_empty());
        assert_eq!(plan.elsewhere.len(), 3);
    }

    #[test]
    fn a_fix_over_several_lines_is_a_multi_line_suggestion() {
        let text = "FROM a\nRUN make \\\n  && make install\nCMD x\n";
        let start = text.find("make").expect("make");
        let install = text.find("install").expect("install");
        let finding = Finding {
            rule: "package-cache-in-layer",
            severity: Severity::Warning,
            message: "m".to_owned(),
            span: Span::new(start, start + 4),
            range: slimfile_core::Range {
                start: slimfile_core::Position { line: 2, column: 5 },
                end: slimfile_core::Position { line: 2, column: 9 },
            },
            bytes: None,
            fix: Some(Fix::new(
                "t",
                Applicability::Safe,
                vec![Edit::replace(Span::new(start, start + 4), "gmake"), Edit::insert(install + 7, " clean")],
            )),
            related: Vec::new(),
        };
        let file = FileOutcome {
            path: "Dockerfile".to_owned(),
            text: Some(text.to_owned()),
            findings: vec![finding],
            fingerprints: Vec::new(),
            estimate: None,
            io_error: None,
            proposal: None,
        };
        let diff = DiffLines::parse("@@ -1,4 +1,4 @@\n FROM a\n-RUN old\n+RUN make \\\n   && make install\n CMD x");
        let plan = plan(&[(&file, Some(&diff))]);
        let (comment, _) = &plan.comments[0];
        assert_eq!(
            (comment.start_line, comment.start_side, comment.line, comment.side),
            (Some(2), Some("RIGHT"), 3, "RIGHT")
        );
        assert!(
            comment.body.ends_with("\n```suggestion\nRUN gmake \\\n  && make install clean\n```\n"),
            "{}",
            comment.body
        );
        assert_eq!(apply_suggestions(text, &plan), "FROM a\nRUN gmake \\\n  && make install clean\nCMD x\n");
    }

    #[test]
    fn at_most_thirty_comments_worst_first() {
        let text: String = std::iter::once("FROM alpine:3.19\n".to_owned())
            .chain((0..40).map(|i| format!("RUN apk add pkg{i}\n")))
            .collect();
        let file = outcome("Dockerfile", &text);
        let diff = DiffLines::parse(&format!(
            "@@ -0,0 +1,41 @@\n{}",
            text.lines().map(|l| format!("+{l}\n")).collect::<String>()
        ));
        let plan = plan(&[(&file, Some(&diff))]);
        assert_eq!(plan.comments.len(), MAX_INLINE_COMMENTS);
        assert_eq!(plan.elsewhere.len(), 10);
        let body = review_body(&plan, "the summary comment");
        assert!(body.contains("commented on 30 findings"), "{body}");
        assert!(
            body.contains("10 findings are not commented inline (outside the changed lines, or over 30 comments)"),
            "{body}"
        );
    }
}
