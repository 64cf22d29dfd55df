//! Byte counts as people read them in the sentences an estimate writes about its figures.

use crate::decimal::fixed;

/// `12.3 MB`, `850 MB`, `1.11 GB`: decimal units, as registries and `docker images` print them.
#[must_use]
pub fn megabytes(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1e6;
    if mb >= 1000.0 {
        format!("{} GB", fixed(mb / 1000.0, 2))
    } else if mb >= 10.0 {
        format!("{} MB", fixed(mb, 0))
    } else if mb >= 0.1 || bytes == 0 {
        format!("{} MB", fixed(mb, 1))
    } else {
        format!("{} kB", fixed(bytes as f64 / 1e3, 1))
    }
}

/// An image's figure as every report shows it: `~850 MB`, or `unknown` when its base is not
/// known (its figure would be the layers alone). A lower bound keeps its `~`: the confidence
/// reasons say what is missing.
#[must_use]
pub fn approximately(extent: super::Extent, bytes: u64) -> String {
    match extent {
        super::Extent::Unknown => "unknown".to_owned(),
        super::Extent::AtLeast | super::Extent::Whole => format!("~{}", megabytes(bytes)),
    }
}

/// The relative change from `before` to `after` with a real minus sign: `−97%`, `+4%`, `±0%`,
/// `−0.4%`. The CLI's size line and the page's size panel both say it this way.
#[must_use]
pub fn change(before: u64, after: u64) -> String {
    if before == 0 || before == after {
        return "±0%".to_owned();
    }
    #[allow(clippy::cast_precision_loss)]
    let percent = (after as f64 - before as f64) / before as f64 * 100.0;
    let sign = if percent < 0.0 { "−" } else { "+" };
    let magnitude = percent.abs();
    format!("{sign}{}%", fixed(magnitude, if magnitude < 1.0 { 1 } else { 0 }))
}

/// The share of `before` that `after` saves, in whole percent (0 when nothing is saved): the
/// Action's `savings-percent` output, so workflows compare one figure the core computed.
#[must_use]
pub fn savings_percent(before: u64, after: u64) -> u64 {
    if before == 0 || after >= before {
        return 0;
    }
    let saved = u128::from(before - after) * 100;
    let rounded = (saved + u128::from(before) / 2) / u128::from(before);
    u64::try_from(rounded).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn savings_in_whole_percent() {
        assert_eq!(savings_percent(1000, 90), 91);
        assert_eq!(savings_percent(1000, 1000), 0);
        assert_eq!(savings_percent(0, 0), 0);
        assert_eq!(savings_percent(1000, 2000), 0);
    }

    #[test]
    fn changes_use_a_real_minus_sign() {
        assert_eq!(change(850, 22), "−97%");
        assert_eq!(change(100, 104), "+4%");
        assert_eq!(change(1000, 996), "−0.4%");
        assert_eq!(change(7, 7), "±0%");
        assert_eq!(change(0, 5), "±0%");
    }

    #[test]
    fn picks_a_readable_unit() {
        assert_eq!(megabytes(0), "0.0 MB");
        assert_eq!(megabytes(5_583), "5.6 kB");
        assert_eq!(megabytes(3_419_706), "3.4 MB");
        assert_eq!(megabytes(822_970_000), "823 MB");
        assert_eq!(megabytes(1_110_000_000), "1.11 GB");
    }
}
