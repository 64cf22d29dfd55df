//! Byte counts as people read them, in the decimal units `docker images` uses (1 MB = 10^6 B),
//! so the page's figures compare directly with what the author sees in their terminal.

/// `1234567` → `"1.2 MB"`; below 1 kB the exact count (`"512 B"`).
#[must_use]
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["kB", "MB", "GB", "TB", "PB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    let decimals = if value < 100.0 { 1 } else { 0 };
    format!("{value:.decimals$} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::human;

    #[test]
    fn picks_the_unit_and_precision() {
        assert_eq!(human(0), "0 B");
        assert_eq!(human(999), "999 B");
        assert_eq!(human(1000), "1.0 kB");
        assert_eq!(human(1_234_567), "1.2 MB");
        assert_eq!(human(814_000_000), "814 MB");
        assert_eq!(human(999_960_000), "1.0 GB");
        assert_eq!(human(u64::MAX), "18447 PB");
    }
}
