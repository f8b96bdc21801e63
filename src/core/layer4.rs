//! The experiment set-ups of Layer 4 (learning-rate schedules), shared by its widgets, the
//! chapter's prose (which quotes numbers computed from them) and the native tests: a race of
//! schedules on one noise stream, the Robbins–Monro sums of a schedule, the learning-rate range
//! test, the linear scaling rule for large batches, and Polyak–Ruppert averaging.

use super::dataset::{REGRESSION_SEED, drug_sensitivity, linreg_2d};
use super::model::LeastSquares;
use super::optimizer::OptimizerConfig;
use super::oracle::Noise;
use super::problem::{Objective, Problem};
use super::run::{Run, RunConfig, Status};
use super::schedule::Schedule;
use super::stats::variance;
use std::rc::Rc;

/// Seed of the drug-sensitivity data (the 2-D regression has its own, shared with Layer 1).
pub const DATA_SEED: u64 = 2024;
/// Where the 2-D regression's runs start, as in Layer 1.
pub const START: [f64; 2] = [-0.5, 2.0];

/// The Layer 1 regression: N = 200, θ = (intercept, slope).
pub fn regression() -> Rc<LeastSquares> {
    Rc::new(LeastSquares::new(linreg_2d(REGRESSION_SEED), "linear regression"))
}

/// Plain SGD (θ ← θ − η(t)·g) on mini-batches of `batch`, scheduled, for `steps` steps.
pub fn sgd_config(lr: f64, schedule: Schedule, batch: usize, seed: u64, steps: usize) -> RunConfig {
    RunConfig::new(OptimizerConfig::sgd(lr), START.to_vec())
        .schedule(schedule)
        .noise(Noise::MiniBatch { batch, epochs: false })
        .seed(seed)
        .max_steps(steps)
        .tol(0.0)
}

/// The gallery of schedules: every schedule of the chapter with its parameters as plain data.
pub mod gallery {
    use super::*;

    /// Names (URL values) of the schedules, in gallery order.
    pub const KEYS: [&str; 11] =
        ["constant", "step", "exponential", "polynomial", "inverse", "linear", "polylr", "cosine", "restarts", "warmup", "onecycle"];
    pub const TITLES: [&str; 11] = [
        "constant",
        "step decay",
        "exponential",
        "polynomial, 1/√t",
        "inverse time",
        "linear",
        "polynomial to zero",
        "cosine",
        "cosine, warm restarts",
        "warm-up + cosine",
        "one-cycle",
    ];

