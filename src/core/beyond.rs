//! Beyond the layers: the drug-sensitivity regression raced by four optimizers, and variance
//! reduction (SVRG, SAGA) against plain SGD with the exact variance of each gradient estimate.

use super::dataset::{REGRESSION_SEED, drug_sensitivity, linreg_2d};
use super::model::LeastSquares;
use super::optimizer::{Kind, OptimizerConfig};
use super::oracle::{Estimator, Noise, Oracle};
use super::problem::{Objective, Problem};
use super::run::{Run, RunConfig};
use super::stats::batch_variance_factor;
use std::rc::Rc;

/// Drug sensitivity (log IC50) from the expression of 50 genes in 2000 cell lines.
pub mod drug {
    use super::*;

    /// The data seed (the same data whatever the runs' seed).
    pub const DATA_SEED: u64 = 2024;
    /// The four optimizers, in table and palette order.
    pub const KINDS: [Kind; 4] = [Kind::Sgd, Kind::AdaGrad, Kind::RmsProp, Kind::Adam];
    /// Their default learning rates.
    pub const LRS: [f64; 4] = [0.01, 0.1, 0.001, 0.005];
    pub const BATCH: usize = 64;
    pub const STEPS: usize = 1000;

    thread_local! {
        static P: Rc<LeastSquares> = Rc::new(LeastSquares::new(drug_sensitivity(DATA_SEED), "drug sensitivity"));
    }

    /// The regression L(θ) = (1/2N)‖Xθ − y‖² (built once per thread).
    pub fn problem() -> Rc<LeastSquares> {
        P.with(|p| p.clone())
    }

    /// The four runs from θ = 0, all drawing the same mini-batches (one noise stream).
    pub fn runs(lrs: [f64; 4], batch: usize, steps: usize, seed: u64) -> Vec<Run> {
        let f: Problem = problem();
        let d = f.dim();
        KINDS
            .iter()
            .zip(lrs)
            .map(|(&k, lr)| {
                let cfg = RunConfig::new(OptimizerConfig::new(k, lr), vec![0.0; d])
                    .noise(Noise::MiniBatch { batch, epochs: false })
                    .seed(seed)
                    .max_steps(steps)
                    .tol(0.0);
                Run::new(f.clone(), cfg)
            })
            .collect()
    }
}

/// SGD, SVRG and SAGA on the 2-D regression of Layer 1.
pub mod vr {
    use super::*;

    pub const LABELS: [&str; 3] = ["SGD", "SVRG", "SAGA"];
    pub const LR: f64 = 0.05;
    pub const BATCH: usize = 1;
    /// SVRG's snapshot period m (2N for N = 200).
    pub const PERIOD: usize = 400;
    pub const STEPS: usize = 3000;
    pub const START: [f64; 2] = [-0.5, 2.0];

    thread_local! {
        static P: Rc<LeastSquares> = Rc::new(LeastSquares::new(linreg_2d(REGRESSION_SEED), "linear regression"));
    }

    /// Layer 1's regression: N = 200, θ = (intercept, slope).
    pub fn problem() -> Rc<LeastSquares> {
        P.with(|p| p.clone())
    }

    /// The three estimators, in palette order.
    pub fn estimators(period: usize) -> [Estimator; 3] {
        [Estimator::Plain, Estimator::Svrg { period: period.max(1) }, Estimator::Saga]
    }

    /// The three runs on one stream of mini-batches.
    pub fn runs(problem: &Problem, lr: f64, batch: usize, period: usize, steps: usize, seed: u64) -> Vec<Run> {
        estimators(period)
            .into_iter()
            .map(|e| {
                let cfg = RunConfig::new(OptimizerConfig::sgd(lr), START.to_vec())
                    .noise(Noise::MiniBatch { batch, epochs: false })
                    .estimator(e)
                    .seed(seed)
                    .max_steps(steps)
                    .tol(0.0);
                Run::new(problem.clone(), cfg)
            })
            .collect()
    }
}

