//! A float written with a fixed number of decimals, exactly as `format!("{value:.N}")` writes it,
//! in integer arithmetic.
//!
//! Why not `format!`: the standard library's float formatting (Grisu with a Dragon fallback, and
//! their power-of-ten tables) is the largest piece of code the playground would download for a
//! handful of figures such as `1.11 GB` or `−0.4%`. Writing the exact value of the binary float and
//! rounding it half to even, as the standard library does, gives the same text for every value.

/// `value` with `decimals` digits after the point: the same text as
/// `format!("{value:.decimals$}")` for every `f64`, including negative zero (`-0.0`), `NaN` and
/// the infinities.
#[must_use]
pub fn fixed(value: f64, decimals: usize) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if value.is_infinite() {
        return format!("{sign}inf");
    }
    let bits = value.to_bits();
    let exponent_bits = i32::try_from((bits >> 52) & 0x7ff).unwrap_or(0);
    let fraction = bits & ((1u64 << 52) - 1);
    // value = mantissa × 2^exponent exactly (subnormals have no implicit leading bit).
    let (mantissa, exponent) =
        if exponent_bits == 0 { (fraction, -1074) } else { (fraction | (1u64 << 52), exponent_bits - 1075) };
    let digits = if exponent >= 0 {
        // An integer: its digits, then zeros after the point.
        let mut digits = integer_digits(mantissa, exponent.unsigned_abs());
        if decimals > 0 {
            digits.push('.');
            digits.extend(std::iter::repeat_n('0', decimals));
        }
        digits
    } else {
        scaled_digits(mantissa, exponent.unsigned_abs(), decimals)
    };
    format!("{sign}{digits}")
}

/// The digits of `mantissa × 2^shift`, which may be far beyond any machine integer.
fn integer_digits(mantissa: u64, shift: u32) -> String {
    if shift < 64 {
        return (u128::from(mantissa) << shift).to_string();
    }
    // Base 10^9 limbs, least significant first, doubled 2^k at a time.
    const LIMB: u64 = 1_000_000_000;
    let mut limbs = vec![mantissa % LIMB, (mantissa / LIMB) % LIMB, mantissa / (LIMB * LIMB)];
    let mut remaining = shift;
    while remaining > 0 {
        let step = remaining.min(32);
        remaining -= step;
        let mut carry = 0u64;
        for limb in &mut limbs {
            let product = (*limb << step) + carry;
            *limb = product % LIMB;
            carry = product / LIMB;
        }
        while carry > 0 {
            limbs.push(carry % LIMB);
            carry /= LIMB;
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut text = limbs.last().map(u64::to_string).unwrap_or_default();
    for limb in limbs.iter().rev().skip(1) {
        text.push_str(&format!("{limb:09}"));
    }
    text
}

/// `mantissa / 2^shift` with `decimals` digits after the point, rounded half to even.
fn scaled_digits(mantissa: u64, shift: u32, decimals: usize) -> String {
    // mantissa × 10^decimals, as a big number in base 2^32 (least significant limb first).
    let mut scaled = vec![mantissa & 0xffff_ffff, mantissa >> 32];
    for _ in 0..decimals {
        let mut carry = 0u64;
        for limb in &mut scaled {
            let product = *limb * 10 + carry;
            *limb = product & 0xffff_ffff;
            carry = product >> 32;
        }
        if carry > 0 {
            scaled.push(carry);
        }
    }
    // Split at bit `shift`: the quotient, and whether the remainder is below, at or above half.
    let bit = |n: u32| {
        let limb = (n / 32) as usize;
        scaled.get(limb).is_some_and(|value| (value >> (n % 32)) & 1 == 1)
    };
    let half_bit = shift - 1;
    let above_half_bits = (0..half_bit).any(bit);
    let mut quotient: Vec<u64> = {
        let whole_limbs = (shift / 32) as usize;
        let offset = shift % 32;
        (whole_limbs..scaled.len())
            .map(|i| {
                let low = scaled[i] >> offset;
                let high = if offset == 0 {
                    0
                } else {
                    scaled.get(i + 1).map_or(0, |next| (next << (32 - offset)) & 0xffff_ffff)
                };
                low | high
            })
            .collect()
    };
    let round_up = bit(half_bit) && (above_half_bits || quotient.first().is_some_and(|low| low & 1 == 1));
    if round_up {
        let mut carry = 1u64;
        for limb in &mut quotient {
            let sum = *limb + carry;
            *limb = sum & 0xffff_ffff;
            carry = sum >> 32;
        }
        if carry > 0 {
            quotient.push(carry);
        }
    }
    let mut digits = base_2_32_to_decimal(quotient);
    if decimals > 0 {
        if digits.len() <= decimals {
            let zeros = decimals + 1 - digits.len();
            digits.insert_str(0, &"0".repeat(zeros));
        }
        digits.insert(digits.len() - decimals, '.');
    }
    digits
}

/// The decimal digits of a number held in base 2^32 limbs, least significant first.
fn base_2_32_to_decimal(mut limbs: Vec<u64>) -> String {
    let mut chunks = Vec::new();
    loop {
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        if limbs.is_empty() {
            break;
        }
        let mut remainder = 0u64;
        for limb in limbs.iter_mut().rev() {
            let current = (remainder << 32) | *limb;
            *limb = current / 1_000_000_000;
            remainder = current % 1_000_000_000;
        }
        chunks.push(remainder);
    }
    let mut text = chunks.last().map_or_else(|| "0".to_owned(), u64::to_string);
    for chunk in chunks.iter().rev().skip(1) {
        text.push_str(&format!("{chunk:09}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_same(value: f64) {
        for decimals in 0..=4 {
            assert_eq!(fixed(value, decimals), format!("{value:.decimals$}"), "{value:e} with {decimals} decimals");
        }
    }

    #[test]
    fn rounds_ties_to_even_on_the_exact_binary_value() {
        assert_eq!(fixed(0.25, 1), "0.2");
        assert_eq!(fixed(0.35, 1), "0.3");
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(1.5, 0), "2");
        assert_eq!(fixed(0.125, 2), "0.12");
        assert_eq!(fixed(2.675, 2), "2.67");
        assert_eq!(fixed(9.96, 1), "10.0");
        assert_eq!(fixed(0.0, 2), "0.00");
    }

    #[test]
    fn writes_signs_and_special_values_as_format_does() {
        for value in [-0.0, -0.04, -1.25, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, f64::MIN_POSITIVE] {
            assert_same(value);
        }
        assert_same(f64::from_bits(1));
        assert_same(5e-324 * 3.0);
    }

    #[test]
    fn matches_format_on_the_figures_the_reports_write() {
        for bytes in (0..200_000u64).step_by(7).chain((0..5_000).map(|n| n * 100_000 + 50_000)) {
            #[allow(clippy::cast_precision_loss)]
            let value = bytes as f64;
            assert_same(value / 1e6);
            assert_same(value / 1e3);
            assert_same(value / 1e6 / 1000.0);
            assert_same(value / 7.0);
        }
    }

    #[test]
    fn matches_format_on_many_bit_patterns() {
        // A fixed xorshift sequence over every exponent: reproducible, and far more values than
        // a hand-picked list.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = f64::from_bits(state);
            if value.is_finite() && value.abs() < 1e30 && value.abs() > 1e-30 {
                assert_same(value);
            }
        }
    }
}
