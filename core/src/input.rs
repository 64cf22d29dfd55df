//! Turning bytes into Dockerfile text, with the limits that keep hostile input cheap.
//!
//! Everything the CLI, the Action and the page hand to the core passes through here first, so
//! that a binary file, invalid UTF-8 or an oversized file gets one clear error with its location.

use serde::Serialize;

use crate::source::{LineIndex, Position};

pub use crate::limits::MAX_INPUT_BYTES;

/// Why input is not a Dockerfile we can read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InputError {
    /// A plain sentence.
    pub message: String,
    /// Where the problem is.
    pub position: Position,
    /// Its byte offset.
    pub offset: usize,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (line {}, column {})", self.message, self.position.line, self.position.column)
    }
}

impl std::error::Error for InputError {}

/// Checks size, UTF-8 and NUL bytes, and returns the text.
///
/// # Errors
/// When the input is larger than [`MAX_INPUT_BYTES`], not UTF-8, or contains a NUL byte.
pub fn decode(bytes: &[u8]) -> Result<&str, InputError> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(InputError {
            // The caller may have read only one byte past the limit, so the size is not known.
            message: format!("the file is larger than {MAX_INPUT_BYTES} bytes (8 MiB), the most slimfile reads"),
            position: Position { line: 1, column: 1 },
            offset: 0,
        });
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            return Err(InputError {
                message: "the file is not valid UTF-8 text (is it a binary file?)".into(),
                position: LineIndex::new(valid).position(valid, offset),
                offset,
            });
        }
    };
    if let Some(offset) = text.find('\0') {
        return Err(InputError {
            message: "the file contains a NUL byte: it looks like a binary file, not a Dockerfile".into(),
            position: LineIndex::new(text).position(text, offset),
            offset,
        });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_binary_and_invalid_utf8_with_a_position() {
        let err = decode(b"FROM a\nRUN \xff\n").expect_err("invalid");
        assert_eq!(err.position, Position { line: 2, column: 5 });
        let err = decode(b"FROM a\0").expect_err("nul");
        assert_eq!(err.position, Position { line: 1, column: 7 });
        assert!(decode(&vec![b'#'; MAX_INPUT_BYTES + 1]).is_err());
        assert_eq!(decode(b"FROM a").ok(), Some("FROM a"));
    }
}
