//! The answers of the practice cards (Beyond the layers), computed with the project's own
//! optimizers and oracles rather than typed in: one SGD step on a noisy quadratic, momentum's
//! gain under a constant and an alternating gradient, AdaGrad's effective rate read from its
//! accumulator, Adam's bias-correction factors and how long they take to fade, the window and
//! half-life of an exponential average, the linear scaling rule, and the variance of mini-batch
//! gradients from a seeded experiment. Pure Rust, no web imports.

use super::beyond::drug;
use super::layer4::scaling;
use super::layer5::{bias, effective_lr};
use super::optimizer::{Optimizer, OptimizerConfig};
use super::oracle::{Noise, Oracle};
use super::problem::Objective;
use super::rng::{normal, rng_at};
use super::stats::{batch_variance_factor, mean};

/// Problem 1: f(x) = ½·a·x² − b·x, one step of SGD from x₀ at rate α with a gradient
/// a·x − b + σξ, ξ ~ N(0, 1).
pub mod quad {
    pub const A: f64 = 4.0;
    pub const B: f64 = 2.0;
    pub const X0: f64 = 1.5;
    pub const LR: f64 = 0.1;
    pub const SIGMA: f64 = 3.0;
    pub const DRAWS: usize = 20_000;
}

/// Problem 2: momentum's β.
pub const MOMENTUM_BETA: f64 = 0.9;
/// Problem 3: AdaGrad at rate α with a constant gradient g, read after t steps.
pub mod adagrad {
    pub const LR: f64 = 0.1;
    pub const G: f64 = 2.0;
    pub const STEPS: usize = 100;
}
/// Problem 4 and interview questions 3 and 6: Adam's β's and the step where the factors are read.
pub mod adam {
    pub const BETA1: f64 = 0.9;
    pub const BETA2: f64 = 0.999;
    pub const BETA2_LONG: f64 = 0.9999;
    /// The step of problem 4.
    pub const T: u32 = 1000;
    /// The step the seed called "negligible (< 5 %)".
    pub const T_SEED: u32 = 20;
    /// What "negligible" means here: a factor within 1 % of 1.
    pub const TOL: f64 = 0.01;
}
/// Problem 6: the two batch sizes, and the draws of the seeded experiment.
pub mod batches {
    pub const SMALL: usize = 32;
    pub const BIG: usize = 512;
    pub const DRAWS: usize = 1000;
    pub const SEED: u64 = 7;
}

/// One SGD step on the quadratic with the exact gradient, taken by the core's `Sgd` optimizer:
/// x₁ = x₀ − α(a·x₀ − b) = (1 − αa)x₀ + αb.
pub fn exact_step(a: f64, b: f64, x0: f64, lr: f64) -> f64 {
    let mut opt = Optimizer::new(OptimizerConfig::sgd(lr), 1);
    let mut x = [x0];
    let g = [a * x0 - b];
    opt.step(&mut x, &g, lr);
    x[0]
}

/// The mean and the standard error of x₁ over `draws` noisy single steps from x₀ (gradient
/// a·x₀ − b + σξ), each taken by a fresh `Sgd` optimizer, noise drawn from `seed`.
pub fn noisy_step_mean(a: f64, b: f64, x0: f64, lr: f64, sigma: f64, draws: usize, seed: u64) -> (f64, f64) {
    let ends: Vec<f64> = (0..draws.max(2))
        .map(|i| {
            let mut rng = rng_at(seed, 31, i as u64);
            let mut opt = Optimizer::new(OptimizerConfig::sgd(lr), 1);
            let mut x = [x0];
            let g = [a * x0 - b + sigma * normal(&mut rng)];
            opt.step(&mut x, &g, lr);
            x[0]
        })
        .collect();
    let m = mean(&ends);
    let sd = super::stats::variance(&ends).sqrt();
    (m, sd / (ends.len() as f64).sqrt())
}

/// Momentum (PyTorch: v ← βv + g, θ ← θ − αv) under a gradient g = 1 for `steps` steps: the
/// buffer v, i.e. how many times α·g one step moves. Tends to 1/(1 − β).
pub fn momentum_gain(beta: f64, steps: usize) -> f64 {
    let mut opt = Optimizer::new(OptimizerConfig::momentum(1.0, beta), 1);
    let mut x = [0.0];
    for _ in 0..steps {
        opt.step(&mut x, &[1.0], 1.0);
    }
    opt.momentum_buffer().map_or(0.0, |v| v[0])
}

