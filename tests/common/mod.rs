//! Helpers shared by the native test files (`mod common;`).

use sgd_layers::core::problem::{Objective, finite_diff_grad};

/// The analytic gradient of `f` at `x` agrees with central finite differences.
pub fn assert_grad_matches(f: &dyn Objective, x: &[f64]) {
    let mut g = vec![0.0; f.dim()];
    f.grad(x, &mut g);
    let fd = finite_diff_grad(f, x, 1e-5);
    for (a, b) in g.iter().zip(&fd) {
        let tol = 1e-5 * (1.0 + a.abs().max(b.abs()));
        assert!((a - b).abs() <= tol, "{}: grad {g:?} vs finite differences {fd:?} at {x:?}", f.name());
    }
}
