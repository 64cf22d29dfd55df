//! Debian's package closures per release (`core/data/debian-closures.json`, written by
//! `scripts/gen-debian-closures` from Debian's package indexes), parsed once. One copy of the data
//! for every front end, so the CLI's `check` and the playground's size panel give the same figures.

use std::sync::{Arc, OnceLock};

use super::package_index::PackageIndex;

static DATA: &str = include_str!("../../data/debian-closures.json");

/// The shipped closures, parsed on first use, for [`super::SizeInputs::packages`]; `None` if the
/// file were unreadable (a build from a broken checkout), when the built-in Debian 12 table
/// stands in.
#[must_use]
pub fn shipped() -> Option<Arc<PackageIndex>> {
    static INDEX: OnceLock<Option<Arc<PackageIndex>>> = OnceLock::new();
    INDEX.get_or_init(|| serde_json::from_str(DATA).ok().map(Arc::new)).clone()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_closures_parse_and_hold_both_releases() {
        let index = super::shipped().expect("data/debian-closures.json parses");
        for release in ["bookworm", "trixie"] {
            let table = index.release(release).unwrap_or_else(|| panic!("{release} is missing"));
            let gcc = table.closure("gcc", false).expect("gcc is listed");
            assert!(gcc.contains(&"gcc") && gcc.len() > 5, "{release}: {gcc:?}");
            assert!(table.base().contains("dpkg"), "{release}");
            assert!(table.packages.len() > 100, "{release}: {}", table.packages.len());
        }
    }
}
