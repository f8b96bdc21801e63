//! Finite-sum models: L(θ) = (1/N) Σₙ ℓₙ(θ) over a [`Dataset`].

use super::dataset::Dataset;
use super::problem::Objective;

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

/// Least squares, L(θ) = (1/2N) ‖Xθ − y‖², with ℓₙ(θ) = ½(xₙᵀθ − yₙ)².
#[derive(Clone, Debug)]
pub struct LeastSquares {
    pub data: Dataset,
    name: &'static str,
    optimum: (Vec<f64>, f64),
    /// The loss as a quadratic form L(θ) = ½θᵀAθ − bᵀθ + c with A = XᵀX/N, b = Xᵀy/N,
    /// c = yᵀy/2N: O(D²) per value instead of O(N·D), which keeps heatmaps cheap.
    a: Vec<f64>,
    b: Vec<f64>,
    c: f64,
}

impl LeastSquares {
    pub fn new(data: Dataset, name: &'static str) -> Self {
        let theta = ols(&data);
        let (n, d) = (data.n, data.d);
        let mut a = vec![0.0; d * d];
        let mut b = vec![0.0; d];
        for i in 0..n {
            let r = data.row(i);
            for j in 0..d {
                b[j] += r[j] * data.y[i] / n as f64;
                for k in 0..d {
                    a[j * d + k] += r[j] * r[k] / n as f64;
                }
            }
        }
        let c = data.y.iter().map(|y| y * y).sum::<f64>() / (2.0 * n as f64);
        let mut me = LeastSquares { data, name, optimum: (vec![], 0.0), a, b, c };
        let v = me.value(&theta);
        me.optimum = (theta, v);
        me
    }
}

/// The ordinary-least-squares solution of (XᵀX) θ = Xᵀy, by Cholesky factorisation.
pub fn ols(data: &Dataset) -> Vec<f64> {
    let d = data.d;
    let mut a = vec![0.0; d * d];
    let mut b = vec![0.0; d];
    for i in 0..data.n {
        let r = data.row(i);
        for j in 0..d {
            b[j] += r[j] * data.y[i];
            for k in 0..=j {
                a[j * d + k] += r[j] * r[k];
            }
        }
    }
    solve_spd(a, &b)
}

/// Solve A x = b for a symmetric positive-definite `A` (row-major, only the lower triangle is
/// read) by Cholesky factorisation.
pub fn solve_spd(mut a: Vec<f64>, b: &[f64]) -> Vec<f64> {
    let d = b.len();
    for j in 0..d {
        let mut s = a[j * d + j];
        for k in 0..j {
            s -= a[j * d + k] * a[j * d + k];
        }
        let l = s.max(1e-300).sqrt();
        a[j * d + j] = l;
        for i in j + 1..d {
            let mut s = a[i * d + j];
            for k in 0..j {
                s -= a[i * d + k] * a[j * d + k];
            }
            a[i * d + j] = s / l;
        }
    }
    let mut z = vec![0.0; d];
    for i in 0..d {
        let s: f64 = b[i] - (0..i).map(|k| a[i * d + k] * z[k]).sum::<f64>();
        z[i] = s / a[i * d + i];
    }
    let mut x = vec![0.0; d];
    for i in (0..d).rev() {
        let s: f64 = z[i] - (i + 1..d).map(|k| a[k * d + i] * x[k]).sum::<f64>();
        x[i] = s / a[i * d + i];
    }
    x
}

impl Objective for LeastSquares {
    fn dim(&self) -> usize {
        self.data.d
    }
    fn value(&self, theta: &[f64]) -> f64 {
        let d = self.data.d;
        let quad: f64 = (0..d).map(|j| theta[j] * dot(&self.a[j * d..(j + 1) * d], theta)).sum();
        // Rounding can take the form a hair below zero where the fit is exact.
        (0.5 * quad - dot(&self.b, theta) + self.c).max(0.0)
    }
    fn grad(&self, theta: &[f64], g: &mut [f64]) {
        // ∇L = Aθ − b.
        let d = self.data.d;
        for ((gj, row), bj) in g.iter_mut().zip(self.a.chunks_exact(d)).zip(&self.b) {
            *gj = dot(row, theta) - bj;
        }
    }
    fn hessian(&self, _theta: &[f64]) -> Option<Vec<f64>> {
        Some(self.a.clone())
    }
    fn examples(&self) -> Option<usize> {
        Some(self.data.n)
    }
    fn batch_grad(&self, theta: &[f64], idx: &[usize], g: &mut [f64]) {
        g.iter_mut().for_each(|v| *v = 0.0);
        if idx.is_empty() {
            return;
        }
        for &i in idx {
            let r = self.data.row(i);
            let e = dot(r, theta) - self.data.y[i];
            for (gj, rj) in g.iter_mut().zip(r) {
                *gj += e * rj;
            }
        }
        let inv = 1.0 / idx.len() as f64;
        g.iter_mut().for_each(|v| *v *= inv);
    }
    fn minimum(&self) -> Option<(Vec<f64>, f64)> {
        Some(self.optimum.clone())
    }
    fn name(&self) -> &str {
        self.name
    }
}

