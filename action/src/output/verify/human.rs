//! `slimfile verify --format human`: what each verification saw, then the measured table.

use std::fmt::Write;

use slimfile_core::verify::{Behaviour, BehaviourMatch, BuildOutcome, CacheReuse, Verdict, Verification};

use super::table::{HEADINGS, rows};
use super::{FileReport, MEASURES_NOTE, VerifyOutcome};

/// Renders the reports.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let _ = writeln!(out, "{}", report.path);
        match &report.outcome {
            VerifyOutcome::Checked(verification) => details(&mut out, verification),
            VerifyOutcome::NothingToVerify { reason } => {
                let _ = writeln!(out, "  nothing to verify: {reason}");
            }
            VerifyOutcome::Error { message } => {
                let _ = writeln!(out, "  error: {message}");
            }
        }
        out.push('\n');
    }
    out.push_str(&aligned_table(reports));
    let _ = writeln!(out, "\n{MEASURES_NOTE}");
    out
}

fn details(out: &mut String, verification: &Verification) {
    for (what, build) in [("original", &verification.original_build), ("proposed", &verification.slim_build)] {
        match build {
            BuildOutcome::Built => {
                let _ = writeln!(out, "  {what} Dockerfile: built");
            }
            BuildOutcome::Failed { reason } => {
                let _ = writeln!(out, "  {what} Dockerfile: did not build:");
                for line in reason.lines() {
                    let _ = writeln!(out, "    | {line}");
                }
            }
        }
    }
    if let Some(check) = &verification.behaviour {
        let _ = writeln!(out, "  smoke test ({}):", check.check);
        let _ = writeln!(out, "    original: {}", behaviour(&check.before));
        let _ = writeln!(out, "    slim:     {}", behaviour(&check.after));
        if let BehaviourMatch::Different { reason } = &check.result {
            let _ = writeln!(out, "    different: {reason}");
        }
    }
    match &verification.cache {
        Some(CacheReuse::Reused { steps, changed_file }) => {
            let _ = writeln!(
                out,
                "  after changing {changed_file}, the dependency layer came from the cache: {}",
                steps.join("; ")
            );
        }
        Some(CacheReuse::NotReused { steps, changed_file }) => {
            let _ = writeln!(
                out,
                "  after changing {changed_file}, these dependency steps ran again: {}",
                steps.join("; ")
            );
        }
        Some(CacheReuse::NoDependencyLayer { reason }) => {
            let _ = writeln!(out, "  dependency cache: the proposal has no dependency layer ({reason})");
        }
        Some(CacheReuse::Inconclusive { reason }) => {
            let _ = writeln!(out, "  dependency cache: inconclusive ({reason})");
        }
        None => {}
    }
    match &verification.verdict {
        Verdict::Verified => {
            let _ = writeln!(out, "  verified: builds, behaves like the original, and is smaller");
        }
        Verdict::Failed { problems } => {
            // A build log is already shown above, under its build: one line each here.
            for problem in problems {
                let _ = writeln!(out, "  FAILED: {}", problem.lines().next().unwrap_or_default());
            }
        }
        Verdict::Unverifiable { reason } => {
            let _ = writeln!(out, "  unverifiable: {}", reason.lines().next().unwrap_or_default());
        }
    }
}

fn behaviour(behaviour: &Behaviour) -> String {
    let first_line = |text: &str| text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_owned();
    match behaviour {
        Behaviour::Exited { status, stdout, stderr } => {
            format!(
                "exited {status}: {:?}",
                if stdout.trim().is_empty() { first_line(stderr) } else { first_line(stdout) }
            )
        }
        Behaviour::StillRunning { stdout, stderr } => {
            format!(
                "still running: {:?}",
                if stdout.trim().is_empty() { first_line(stderr) } else { first_line(stdout) }
            )
        }
        Behaviour::Http { status, body } => format!("HTTP {status}: {:?}", first_line(body)),
        Behaviour::Failed { reason } => format!("failed: {reason}"),
    }
}

/// The table with its columns padded to a common width.
fn aligned_table(reports: &[FileReport]) -> String {
    let rows = rows(reports);
    let mut widths = HEADINGS.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> =
            cells.iter().zip(&widths).map(|(cell, width)| format!("{cell:<width$}", width = *width)).collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&HEADINGS.map(str::to_owned));
    for row in &rows {
        out.push_str(&line(row));
    }
    out
}
