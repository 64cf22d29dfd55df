//! Hostile input through the real binary: every case gets the correct result or one clear error
//! with its location, finishes by itself under a memory and time limit, and `fix --write` leaves
//! the file byte for byte as it was whenever it does not write it.
//!
//! The large inputs are generated here, at run time, never committed.

#![cfg(unix)]

mod common;

use std::path::Path;

use common::{json, scratch, slimfile_bounded, stderr, stdout};

/// Writes `bytes` as `dir/Dockerfile`.
fn dockerfile(dir: &Path, bytes: &[u8]) {
    std::fs::write(dir.join("Dockerfile"), bytes).expect("write Dockerfile");
}

/// A finding as `(rule, line, column, message)`.
type Located = (String, u64, u64, String);

/// Every finding `check --format json` reports, with its exit status.
fn findings(dir: &Path) -> (Option<i32>, Vec<Located>) {
    let out = slimfile_bounded(dir, &["check", "--format", "json", "Dockerfile"]);
    let report = json(&out);
    let list = report["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().expect("rule").to_owned(),
                f["range"]["start"]["line"].as_u64().expect("line"),
                f["range"]["start"]["column"].as_u64().expect("column"),
                f["message"].as_str().expect("message").to_owned(),
            )
        })
        .collect();
    (out.status.code(), list)
}

fn finding(rule: &str, line: u64, column: u64, message: &str) -> Located {
    (rule.to_owned(), line, column, message.to_owned())
}

