//! Gradient oracles: exact, additive Gaussian noise, and mini-batches; plus the estimators that
//! wrap them (SVRG, SAGA, SAM).
//!
//! The noise at step t is a pure function of (seed, t): two runs with the same seed see the
//! same mini-batches and the same noise vectors, whatever their iterates. That is how a race
//! between optimizers shares one noise stream, and why a seed replays a trajectory exactly.

use super::problem::{Objective, norm};
use super::rng::{normal, rng_at};
use rand::seq::SliceRandom;

/// Where a gradient's randomness comes from. Plain data.
#[derive(Clone, Debug, PartialEq)]
pub enum Noise {
    /// The true gradient.
    Exact,
    /// The true gradient plus N(0, σ² I).
    Gaussian { sigma: f64 },
    /// The mean gradient over `batch` examples drawn without replacement. With `epochs`, the
    /// data are shuffled once per epoch and cut into consecutive batches (the last one of an
    /// epoch may be smaller); otherwise every step draws a fresh batch.
    MiniBatch { batch: usize, epochs: bool },
    /// Consecutive batches of `batch` examples in the data's own order, epoch after epoch,
    /// never shuffled (the last batch of an epoch may be smaller). On sorted data this is the
    /// "forgot to shuffle" mistake.
    InOrder { batch: usize },
}

/// How the gradient is estimated from the samples. Plain data.
#[derive(Clone, Debug, PartialEq)]
pub enum Estimator {
    /// The sampled gradient itself.
    Plain,
    /// SVRG: every `period` steps take a snapshot θ̃ and its full gradient μ; then use
    /// ∇f_S(θ) − ∇f_S(θ̃) + μ on the same batch S.
    Svrg { period: usize },
    /// SAGA: keep the last gradient seen for every example; use
    /// mean_S(∇fₙ(θ) − φₙ) + mean(φ), then store the new gradients.
    Saga,
    /// Sharpness-aware minimisation: the gradient at θ + ρ g/‖g‖, on the same batch.
    Sam { rho: f64 },
}

/// One step's draw from the noise stream.
#[derive(Clone, Debug, PartialEq)]
pub enum Sample {
    Full,
    Batch(Vec<usize>),
    Additive(Vec<f64>),
}

/// Stream tags.
const BATCH: u64 = 11;
const EPOCH: u64 = 12;
const GAUSS: u64 = 13;

/// Draw the sample of step `t`. `n` is the number of examples (if a finite sum).
pub fn sample(noise: &Noise, seed: u64, t: usize, n: Option<usize>, dim: usize) -> Sample {
    match (noise, n) {
        (Noise::Exact, _) => Sample::Full,
        (Noise::Gaussian { sigma }, _) => {
            let mut rng = rng_at(seed, GAUSS, t as u64);
            Sample::Additive((0..dim).map(|_| sigma * normal(&mut rng)).collect())
        }
        (Noise::MiniBatch { batch, epochs }, Some(n)) => {
            let b = (*batch).clamp(1, n);
            if b == n && !epochs {
                return Sample::Full;
            }
            if *epochs {
                let per_epoch = n.div_ceil(b);
                let (epoch, k) = (t / per_epoch, t % per_epoch);
                let perm = epoch_permutation(seed, epoch, n);
                Sample::Batch(perm[k * b..((k + 1) * b).min(n)].to_vec())
            } else {
                let mut rng = rng_at(seed, BATCH, t as u64);
                Sample::Batch(rand::seq::index::sample(&mut rng, n, b).into_vec())
            }
        }
        (Noise::InOrder { batch }, Some(n)) => {
            let b = (*batch).clamp(1, n);
            let k = t % n.div_ceil(b);
            Sample::Batch((k * b..((k + 1) * b).min(n)).collect())
        }
        // A mini-batch of a problem without examples is the exact gradient.
        (Noise::MiniBatch { .. } | Noise::InOrder { .. }, None) => Sample::Full,
    }
}

/// The shuffled order of epoch `epoch`.
pub fn epoch_permutation(seed: u64, epoch: usize, n: usize) -> Vec<usize> {
    let mut perm: Vec<usize> = (0..n).collect();
    perm.shuffle(&mut rng_at(seed, EPOCH, epoch as u64));
    perm
}

/// The gradient of `f` at `x` under `sample`, into `g`. Returns the number of per-example
/// gradients evaluated (N for a full gradient, 0 for an analytic landscape).
pub fn sampled_grad(f: &dyn Objective, x: &[f64], s: &Sample, g: &mut [f64]) -> usize {
    match s {
        Sample::Full => {
            f.grad(x, g);
            f.examples().unwrap_or(0)
        }
        Sample::Batch(idx) => {
            f.batch_grad(x, idx, g);
            idx.len()
        }
        Sample::Additive(eps) => {
            f.grad(x, g);
            for (gi, e) in g.iter_mut().zip(eps) {
                *gi += e;
            }
            f.examples().unwrap_or(0)
        }
    }
}

