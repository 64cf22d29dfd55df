//! The pull request's own files on a `pull_request_target` run. Such a run checks out the base
//! branch (its workflow and token come from the base, so that a fork cannot change them), so a
//! Dockerfile the pull request adds is missing from the checkout and a changed one reads as it
//! was. Unless the workflow checked out the head itself, the engine reads the files it checks
//! through the contents API at the head commit, and never runs them.

use std::path::Path;
use std::process::{Command, Stdio};

use serde::Deserialize;

use super::client::Api;
use super::run_environment::Repository;

/// Whether the checkout at `root` is at commit `sha` (`git rev-parse HEAD`); `false` when git
/// cannot tell.
#[must_use]
pub fn checkout_is_at(root: &Path, sha: &str) -> bool {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "HEAD"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    output.is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == sha)
}

#[derive(Deserialize)]
struct Contents {
    #[serde(rename = "type")]
    kind: String,
    encoding: Option<String>,
    content: Option<String>,
}

/// Writes each of `paths` as it is at commit `sha` under `into`; returns the paths that could
/// not be read, each with why (they are then reported as unreadable).
pub async fn fetch(api: &Api, repo: &Repository, sha: &str, paths: &[String], into: &Path) -> Vec<(String, String)> {
    let mut failed = Vec::new();
    for path in paths {
        let uri = format!("/repos/{}/{}/contents/{}?ref={sha}", repo.owner, repo.name, encode_path(path));
        let text = match api.get::<Contents>(&uri).await {
            Ok(contents) if contents.kind == "file" && contents.encoding.as_deref() == Some("base64") => {
                decode_base64(contents.content.as_deref().unwrap_or_default())
                    .ok_or_else(|| "GitHub's base64 content does not decode".to_owned())
            }
            Ok(contents) => Err(format!("GitHub gives it as {} without its content", contents.kind)),
            Err(error) => Err(error.to_string()),
        };
        let target = into.join(path);
        let written = text.and_then(|bytes| {
            target.parent().map_or(Ok(()), std::fs::create_dir_all).map_err(|e| e.to_string())?;
            std::fs::write(&target, bytes).map_err(|e| e.to_string())
        });
        if let Err(why) = written {
            failed.push((path.clone(), why));
        }
    }
    failed
}

/// A repository path for a URL: every byte but unreserved ones and `/` percent-encoded.
fn encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Standard base64, with the line breaks GitHub puts in every 60 characters.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let symbols: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let data = symbols.strip_suffix(b"==").or_else(|| symbols.strip_suffix(b"=")).unwrap_or(&symbols);
    if !symbols.len().is_multiple_of(4) || data.contains(&b'=') {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        let digits: Option<Vec<u8>> = chunk.iter().map(|c| value(*c)).collect();
        let digits = digits?;
        let n = digits.iter().fold(0u32, |n, d| (n << 6) | u32::from(*d)) << (6 * (4 - digits.len()));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..digits.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_github_sends_it() {
        assert_eq!(decode_base64("RlJPTSBhbHBp\nbmUK").as_deref(), Some(&b"FROM alpine\n"[..]));
        assert_eq!(decode_base64("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode_base64("YWI=").as_deref(), Some(&b"ab"[..]));
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
        assert_eq!(decode_base64("Y=Q="), None);
        assert_eq!(decode_base64("abc"), None);
    }

    #[test]
    fn paths_in_urls() {
        assert_eq!(encode_path("services/my app/Dockerfile"), "services/my%20app/Dockerfile");
        assert_eq!(encode_path("a/Dockerfile.prod"), "a/Dockerfile.prod");
    }

    #[test]
    fn a_directory_without_git_is_at_no_commit() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(!checkout_is_at(dir.path(), "6dcb09b5b57875f334f61aebed695e2e4193db5e"));
    }
}
