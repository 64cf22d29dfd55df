//! Share links: the Dockerfile, deflated and base64url-encoded, in the URL fragment.
//!
//! The fragment never reaches a server, so a shared Dockerfile stays between the people who
//! pass the link around, and the page needs no backend to open one.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use slimfile_core::input::MAX_INPUT_BYTES;

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

/// The fragment (without `#`) that carries `text`.
#[must_use]
pub fn encode(text: &str) -> String {
    // Level 9: links are made rarely and read by people pasting them around, so shorter wins.
    let deflated = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    format!("{KEY}{}", URL_SAFE_NO_PAD.encode(deflated))
}

/// The Dockerfile a fragment carries (with or without its leading `#`).
///
/// # Errors
/// When the fragment is not a share link, or its data is damaged, too large or not text.
pub fn decode(fragment: &str) -> Result<String, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let data = fragment.strip_prefix(KEY).ok_or(ShareError::NotAShareLink)?;
    let deflated = URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|_| ShareError::Corrupt)?;
    let bytes =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INPUT_BYTES).map_err(|error| match error
            .status
        {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::Corrupt,
        })?;
    String::from_utf8(bytes).map_err(|_| ShareError::NotText)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_text() {
        for text in ["", "FROM scratch\n", "FROM alpine\r\nRUN echo \"é ✓ 🐳\"\n", &"RUN true\n".repeat(2000)] {
            let fragment = encode(text);
            assert!(fragment.starts_with(KEY));
            assert!(fragment[KEY.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert_eq!(decode(&fragment).as_deref(), Ok(text));
            assert_eq!(decode(&format!("#{fragment}")).as_deref(), Ok(text));
        }
    }

    #[test]
    fn compresses_real_dockerfiles() {
        let text: String = crate::examples::EXAMPLES.iter().map(|example| example.dockerfile).collect();
        let fragment = encode(&text);
        assert!(fragment.len() < text.len(), "{} >= {}", fragment.len(), text.len());
    }

    #[test]
    fn rejects_damaged_links() {
        assert_eq!(decode("other=1"), Err(ShareError::NotAShareLink));
        assert_eq!(decode("dockerfile=***"), Err(ShareError::Corrupt));
        let fragment = encode(&"FROM alpine\n".repeat(50));
        assert_eq!(decode(&fragment[..fragment.len() - 4]), Err(ShareError::Corrupt));
        let binary =
            format!("{KEY}{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe], 9)));
        assert_eq!(decode(&binary), Err(ShareError::NotText));
    }

    #[test]
    fn refuses_to_inflate_past_the_core_limit() {
        let bomb = vec![b'a'; MAX_INPUT_BYTES + 1];
        let fragment = format!("{KEY}{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 9)));
        assert!(fragment.len() < 64 * 1024);
        assert_eq!(decode(&fragment), Err(ShareError::TooLarge));
    }
}