    /// Every parameter of every schedule. Rates are absolute (as PyTorch's `eta_min`); factors
    /// multiply η₀.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Params {
        pub eta0: f64,
        /// The horizon T: cosine's `T_max`, linear's and one-cycle's length.
        pub total: usize,
        pub milestones: [usize; 3],
        pub step_gamma: f64,
        /// λ of η₀e^(−λt), i.e. `ExponentialLR(gamma = e^(−λ))`.
        pub exp_lambda: f64,
        pub poly_beta: f64,
        pub poly_power: f64,
        pub inv_rho: f64,
        pub lin_start: f64,
        pub lin_end: f64,
        pub polylr_power: f64,
        pub cos_min: f64,
        pub restart_t0: usize,
        pub restart_mult: usize,
        pub restart_min: f64,
        pub warm_steps: usize,
        pub warm_start: f64,
        pub oc_pct: f64,
        pub oc_div: f64,
        pub oc_final_div: f64,
    }

    impl Default for Params {
        /// The tutorial's values: η₀ = 0.1 over T = 200 steps, milestones 60/120/160 with
        /// γ = ½, λ = 0.02, a 20-step warm-up, one-cycle rising for 30 %.
        fn default() -> Self {
            Params {
                eta0: 0.1,
                total: 200,
                milestones: [60, 120, 160],
                step_gamma: 0.5,
                exp_lambda: 0.02,
                poly_beta: 1.0,
                poly_power: 0.5,
                inv_rho: 0.05,
                lin_start: 1.0,
                lin_end: 0.1,
                polylr_power: 2.0,
                cos_min: 0.0,
                restart_t0: 40,
                restart_mult: 2,
                restart_min: 0.0,
                warm_steps: 20,
                warm_start: 0.01,
                oc_pct: 0.3,
                oc_div: 25.0,
                oc_final_div: 1e4,
            }
        }
    }

    /// Schedule `i` of the gallery (constant for an unknown index).
    pub fn schedule(i: usize, p: &Params) -> Schedule {
        let total = p.total.max(1);
        match KEYS.get(i).copied().unwrap_or("constant") {
            "step" => {
                let mut m = p.milestones.to_vec();
                m.sort_unstable();
                Schedule::Step { milestones: m, gamma: p.step_gamma }
            }
            "exponential" => Schedule::Exponential { gamma: (-p.exp_lambda).exp() },
            "polynomial" => Schedule::InverseTime { rate: p.poly_beta, power: p.poly_power },
            "inverse" => Schedule::InverseTime { rate: p.inv_rho, power: 1.0 },
            "linear" => Schedule::Linear { start: p.lin_start, end: p.lin_end, total },
            "polylr" => Schedule::Polynomial { total, power: p.polylr_power },
            "cosine" => Schedule::Cosine { t_max: total, eta_min: p.cos_min },
            "restarts" => Schedule::CosineRestarts { t0: p.restart_t0.max(1), t_mult: p.restart_mult.max(1), eta_min: p.restart_min },
            "warmup" => {
                let w = p.warm_steps.min(total - 1);
                Schedule::WarmUp { steps: w, start: p.warm_start, then: Box::new(Schedule::Cosine { t_max: (total - w).max(1), eta_min: 0.0 }) }
            }
            "onecycle" => Schedule::OneCycle { total, pct_start: p.oc_pct, div_factor: p.oc_div, final_div_factor: p.oc_final_div },
            _ => Schedule::Constant,
        }
    }

    /// η(t) for t = 0 … T − 1 of schedule `i`.
    pub fn curve(i: usize, p: &Params) -> Vec<(f64, f64)> {
        let s = schedule(i, p);
        (0..p.total.max(1)).map(|t| (t as f64, s.lr(p.eta0, t))).collect()
    }
}

/// The four schedules raced on one noise stream (the source's set-up).
pub mod race {
    use super::*;

    pub const BATCH: usize = 16;
    pub const STEPS: usize = 500;
    pub const WARMUP: usize = 20;
    /// Linear warm-up starts at this fraction of the peak (PyTorch's `LinearLR` needs a
    /// start factor above 0).
    pub const WARMUP_START: f64 = 0.01;
    /// The smoothing window of the source.
    pub const WINDOW: usize = 20;
    /// Initial (peak) rates: constant, 1/√(t+1), cosine, warm-up + cosine.
    pub const ETAS: [f64; 4] = [0.05, 0.1, 0.05, 0.1];
    pub const LABELS: [&str; 4] = ["constant", "1/√(t+1)", "cosine", "warm-up + cosine"];

    /// The schedules for a race of `steps` steps with `warmup` warm-up steps.
    pub fn schedules(steps: usize, warmup: usize) -> [Schedule; 4] {
        let warmup = warmup.min(steps.saturating_sub(1));
        [
            Schedule::Constant,
            Schedule::InverseTime { rate: 1.0, power: 0.5 },
            Schedule::Cosine { t_max: steps.max(1), eta_min: 0.0 },
            Schedule::WarmUp {
                steps: warmup,
                start: WARMUP_START,
                then: Box::new(Schedule::Cosine { t_max: (steps - warmup).max(1), eta_min: 0.0 }),
            },
        ]
    }

