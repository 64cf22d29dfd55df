//! Image sizes as the reports show them: a before/after pair per Dockerfile and byte counts in
//! the decimal units `docker images` uses.

/// An image's size, as pulled (compressed layers) and as stored (unpacked on disk).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Bytes transferred on pull.
    pub compressed: u64,
    /// Bytes on disk once unpacked.
    pub disk: u64,
}

/// A Dockerfile's estimated image size now and after slimfile's proposal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SizeChange {
    /// The image the Dockerfile builds today.
    pub before: Footprint,
    /// The image the proposed Dockerfile builds.
    pub after: Footprint,
}

impl SizeChange {
    /// How many times larger the current image is than the proposed one, on disk; `None` when
    /// the proposal's size is unknown (zero).
    #[must_use]
    pub fn bloat_ratio(&self) -> Option<f64> {
        (self.after.disk > 0).then(|| to_f64(self.before.disk) / to_f64(self.after.disk))
    }
}

/// The share of `before` that `after` saves, in whole percent (0 when nothing is saved).
#[must_use]
pub fn savings_percent(before: u64, after: u64) -> u64 {
    if before == 0 || after >= before {
        return 0;
    }
    let saved = u128::from(before - after) * 100;
    let rounded = (saved + u128::from(before) / 2) / u128::from(before);
    u64::try_from(rounded).unwrap_or(100)
}

/// `1234567` as `1.2 MB`: decimal units, one decimal under 100, as `docker images` prints.
#[must_use]
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = to_f64(bytes);
    let mut unit = "B";
    for next in UNITS {
        if value < 1000.0 {
            break;
        }
        value /= 1000.0;
        unit = next;
    }
    if value < 100.0 { format!("{value:.1} {unit}") } else { format!("{value:.0} {unit}") }
}

// Sizes are shown to one decimal, so the precision lost above 2^53 bytes does not matter.
fn to_f64(n: u64) -> f64 {
    n as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_like_docker_images() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_000), "1.0 kB");
        assert_eq!(human_bytes(149_142_528), "149 MB");
        assert_eq!(human_bytes(1_234_567_890), "1.2 GB");
    }

    #[test]
    fn savings_and_ratio() {
        assert_eq!(savings_percent(1000, 90), 91);
        assert_eq!(savings_percent(1000, 1000), 0);
        assert_eq!(savings_percent(0, 0), 0);
        assert_eq!(savings_percent(1000, 2000), 0);
        let change = SizeChange {
            before: Footprint { compressed: 400, disk: 1000 },
            after: Footprint { compressed: 40, disk: 250 },
        };
        assert_eq!(change.bloat_ratio(), Some(4.0));
        assert_eq!(SizeChange::default().bloat_ratio(), None);
    }
}