/// Logistic regression with cross-entropy and an L2 term:
/// ℓₙ(θ) = log(1 + exp(−sₙ xₙᵀθ)) + (λ/2)‖θ‖², sₙ = 2yₙ − 1.
#[derive(Clone, Debug)]
pub struct Logistic {
    pub data: Dataset,
    pub l2: f64,
    optimum: (Vec<f64>, f64),
}

/// log(1 + eᶻ) without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 { z + (-z).exp().ln_1p() } else { z.exp().ln_1p() }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl Logistic {
    pub fn new(data: Dataset, l2: f64) -> Self {
        let mut me = Logistic { data, l2, optimum: (vec![], 0.0) };
        // No closed form: Newton's method (the loss is strictly convex for λ > 0).
        let d = me.data.d;
        let mut theta = vec![0.0; d];
        let mut g = vec![0.0; d];
        for _ in 0..50 {
            me.grad(&theta, &mut g);
            let h = me.hessian(&theta).unwrap();
            let delta = solve_spd(h, &g);
            for (t, dl) in theta.iter_mut().zip(&delta) {
                *t -= dl;
            }
            if delta.iter().map(|v| v.abs()).fold(0.0, f64::max) < 1e-14 {
                break;
            }
        }
        let v = me.value(&theta);
        me.optimum = (theta, v);
        me
    }
}

impl Objective for Logistic {
    fn dim(&self) -> usize {
        self.data.d
    }
    fn value(&self, theta: &[f64]) -> f64 {
        let n = self.data.n;
        let ce: f64 = (0..n)
            .map(|i| softplus(-(2.0 * self.data.y[i] - 1.0) * dot(self.data.row(i), theta)))
            .sum::<f64>()
            / n as f64;
        ce + 0.5 * self.l2 * dot(theta, theta)
    }
    fn grad(&self, theta: &[f64], g: &mut [f64]) {
        let all: Vec<usize> = (0..self.data.n).collect();
        self.batch_grad(theta, &all, g)
    }
    fn hessian(&self, theta: &[f64]) -> Option<Vec<f64>> {
        let (n, d) = (self.data.n, self.data.d);
        let mut h = vec![0.0; d * d];
        for i in 0..n {
            let r = self.data.row(i);
            let p = sigmoid(dot(r, theta));
            let w = p * (1.0 - p) / n as f64;
            for j in 0..d {
                for k in 0..d {
                    h[j * d + k] += w * r[j] * r[k];
                }
            }
        }
        for j in 0..d {
            h[j * d + j] += self.l2;
        }
        Some(h)
    }
    fn examples(&self) -> Option<usize> {
        Some(self.data.n)
    }
    fn batch_grad(&self, theta: &[f64], idx: &[usize], g: &mut [f64]) {
        g.iter_mut().for_each(|v| *v = 0.0);
        for &i in idx {
            let r = self.data.row(i);
            // d/dθ log(1+exp(−s z)) = (σ(z) − y) x for y ∈ {0,1}.
            let e = sigmoid(dot(r, theta)) - self.data.y[i];
            for (gj, rj) in g.iter_mut().zip(r) {
                *gj += e * rj;
            }
        }
        let inv = if idx.is_empty() { 0.0 } else { 1.0 / idx.len() as f64 };
        for (gj, t) in g.iter_mut().zip(theta) {
            *gj = *gj * inv + self.l2 * t;
        }
    }
    fn minimum(&self) -> Option<(Vec<f64>, f64)> {
        Some(self.optimum.clone())
    }
    fn name(&self) -> &str {
        "logistic regression"
    }
}