    /// The final loss above the optimum of each of the four runs, smoothed over the last
    /// `window` steps (a trailing mean), for each seed in `seeds`.
    pub fn smoothed_finals(problem: &Problem, etas: [f64; 4], steps: usize, warmup: usize, window: usize, seeds: std::ops::Range<u64>) -> Vec<[f64; 4]> {
        let best = problem.minimum().map(|m| m.1).unwrap_or(0.0);
        seeds
            .map(|seed| {
                let mut out = [0.0; 4];
                for (o, mut r) in out.iter_mut().zip(runs(problem, etas, steps, warmup, seed)) {
                    r.run(steps);
                    let tail: Vec<f64> = r.trajectory().iter().map(|(p, _)| p.loss - best).collect();
                    let w = window.clamp(1, tail.len().max(1));
                    *o = tail[tail.len() - w..].iter().sum::<f64>() / w as f64;
                }
                out
            })
            .collect()
    }

    /// The four runs, all with noise seed `seed` (so they draw the same mini-batches).
    pub fn runs(problem: &Problem, etas: [f64; 4], steps: usize, warmup: usize, seed: u64) -> Vec<Run> {
        schedules(steps, warmup)
            .into_iter()
            .zip(etas)
            .map(|(s, lr)| Run::new(problem.clone(), sgd_config(lr, s, BATCH, seed, steps)))
            .collect()
    }
}

/// The Robbins–Monro conditions Σηₜ = ∞ and Σηₜ² < ∞, decided from each schedule's form.
pub mod robbins_monro {
    use super::*;

    /// Terms summed exactly before a power-law tail is replaced by its integral.
    const EXACT_TERMS: usize = 20_000;

    /// Σₜ η(t)^k over all t ≥ 0 if it is finite (k = 1 or 2), `None` if it diverges. Exact
    /// for schedules that reach zero, closed form for geometric decay, and an exact sum plus an
    /// integral tail (relative error below 10⁻⁹) for power-law decay.
    pub fn limit(s: &Schedule, base: f64, k: i32) -> Option<f64> {
        let sum_to = |n: usize| (0..n).map(|t| s.lr(base, t).powi(k)).sum::<f64>();
        if base == 0.0 {
            return Some(0.0);
        }
        match s {
            Schedule::Constant => None,
            Schedule::Step { milestones, gamma } => {
                if *gamma == 0.0 {
                    Some(sum_to(milestones.iter().copied().min().unwrap_or(usize::MAX).min(1 << 24)))
                } else {
                    None
                }
            }
            Schedule::Exponential { gamma } => {
                let g = gamma.powi(k);
                (*gamma >= 0.0 && g < 1.0).then(|| base.powi(k) / (1.0 - g))
            }
            Schedule::Polynomial { total, power } => (*power > 0.0).then(|| sum_to((*total).max(1))),
            Schedule::InverseTime { rate, power } => {
                let q = power * k as f64;
                if *rate <= 0.0 || q <= 1.0 {
                    return None;
                }
                // Σ_{t<n} exactly, then ∫_{n−½}^∞ base^k (1 + ρt)^(−q) dt (midpoint rule).
                let n = EXACT_TERMS;
                let tail = base.powi(k) * (1.0 + rate * (n as f64 - 0.5)).powf(1.0 - q) / (rate * (q - 1.0));
                Some(sum_to(n) + tail)
            }
            Schedule::Linear { end, total, .. } => (*end == 0.0).then(|| sum_to(*total)),
            Schedule::Cosine { t_max, eta_min } => (*eta_min == 0.0).then(|| sum_to((*t_max).max(1) + 1)),
            // Every period repeats the same cosine (or a longer one): the mean stays positive.
            Schedule::CosineRestarts { .. } => None,
            Schedule::WarmUp { steps, then, .. } => {
                let warm = sum_to(*steps);
                limit(then, base, k).map(|rest| warm + rest)
            }
            // Holds max/(div·final_div) > 0 after its last step.
            Schedule::OneCycle { .. } => None,
        }
    }

    /// What the two conditions say about a schedule, with the limits of the sums that stay
    /// finite.
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub struct Verdict {
        /// Σηₜ = ∞: the steps add up to an unbounded distance.
        pub sum_diverges: bool,
        /// Σηₜ² < ∞: the noise the steps inject adds up to a finite amount.
        pub squares_converge: bool,
        pub sum_limit: Option<f64>,
        pub squares_limit: Option<f64>,
    }

    impl Verdict {
        pub fn both(&self) -> bool {
            self.sum_diverges && self.squares_converge
        }
    }