/// Runs `fix --write` on a file it must refuse: exit 2, exactly `error` on standard error, and
/// the file unchanged.
fn fix_write_refuses(dir: &Path, error: &str) {
    let before = std::fs::read(dir.join("Dockerfile")).expect("read before");
    let out = slimfile_bounded(dir, &["fix", "--write", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(stderr(&out), format!("slimfile: {error}\n"));
    assert!(std::fs::read(dir.join("Dockerfile")).expect("read after") == before, "fix --write changed the file");
}

/// Runs `verify` on a file it cannot read: exit 2, the error at its place, nothing built (the
/// docker CLI is `true`, which would answer anything it were asked).
fn verify_refuses(dir: &Path, error: &str) {
    let out = slimfile_bounded(dir, &["verify", "--docker", "true", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stdout(&out).contains(&format!("error: {error}")), "{}", stdout(&out));
}

/// Runs `fix --write` on a file it must leave alone (nothing to fix, or problems it does not
/// touch): exit 0, nothing written, the file unchanged.
fn fix_write_leaves_alone(dir: &Path) {
    let before = std::fs::read(dir.join("Dockerfile")).expect("read before");
    let out = slimfile_bounded(dir, &["fix", "--write", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("written"), "{}", stderr(&out));
    assert!(std::fs::read(dir.join("Dockerfile")).expect("read after") == before, "fix --write changed the file");
}

const NOT_UTF8: &str = "the file is not valid UTF-8 text (is it a binary file?)";
const NUL: &str = "the file contains a NUL byte: it looks like a binary file, not a Dockerfile";

#[test]
fn binary_files_are_refused_at_their_first_unreadable_byte() {
    let dir = scratch("hostile-binary");
    // A gzip header: its second byte is not UTF-8.
    dockerfile(&dir, &[0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]);
    assert_eq!(findings(&dir), (Some(1), vec![finding("unreadable-input", 1, 2, NOT_UTF8)]));
    fix_write_refuses(&dir, &format!("Dockerfile:1:2: {NOT_UTF8}"));

    // An ELF header: ASCII up to its first NUL byte.
    dockerfile(&dir, b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00");
    assert_eq!(findings(&dir), (Some(1), vec![finding("unreadable-input", 1, 8, NUL)]));
    fix_write_refuses(&dir, &format!("Dockerfile:1:8: {NUL}"));
}

#[test]
fn invalid_utf8_and_nul_bytes_are_located_by_line_and_column() {
    let dir = scratch("hostile-encoding");
    // Latin-1 `é` in an otherwise fine file.
    dockerfile(&dir, b"FROM debian:bookworm-slim\nRUN echo caf\xe9\n");
    assert_eq!(findings(&dir), (Some(1), vec![finding("unreadable-input", 2, 13, NOT_UTF8)]));
    fix_write_refuses(&dir, &format!("Dockerfile:2:13: {NOT_UTF8}"));
    verify_refuses(&dir, &format!("2:13: {NOT_UTF8}"));

    dockerfile(&dir, b"FROM debian:bookworm-slim\nRUN echo \x00\n");
    assert_eq!(findings(&dir), (Some(1), vec![finding("unreadable-input", 2, 10, NUL)]));
    fix_write_refuses(&dir, &format!("Dockerfile:2:10: {NUL}"));
}

#[test]
fn a_50_mb_file_is_refused_without_reading_it_whole() {
    let dir = scratch("hostile-50mb");
    let line = b"RUN echo this line repeats until the file is fifty megabytes\n";
    let mut bytes = b"FROM debian:bookworm-slim\n".to_vec();
    while bytes.len() < 50 * 1024 * 1024 {
        bytes.extend_from_slice(line);
    }
    dockerfile(&dir, &bytes);
    let message = "the file is larger than 8388608 bytes (8 MiB), the most slimfile reads";
    assert_eq!(findings(&dir), (Some(1), vec![finding("unreadable-input", 1, 1, message)]));
    fix_write_refuses(&dir, &format!("Dockerfile:1:1: {message}"));
    // Fifty megabytes is too much to leave in the target dir between runs.
    std::fs::remove_dir_all(&dir).expect("remove the 50 MB file");
}

#[test]
fn a_100000_line_continuation_is_checked_and_fixed() {
    let dir = scratch("hostile-continuation");
    let mut text = String::from("FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y \\\n");
    for i in 0..100_000 {
        text.push_str(&format!("    pkg{i} \\\n"));
    }
    text.push_str("    curl\n");
    dockerfile(&dir, text.as_bytes());
    let (status, found) = findings(&dir);
    assert_eq!(status, Some(0));
    let located: Vec<(&str, u64, u64)> = found.iter().map(|(r, l, c, _)| (r.as_str(), *l, *c)).collect();
    assert_eq!(located, [("apt-install-recommends", 2, 23), ("package-cache-in-layer", 2, 23)]);

    let out = slimfile_bounded(&dir, &["fix", "--unsafe-fixes", "--write", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = std::fs::read_to_string(dir.join("Dockerfile")).expect("read");
    let expected = text.replacen("apt-get install -y", "apt-get install --no-install-recommends -y", 1).replacen(
        "    curl\n",
        "    curl && rm -rf /var/lib/apt/lists/*\n",
        1,
    );
    assert!(fixed == expected, "the fixed continuation is not the input with the two fixes");
    // Fixed once, there is nothing left to fix.
    fix_write_leaves_alone(&dir);
}

#[test]
fn a_1_mb_line_is_read_like_any_other() {
    let dir = scratch("hostile-long-line");
    let text = format!("FROM debian:bookworm-slim\nRUN echo {}\n", "a".repeat(1024 * 1024));
    dockerfile(&dir, text.as_bytes());
    assert_eq!(findings(&dir), (Some(0), vec![]));
    fix_write_leaves_alone(&dir);
}

#[test]
fn deeply_nested_variables_are_an_error_not_a_stack_overflow() {
    let dir = scratch("hostile-nesting");
    let open: String = (0..10_000).map(|i| format!("${{a{i}:-")).collect();
    let text = format!("FROM {open}alpine{}\nRUN echo {open}x{}\n", "}".repeat(10_000), "}".repeat(10_000));
    dockerfile(&dir, text.as_bytes());
    let message = "cannot read the base image: variables nest deeper than 32 levels";
    assert_eq!(findings(&dir), (Some(1), vec![finding("syntax-error", 1, 6, message)]));
    fix_write_leaves_alone(&dir);
}

#[test]
fn unknown_instructions_are_reported_and_unknown_flags_kept() {
    let dir = scratch("hostile-unknown");
    // BuildKit's parser accepts any flag; its instruction layer rejects `--bogus` at build time.
    dockerfile(&dir, b"FROM debian:bookworm-slim\nFROBNICATE the image\nRUN --bogus=1 echo hi\nCOPY --nope a /b\n");
    assert_eq!(findings(&dir), (Some(1), vec![finding("syntax-error", 2, 1, "unknown instruction 'FROBNICATE'")]));
    fix_write_leaves_alone(&dir);
}

#[test]
fn a_heredoc_without_its_terminator_is_located() {
    let dir = scratch("hostile-heredoc");
    dockerfile(&dir, b"FROM debian:bookworm-slim\nRUN <<EOF\necho never closed\n");
    let message = "unterminated heredoc: no line `EOF` closes it";
    assert_eq!(findings(&dir), (Some(1), vec![finding("syntax-error", 2, 1, message)]));
    fix_write_leaves_alone(&dir);
}

#[test]
fn bom_crlf_and_a_backtick_escape_survive_the_fixes() {
    let dir = scratch("hostile-bom-crlf");
    dockerfile(&dir, b"\xef\xbb\xbfFROM debian:bookworm-slim\r\nRUN apt-get update && apt-get install -y curl\r\n");
    let (status, found) = findings(&dir);
    assert_eq!(status, Some(0));
    let located: Vec<(&str, u64, u64)> = found.iter().map(|(r, l, c, _)| (r.as_str(), *l, *c)).collect();
    assert_eq!(located, [("apt-install-recommends", 2, 23), ("package-cache-in-layer", 2, 23)]);
    let out = slimfile_bounded(&dir, &["fix", "--unsafe-fixes", "--write", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(dir.join("Dockerfile")).expect("read"),
        b"\xef\xbb\xbfFROM debian:bookworm-slim\r\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\r\n"
    );

    let dir = scratch("hostile-backtick");
    dockerfile(&dir, b"# escape=`\nFROM debian:bookworm-slim\nRUN apt-get update `\n && apt-get install -y curl\n");
    let out = slimfile_bounded(&dir, &["fix", "--unsafe-fixes", "--write", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.join("Dockerfile")).expect("read"),
        "# escape=`\nFROM debian:bookworm-slim\nRUN apt-get update `\n && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n"
    );
}

#[test]
fn empty_and_comment_only_files_have_no_instructions() {
    for (name, bytes) in [("hostile-empty", &b""[..]), ("hostile-comments", b"# just\n# comments\n")] {
        let dir = scratch(name);
        dockerfile(&dir, bytes);
        assert_eq!(findings(&dir), (Some(1), vec![finding("syntax-error", 1, 1, "file with no instructions")]));
        fix_write_refuses(&dir, "Dockerfile:1:1: file with no instructions");
    }
}

#[test]
fn more_instructions_than_the_limit_is_an_error_at_the_first_one_past_it() {
    let dir = scratch("hostile-instructions");
    let text = format!("FROM debian:bookworm-slim\n{}", "RUN true\n".repeat(1_000));
    dockerfile(&dir, text.as_bytes());
    let message = "the file has more than 1000 instructions, the most slimfile reads (instruction 1001 starts here)";
    assert_eq!(findings(&dir), (Some(1), vec![finding("syntax-error", 1001, 1, message)]));
    fix_write_refuses(&dir, &format!("Dockerfile:1001:1: {message}"));
}

#[test]
fn a_dockerfile_that_is_a_directory_is_searched_and_found_empty() {
    let dir = scratch("hostile-directory");
    std::fs::create_dir(dir.join("Dockerfile")).expect("mkdir");
    let out = slimfile_bounded(&dir, &["check", "Dockerfile"]);
    assert_eq!((out.status.code(), stderr(&out)), (Some(2), "slimfile: no Dockerfile found in Dockerfile\n".into()));
    let out = slimfile_bounded(&dir, &["fix", "--write", "Dockerfile"]);
    assert_eq!((out.status.code(), stderr(&out)), (Some(2), "slimfile: no Dockerfile found\n".into()));
    assert!(dir.join("Dockerfile").is_dir());
}

#[cfg(target_os = "linux")]
#[test]
fn a_symlink_loop_is_an_io_error_not_a_hang() {
    let dir = scratch("hostile-symlink-loop");
    std::os::unix::fs::symlink("Dockerfile", dir.join("Dockerfile")).expect("symlink");
    let loop_error = "slimfile: Dockerfile: Too many levels of symbolic links (os error 40)\n";
    let out = slimfile_bounded(&dir, &["check", "Dockerfile"]);
    assert_eq!((out.status.code(), stderr(&out)), (Some(2), loop_error.to_owned()));
    let out = slimfile_bounded(&dir, &["fix", "--write", "Dockerfile"]);
    assert_eq!((out.status.code(), stderr(&out)), (Some(2), loop_error.to_owned()));
    assert_eq!(std::fs::read_link(dir.join("Dockerfile")).expect("still a link"), Path::new("Dockerfile"));
}

#[test]
fn a_read_only_target_keeps_its_bytes_and_mode_and_no_temporary_file_is_left() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("hostile-read-only");
    let text = b"FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\n";
    dockerfile(&dir, text);
    let path = dir.join("Dockerfile");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let out = slimfile_bounded(&dir, &["fix", "--write", "Dockerfile"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).ends_with("slimfile: Dockerfile: not written: permission denied\n"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&path).expect("read"), text);
    assert_eq!(std::fs::metadata(&path).expect("stat").permissions().mode() & 0o777, 0o444);
    let left: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["Dockerfile"]);
}
