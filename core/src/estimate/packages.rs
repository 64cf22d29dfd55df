//! Installed sizes of common Debian 12 packages, and what each adds to a minimal Debian base with
//! and without Recommends, so `apt-get install` lines can be costed offline.

use serde::Serialize;

use super::catalog_data::PACKAGES;

/// Where the package figures come from, for reports that cite their numbers.
pub const SOURCE: &str = "Debian 12 (bookworm, 12.15, amd64) package index: apt-cache / apt-get -s against \
    bookworm, bookworm-updates and bookworm-security, read 2026-11-26";

/// Total installed size (KiB) of the minimal Debian 12 base the closures are measured against:
/// every `required` package plus `apt` and `usr-is-merged` and their dependencies. It approximates
/// `debian:bookworm-slim`, which is smaller on disk because it drops docs and locales.
pub const BASE_SET_KIB: u64 = 117_538;

/// How many packages that minimal base holds.
pub const BASE_SET_PKGS: u32 = 88;

/// One Debian 12 package with its own size and what installing it adds to the minimal base.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PackageEntry {
    /// The package name (`build-essential`).
    pub name: &'static str,
    /// The candidate version in the index.
    pub version: &'static str,
    /// The package's own `Installed-Size` (KiB).
    pub installed_kib: u64,
    /// Total `Installed-Size` (KiB) of everything `apt-get install --no-install-recommends`
    /// adds to the minimal base.
    pub closure_no_recommends_kib: u64,
    /// How many packages that is.
    pub closure_no_recommends_pkgs: u32,
    /// The same with Recommends installed (apt's default).
    pub closure_with_recommends_kib: u64,
    /// How many packages that is.
    pub closure_with_recommends_pkgs: u32,
}

/// Every package, sorted by name.
#[must_use]
pub fn packages() -> &'static [PackageEntry] {
    PACKAGES
}

/// The entry for a package as written on an `apt-get install` line: exact name, ignoring a
/// `=version` pin, a `/release` target and a `:arch` qualifier (`libc6:amd64=2.36-9`).
#[must_use]
pub fn package(name: &str) -> Option<&'static PackageEntry> {
    let name = name.trim();
    let name = name.split_once('=').map_or(name, |(n, _)| n);
    let name = name.split_once('/').map_or(name, |(n, _)| n);
    let name = name.split_once(':').map_or(name, |(n, _)| n);
    PACKAGES.binary_search_by(|p| p.name.cmp(name)).ok().map(|i| &PACKAGES[i])
}

/// What apt's default of installing Recommends costs for this package, in KiB: the closure with
/// Recommends minus the closure without. `None` for packages not in the table.
#[must_use]
pub fn recommends_overhead_kib(name: &str) -> Option<u64> {
    package(name).map(|p| p.closure_with_recommends_kib.saturating_sub(p.closure_no_recommends_kib))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_packages_by_name_and_by_pinned_name() {
        let gcc = package("gcc").expect("gcc is listed");
        assert_eq!(gcc.name, "gcc");
        assert!(gcc.closure_no_recommends_kib >= gcc.installed_kib);
        assert_eq!(package("gcc=4:12.2.0-3"), Some(gcc));
        assert_eq!(package("gcc:amd64"), Some(gcc));
        assert_eq!(package("gcc:amd64=4:12.2.0-3"), Some(gcc));
        assert_eq!(package(" gcc/bookworm "), Some(gcc));
        assert_eq!(package("g++").map(|p| p.name), Some("g++"));
        assert_eq!(package("no-such-package"), None);
        assert_eq!(package(""), None);
    }

    #[test]
    fn recommends_cost_is_the_difference() {
        let build = package("build-essential").expect("listed");
        assert_eq!(
            recommends_overhead_kib("build-essential"),
            Some(build.closure_with_recommends_kib - build.closure_no_recommends_kib)
        );
        assert!(recommends_overhead_kib("build-essential").expect("listed") > 0);
        assert_eq!(recommends_overhead_kib("make"), Some(0));
        assert_eq!(recommends_overhead_kib("no-such-package"), None);
    }

    #[test]
    fn table_is_sorted_and_consistent() {
        assert!(packages().len() >= 80);
        for pair in packages().windows(2) {
            assert!(pair[0].name < pair[1].name, "{} / {}", pair[0].name, pair[1].name);
        }
        for p in packages() {
            assert!(!p.version.is_empty(), "{}", p.name);
            assert!(p.closure_with_recommends_kib >= p.closure_no_recommends_kib, "{}", p.name);
            assert!(p.closure_with_recommends_pkgs >= p.closure_no_recommends_pkgs, "{}", p.name);
            assert_eq!(package(p.name), Some(p));
        }
    }
}
