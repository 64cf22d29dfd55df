//! Share links: the Dockerfile, deflated and base64url-encoded, in the URL fragment.
//!
//! The fragment never reaches a server, so a shared Dockerfile stays between the people who
//! pass the link around, and the page needs no backend to open one.
//!
//! The format is raw deflate (RFC 1951, no zlib or gzip header) in unpadded base64url, after
//! [`KEY`]. This module reads and writes everything but the deflate itself, which the browser
//! does (`compression`, the `deflate-raw` streams): a deflate codec in Rust would be a sizeable
//! part of the page's download for a button pressed now and then.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The fragment key that marks a shared Dockerfile: `#dockerfile=<data>`.
pub const KEY: &str = "dockerfile=";

/// Why a fragment could not be turned back into a Dockerfile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is not a share link (no [`KEY`]).
    NotAShareLink,
    /// The data is not base64url, or not deflate data (a truncated or edited link).
    Corrupt,
    /// It inflates to more than the core reads.
    TooLarge,
    /// It inflates to bytes that are not UTF-8 text.
    NotText,
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NotAShareLink => "the link holds no Dockerfile",
            Self::Corrupt => "the shared Dockerfile in the link is damaged (was the link cut short?)",
            Self::TooLarge => "the shared Dockerfile is larger than slimfile reads (8 MiB)",
            Self::NotText => "the shared Dockerfile is not UTF-8 text",
        })
    }
}

/// The fragment (without `#`) that carries these deflated bytes.
#[must_use]
pub fn fragment(deflated: &[u8]) -> String {
    format!("{KEY}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// Whether a fragment (with or without its leading `#`) is a share link, readable or not.
#[must_use]
pub fn is_link(fragment: &str) -> bool {
    fragment.strip_prefix('#').unwrap_or(fragment).starts_with(KEY)
}

/// The deflated bytes a fragment (with or without its leading `#`) carries.
///
/// # Errors
/// When the fragment is not a share link, or its data is not base64url.
pub fn deflated(fragment: &str) -> Result<Vec<u8>, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let data = fragment.strip_prefix(KEY).ok_or(ShareError::NotAShareLink)?;
    URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|_| ShareError::Corrupt)
}

/// The Dockerfile in the inflated bytes of a link.
///
/// # Errors
/// When the bytes are not UTF-8 text.
pub fn text(inflated: Vec<u8>) -> Result<String, ShareError> {
    String::from_utf8(inflated).map_err(|_| ShareError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_any_bytes_in_url_safe_characters() {
        for bytes in [&b""[..], b"\x00\xff\xfe deflate", &[0xfb; 300]] {
            let fragment = fragment(bytes);
            assert!(fragment.starts_with(KEY));
            assert!(fragment[KEY.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert_eq!(deflated(&fragment).as_deref(), Ok(bytes));
            assert_eq!(deflated(&format!("#{fragment}")).as_deref(), Ok(bytes));
        }
    }

    #[test]
    fn reads_padded_data_and_rejects_what_is_not_a_link() {
        assert_eq!(deflated("dockerfile=AAE="), Ok(vec![0, 1]));
        assert_eq!(deflated("other=1"), Err(ShareError::NotAShareLink));
        assert_eq!(deflated(""), Err(ShareError::NotAShareLink));
        assert_eq!(deflated("dockerfile=***"), Err(ShareError::Corrupt));
        assert!(is_link("#dockerfile=***") && is_link("dockerfile=") && !is_link("#other") && !is_link(""));
    }

    #[test]
    fn text_must_be_utf8() {
        assert_eq!(
            text("FROM alpine\r\nRUN echo \"é ✓ 🐳\"\n".into()).as_deref(),
            Ok("FROM alpine\r\nRUN echo \"é ✓ 🐳\"\n")
        );
        assert_eq!(text(vec![0xff, 0xfe]), Err(ShareError::NotText));
    }
}
