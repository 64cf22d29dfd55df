//! The bloat ratio the size panel shows: how many times larger the image as written is than the
//! proposed one, at a precision that reads well. (The relative change is the core's
//! `estimate::units::change`, shared with the CLI.)

use slimfile_core::decimal::fixed;

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
        format!("{}\u{d7}", fixed(ratio, 0))
    } else if ratio >= 0.1 {
        format!("{}\u{d7}", fixed(ratio, 1))
    } else {
        "under 0.1\u{d7}".to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
