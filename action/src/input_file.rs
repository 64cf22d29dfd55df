//! Reading a Dockerfile from disk or standard input, bounded by the core's size limit.

use std::io::Read;

use crate::discover::Input;

/// Reads `input`, one byte past the core's limit at most: enough for the core to say a file is
/// too large without loading a huge one whole.
pub fn read(input: &Input) -> std::io::Result<Vec<u8>> {
    let limit = u64::try_from(slimfile_core::input::MAX_INPUT_BYTES + 1).unwrap_or(u64::MAX);
    let mut bytes = Vec::new();
    match input {
        Input::Stdin => {
            std::io::stdin().lock().take(limit).read_to_end(&mut bytes)?;
        }
        Input::File(path) => {
            if path.is_dir() {
                return Err(std::io::Error::other("is a directory"));
            }
            std::fs::File::open(path)?.take(limit).read_to_end(&mut bytes)?;
        }
    }
    Ok(bytes)
}

/// An I/O error in the words a user expects.
pub fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    }
}
