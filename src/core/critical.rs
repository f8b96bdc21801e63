//! Stationary points: what kind a point is (from the Hessian), and the local minima of a 1-D
//! curve. Gradient descent stops at any of them; these say which it found.

use super::problem::{Objective, curvatures, norm};

/// The kind of a point, read from the gradient and the Hessian's eigenvalues.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointKind {
    /// The gradient is not (nearly) zero.
    Slope,
    /// Stationary, every curvature positive.
    Minimum,
    /// Stationary, curvatures of both signs: downhill exists in some direction.
    Saddle,
    /// Stationary, every curvature negative.
    Maximum,
    /// Stationary, but the Hessian is unknown or singular there.
    Flat,
}

impl PointKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PointKind::Slope => "slope",
            PointKind::Minimum => "minimum",
            PointKind::Saddle => "saddle",
            PointKind::Maximum => "maximum",
            PointKind::Flat => "flat point",
        }
    }
}

/// Classify `x`: stationary when ‖∇f‖ ≤ `tol`, then by the signs of the curvatures.
pub fn classify(f: &dyn Objective, x: &[f64], tol: f64) -> PointKind {
    let mut g = vec![0.0; f.dim()];
    f.grad(x, &mut g);
    // A non-finite gradient norm is not stationary either.
    let n = norm(&g);
    if n.is_nan() || n > tol {
        return PointKind::Slope;
    }
    match curvatures(f, x) {
        Some((lo, _)) if lo > 0.0 => PointKind::Minimum,
        Some((lo, hi)) if lo < 0.0 && hi > 0.0 => PointKind::Saddle,
        Some((_, hi)) if hi < 0.0 => PointKind::Maximum,
        _ => PointKind::Flat,
    }
}

/// The local minima of a 1-D objective on [lo, hi], left to right: (θ, f(θ)). Found by
/// scanning `samples` points for a sign change of f′ from − to +, then bisecting on f′.
pub fn local_minima_1d(f: &dyn Objective, lo: f64, hi: f64, samples: usize) -> Vec<(f64, f64)> {
    let n = samples.max(2);
    let d = |t: f64| {
        let mut g = [0.0];
        f.grad(&[t], &mut g);
        g[0]
    };
    let at = |i: usize| lo + (hi - lo) * i as f64 / n as f64;
    let mut out = Vec::new();
    for i in 0..n {
        let (mut a, mut b) = (at(i), at(i + 1));
        if !(d(a) < 0.0 && d(b) >= 0.0) {
            continue;
        }
        for _ in 0..100 {
            let m = 0.5 * (a + b);
            if d(m) < 0.0 { a = m } else { b = m }
        }
        let t = 0.5 * (a + b);
        out.push((t, f.value(&[t])));
    }
    out
}
