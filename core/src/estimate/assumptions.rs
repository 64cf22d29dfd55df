//! The figures an estimate assumes where nothing was measured, each with the sentence that states
//! it, so every report that leans on one says so.

/// A size slimfile assumes, and how it says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Assumption {
    /// The assumed on-disk bytes.
    pub bytes: u64,
    /// The sentence a report quotes.
    pub statement: &'static str,
}

/// What `go build` or `go install` writes: one service binary. 15 MB is the binary size in
/// slimfile's size anchor for a two-stage Go service; real binaries range from a few MB to
/// hundreds.
pub const GO_BINARY: Assumption = Assumption {
    bytes: 15_000_000,
    statement: "a Go service binary is assumed to be 15 MB (an assumption, not a measurement)",
};

/// Dependency manifests and lock files copied on their own (`COPY package*.json ./`) when the
/// caller did not list the context: lock files run from a few kB to about a megabyte, so this is
/// an order of magnitude, stated as an assumption.
pub const MANIFEST_FILES: Assumption = Assumption {
    bytes: 200_000,
    statement: "the build context was not measured: dependency manifests and lock files are assumed to be 200 kB",
};

/// Files copied from the build context when the caller did not list the context (the page, a
/// Dockerfile read from standard input).
pub const CONTEXT_FILES: Assumption = Assumption {
    bytes: 1_000_000,
    statement: "the build context was not measured: the copied files are assumed to be 1 MB",
};

/// apt's package lists after `apt-get update` on Debian 12, as the official images keep them
/// (`Acquire::GzipIndexes`: lz4-compressed `Packages` files, no translations): main, updates
/// and security for amd64. Measured with `apt-get update` into a private directory on
/// 2026-12-01; lists grow as the archive does.
pub const APT_LISTS_BOOKWORM: Assumption = Assumption {
    bytes: 19_869_162,
    statement: "apt's package lists for Debian 12 (main, updates, security; amd64, lz4-compressed as the official \
                images keep them) weigh 19.9 MB, measured with apt-get update on 2026-12-01; already compressed, \
                they are counted at the same size in the download",
};

/// The same for Debian 13 (trixie), measured the same way on the same day.
pub const APT_LISTS_TRIXIE: Assumption = Assumption {
    bytes: 21_667_661,
    statement: "apt's package lists for Debian 13 (main, updates, security; amd64, lz4-compressed as the official \
                images keep them) weigh 21.7 MB, measured with apt-get update on 2026-12-01; already compressed, \
                they are counted at the same size in the download",
};