/// The exact variance E‖ĝ − ∇L(θ)‖² of the gradient estimate the oracle would give at `x` with
/// a mini-batch of `batch` examples drawn without replacement, given its current state:
/// ĝ = c + mean_S dₙ with dₙ = ∇ℓₙ(θ) (plain), ∇ℓₙ(θ) − ∇ℓₙ(θ̃) (SVRG) or ∇ℓₙ(θ) − φₙ (SAGA),
/// so the variance is (1/B)·(N − B)/(N − 1) times the spread (1/N) Σ ‖dₙ − d̄‖². `None` for a
/// problem that is not a finite sum, or an estimator without per-example terms (SAM).
pub fn estimate_variance(f: &dyn Objective, oracle: &Oracle, x: &[f64], batch: usize) -> Option<f64> {
    let n = f.examples()?;
    let d = x.len();
    let mut diffs = vec![0.0; n * d];
    let mut g = vec![0.0; d];
    for i in 0..n {
        f.batch_grad(x, &[i], &mut g);
        diffs[i * d..(i + 1) * d].copy_from_slice(&g);
    }
    match &oracle.estimator {
        Estimator::Plain => {}
        Estimator::Svrg { .. } => {
            if let Some((snap, _)) = oracle.snapshot() {
                for i in 0..n {
                    f.batch_grad(snap, &[i], &mut g);
                    diffs[i * d..(i + 1) * d].iter_mut().zip(&g).for_each(|(a, b)| *a -= b);
                }
            }
        }
        Estimator::Saga => {
            if let Some((table, _)) = oracle.saga_table() {
                diffs.iter_mut().zip(table).for_each(|(a, b)| *a -= b);
            }
        }
        Estimator::Sam { .. } => return None,
    }
    let mut mean = vec![0.0; d];
    for row in diffs.chunks_exact(d) {
        mean.iter_mut().zip(row).for_each(|(m, v)| *m += v / n as f64);
    }
    let spread: f64 = diffs.chunks_exact(d).map(|row| row.iter().zip(&mean).map(|(v, m)| (v - m) * (v - m)).sum::<f64>()).sum::<f64>() / n as f64;
    Some(batch_variance_factor(batch, n) * spread)
}

/// Sharp and flat minima in one dimension, and SAM against SGD from many starts.
pub mod sharp_flat {
    use super::*;
    use crate::core::rng::{normal, rng_at};

    /// The landscape: a broad bowl 0.1(x − 1)² with its minimum at x = 1 (flat), and a narrow
    /// dip −0.8·exp(−(x + 1)²/(2·0.25²)) around x = −1 (sharp, and deeper).
    pub fn shape(x: f64) -> f64 {
        0.1 * (x - 1.0) * (x - 1.0) - DIP * (-(x - SHARP).powi(2) / (2.0 * WIDTH * WIDTH)).exp()
    }
    /// Its derivative.
    pub fn slope(x: f64) -> f64 {
        let u = x - SHARP;
        0.2 * (x - 1.0) + DIP * u / (WIDTH * WIDTH) * (-(u * u) / (2.0 * WIDTH * WIDTH)).exp()
    }
    const DIP: f64 = 0.8;
    const WIDTH: f64 = 0.25;
    /// Where the sharp dip and the flat bowl sit.
    pub const SHARP: f64 = -1.0;
    pub const FLAT: f64 = 1.0;
    pub const N: usize = 64;
    /// Spread of the examples' shifts.
    pub const TAU: f64 = 0.15;
    pub const LR: f64 = 0.05;
    pub const BATCH: usize = 4;
    pub const RHO: f64 = 0.8;
    pub const STEPS: usize = 400;
    pub const STARTS: usize = 100;
    /// Where the starts are spread.
    pub const RANGE: (f64, f64) = (-2.5, 2.5);

    /// A finite sum of shifted copies: ℓₙ(x) = shape(x − δₙ), with the shifts δₙ ~ N(0, τ²)
    /// centred to mean 0. Mini-batches disagree where the landscape curves sharply.
    #[derive(Clone, Debug)]
    pub struct Landscape {
        pub shifts: Vec<f64>,
    }

