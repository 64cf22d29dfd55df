//! Debian's packages per release, with what installing each adds to a minimal base: the packages
//! of its closure (with and without Recommends) and every package's installed size, generated
//! from Debian's package indexes by `scripts/gen-debian-closures`.
//!
//! The table is large, so it is opt-in: with the `debian-closures` feature the core ships it
//! ([`super::debian_closures`]), and the CLI and the playground hand it in through
//! [`super::SizeInputs`]; without it the small built-in Debian 12 table in [`super::packages`]
//! stands in. With closures the estimate counts each package once: a package
//! the base image or an earlier layer holds adds nothing again.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

/// Every release the generator read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct PackageIndex {
    /// One entry per release.
    pub releases: Vec<ReleaseIndex>,
}

/// One release's packages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ReleaseIndex {
    /// Its code name (`trixie`).
    pub release: String,
    /// How reports name it (`Debian 13 (trixie)`).
    pub name: String,
    /// Where the figures come from and when they were read.
    pub source: String,
    /// Every package the table mentions; the other fields refer to them by position.
    pub names: Vec<String>,
    /// The `Installed-Size` (KiB) of each of [`Self::names`].
    pub installed_kib: Vec<u64>,
    /// The packages of the minimal base the closures are measured against.
    pub base: Vec<u32>,
    /// Per package: what `apt-get install` of it adds to the minimal base.
    pub packages: BTreeMap<String, Closures>,
}

/// What one package's install adds, as positions in [`ReleaseIndex::names`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Closures {
    /// With `--no-install-recommends`.
    pub no_recommends: Vec<u32>,
    /// With apt's default of installing Recommends.
    pub with_recommends: Vec<u32>,
}

impl PackageIndex {
    /// The release named `code_name`, if the table has it.
    #[must_use]
    pub fn release(&self, code_name: &str) -> Option<&ReleaseIndex> {
        self.releases.iter().find(|r| r.release == code_name)
    }
}

impl ReleaseIndex {
    /// The packages installing `package` adds to the minimal base (the package itself among
    /// them), by name; `None` when the table lacks it. A `=version` pin, a `/release` target and
    /// an `:arch` qualifier are ignored.
    #[must_use]
    pub fn closure(&self, package: &str, recommends: bool) -> Option<Vec<&str>> {
        let name = package.trim().split(['=', '/', ':']).next().unwrap_or_default();
        let closures = self.packages.get(name)?;
        let members = if recommends { &closures.with_recommends } else { &closures.no_recommends };
        Some(members.iter().filter_map(|&k| self.names.get(k as usize).map(String::as_str)).collect())
    }

    /// The minimal base's packages, by name.
    #[must_use]
    pub fn base(&self) -> BTreeSet<&str> {
        self.base.iter().filter_map(|&k| self.names.get(k as usize).map(String::as_str)).collect()
    }

    /// The installed size of `package` in bytes (0 when the table does not list it).
    #[must_use]
    pub fn bytes(&self, package: &str) -> u64 {
        self.names
            .iter()
            .position(|n| n == package)
            .and_then(|k| self.installed_kib.get(k))
            .map_or(0, |kib| kib.saturating_mul(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> ReleaseIndex {
        let names = ["base-files", "gcc", "libc6-dev", "make", "perl"].map(str::to_owned).to_vec();
        let mut packages = BTreeMap::new();
        packages.insert("gcc".to_owned(), Closures { no_recommends: vec![1, 2], with_recommends: vec![1, 2, 3] });
        ReleaseIndex {
            release: "trixie".to_owned(),
            name: "Debian 13 (trixie)".to_owned(),
            source: "test".to_owned(),
            names,
            installed_kib: vec![1, 100, 50, 10, 200],
            base: vec![0],
            packages,
        }
    }

    #[test]
    fn closures_by_name_pins_ignored() {
        let index = sample();
        assert_eq!(index.closure("gcc=4:14.2.0-1", false), Some(vec!["gcc", "libc6-dev"]));
        assert_eq!(index.closure("gcc:amd64", true), Some(vec!["gcc", "libc6-dev", "make"]));
        assert_eq!(index.closure("no-such", true), None);
        assert_eq!(index.bytes("perl"), 200 * 1024);
        assert!(index.base().contains("base-files"));
    }
}
