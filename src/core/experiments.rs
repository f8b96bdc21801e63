//! Small experiments the widgets and the prose run on the core: mini-batch gradient draws and
//! their variance, the noise floor of constant-step SGD, escape times from a saddle, and the
//! end points of many seeded runs. Pure functions of their arguments (seeds included).

use super::oracle::{Noise, sample, sampled_grad};
use super::problem::{Objective, Problem};
use super::run::{Run, RunConfig, Status};
use super::stats::batch_variance_factor;

/// `count` mini-batch gradients of batch size `batch` at `x`, drawn without replacement
/// (draw k uses the noise stream's step k of `seed`, as a run would).
pub fn gradient_draws(f: &dyn Objective, x: &[f64], batch: usize, count: usize, seed: u64) -> Vec<Vec<f64>> {
    let noise = Noise::MiniBatch { batch, epochs: false };
    let d = f.dim();
    (0..count)
        .map(|k| {
            let mut g = vec![0.0; d];
            sampled_grad(f, x, &sample(&noise, seed, k, f.examples(), d), &mut g);
            g
        })
        .collect()
}

/// Mean of vectors (empty → zeros of length `dim`).
pub fn vector_mean(v: &[Vec<f64>], dim: usize) -> Vec<f64> {
    let mut m = vec![0.0; dim];
    for g in v {
        for (a, b) in m.iter_mut().zip(g) {
            *a += b;
        }
    }
    let n = v.len().max(1) as f64;
    m.iter_mut().for_each(|a| *a /= n);
    m
}

/// Mean squared distance of the draws from a known centre: an unbiased estimate of the total
/// variance E‖g − c‖² when c is the true mean.
pub fn spread(draws: &[Vec<f64>], centre: &[f64]) -> f64 {
    if draws.is_empty() {
        return 0.0;
    }
    draws.iter().map(|g| g.iter().zip(centre).map(|(a, b)| (a - b).powi(2)).sum::<f64>()).sum::<f64>() / draws.len() as f64
}

/// The per-example gradient noise at `x`: σ² = (1/N) Σₙ ‖∇ℓₙ(x) − ∇L(x)‖² (0 if `f` is not a
/// finite sum). A mini-batch of B drawn without replacement then has total variance
/// σ²/B · (N − B)/(N − 1).
pub fn per_example_variance(f: &dyn Objective, x: &[f64]) -> f64 {
    let Some(n) = f.examples() else { return 0.0 };
    let d = f.dim();
    let mut full = vec![0.0; d];
    f.grad(x, &mut full);
    let mut g = vec![0.0; d];
    let mut total = 0.0;
    for i in 0..n {
        f.batch_grad(x, &[i], &mut g);
        total += g.iter().zip(&full).map(|(a, b)| (a - b).powi(2)).sum::<f64>();
    }
    total / n as f64
}

/// The theoretical total variance of a mini-batch gradient of size `batch` at `x`.
pub fn batch_variance(f: &dyn Objective, x: &[f64], batch: usize) -> f64 {
    match f.examples() {
        Some(n) => per_example_variance(f, x) * batch_variance_factor(batch, n),
        None => 0.0,
    }
}

/// The learning rates the tutorial pairs with batch sizes on the Layer 1 regression:
/// B = 1, 8, 32, 128 and N get α = 0.01, 0.05, 0.1, 0.2 and 0.3. Other sizes interpolate
/// linearly in log B between those anchors. The last anchor is N when N > 128 (as here);
/// for a smaller data set it stays at 129 and larger batches get 0.3.
pub fn lr_for_batch(batch: usize, n: usize) -> f64 {
    let anchors = [(1.0, 0.01), (8.0, 0.05), (32.0, 0.1), (128.0, 0.2), ((n.max(129)) as f64, 0.3)];
    let b = (batch.max(1) as f64).min(anchors[4].0);
    for w in anchors.windows(2) {
        let ((b0, a0), (b1, a1)) = (w[0], w[1]);
        if b <= b1 {
            let t = (b.ln() - f64::ln(b0)) / (f64::ln(b1) - f64::ln(b0));
            return a0 + t * (a1 - a0);
        }
    }
    0.3
}

/// One cell of the noise-floor sweep: SGD at a constant α from the optimum, whose loss above
/// the optimum is averaged over the steps after `burn_in`.
pub struct FloorRun {
    pub lr: f64,
    pub seed: u64,
    run: Run,
    best: f64,
    burn_in: usize,
    sum: f64,
    count: usize,
}

impl FloorRun {
    /// Start at the optimum θ̂ of `problem` (which must know it) so the run is in its noise
    /// ball from the start; the burn-in then only forgets the start.
    pub fn new(problem: Problem, lr: f64, noise: Noise, seed: u64, burn_in: usize, max_steps: usize) -> Self {
        let (start, best) = problem.minimum().unwrap_or_else(|| (vec![0.0; problem.dim()], 0.0));
        let cfg = RunConfig::new(super::optimizer::OptimizerConfig::sgd(lr), start).noise(noise).seed(seed).max_steps(max_steps).capacity(2);
        FloorRun { lr, seed, run: Run::new(problem, cfg), best, burn_in, sum: 0.0, count: 0 }
    }
    /// Up to `n` more steps.
    pub fn advance(&mut self, n: usize) {
        for _ in 0..n {
            if self.run.status().is_done() {
                break;
            }
            if self.run.step() == Status::Diverged {
                break;
            }
            if self.run.steps() > self.burn_in {
                self.sum += self.run.loss() - self.best;
                self.count += 1;
            }
        }
    }
    pub fn steps(&self) -> usize {
        self.run.steps()
    }
    pub fn status(&self) -> Status {
        self.run.status()
    }
    /// Time-averaged L(θ) − L* after the burn-in (`None` before any averaged step or once
    /// the run diverged).
    pub fn excess(&self) -> Option<f64> {
        (self.count > 0 && self.run.status() != Status::Diverged).then(|| self.sum / self.count as f64)
    }
}

/// The small-α prediction of the noise floor of SGD with a constant step α on a quadratic
/// loss with gradient-noise covariance Σ at the optimum: E[L − L*] ≈ α·tr(Σ)/4
/// (the stationary covariance P solves HP + PH = αΣ, and L − L* = ½ tr(HP)).
pub fn floor_prediction(lr: f64, noise_trace: f64) -> f64 {
    lr * noise_trace / 4.0
}

/// Steps until `escaped(θ)` first holds, or `None` if the run ends first (converged,
/// diverged or out of steps).
pub fn steps_until(problem: Problem, config: RunConfig, escaped: impl Fn(&[f64]) -> bool) -> Option<usize> {
    let mut run = Run::new(problem, config.capacity(2));
    loop {
        if escaped(run.position()) {
            return Some(run.steps());
        }
        if run.step().is_done() {
            return escaped(run.position()).then(|| run.steps());
        }
    }
}

/// Where each seed's run ends: (final θ, final loss, status), for seeds `first..first + count`.
pub fn end_points(problem: &Problem, config: &RunConfig, first: u64, count: usize) -> Vec<(Vec<f64>, f64, Status)> {
    (0..count as u64)
        .map(|k| {
            let mut run = Run::new(problem.clone(), config.clone().seed(first + k).capacity(2));
            run.run(config.max_steps);
            (run.position().to_vec(), run.loss(), run.status())
        })
        .collect()
}