/// A gradient oracle with its estimator state.
#[derive(Clone, Debug)]
pub struct Oracle {
    pub noise: Noise,
    pub estimator: Estimator,
    pub seed: u64,
    cache: Option<(usize, Vec<usize>)>,
    snapshot: Option<(Vec<f64>, Vec<f64>)>,
    table: Option<(Vec<f64>, Vec<f64>)>,
    scratch: Vec<f64>,
}

impl Oracle {
    pub fn new(noise: Noise, estimator: Estimator, seed: u64) -> Self {
        Oracle { noise, estimator, seed, cache: None, snapshot: None, table: None, scratch: vec![] }
    }

    /// SVRG's snapshot θ̃ and its full gradient μ, once taken.
    pub fn snapshot(&self) -> Option<(&[f64], &[f64])> {
        self.snapshot.as_ref().map(|(x, mu)| (x.as_slice(), mu.as_slice()))
    }

    /// SAGA's table of stored per-example gradients (row-major, N × D) and their mean, once
    /// initialised.
    pub fn saga_table(&self) -> Option<(&[f64], &[f64])> {
        self.table.as_ref().map(|(t, m)| (t.as_slice(), m.as_slice()))
    }

    /// Forget estimator state (SVRG snapshot, SAGA table).
    pub fn reset(&mut self) {
        self.snapshot = None;
        self.table = None;
    }

    fn draw(&mut self, f: &dyn Objective, t: usize) -> Sample {
        // Shuffled epochs reuse one permutation per epoch instead of rebuilding it each step.
        if let (Noise::MiniBatch { batch, epochs: true }, Some(n)) = (&self.noise, f.examples()) {
            let b = (*batch).clamp(1, n);
            let per_epoch = n.div_ceil(b);
            let (epoch, k) = (t / per_epoch, t % per_epoch);
            if self.cache.as_ref().map(|c| c.0) != Some(epoch) {
                self.cache = Some((epoch, epoch_permutation(self.seed, epoch, n)));
            }
            let perm = &self.cache.as_ref().unwrap().1;
            return Sample::Batch(perm[k * b..((k + 1) * b).min(n)].to_vec());
        }
        sample(&self.noise, self.seed, t, f.examples(), f.dim())
    }

    /// The gradient estimate of step `t` at `x`, into `g`. Returns the number of per-example
    /// gradients it cost.
    pub fn gradient(&mut self, f: &dyn Objective, x: &[f64], t: usize, g: &mut [f64]) -> usize {
        let s = self.draw(f, t);
        let d = x.len();
        self.scratch.resize(d, 0.0);
        match self.estimator.clone() {
            Estimator::Plain => sampled_grad(f, x, &s, g),
            Estimator::Sam { rho } => {
                let mut cost = sampled_grad(f, x, &s, g);
                let gn = norm(g);
                if gn > 0.0 && rho > 0.0 {
                    let shifted: Vec<f64> = x.iter().zip(g.iter()).map(|(xi, gi)| xi + rho * gi / gn).collect();
                    cost += sampled_grad(f, &shifted, &s, g);
                }
                cost
            }
            Estimator::Svrg { period } => {
                let Some(n) = f.examples() else { return sampled_grad(f, x, &s, g) };
                let mut cost = 0;
                if self.snapshot.is_none() || t.is_multiple_of(period.max(1)) {
                    let mut mu = vec![0.0; d];
                    f.grad(x, &mut mu);
                    self.snapshot = Some((x.to_vec(), mu));
                    cost += n;
                }
                let (snap, mu) = self.snapshot.as_ref().unwrap();
                cost += sampled_grad(f, x, &s, g);
                cost += sampled_grad(f, snap, &s, &mut self.scratch);
                for i in 0..d {
                    g[i] += mu[i] - self.scratch[i];
                }
                cost
            }
            Estimator::Saga => {
                let Some(n) = f.examples() else { return sampled_grad(f, x, &s, g) };
                let mut cost = 0;
                if self.table.is_none() {
                    // Initialise every stored gradient at the starting point.
                    let mut table = vec![0.0; n * d];
                    let mut mean = vec![0.0; d];
                    for i in 0..n {
                        f.batch_grad(x, &[i], &mut table[i * d..(i + 1) * d]);
                        for j in 0..d {
                            mean[j] += table[i * d + j] / n as f64;
                        }
                    }
                    self.table = Some((table, mean));
                    cost += n;
                }
                let idx = match &s {
                    Sample::Batch(idx) => idx.clone(),
                    _ => (0..n).collect(),
                };
                let (table, mean) = self.table.as_mut().unwrap();
                g.copy_from_slice(mean);
                let inv_b = 1.0 / idx.len() as f64;
                let fresh = &mut self.scratch;
                for &i in &idx {
                    f.batch_grad(x, &[i], fresh);
                    for j in 0..d {
                        let delta = fresh[j] - table[i * d + j];
                        g[j] += delta * inv_b;
                        mean[j] += delta / n as f64;
                        table[i * d + j] = fresh[j];
                    }
                }
                cost + idx.len()
            }
        }
    }
}