    pub fn verdict(s: &Schedule, base: f64) -> Verdict {
        let sum_limit = limit(s, base, 1);
        let squares_limit = limit(s, base, 2);
        Verdict { sum_diverges: sum_limit.is_none(), squares_converge: squares_limit.is_some(), sum_limit, squares_limit }
    }

    /// Whether η(t) → 0 as t → ∞ (the rate eventually stops injecting noise).
    pub fn rate_vanishes(s: &Schedule, base: f64) -> bool {
        if base == 0.0 {
            return true;
        }
        match s {
            Schedule::Constant | Schedule::CosineRestarts { .. } | Schedule::OneCycle { .. } => false,
            Schedule::Step { gamma, .. } => *gamma == 0.0,
            Schedule::Exponential { gamma } => gamma.abs() < 1.0,
            Schedule::Polynomial { power, .. } => *power > 0.0,
            Schedule::InverseTime { rate, power } => *rate > 0.0 && *power > 0.0,
            Schedule::Linear { end, .. } => *end == 0.0,
            Schedule::Cosine { eta_min, .. } => *eta_min == 0.0,
            Schedule::WarmUp { then, .. } => rate_vanishes(then, base),
        }
    }

    /// Running sums (Σ_{t<n} ηₜ, Σ_{t<n} ηₜ²) for n = 1 … `steps`.
    pub fn partial_sums(s: &Schedule, base: f64, steps: usize) -> Vec<(f64, f64)> {
        let (mut a, mut b) = (0.0, 0.0);
        (0..steps)
            .map(|t| {
                let e = s.lr(base, t);
                a += e;
                b += e * e;
                (a, b)
            })
            .collect()
    }

    /// L − L* of SGD under `schedule` (B = `batch`, from [`START`]) after each of the step
    /// counts in `at` (ascending); `None` once the run has diverged.
    pub fn excess_at(problem: &Problem, schedule: &Schedule, lr: f64, batch: usize, seed: u64, at: &[usize]) -> Vec<Option<f64>> {
        let best = problem.minimum().map(|m| m.1).unwrap_or(0.0);
        let last = at.iter().copied().max().unwrap_or(0);
        let mut r = Run::new(problem.clone(), sgd_config(lr, schedule.clone(), batch, seed, last).capacity(2));
        at.iter()
            .map(|&t| {
                r.run(t.saturating_sub(r.steps()));
                (r.status() != Status::Diverged).then(|| r.loss() - best)
            })
            .collect()
    }

    /// The schedules the widget offers, by name, from η₀'s companions: the rate ρ of 1/t and
    /// 1/√t decay, the exponential λ, and the horizon (cosine's T and the last milestone).
    pub fn schedule(name: &str, rho: f64, lambda: f64, horizon: usize) -> Schedule {
        match name {
            "inverse" => Schedule::InverseTime { rate: rho, power: 1.0 },
            "sqrt" => Schedule::InverseTime { rate: rho, power: 0.5 },
            "exponential" => Schedule::Exponential { gamma: (-lambda).exp() },
            "step" => {
                let h = horizon.max(4);
                Schedule::Step { milestones: vec![h / 4, h / 2, 3 * h / 4], gamma: 0.5 }
            }
            "cosine" => Schedule::Cosine { t_max: horizon.max(1), eta_min: 0.0 },
            _ => Schedule::Constant,
        }
    }
}

/// The learning-rate range test (the "LR finder"): one short run whose rate grows
/// geometrically from `lr_min` to `lr_max`, recording the loss after every step.
pub mod lr_finder {
    use super::*;

    pub const LR_MIN: f64 = 1e-4;
    pub const LR_MAX: f64 = 10.0;
    pub const STEPS: usize = 100;
    pub const BATCH: usize = 16;
    /// Smoothing of the recorded loss: an exponential moving average with bias correction.
    pub const BETA: f64 = 0.5;
    /// The test stops once the smoothed loss exceeds this multiple of its best value.
    pub const STOP_FACTOR: f64 = 4.0;

