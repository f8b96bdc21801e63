//! The problem side: small capability traits, as in argmin.

use std::rc::Rc;

/// A differentiable objective L(θ). Finite sums (models over a data set) also expose
/// per-example gradients so that mini-batch oracles can sample them.
pub trait Objective {
    /// Number of parameters.
    fn dim(&self) -> usize;
    /// L(θ).
    fn value(&self, x: &[f64]) -> f64;
    /// ∇L(θ), written into `g` (length [`Objective::dim`]).
    fn grad(&self, x: &[f64], g: &mut [f64]);
    /// The Hessian, row-major, where the problem knows it.
    fn hessian(&self, _x: &[f64]) -> Option<Vec<f64>> {
        None
    }
    /// `Some(N)` when L is a finite sum (1/N) Σ ℓₙ over N examples.
    fn examples(&self) -> Option<usize> {
        None
    }
    /// Mean gradient over the examples in `idx`: (1/|idx|) Σ_{n∈idx} ∇ℓₙ(θ).
    /// For problems that are not finite sums this is the full gradient.
    fn batch_grad(&self, x: &[f64], _idx: &[usize], g: &mut [f64]) {
        self.grad(x, g)
    }
    /// The global minimiser and its value, where known in closed form or computed once.
    fn minimum(&self) -> Option<(Vec<f64>, f64)> {
        None
    }
    /// A short name for legends and readouts.
    fn name(&self) -> &str;
}

/// Shared handle to a problem (the UI is single-threaded, so `Rc` is enough).
pub type Problem = Rc<dyn Objective>;

/// Euclidean norm.
pub fn norm(v: &[f64]) -> f64 {
    v.iter().map(|a| a * a).sum::<f64>().sqrt()
}

/// Central finite-difference gradient, step `h` (used by tests and as a reference).
pub fn finite_diff_grad(f: &dyn Objective, x: &[f64], h: f64) -> Vec<f64> {
    let mut xp = x.to_vec();
    (0..x.len())
        .map(|i| {
            xp[i] = x[i] + h;
            let up = f.value(&xp);
            xp[i] = x[i] - h;
            let down = f.value(&xp);
            xp[i] = x[i];
            (up - down) / (2.0 * h)
        })
        .collect()
}

/// Eigenvalues (smallest, largest) of a symmetric 1×1 or 2×2 matrix given row-major;
/// `None` for other sizes.
pub fn sym_eigenvalues(h: &[f64]) -> Option<(f64, f64)> {
    match h.len() {
        1 => Some((h[0], h[0])),
        4 => {
            let (a, b, d) = (h[0], 0.5 * (h[1] + h[2]), h[3]);
            let mid = 0.5 * (a + d);
            let r = (0.25 * (a - d).powi(2) + b * b).sqrt();
            Some((mid - r, mid + r))
        }
        _ => None,
    }
}

/// The smallest and largest curvature (Hessian eigenvalue) of `f` at `x`, where the Hessian
/// is known and the problem has at most two parameters. Gradient descent on a quadratic is
/// stable for α < 2/λ_max; λ_min < 0 marks a saddle or a maximum.
pub fn curvatures(f: &dyn Objective, x: &[f64]) -> Option<(f64, f64)> {
    sym_eigenvalues(&f.hessian(x)?)
}