    impl Landscape {
        pub fn new(tau: f64, seed: u64) -> Self {
            let mut rng = rng_at(seed, 21, 0);
            let mut shifts: Vec<f64> = (0..N).map(|_| tau * normal(&mut rng)).collect();
            let m = shifts.iter().sum::<f64>() / N as f64;
            shifts.iter_mut().for_each(|s| *s -= m);
            Landscape { shifts }
        }
        /// The mean loss over the examples in `idx`.
        pub fn batch_value(&self, x: f64, idx: &[usize]) -> f64 {
            idx.iter().map(|&i| shape(x - self.shifts[i])).sum::<f64>() / idx.len().max(1) as f64
        }
        /// The local maximum of the full loss between the two minima: the basins' border.
        pub fn border(&self) -> f64 {
            let mut best = (SHARP, f64::NEG_INFINITY);
            for k in 0..=400 {
                let x = SHARP + (FLAT - SHARP) * k as f64 / 400.0;
                let v = self.value(&[x]);
                if v > best.1 {
                    best = (x, v);
                }
            }
            best.0
        }
    }

    impl Objective for Landscape {
        fn dim(&self) -> usize {
            1
        }
        fn value(&self, x: &[f64]) -> f64 {
            self.shifts.iter().map(|s| shape(x[0] - s)).sum::<f64>() / self.shifts.len() as f64
        }
        fn grad(&self, x: &[f64], g: &mut [f64]) {
            g[0] = self.shifts.iter().map(|s| slope(x[0] - s)).sum::<f64>() / self.shifts.len() as f64;
        }
        fn examples(&self) -> Option<usize> {
            Some(self.shifts.len())
        }
        fn batch_grad(&self, x: &[f64], idx: &[usize], g: &mut [f64]) {
            g[0] = if idx.is_empty() { 0.0 } else { idx.iter().map(|&i| slope(x[0] - self.shifts[i])).sum::<f64>() / idx.len() as f64 };
        }
        fn name(&self) -> &str {
            "sharp and flat minima"
        }
    }

    /// Evenly spread starts over [`RANGE`].
    pub fn starts(count: usize) -> Vec<f64> {
        let (lo, hi) = RANGE;
        (0..count).map(|i| lo + (hi - lo) * (i as f64 + 0.5) / count as f64).collect()
    }

    /// SGD runs from every start, then SAM runs (radius ρ) from the same starts, each pair on
    /// the same mini-batches.
    pub fn runs(problem: &Problem, lr: f64, batch: usize, rho: f64, steps: usize, count: usize, seed: u64) -> Vec<Run> {
        let mut out = Vec::with_capacity(2 * count);
        for est in [Estimator::Plain, Estimator::Sam { rho }] {
            for (i, &x0) in starts(count).iter().enumerate() {
                let cfg = RunConfig::new(OptimizerConfig::sgd(lr), vec![x0])
                    .noise(Noise::MiniBatch { batch, epochs: false })
                    .estimator(est.clone())
                    .seed(seed.wrapping_add(i as u64))
                    .max_steps(steps)
                    .tol(0.0)
                    .capacity(8);
                out.push(Run::new(problem.clone(), cfg));
            }
        }
        out
    }

    /// The share of `ends` past the border (in the flat basin).
    pub fn flat_share(ends: &[f64], border: f64) -> f64 {
        if ends.is_empty() { 0.0 } else { ends.iter().filter(|&&x| x > border).count() as f64 / ends.len() as f64 }
    }
}

/// Logistic regression: two classes in the plane, a boundary θᵀx = 0 through the origin, and
/// SGD on the cross-entropy (which has no closed-form minimiser; the optimum comes from
/// Newton's method, see [`Logistic`]).
pub mod logistic {
    use super::*;
    use crate::core::dataset::{Dataset, blobs};
    use crate::core::model::Logistic;