    /// The test's schedule on an optimizer whose lr is `lr_min`: step t uses
    /// lr_min·(lr_max/lr_min)^(t/(steps − 1)), so the last step uses `lr_max`.
    pub fn growth(lr_min: f64, lr_max: f64, steps: usize) -> Schedule {
        Schedule::Exponential { gamma: (lr_max / lr_min).powf(1.0 / (steps.max(2) - 1) as f64) }
    }

    /// One recorded step: the rate it used, the loss after it, and the smoothed loss.
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub struct Sample {
        pub lr: f64,
        pub loss: f64,
        pub smooth: f64,
    }

    /// A range test in progress.
    pub struct RangeTest {
        run: Run,
        beta: f64,
        avg: f64,
        best: f64,
        samples: Vec<Sample>,
        stopped: bool,
    }

    impl RangeTest {
        /// The growth factor per step is (lr_max/lr_min)^(1/(steps − 1)): PyTorch's
        /// `ExponentialLR` with γ > 1 on an SGD optimizer whose lr is `lr_min`.
        pub fn new(problem: Problem, lr_min: f64, lr_max: f64, steps: usize, seed: u64, beta: f64) -> Self {
            let steps = steps.max(2);
            let cfg = sgd_config(lr_min, growth(lr_min, lr_max, steps), BATCH, seed, steps).capacity(2);
            RangeTest { run: Run::new(problem, cfg), beta: beta.clamp(0.0, 0.99), avg: 0.0, best: f64::INFINITY, samples: Vec::with_capacity(steps), stopped: false }
        }

        /// Up to `n` more steps; whether the test still runs.
        pub fn advance(&mut self, n: usize) -> bool {
            for _ in 0..n {
                if self.is_done() {
                    break;
                }
                let lr = self.run.current_lr();
                if self.run.step() == Status::Diverged {
                    self.stopped = true;
                    break;
                }
                let loss = self.run.loss();
                let k = self.samples.len() as i32 + 1;
                self.avg = self.beta * self.avg + (1.0 - self.beta) * loss;
                let smooth = self.avg / (1.0 - self.beta.powi(k));
                self.best = self.best.min(smooth);
                self.samples.push(Sample { lr, loss, smooth });
                if smooth > STOP_FACTOR * self.best {
                    self.stopped = true;
                }
            }
            !self.is_done()
        }

        pub fn is_done(&self) -> bool {
            self.stopped || self.run.status().is_done()
        }
        /// Run the whole test at once.
        pub fn finish(mut self) -> Self {
            while self.advance(1000) {}
            self
        }
        /// Whether it stopped early because the loss blew up.
        pub fn blew_up(&self) -> bool {
            self.stopped
        }
        pub fn samples(&self) -> &[Sample] {
            &self.samples
        }
        pub fn steps(&self) -> usize {
            self.samples.len()
        }
        pub fn suggestion(&self) -> Option<Suggestion> {
            suggest(&self.samples)
        }
    }

    /// d(smoothed loss)/d(ln α) at every sample, by central differences (one-sided at the ends).
    pub fn slopes(samples: &[Sample]) -> Vec<f64> {
        let n = samples.len();
        (0..n)
            .map(|i| {
                let (a, b) = (i.saturating_sub(1), (i + 1).min(n - 1));
                let dx = samples[b].lr.ln() - samples[a].lr.ln();
                if b == a || dx == 0.0 { 0.0 } else { (samples[b].smooth - samples[a].smooth) / dx }
            })
            .collect()
    }

    /// Two readings of a range test.
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub struct Suggestion {
        /// Index and rate where the smoothed loss falls fastest per factor of α.
        pub steepest: (usize, f64),
        /// Index and rate where the smoothed loss is lowest.
        pub minimum: (usize, f64),
    }

    /// The suggested rates, once the test has recorded at least three steps before its lowest
    /// smoothed loss.
    pub fn suggest(samples: &[Sample]) -> Option<Suggestion> {
        let min_i = samples.iter().enumerate().min_by(|a, b| a.1.smooth.total_cmp(&b.1.smooth))?.0;
        // The steepest fall, looked for before the minimum (after it the loss only rises).
        let s = slopes(samples);
        let steep_i = (0..=min_i).min_by(|&a, &b| s[a].total_cmp(&s[b]))?;
        (min_i >= 2 && s[steep_i] < 0.0).then_some(Suggestion { steepest: (steep_i, samples[steep_i].lr), minimum: (min_i, samples[min_i].lr) })
    }

