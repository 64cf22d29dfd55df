//! Hostile input straight into the core, as the page hands it over (bytes, no file): each case
//! gets its exact finding or the correct result, and keeps the invariants the fuzz targets assert.
//! The large inputs are generated here, at run time, never committed.

use slimfile_core::limits::{MAX_INPUT_BYTES, MAX_INSTRUCTIONS, MAX_VARIABLE_NESTING};
use slimfile_core::{FixLevel, ProposalOptions, check, propose};
use slimfile_tests::invariants;

/// A finding as `(rule, line, column, message)`.
type Located = (&'static str, u32, u32, String);

/// Every finding `check` reports.
fn findings(bytes: &[u8]) -> Vec<Located> {
    check(bytes, &slimfile_core::CheckOptions::default())
        .findings
        .into_iter()
        .map(|f| (f.rule, f.range.start.line, f.range.start.column, f.message))
        .collect()
}

fn every_fix() -> ProposalOptions {
    ProposalOptions { level: FixLevel::Unsafe, ..ProposalOptions::default() }
}

#[test]
fn unreadable_bytes_get_one_located_finding() {
    let not_utf8 = "the file is not valid UTF-8 text (is it a binary file?)".to_owned();
    let nul = "the file contains a NUL byte: it looks like a binary file, not a Dockerfile".to_owned();
    assert_eq!(findings(&[0x1f, 0x8b, 0x08, 0x00]), [("unreadable-input", 1, 2, not_utf8.clone())]);
    assert_eq!(findings(b"FROM a\r\nRUN caf\xe9\r\n"), [("unreadable-input", 2, 8, not_utf8)]);
    assert_eq!(findings(b"FROM a\nRUN \x00"), [("unreadable-input", 2, 5, nul)]);
    let oversized = vec![b'#'; MAX_INPUT_BYTES + 1];
    assert_eq!(
        findings(&oversized),
        [(
            "unreadable-input",
            1,
            1,
            format!("the file is larger than {MAX_INPUT_BYTES} bytes (8 MiB), the most slimfile reads")
        )]
    );
    for bytes in [&[0x1f, 0x8b][..], b"FROM a\nRUN \x00", &oversized] {
        invariants::all(bytes);
    }
}

#[test]
fn a_file_at_the_size_limit_is_read() {
    let mut text = String::from("FROM debian:bookworm-slim\n");
    while text.len() + 10 <= MAX_INPUT_BYTES {
        text.push_str("# filler\n");
    }
    let result = check(text.as_bytes(), &slimfile_core::CheckOptions::default());
    assert!(result.dockerfile.is_some(), "{:?}", result.findings);
    assert_eq!(result.findings, []);
}

#[test]
fn a_100000_line_continuation_is_one_instruction_and_fixes_converge() {
    let mut text = String::from("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y \\\n");
    for i in 0..100_000 {
        text.push_str(&format!("    pkg{i} \\\n"));
    }
    text.push_str("    curl\n");
    let result = check(text.as_bytes(), &slimfile_core::CheckOptions::default());
    let doc = result.dockerfile.as_ref().expect("model");
    assert_eq!(doc.instructions().len(), 2);
    assert_eq!(doc.instructions()[1].range.end.line, 100_003);
    let rules: Vec<&str> = result.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["apt-install-recommends", "package-cache-in-layer"]);
    let fixed = propose(&text, &every_fix());
    assert!(fixed.text.ends_with("    curl && rm -rf /var/lib/apt/lists/*\n"));
    assert_eq!(propose(&fixed.text, &every_fix()).text, fixed.text);
}

#[test]
fn a_1_mb_line_is_read_and_left_alone() {
    let text = format!("FROM debian:bookworm-slim\nRUN echo {}\n", "a".repeat(1024 * 1024));
    assert_eq!(findings(text.as_bytes()), []);
    assert_eq!(propose(&text, &every_fix()).text, text);
    invariants::all(text.as_bytes());
}

#[test]
fn nesting_past_the_limit_is_an_error_and_at_the_limit_is_read() {
    let nested = |depth: usize| {
        let open: String = (0..depth).map(|i| format!("${{a{i}:-")).collect();
        format!("FROM {open}alpine:3.20{}\n", "}".repeat(depth))
    };
    let message = format!("cannot read the base image: variables nest deeper than {MAX_VARIABLE_NESTING} levels");
    assert_eq!(findings(nested(100_000).as_bytes()), [("syntax-error", 1, 6, message)]);
    let at_limit = check(nested(MAX_VARIABLE_NESTING).as_bytes(), &slimfile_core::CheckOptions::default());
    assert_eq!(at_limit.findings.iter().map(|f| f.rule).collect::<Vec<_>>(), Vec::<&str>::new());
    invariants::all(nested(1_000).as_bytes());
}

#[test]
fn instructions_past_the_limit_are_an_error_at_the_first_one_past_it() {
    let text = format!("FROM debian:bookworm-slim\n{}", "RUN true\n".repeat(MAX_INSTRUCTIONS));
    let message = format!(
        "the file has more than {MAX_INSTRUCTIONS} instructions, the most slimfile reads (instruction {} starts here)",
        MAX_INSTRUCTIONS + 1
    );
    let line = u32::try_from(MAX_INSTRUCTIONS + 1).expect("small");
    assert_eq!(findings(text.as_bytes()), [("syntax-error", line, 1, message)]);
    assert_eq!(propose(&text, &every_fix()).text, text);
}

#[test]
fn syntax_oddities_get_located_findings_and_no_fix_breaks_them() {
    let cases: [(&[u8], Vec<Located>); 4] = [
        (b"", vec![("syntax-error", 1, 1, "file with no instructions".into())]),
        (b"# only\n# comments\n", vec![("syntax-error", 1, 1, "file with no instructions".into())]),
        (
            b"FROM debian:bookworm-slim\nRUN <<EOF\necho never closed\n",
            vec![("syntax-error", 2, 1, "unterminated heredoc: no line `EOF` closes it".into())],
        ),
        (
            b"FROM debian:bookworm-slim\nFROBNICATE x\nRUN --bogus=1 true\n",
            vec![("syntax-error", 2, 1, "unknown instruction 'FROBNICATE'".into())],
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(findings(bytes), expected, "{}", String::from_utf8_lossy(bytes));
        invariants::all(bytes);
    }
}

#[test]
fn bom_crlf_and_backtick_escape_are_kept_by_the_fixes() {
    let text = "\u{feff}FROM debian:bookworm-slim\r\nRUN apt-get update && apt-get install -y curl\r\n";
    assert_eq!(
        propose(text, &every_fix()).text,
        "\u{feff}FROM debian:bookworm-slim\r\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf \
         /var/lib/apt/lists/*\r\n"
    );
    let text = "# escape=`\nFROM debian:bookworm-slim\nRUN apt-get update `\n && apt-get install -y curl\n";
    assert_eq!(
        propose(text, &every_fix()).text,
        "# escape=`\nFROM debian:bookworm-slim\nRUN apt-get update `\n && apt-get install --no-install-recommends -y curl && rm \
         -rf /var/lib/apt/lists/*\n"
    );
    invariants::all(text.as_bytes());
}