/// Momentum under a gradient whose sign flips every step (+1, −1, +1, …), as across a narrow
/// valley: |v| after `steps` steps. Tends to 1/(1 + β).
pub fn momentum_alternating_gain(beta: f64, steps: usize) -> f64 {
    let mut opt = Optimizer::new(OptimizerConfig::momentum(1.0, beta), 1);
    let mut x = [0.0];
    for t in 0..steps {
        let g = if t % 2 == 0 { 1.0 } else { -1.0 };
        opt.step(&mut x, &[g], 1.0);
    }
    opt.momentum_buffer().map_or(0.0, |v| v[0].abs())
}

/// AdaGrad (PyTorch defaults, ε = 1e−10) under a constant gradient g: the effective rate
/// α/(√G + ε) after `steps` steps, read from the optimizer's accumulator G.
pub fn adagrad_rate(lr: f64, g: f64, steps: usize) -> f64 {
    let mut opt = Optimizer::new(OptimizerConfig::adagrad(lr), 1);
    let mut x = [0.0];
    for _ in 0..steps.max(1) {
        opt.step(&mut x, &[g], lr);
    }
    effective_lr(&opt, lr).map_or(0.0, |v| v[0])
}

/// Adam's correction factors 1/(1 − β₁ᵗ), 1/(1 − β₂ᵗ) at step t.
pub fn adam_factors(beta1: f64, beta2: f64, t: u32) -> (f64, f64) {
    bias::factors(beta1, beta2, t)
}

/// The first step t at which the correction 1/(1 − βᵗ) is within `tol` of 1.
pub fn fades_at(beta: f64, tol: f64) -> u32 {
    let mut t = 1u32;
    while t < 10_000_000 && 1.0 / (1.0 - beta.powi(t as i32)) > 1.0 + tol {
        t += 1;
    }
    t
}

/// The effective window 1/(1 − β) of an exponential moving average.
pub fn window(beta: f64) -> f64 {
    1.0 / (1.0 - beta)
}

/// The half-life of an exponential moving average with factor β: the number of steps after
/// which what it held has half its weight, ln ½ / ln β.
pub fn half_life(beta: f64) -> f64 {
    0.5f64.ln() / beta.ln()
}

/// The linear scaling rule as the Layer 4 widget runs it: batch `batch` at rate `lr`, batch
/// k·`batch` at k·`lr` (k = `big`/`batch`), on the drug-sensitivity regression.
pub fn scaled_lr(batch: usize, lr: f64, big: usize) -> f64 {
    let k = (big / batch.max(1)).max(1);
    scaling::runners(drug::problem().examples().unwrap_or(2000), batch, lr, k, scaling::WARMUP_EPOCHS)[1].lr
}

/// The variance of mini-batch gradients at two batch sizes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct VarianceRatio {
    /// Measured: the total variance (trace of the covariance) of the small batches' gradients
    /// over that of the big batches', from the mini-batch oracle.
    pub measured: f64,
    /// Independent samples (with replacement): big/small.
    pub independent: f64,
    /// Without replacement from N examples: the finite-population formula.
    pub without_replacement: f64,
    /// N, the number of examples.
    pub n: usize,
}

/// The total variance Σⱼ Var(ĝⱼ) of `draws` mini-batch gradients of size `batch` at θ = 0 on
/// `f`, drawn by the core's mini-batch oracle (without replacement) with noise seed `seed`.
pub fn batch_gradient_variance(f: &dyn Objective, batch: usize, draws: usize, seed: u64) -> f64 {
    let d = f.dim();
    let x = vec![0.0; d];
    let mut oracle = Oracle::new(Noise::MiniBatch { batch, epochs: false }, super::oracle::Estimator::Plain, seed);
    let mut g = vec![0.0; d];
    let mut sum = vec![0.0; d];
    let mut sq = vec![0.0; d];
    let k = draws.max(2);
    for t in 0..k {
        oracle.gradient(f, &x, t, &mut g);
        for j in 0..d {
            sum[j] += g[j];
            sq[j] += g[j] * g[j];
        }
    }
    let kf = k as f64;
    (0..d).map(|j| (sq[j] - sum[j] * sum[j] / kf) / (kf - 1.0)).sum()
}