    /// A demonstration run at a constant rate `lr` (mini-batches of [`BATCH`]).
    pub fn demo(problem: &Problem, lr: f64, steps: usize, seed: u64) -> Run {
        Run::new(problem.clone(), sgd_config(lr, Schedule::Constant, BATCH, seed, steps))
    }
}

/// The linear scaling rule on the 50-gene drug-sensitivity regression (N = 2000): multiply
/// the batch by k and the rate by k, with or without a gradual warm-up.
pub mod scaling {
    use super::*;
    use crate::core::problem::norm;

    pub const BATCH: usize = 128;
    pub const LR: f64 = 0.01;
    pub const K: usize = 8;
    pub const WARMUP_EPOCHS: f64 = 5.0;
    pub const EPOCHS: f64 = 30.0;

    /// The regression: 50 correlated genes, N = 2000 cell lines.
    pub fn problem() -> Rc<LeastSquares> {
        Rc::new(LeastSquares::new(drug_sensitivity(DATA_SEED), "drug sensitivity"))
    }

    /// The largest eigenvalue of a symmetric positive semi-definite matrix (row-major d × d),
    /// by power iteration.
    pub fn largest_eigenvalue(a: &[f64], d: usize) -> f64 {
        let mut v = vec![1.0 / (d.max(1) as f64).sqrt(); d];
        let mut lambda = 0.0;
        for _ in 0..2000 {
            let w: Vec<f64> = (0..d).map(|i| (0..d).map(|j| a[i * d + j] * v[j]).sum()).collect();
            let n = norm(&w);
            if n == 0.0 || !n.is_finite() {
                return 0.0;
            }
            let next = n;
            v = w.into_iter().map(|x| x / n).collect();
            if (next - lambda).abs() <= 1e-13 * next {
                return next;
            }
            lambda = next;
        }
        lambda
    }

    /// Plain gradient descent on a quadratic diverges once α exceeds 2/λ_max.
    pub fn stability_limit(f: &dyn Objective) -> Option<f64> {
        let d = f.dim();
        let h = f.hessian(&vec![0.0; d])?;
        let l = largest_eigenvalue(&h, d);
        (l > 0.0).then(|| 2.0 / l)
    }

    /// One runner of the comparison.
    #[derive(Clone, Debug, PartialEq)]
    pub struct Runner {
        pub label: String,
        pub batch: usize,
        pub lr: f64,
        pub schedule: Schedule,
    }

    /// Steps in `epochs` passes over `n` examples with batches of `batch` (at least one).
    pub fn steps_for(epochs: f64, n: usize, batch: usize) -> usize {
        ((epochs * n as f64 / batch.max(1) as f64).round() as usize).max(1)
    }

    /// B at α; kB at kα without warm-up; kB at kα with a linear warm-up from α over
    /// `warm_epochs` (Goyal et al.'s gradual warm-up: `LinearLR(start_factor = 1/k)`);
    /// and kB at the unscaled α, for contrast.
    pub fn runners(n: usize, batch: usize, lr: f64, k: usize, warm_epochs: f64) -> Vec<Runner> {
        let big = (batch * k.max(1)).min(n);
        let k = big as f64 / batch as f64;
        let warm = steps_for(warm_epochs, n, big);
        vec![
            Runner { label: format!("B = {batch}, α = {}", crate::format::sig(lr, 3)), batch, lr, schedule: Schedule::Constant },
            Runner { label: format!("B = {big}, α = {}", crate::format::sig(k * lr, 3)), batch: big, lr: k * lr, schedule: Schedule::Constant },
            Runner {
                label: format!("B = {big}, α = {}, warm-up", crate::format::sig(k * lr, 3)),
                batch: big,
                lr: k * lr,
                schedule: if warm_epochs > 0.0 { Schedule::Linear { start: 1.0 / k, end: 1.0, total: warm } } else { Schedule::Constant },
            },
            Runner { label: format!("B = {big}, α = {} (not scaled)", crate::format::sig(lr, 3)), batch: big, lr, schedule: Schedule::Constant },
        ]
    }

