//! What a language installer installs from a lock file, sized by the caller: the CLI reads the
//! build context's lock file and looks each locked version up in a table generated from the
//! registry (`scripts/gen-dependency-sizes`). The core does no I/O and carries no such table.

/// The installed size of one lock file's packages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DependencySizes {
    /// The installer this sizes (`npm`).
    pub manager: String,
    /// The lock file, relative to the build context (`package-lock.json`).
    pub lock_file: String,
    /// How many packages the lock file installs.
    pub packages: usize,
    /// How many of them the table has.
    pub sized: usize,
    /// Their unpacked bytes.
    pub sized_bytes: u64,
    /// What each of the others counts, when the table is large enough to say (its median);
    /// `None` leaves them unknown.
    pub per_package_bytes: Option<u64>,
    /// Where the table's figures come from.
    pub source: String,
    /// Where the per-package figure comes from.
    pub per_package_basis: String,
}

impl DependencySizes {
    /// Bytes of the packages the table lacks, at the stated per-package figure, if there is one.
    #[must_use]
    pub fn assumed_bytes(&self) -> Option<u64> {
        self.per_package_bytes.map(|each| (self.packages.saturating_sub(self.sized) as u64).saturating_mul(each))
    }
}
