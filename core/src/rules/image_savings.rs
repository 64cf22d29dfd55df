//! What moving from one base image to another saves on disk, from the size catalog, with the
//! words that say which catalog entries the figure comes from.

use super::apt_install_recommends::human_bytes;
use crate::estimate::catalog::{self, CatalogMatch};
use crate::image_ref::ImageRef;

/// Bytes saved on disk, and how the figure was obtained.
pub(crate) struct Savings {
    /// On-disk bytes of `from` minus those of `to`.
    pub bytes: u64,
    /// "catalog: golang:latest, gcr.io/distroless/base-debian12:latest; on-disk sizes derived
    /// from download sizes".
    pub basis: String,
}

impl Savings {
    /// `about 767 MB smaller on disk (catalog: ...)`.
    pub fn phrase(&self) -> String {
        format!("about {} smaller on disk ({})", human_bytes(self.bytes), self.basis)
    }
}

fn entry_name(found: &CatalogMatch) -> String {
    let tag = found.entry.tag_name();
    if tag.is_empty() { found.entry.image.to_owned() } else { format!("{}:{tag}", found.entry.image) }
}

/// The on-disk difference between `from` and `to`, or a sentence saying why there is no figure.
/// `different_variant` must accept the two catalog entries: the catalog maps unknown tags to the
/// nearest entry, and a comparison of an entry with itself (or of the wrong variants) says
/// nothing.
pub(crate) fn on_disk_savings(
    from: &ImageRef,
    to: &ImageRef,
    different_variant: &dyn Fn(&str, &str) -> bool,
) -> Result<Savings, String> {
    let no_figure = |image: &ImageRef| format!("the size catalog has no figure for `{image}`");
    let from_found = catalog::lookup(from).ok_or_else(|| no_figure(from))?;
    let to_found = catalog::lookup(to).ok_or_else(|| no_figure(to))?;
    if !different_variant(from_found.entry.tag_name(), to_found.entry.tag_name())
        || std::ptr::eq(from_found.entry, to_found.entry)
    {
        return Err(format!("the size catalog has no separate figures for `{from}` and `{to}`"));
    }
    let bytes = from_found.size.uncompressed_bytes.saturating_sub(to_found.size.uncompressed_bytes);
    if bytes == 0 {
        return Err(format!("the size catalog gives `{to}` no smaller size than `{from}`"));
    }
    let derived = from_found.size.uncompressed_is_derived || to_found.size.uncompressed_is_derived;
    let basis = format!(
        "catalog: {}, {}{}",
        entry_name(&from_found),
        entry_name(&to_found),
        if derived { "; on-disk sizes partly derived from download sizes" } else { "" }
    );
    Ok(Savings { bytes, basis })
}
