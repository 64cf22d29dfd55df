//! Replacing a file so that it is never lost or half-written: a temporary file beside it, synced,
//! then renamed over it.

use std::io::Write;
use std::path::Path;

/// Replaces the contents of `path` with `bytes`, keeping its permissions. On any error the
/// original file is untouched and the temporary file removed.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let metadata = std::fs::metadata(path)?;
    if metadata.permissions().readonly() {
        return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "the file is read-only"));
    }
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let name = path.file_name().map_or_else(|| "Dockerfile".into(), |n| n.to_string_lossy());
    let temporary = dir.join(format!(".{name}.slimfile-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary)?;
        file.write_all(bytes)?;
        file.set_permissions(metadata.permissions())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
