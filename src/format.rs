//! Number formatting for readouts: never prints NaN or "inf".

/// `v` with `sig` significant digits, switching to scientific notation for very large or
/// small magnitudes. Non-finite values become "—" (not a number) or "∞".
pub fn sig(v: f64, sig: usize) -> String {
    if v.is_nan() {
        return "—".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞".into() } else { "−∞".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    let sig = sig.max(1);
    if !(1e-4..1e6).contains(&a) {
        let text = format!("{:.*e}", sig - 1, v);
        let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
        let sup: String = exp
            .chars()
            .map(|c| match c {
                '-' => '⁻',
                d => ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'][d.to_digit(10).unwrap_or(0) as usize],
            })
            .collect();
        return format!("{}×10{sup}", mantissa.replace('-', "−"));
    }
    let mut decimals = (sig as i32 - 1 - a.log10().floor() as i32).max(0) as usize;
    // Rounding can carry into the next power of ten (0.099999 → 0.1000): one digit fewer then.
    let rounded: f64 = format!("{a:.decimals$}").parse().unwrap_or(a);
    if decimals > 0 && rounded >= 10f64.powi(a.log10().floor() as i32 + 1) {
        decimals -= 1;
    }
    format!("{v:.decimals$}").replace('-', "−")
}

/// An integer with thin-space thousands separators: 60 000.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('\u{2009}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn formats() {
        assert_eq!(sig(0.123456, 3), "0.123");
        assert_eq!(sig(12.3456, 3), "12.3");
        assert_eq!(sig(-1.5, 2), "−1.5");
        assert_eq!(sig(f64::NAN, 3), "—");
        assert_eq!(sig(f64::INFINITY, 3), "∞");
        assert_eq!(sig(1.5e-7, 2), "1.5×10⁻⁷");
        assert_eq!(sig(2.0e9, 2), "2.0×10⁹");
        assert_eq!(sig(-3.25e-12, 3), "−3.25×10⁻¹²");
        assert_eq!(sig(0.0999999, 3), "0.100");
        assert_eq!(sig(-9.9996, 4), "−10.00");
        assert_eq!(sig(0.0123, 3), "0.0123");
        assert_eq!(thousands(60000), "60\u{2009}000");
        assert_eq!(thousands(999), "999");
    }
}
