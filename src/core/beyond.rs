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
