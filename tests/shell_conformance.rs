//! The shell reader's command boundaries against BuildKit: for every shell-form `RUN` BuildKit
//! accepts in the shared corpus, the commands we read from the file must be the commands of the
//! text BuildKit hands the shell. That text is derived from the instruction's lines (BuildKit's
//! parse gives them) as BuildKit joins them: the escape character before each line break
//! removed, comment lines and blank lines among the continued lines dropped.

use slimfile_core::document::Arguments;
use slimfile_core::shell;
use slimfile_core::source::Span;
use slimfile_tests::{buildkit_oracle, corpus_files, shared_tier};

/// The text after the keyword and the flags, as BuildKit joins the lines `first..=last`.
fn joined_run_text(lines: &[&str], first: usize, last: usize, escape: char) -> String {
    let mut joined = String::new();
    for (n, line) in lines[first - 1..last].iter().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let trimmed = line.trim_start();
        if n > 0 && (trimmed.starts_with('#') || trimmed.is_empty()) {
            continue;
        }
        let body = line.trim_end();
        match body.strip_suffix(escape) {
            Some(continued) if n + 1 < last + 1 - first => joined.push_str(continued),
            _ => joined.push_str(line),
        }
    }
    let mut rest = joined.trim_start();
    rest = rest.get(3..).unwrap_or_default().trim_start();
    while let Some(flagged) = rest.strip_prefix("--") {
        let end = flagged.find([' ', '\t']).unwrap_or(flagged.len());
        rest = flagged[end..].trim_start();
    }
    rest.to_owned()
}

fn words(commands: &[shell::SimpleCommand]) -> Vec<Vec<String>> {
    commands.iter().map(|c| c.words.iter().map(|w| w.value.clone()).collect()).collect()
}

#[test]
fn run_command_boundaries_match_the_text_buildkit_joins() {
    if shared_tier("shell_conformance::run_command_boundaries_match_the_text_buildkit_joins").is_none() {
        return;
    }
    let oracle = buildkit_oracle();
    let (mut runs, mut continued_over_comments) = (0usize, 0usize);
    let mut disagreements = Vec::new();
    for (path, bytes) in corpus_files() {
        let Some(entry) = oracle.get(&path).filter(|e| e.ok) else { continue };
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let Ok(doc) = slimfile_core::parse(text) else { continue };
        let lines: Vec<&str> = text.split('\n').collect();
        for (i, instruction) in doc.instructions().iter().enumerate() {
            if instruction.keyword != slimfile_core::Keyword::Run
                || !instruction.heredocs.is_empty()
                || !matches!(instruction.arguments, Arguments::Text(_))
            {
                continue;
            }
            let line = instruction.range.start.line;
            let Some(theirs) = entry.instructions.iter().find(|o| o.keyword == "RUN" && o.start_line == line) else {
                continue;
            };
            let (first, last) = (theirs.start_line as usize, theirs.end_line as usize);
            runs += 1;
            if lines[first..last].iter().any(|l| l.trim_start().starts_with('#')) {
                continued_over_comments += 1;
            }
            let joined = joined_run_text(&lines, first, last, doc.escape());
            let expected = words(&shell::commands(&joined, Span::new(0, joined.len()), doc.escape()));
            let ours = words(doc.run_shell_commands(i));
            if ours != expected {
                let first =
                    ours.iter().zip(&expected).position(|(a, b)| a != b).unwrap_or(ours.len().min(expected.len()));
                disagreements.push(format!(
                    "{path}:{line}: command {first}: ours {:?}, BuildKit's text reads {:?}",
                    ours.get(first),
                    expected.get(first)
                ));
            }
        }
    }
    assert!(runs > 2_000, "only {runs} RUN instructions compared: the corpus or oracle changed");
    assert!(continued_over_comments > 100, "only {continued_over_comments} RUNs continue over comment lines");
    assert!(
        disagreements.is_empty(),
        "{} of {runs} RUN instructions split differently from the text BuildKit joins:\n{}",
        disagreements.len(),
        disagreements.iter().take(15).cloned().collect::<Vec<_>>().join("\n")
    );
}
