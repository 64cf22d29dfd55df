//! How the size panel words the comparison of two sizes: the relative change and the bloat ratio.

/// The relative change with a real minus sign, as the CLI prints it: `−91%`, `+4%`, `±0%`.
#[must_use]
pub fn change(before: u64, after: u64) -> String {
    if before == 0 || before == after {
        return "\u{b1}0%".to_owned();
    }
    let percent = (after as f64 - before as f64) / before as f64 * 100.0;
    let sign = if percent < 0.0 { "\u{2212}" } else { "+" };
    let magnitude = percent.abs();
    if magnitude < 1.0 { format!("{sign}{magnitude:.1}%") } else { format!("{sign}{magnitude:.0}%") }
}

/// How many times larger the image as written is than the proposed one: `49×`, `3.0×`,
/// `under 0.1×` (when the file as written rests on a base the catalog does not know); `None`
/// when either side is empty.
#[must_use]
pub fn bloat_ratio(before: u64, after: u64) -> Option<String> {
    if before == 0 || after == 0 {
        return None;
    }
    let ratio = before as f64 / after as f64;
    Some(if ratio >= 10.0 {
        format!("{ratio:.0}\u{d7}")
    } else if ratio >= 0.1 {
        format!("{ratio:.1}\u{d7}")
    } else {
        "under 0.1\u{d7}".to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_the_change_like_the_cli() {
        assert_eq!(change(1_270_000_000, 114_000_000), "\u{2212}91%");
        assert_eq!(change(100, 104), "+4%");
        assert_eq!(change(1000, 996), "\u{2212}0.4%");
        assert_eq!(change(5, 5), "\u{b1}0%");
        assert_eq!(change(0, 5), "\u{b1}0%");
    }

    #[test]
    fn words_the_bloat_ratio_at_a_sensible_precision() {
        assert_eq!(bloat_ratio(838_970_000, 17_097_152).as_deref(), Some("49\u{d7}"));
        assert_eq!(bloat_ratio(1_270_000_000, 114_000_000).as_deref(), Some("11\u{d7}"));
        assert_eq!(bloat_ratio(300, 100).as_deref(), Some("3.0\u{d7}"));
        assert_eq!(bloat_ratio(1_000_000, 244_000_000).as_deref(), Some("under 0.1\u{d7}"));
        assert_eq!(bloat_ratio(0, 5), None);
        assert_eq!(bloat_ratio(5, 0), None);
    }
}