    /// The data seed (the points stay put whatever the runs' seed).
    pub const DATA_SEED: u64 = 3;
    /// Class separation (means at ±sep·(1, 0.6)), its default and range.
    pub const SEP: f64 = 1.0;
    pub const SEP_RANGE: (f64, f64) = (0.3, 1.6);
    /// The L2 weight λ, its default and range (λ > 0 keeps the minimiser finite when the
    /// classes happen to be separable).
    pub const L2: f64 = 0.01;
    pub const L2_RANGE: (f64, f64) = (0.001, 1.0);
    pub const LR: f64 = 0.5;
    pub const BATCH: usize = 8;
    pub const STEPS: usize = 300;
    /// A start whose boundary is turned the wrong way.
    pub const START: [f64; 2] = [-1.5, 2.5];
    /// The weight-space window (θ₁, θ₂): it holds every optimum of the parameter ranges.
    pub const WEIGHTS: ((f64, f64), (f64, f64)) = ((-2.5, 5.0), (-2.5, 5.0));
    /// The data-space window (x₁, x₂).
    pub const DATA: ((f64, f64), (f64, f64)) = ((-4.5, 4.5), (-4.0, 4.0));

    /// The problem: cross-entropy + (λ/2)‖θ‖² on the two classes.
    pub fn problem(sep: f64, l2: f64) -> Rc<Logistic> {
        Rc::new(Logistic::new(blobs(DATA_SEED, sep), l2))
    }

    /// SGD (torch.optim.SGD, θ ← θ − α·g) on mini-batches of `batch` (B = N is gradient descent).
    pub fn run(problem: &Problem, lr: f64, batch: usize, steps: usize, start: [f64; 2], seed: u64) -> Run {
        let cfg = RunConfig::new(OptimizerConfig::sgd(lr), start.to_vec())
            .noise(Noise::MiniBatch { batch, epochs: false })
            .seed(seed)
            .max_steps(steps)
            .tol(0.0);
        Run::new(problem.clone(), cfg)
    }

    /// The share of points on their own class's side: class 1 where θᵀx > 0.
    pub fn accuracy(data: &Dataset, theta: &[f64]) -> f64 {
        let right = (0..data.n)
            .filter(|&i| {
                let z: f64 = data.row(i).iter().zip(theta).map(|(a, b)| a * b).sum();
                (z > 0.0) == (data.y[i] > 0.5)
            })
            .count();
        right as f64 / data.n.max(1) as f64
    }

    /// The angle in degrees (0 to 180) between two weight vectors, so between their
    /// boundaries taken with their sides; 0 when either is zero.
    pub fn angle_deg(a: &[f64], b: &[f64]) -> f64 {
        let (na, nb) = (crate::core::problem::norm(a), crate::core::problem::norm(b));
        if !(na * nb).is_finite() || na * nb == 0.0 {
            return 0.0;
        }
        let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
        (dot / (na * nb)).clamp(-1.0, 1.0).acos().to_degrees()
    }

    /// The part of the line {x : θᵀx = c} inside the window `view`, as its two ends; `None`
    /// when θ is (nearly) zero, or the line misses the window.
    pub fn boundary(theta: &[f64], c: f64, view: ((f64, f64), (f64, f64))) -> Option<[(f64, f64); 2]> {
        let (a, b) = (theta[0], theta[1]);
        let nn = a * a + b * b;
        if !nn.is_finite() || nn <= 1e-18 {
            return None;
        }
        // The point of the line nearest the origin, and the line's direction.
        let p = (c * a / nn, c * b / nn);
        let d = (-b / nn.sqrt(), a / nn.sqrt());
        let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
        for (pi, di, (vlo, vhi)) in [(p.0, d.0, view.0), (p.1, d.1, view.1)] {
            if di.abs() < 1e-15 {
                if pi < vlo || pi > vhi {
                    return None;
                }
            } else {
                let (t1, t2) = ((vlo - pi) / di, (vhi - pi) / di);
                lo = lo.max(t1.min(t2));
                hi = hi.min(t1.max(t2));
            }
        }
        (lo < hi).then_some([(p.0 + lo * d.0, p.1 + lo * d.1), (p.0 + hi * d.0, p.1 + hi * d.1)])
    }
}
