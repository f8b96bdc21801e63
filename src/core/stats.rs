//! Small statistics helpers used by widgets and tests.

/// Mean of a slice (0 for an empty slice).
pub fn mean(v: &[f64]) -> f64 {
    if v.is_empty() { 0.0 } else { v.iter().sum::<f64>() / v.len() as f64 }
}

/// Unbiased sample variance (0 for fewer than two values).
pub fn variance(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = mean(v);
    v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (v.len() - 1) as f64
}

/// Trailing moving average with window `w` (the first values average what exists).
pub fn moving_average(v: &[f64], w: usize) -> Vec<f64> {
    let w = w.max(1);
    let mut out = Vec::with_capacity(v.len());
    let mut sum = 0.0;
    for i in 0..v.len() {
        sum += v[i];
        if i >= w {
            sum -= v[i - w];
        }
        out.push(sum / (i + 1).min(w) as f64);
    }
    out
}

/// Variance of the mean of a mini-batch of `b` examples drawn without replacement from `n`,
/// relative to the per-example variance σ²: σ²/b · (n − b)/(n − 1).
pub fn batch_variance_factor(b: usize, n: usize) -> f64 {
    if n <= 1 {
        return 0.0;
    }
    let (b, nf) = (b.clamp(1, n) as f64, n as f64);
    (1.0 / b) * (nf - b) / (nf - 1.0)
}

/// The q-quantile (0 ≤ q ≤ 1) by linear interpolation; NaN-free input assumed.
pub fn quantile(v: &[f64], q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let pos = q.clamp(0.0, 1.0) * (s.len() - 1) as f64;
    let (i, frac) = (pos.floor() as usize, pos.fract());
    if i + 1 < s.len() { s[i] * (1.0 - frac) + s[i + 1] * frac } else { s[i] }
}

/// A histogram of `values` over [lo, hi) in `bins` equal bins: (bin centres, counts).
/// Values outside the range go to the first or last bin; non-finite values are skipped.
pub fn histogram(values: &[f64], lo: f64, hi: f64, bins: usize) -> (Vec<f64>, Vec<usize>) {
    let bins = bins.max(1);
    let width = if hi > lo { (hi - lo) / bins as f64 } else { 1.0 };
    let centres = (0..bins).map(|i| lo + (i as f64 + 0.5) * width).collect();
    let mut counts = vec![0; bins];
    for v in values.iter().filter(|v| v.is_finite()) {
        let i = ((v - lo) / width).floor().clamp(0.0, (bins - 1) as f64) as usize;
        counts[i] += 1;
    }
    (centres, counts)
}

/// Least-squares line through (x, y) pairs: (slope, intercept); (0, mean y) when the x values
/// do not vary.
pub fn fit_line(x: &[f64], y: &[f64]) -> (f64, f64) {
    let n = x.len().min(y.len());
    let (mx, my) = (mean(&x[..n]), mean(&y[..n]));
    let sxx: f64 = x[..n].iter().map(|a| (a - mx).powi(2)).sum();
    let sxy: f64 = x[..n].iter().zip(&y[..n]).map(|(a, b)| (a - mx) * (b - my)).sum();
    if sxx <= 0.0 {
        return (0.0, my);
    }
    let slope = sxy / sxx;
    (slope, my - slope * mx)
}

/// Pearson's correlation of two equally long samples; 0 when either does not vary.
pub fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (ma, mb) = (mean(&a[..n]), mean(&b[..n]));
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a[..n].iter().zip(&b[..n]) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa <= 0.0 || sbb <= 0.0 { 0.0 } else { sab / (saa * sbb).sqrt() }
}
