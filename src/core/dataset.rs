//! Synthetic data sets of the tutorial, generated from a seed (nothing is downloaded).

use super::rng::{normal, rng_at};

/// A design matrix (row-major, `n × d`) with targets.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub n: usize,
    pub d: usize,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    /// The parameters the data was generated from, where there are such.
    pub truth: Vec<f64>,
}

impl Dataset {
    /// Row `i` of the design matrix.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.d..(i + 1) * self.d]
    }
}

/// Seed-stream tags, so that different data sets never share draws.
const LINREG: u64 = 1;
const DRUG: u64 = 2;
const BLOBS: u64 = 3;

/// The data seed of the tutorial's 2-D regression (Layers 1, 2 and 4 use the same data).
pub const REGRESSION_SEED: u64 = 2024;

/// The Layer 1 regression: N = 200, x = (1, z) with z ~ N(0, 1), y = xᵀθ* + 0.5ε,
/// θ* = (1.45, 0.93).
pub fn linreg_2d(seed: u64) -> Dataset {
    let n = 200;
    let truth = vec![1.45, 0.93];
    let mut rng = rng_at(seed, LINREG, 0);
    let mut x = Vec::with_capacity(2 * n);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let z = normal(&mut rng);
        let eps = normal(&mut rng);
        x.extend_from_slice(&[1.0, z]);
        y.push(truth[0] + truth[1] * z + 0.5 * eps);
    }
    Dataset { n, d: 2, x, y, truth }
}

/// The genes that drive the response in [`drug_sensitivity`].
pub const ACTIVE_GENES: [usize; 10] = [0, 3, 7, 12, 18, 25, 31, 38, 42, 47];

/// Drug sensitivity (log IC50) from gene expression: N = 2000 cell lines, D = 50 genes with
/// neighbouring genes correlated (an AR(1) chain with ρ = 0.6, unit variance), 10 active genes
/// with N(0, 2²) weights, noise σ = 1.5.
pub fn drug_sensitivity(seed: u64) -> Dataset {
    let (n, d, rho, sigma) = (2000, 50, 0.6_f64, 1.5);
    let mut rng = rng_at(seed, DRUG, 0);
    let mut truth = vec![0.0; d];
    for &j in &ACTIVE_GENES {
        truth[j] = 2.0 * normal(&mut rng);
    }
    let innov = (1.0 - rho * rho).sqrt();
    let mut x = Vec::with_capacity(n * d);
    let mut y = Vec::with_capacity(n);
    for _ in 0..n {
        let start = x.len();
        let mut prev = normal(&mut rng);
        x.push(prev);
        for _ in 1..d {
            prev = rho * prev + innov * normal(&mut rng);
            x.push(prev);
        }
        let row = &x[start..];
        let mean: f64 = row.iter().zip(&truth).map(|(a, b)| a * b).sum();
        y.push(mean + sigma * normal(&mut rng));
    }
    Dataset { n, d, x, y, truth }
}

/// Two overlapping Gaussian classes in the plane for logistic regression: N = 200, labels
/// y ∈ {0, 1}, class means ±(1.0, 0.6), unit variance. No intercept, so θ ∈ ℝ² can be drawn.
pub fn two_blobs(seed: u64) -> Dataset {
    blobs(seed, 1.0)
}

/// [`two_blobs`] with the class means at ±sep·(1.0, 0.6): `sep` < 1 pulls the classes into
/// each other, `sep` > 1 pushes them apart. The same seed draws the same noise for every `sep`.
pub fn blobs(seed: u64, sep: f64) -> Dataset {
    let n = 200;
    let mut rng = rng_at(seed, BLOBS, 0);
    let mut x = Vec::with_capacity(2 * n);
    let mut y = Vec::with_capacity(n);
    for i in 0..n {
        let label = (i % 2) as f64;
        let sign = if label > 0.5 { sep } else { -sep };
        x.push(sign * 1.0 + normal(&mut rng));
        x.push(sign * 0.6 + normal(&mut rng));
        y.push(label);
    }
    Dataset { n, d: 2, x, y, truth: vec![] }
}
