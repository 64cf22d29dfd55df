//! Parser conformance: over every corpus file BuildKit accepts, our instruction list must match
//! BuildKit's on keyword, start line, end line and flag names; every file BuildKit rejects must
//! get an error from us too.

use slimfile_tests::{OracleInstruction, buildkit_oracle, corpus_files, shared_tier};

const REQUIRED_AGREEMENT: f64 = 0.995;

fn ours(text: &str) -> Result<Vec<OracleInstruction>, String> {
    let doc = slimfile_core::parse(text).map_err(|e| e.to_string())?;
    Ok(doc
        .instructions()
        .iter()
        .map(|i| OracleInstruction {
            keyword: i.keyword.as_str().to_owned(),
            start_line: i.range.start.line,
            end_line: i.range.end.line,
            flags: i.flags.iter().map(|f| f.name.clone()).collect(),
        })
        .collect())
}

fn reports_an_error(text: &str) -> bool {
    match slimfile_core::parse(text) {
        Err(_) => true,
        Ok(doc) => !doc.problems().is_empty(),
    }
}

#[test]
fn instruction_lists_match_buildkit() {
    if shared_tier("corpus_conformance::instruction_lists_match_buildkit").is_none() {
        return;
    }
    let oracle = buildkit_oracle();
    let files = corpus_files();
    assert_eq!(files.len(), oracle.len(), "corpus and oracle disagree on the file count");
    let (mut accepted, mut agree, mut rejected, mut rejected_reported) = (0usize, 0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    for (path, bytes) in &files {
        let entry = oracle.get(path).unwrap_or_else(|| panic!("no oracle entry for {path}"));
        let Ok(text) = std::str::from_utf8(bytes) else {
            disagreements.push(format!("{path}: not UTF-8"));
            continue;
        };
        if entry.ok {
            accepted += 1;
            match ours(text) {
                Ok(list) if list == entry.instructions => agree += 1,
                Ok(list) => {
                    let first = list.iter().zip(&entry.instructions).find(|(a, b)| a != b).map_or_else(
                        || format!("{} instructions vs BuildKit's {}", list.len(), entry.instructions.len()),
                        |(a, b)| format!("ours {a:?} vs BuildKit {b:?}"),
                    );
                    disagreements.push(format!("{path}: {first}"));
                }
                Err(e) => disagreements.push(format!("{path}: we fail ({e}) where BuildKit accepts")),
            }
        } else {
            rejected += 1;
            if reports_an_error(text) {
                rejected_reported += 1;
            } else {
                disagreements.push(format!(
                    "{path}: BuildKit rejects it ({}), we report no error",
                    entry.message.as_deref().unwrap_or("")
                ));
            }
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let share = agree as f64 / accepted as f64;
    println!(
        "conformance: {agree}/{accepted} files BuildKit accepts agree ({:.2}%); {rejected_reported}/{rejected} files it rejects get an error from us",
        share * 100.0
    );
    for d in &disagreements {
        println!("  disagreement: {d}");
    }
    assert!(share >= REQUIRED_AGREEMENT, "agreement {:.2}% is below {:.1}%", share * 100.0, REQUIRED_AGREEMENT * 100.0);
    assert_eq!(rejected_reported, rejected, "every file BuildKit rejects must get an error");
}