/// Problem 6's experiment on the drug-sensitivity regression (N = 2000, D = 50).
pub fn variance_ratio(small: usize, big: usize, draws: usize, seed: u64) -> VarianceRatio {
    let f = drug::problem();
    let n = f.examples().unwrap_or(1);
    let vs = batch_gradient_variance(&*f, small, draws, seed);
    let vb = batch_gradient_variance(&*f, big, draws, seed.wrapping_add(1));
    VarianceRatio {
        measured: if vb > 0.0 { vs / vb } else { 0.0 },
        independent: big as f64 / small as f64,
        without_replacement: batch_variance_factor(small, n) / batch_variance_factor(big, n),
        n,
    }
}

/// Every number the cards show, computed once when the widget mounts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Answers {
    /// Problem 1: E[x₁] (exact step), and the mean and standard error of noisy steps.
    pub expected_x1: f64,
    pub noisy_mean: f64,
    pub noisy_se: f64,
    /// Problem 2: momentum's gain along the valley and across it (after 200 steps).
    pub gain_along: f64,
    pub gain_across: f64,
    /// Problem 3: AdaGrad's effective rate after one step and after `adagrad::STEPS`.
    pub adagrad_first: f64,
    pub adagrad_rate: f64,
    /// Problem 4: the β₂ factor at t = `adam::T` for 0.999 and 0.9999, and the windows.
    pub factor_short: f64,
    pub factor_long: f64,
    pub window_short: f64,
    pub window_long: f64,
    /// Interview 3: the factors at t = 1 and at t = `adam::T_SEED`, and when each fades (within 1 %).
    pub first_t1: f64,
    pub second_t1: f64,
    pub first_t20: f64,
    pub second_t20: f64,
    pub first_fades: u32,
    pub second_fades: u32,
    /// Interview 6: β₂'s half-life in steps.
    pub half_life: f64,
    /// Problem 5: the scaled learning rate.
    pub scaled_lr: f64,
    /// Problem 6: the variance experiment.
    pub variance: VarianceRatio,
}

/// Steps after which momentum's gains are read (the buffer has settled to 4 digits).
pub const GAIN_STEPS: usize = 200;

pub fn answers() -> Answers {
    let (noisy_mean, noisy_se) = noisy_step_mean(quad::A, quad::B, quad::X0, quad::LR, quad::SIGMA, quad::DRAWS, 1);
    let (first_t1, second_t1) = adam_factors(adam::BETA1, adam::BETA2, 1);
    let (first_t20, second_t20) = adam_factors(adam::BETA1, adam::BETA2, adam::T_SEED);
    Answers {
        expected_x1: exact_step(quad::A, quad::B, quad::X0, quad::LR),
        noisy_mean,
        noisy_se,
        gain_along: momentum_gain(MOMENTUM_BETA, GAIN_STEPS),
        gain_across: momentum_alternating_gain(MOMENTUM_BETA, GAIN_STEPS),
        adagrad_first: adagrad_rate(adagrad::LR, adagrad::G, 1),
        adagrad_rate: adagrad_rate(adagrad::LR, adagrad::G, adagrad::STEPS),
        factor_short: adam_factors(adam::BETA1, adam::BETA2, adam::T).1,
        factor_long: adam_factors(adam::BETA1, adam::BETA2_LONG, adam::T).1,
        window_short: window(adam::BETA2),
        window_long: window(adam::BETA2_LONG),
        first_t1,
        second_t1,
        first_t20,
        second_t20,
        first_fades: fades_at(adam::BETA1, adam::TOL),
        second_fades: fades_at(adam::BETA2, adam::TOL),
        half_life: half_life(adam::BETA2),
        scaled_lr: scaled_lr(scaling::BATCH, scaling::LR, scaling::BATCH * scaling::K),
        variance: variance_ratio(batches::SMALL, batches::BIG, batches::DRAWS, batches::SEED),
    }
}

/// A typed answer as a number: trims spaces, refuses anything that is not a finite number.
pub fn parse_answer(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether `given` is within a relative tolerance `rel` of `answer`.
pub fn accepts(given: f64, answer: f64, rel: f64) -> bool {
    given.is_finite() && (given - answer).abs() <= rel * answer.abs().max(f64::MIN_POSITIVE)
}
