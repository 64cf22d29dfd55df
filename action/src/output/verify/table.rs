//! The measured table's cells, shared by the human and the Markdown report so both show the same
//! figures.

use slimfile_core::estimate::units::megabytes;
use slimfile_core::verify::{AddedSize, BehaviourMatch, CacheReuse, Verdict};

use super::{FileReport, VerifyOutcome};

/// The column headings.
pub const HEADINGS: [&str; 9] = [
    "Dockerfile",
    "before: measured (est.)",
    "after: measured (est.)",
    "added on disk: measured / est. / error",
    "added compressed: measured / est. / error",
    "behaviour",
    "dependency cache",
    "verdict",
    "time",
];

/// One row per file.
pub fn rows(reports: &[FileReport]) -> Vec<[String; 9]> {
    reports.iter().map(row).collect()
}

fn row(report: &FileReport) -> [String; 9] {
    let dash = || "–".to_owned();
    let time = format!("{} s", report.seconds);
    let verification = match &report.outcome {
        VerifyOutcome::Checked(verification) => verification,
        VerifyOutcome::NothingToVerify { .. } => {
            return [
                report.path.clone(),
                dash(),
                dash(),
                dash(),
                dash(),
                dash(),
                dash(),
                "nothing to verify".to_owned(),
                time,
            ];
        }
        VerifyOutcome::Error { .. } => {
            return [report.path.clone(), dash(), dash(), dash(), dash(), dash(), dash(), "error".to_owned(), time];
        }
    };
    let (before, after, added_disk, added_compressed) = match &verification.sizes {
        Some(sizes) => {
            let image = |s: &slimfile_core::verify::ImageSizes| {
                format!(
                    "{} / {} ({} / {})",
                    megabytes(s.measured.disk_bytes),
                    megabytes(s.measured.compressed_bytes),
                    megabytes(s.estimated.uncompressed_bytes),
                    megabytes(s.estimated.compressed_bytes)
                )
            };
            (
                image(&sizes.before),
                image(&sizes.after),
                added_pair(sizes.before.added.as_ref(), sizes.after.added.as_ref(), Measure::Disk),
                added_pair(sizes.before.added.as_ref(), sizes.after.added.as_ref(), Measure::Compressed),
            )
        }
        None => (dash(), dash(), dash(), dash()),
    };
    let behaviour = match &verification.behaviour {
        Some(check) => match &check.result {
            BehaviourMatch::Same => "same".to_owned(),
            BehaviourMatch::Different { .. } => "DIFFERENT".to_owned(),
        },
        None => dash(),
    };
    let cache = match &verification.cache {
        Some(CacheReuse::Reused { .. }) => "reused".to_owned(),
        Some(CacheReuse::NotReused { .. }) => "NOT reused".to_owned(),
        Some(CacheReuse::NoDependencyLayer { .. }) => "no dependency layer".to_owned(),
        Some(CacheReuse::Inconclusive { .. }) => "inconclusive".to_owned(),
        None => "not checked".to_owned(),
    };
    let verdict = match &verification.verdict {
        Verdict::Verified => "verified",
        Verdict::Failed { .. } => "FAILED",
        Verdict::Unverifiable { .. } => "unverifiable",
    };
    [report.path.clone(), before, after, added_disk, added_compressed, behaviour, cache, verdict.to_owned(), time]
}

#[derive(Clone, Copy)]
enum Measure {
    Disk,
    Compressed,
}

/// `before → after` for one measure of the added part: `12 MB / 15 MB / +25.0%`.
fn added_pair(before: Option<&AddedSize>, after: Option<&AddedSize>, measure: Measure) -> String {
    let one = |added: Option<&AddedSize>| match added {
        None => "–".to_owned(),
        Some(added) => {
            let (measured, estimated, error) = match measure {
                Measure::Disk => {
                    (added.measured.disk_bytes, added.estimated.uncompressed_bytes, added.disk_error_percent)
                }
                Measure::Compressed => {
                    (added.measured.compressed_bytes, added.estimated.compressed_bytes, added.compressed_error_percent)
                }
            };
            format!("{} / {} / {}", megabytes(measured), megabytes(estimated), percent(error))
        }
    };
    format!("{} → {}", one(before), one(after))
}

/// `+12.5%`, `−3.0%` (a real minus sign), `n/a`.
pub fn percent(value: Option<f64>) -> String {
    match value {
        Some(v) if v < 0.0 => format!("−{:.1}%", -v),
        Some(v) => format!("+{v:.1}%"),
        None => "n/a".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_carry_their_sign() {
        assert_eq!(percent(Some(12.5)), "+12.5%");
        assert_eq!(percent(Some(-3.0)), "−3.0%");
        assert_eq!(percent(None), "n/a");
    }

    #[test]
    fn a_file_with_nothing_to_verify_has_an_empty_row() {
        let report = FileReport {
            path: "Dockerfile".to_owned(),
            seconds: 0,
            outcome: VerifyOutcome::NothingToVerify { reason: "no change".to_owned() },
        };
        let rows = rows(&[report]);
        assert_eq!(rows[0][0], "Dockerfile");
        assert_eq!(rows[0][7], "nothing to verify");
    }
}
