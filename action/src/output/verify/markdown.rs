//! `slimfile verify --format markdown`: the measured table for a pull-request comment or a job
//! summary, with each failure spelled out below it.

use std::fmt::Write;

use slimfile_core::verify::Verdict;

use super::table::{HEADINGS, rows};
use super::{FileReport, MEASURES_NOTE, VerifyOutcome};

/// Renders the reports.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::from("### slimfile verify: real builds of the proposed Dockerfiles\n\n");
    let cell = |text: &str| text.replace('|', "\\|");
    let _ = writeln!(out, "| {} |", HEADINGS.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(HEADINGS.len()));
    for row in rows(reports) {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    let _ = writeln!(out, "\nSizes are measured / compressed (estimated on disk / compressed). {MEASURES_NOTE}");
    for report in reports {
        let problems: Vec<String> = match &report.outcome {
            VerifyOutcome::Checked(verification) => match &verification.verdict {
                Verdict::Verified => Vec::new(),
                Verdict::Failed { problems } => problems.clone(),
                Verdict::Unverifiable { reason } => vec![reason.clone()],
            },
            VerifyOutcome::NothingToVerify { .. } => Vec::new(),
            VerifyOutcome::Error { message } => vec![message.clone()],
        };
        if problems.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n**{}**", cell(&report.path));
        for problem in problems {
            // Build logs are several lines: keep them in a block so Markdown leaves them alone.
            match problem.split_once('\n') {
                Some((head, rest)) => {
                    let _ = writeln!(out, "- {head}\n\n```\n{rest}\n```");
                }
                None => {
                    let _ = writeln!(out, "- {problem}");
                }
            }
        }
    }
    out
}