    /// The runners' runs from θ = 0, each for `epochs` passes, all with noise seed `seed`.
    pub fn runs(problem: &Problem, runners: &[Runner], epochs: f64, seed: u64) -> Vec<Run> {
        let n = problem.examples().unwrap_or(1);
        runners
            .iter()
            .map(|r| {
                let cfg = RunConfig::new(OptimizerConfig::sgd(r.lr), vec![0.0; problem.dim()])
                    .schedule(r.schedule.clone())
                    .noise(Noise::MiniBatch { batch: r.batch, epochs: false })
                    .seed(seed)
                    .max_steps(steps_for(epochs, n, r.batch))
                    .tol(0.0);
                Run::new(problem.clone(), cfg)
            })
            .collect()
    }

    /// How each runner ends after `epochs`: (L − L*, status, epochs processed when it ended).
    pub fn outcomes(problem: &Problem, runners: &[Runner], epochs: f64, seed: u64) -> Vec<(f64, Status, f64)> {
        let n = problem.examples().unwrap_or(1);
        let best = problem.minimum().map(|m| m.1).unwrap_or(0.0);
        let mut rs = runs(problem, runners, epochs, seed);
        advance_to(&mut rs, u64::MAX);
        rs.iter().map(|r| (r.loss() - best, r.status(), r.examples() as f64 / n as f64)).collect()
    }

    /// Advance every run until it has processed `examples` examples (or ended); whether any
    /// still runs. Runs with larger batches take fewer steps, so all keep pace per example.
    pub fn advance_to(runs: &mut [Run], examples: u64) -> bool {
        for r in runs.iter_mut() {
            while !r.status().is_done() && r.examples() < examples {
                r.step();
            }
        }
        runs.iter().any(|r| !r.status().is_done())
    }
}

/// Polyak–Ruppert averaging of SGD's iterates (B = 8, α = 0.05, 300 steps).
pub mod averaging {
    use super::*;

    pub const BATCH: usize = 8;
    pub const LR: f64 = 0.05;
    pub const STEPS: usize = 300;
    /// The losses' variance is measured over this many final steps.
    pub const WINDOW: usize = 100;

    /// SGD that also tracks the average of its iterates after `average_start` steps.
    pub fn config(lr: f64, batch: usize, steps: usize, average_start: usize, seed: u64) -> RunConfig {
        sgd_config(lr, Schedule::Constant, batch, seed, steps).averaging(true).average_start(average_start)
    }

    /// Variance of the raw iterate's loss and of the averaged iterate's loss over the last
    /// `window` steps of a run (`None` before it has that many).
    pub fn loss_variances(run: &Run, window: usize) -> Option<(f64, f64)> {
        let tail = |tr: &super::super::run::Trajectory| -> Vec<f64> {
            let t = run.steps();
            tr.iter().filter(|(p, _)| p.step > 0 && p.step + window > t).map(|(p, _)| p.loss).collect()
        };
        let raw = tail(run.trajectory());
        let avg = tail(run.average_trajectory()?);
        (raw.len() >= 2 && raw.len() == avg.len()).then(|| (variance(&raw), variance(&avg)))
    }

    /// Final losses (raw iterate, averaged iterate) of `seeds` runs (seeds 1, 2, …).
    pub fn final_losses(problem: &Problem, lr: f64, batch: usize, steps: usize, average_start: usize, seeds: u64) -> Vec<(f64, f64)> {
        (1..=seeds)
            .map(|seed| {
                let mut r = Run::new(problem.clone(), config(lr, batch, steps, average_start, seed).capacity(2));
                r.run(steps);
                let avg = r.average().map(|a| problem.value(&a.mean)).unwrap_or(f64::NAN);
                (r.loss(), avg)
            })
            .collect()
    }
}
