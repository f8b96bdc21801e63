//! The experiment set-ups of Layer 5 (adaptive learning rates), shared by its widgets, the
//! chapter's prose and the native tests: a stretched valley where AdaGrad's per-coordinate
//! rates help, the accumulators of AdaGrad and RMSProp under a loud–quiet–loud gradient, Adam's
//! bias correction, coupled L2 against AdamW's decoupled decay, and a race of all seven
//! optimizers on one noise stream. Every optimizer here is the core's [`Optimizer`], so the
//! numbers follow PyTorch's update rules.

use super::landscape::Landscape;
use super::model::solve_spd;
use super::optimizer::{Kind, Optimizer, OptimizerConfig};
use super::oracle::Noise;
use super::problem::{Objective, Problem, norm};
use super::rng::{normal, rng_at};
use super::run::{Run, RunConfig};
use super::transform::State;

/// The per-coordinate effective learning rate lr/(√s + ε) of an AdaGrad or RMSProp optimizer,
/// from its accumulator s (AdaGrad's G = Σg², RMSProp's moving average of g²). Before the first
/// step s = 0, and the rate is lr/ε: `None` then, and for the other kinds.
pub fn effective_lr(opt: &Optimizer, lr: f64) -> Option<Vec<f64>> {
    let eps = opt.config.eps;
    if !matches!(opt.config.kind, Kind::AdaGrad | Kind::RmsProp) || opt.steps() == 0 {
        return None;
    }
    opt.states().iter().find_map(|s| match s {
        State::Buffer(acc) => Some(acc.iter().map(|s| lr / (s.sqrt() + eps)).collect()),
        _ => None,
    })
}

/// The anisotropic valley f = x² + κy²: GD is stable only for α < 1/κ (the y direction), and at
/// such an α the x direction shrinks by only (1 − 2α) a step.
pub mod anisotropic {
    use super::*;

    pub const KAPPA: f64 = 100.0;
    pub const START: [f64; 2] = [-1.5, 0.2];
    pub const STEPS: usize = 150;
    /// SGD's rates: slow, close to the stability limit 1/κ, just past it.
    pub const SGD_LRS: [f64; 3] = [0.002, 0.0095, 0.0102];
    pub const ADAGRAD_LR: f64 = 0.5;

    pub fn problem() -> Problem {
        Landscape::Quadratic { kappa: KAPPA }.into_problem()
    }

    /// The largest stable constant rate for plain gradient descent, 2/λ_max = 1/κ.
    pub fn stability_limit() -> f64 {
        1.0 / KAPPA
    }

    /// Three SGD runs and one AdaGrad run from [`START`], exact gradients.
    pub fn runs(sgd_lrs: [f64; 3], adagrad_lr: f64, steps: usize) -> Vec<Run> {
        let f = problem();
        sgd_lrs
            .iter()
            .map(|&lr| OptimizerConfig::sgd(lr))
            .chain(std::iter::once(OptimizerConfig::adagrad(adagrad_lr)))
            .map(|o| Run::new(f.clone(), RunConfig::new(o, START.to_vec()).max_steps(steps).tol(1e-10)))
            .collect()
    }
}

/// A gradient that is loud, then quiet, then loud again, fed to AdaGrad and RMSProp.
pub mod accumulation {
    use super::*;

    /// (σ, steps) of the three stretches.
    pub const PHASES: [(f64, usize); 3] = [(2.0, 100), (0.2, 100), (1.5, 100)];
    /// RMSProp's smoothing constant here (PyTorch's `alpha`): a window of about 1/(1 − β) = 10 steps.
    pub const BETA: f64 = 0.9;
    const STREAM: u64 = 51;

    /// gₜ = σₜ zₜ with zₜ ~ N(0, 1), seeded.
    pub fn signal(seed: u64) -> Vec<f64> {
        let mut rng = rng_at(seed, STREAM, 0);
        PHASES.iter().flat_map(|&(s, n)| std::iter::repeat_n(s, n)).map(|s| s * normal(&mut rng)).collect()
    }

    /// One step of the accumulators: AdaGrad's G and RMSProp's s after gₜ, and the effective
    /// rates 1/(√G + ε), 1/(√s + ε) (learning rate 1).
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub struct Row {
        pub g: f64,
        pub s_ada: f64,
        pub s_rms: f64,
        pub rate_ada: f64,
        pub rate_rms: f64,
    }

    /// Feed the signal to `torch.optim.Adagrad` and `torch.optim.RMSprop(alpha = beta)` (the
    /// core's optimizers) and read their accumulators after every step.
    pub fn accumulate(signal: &[f64], beta: f64) -> Vec<Row> {
        let mut ada = Optimizer::new(OptimizerConfig::adagrad(1.0), 1);
        let mut rms = Optimizer::new(OptimizerConfig::rmsprop(1.0, beta), 1);
        let acc = |o: &Optimizer| match o.states().first() {
            Some(State::Buffer(b)) => b[0],
            _ => 0.0,
        };
        let (mut x, mut y) = ([0.0], [0.0]);
        signal
            .iter()
            .map(|&g| {
                ada.step(&mut x, &[g], 1.0);
                rms.step(&mut y, &[g], 1.0);
                let r = |o: &Optimizer| effective_lr(o, 1.0).map(|v| v[0]).unwrap_or(0.0);
                Row { g, s_ada: acc(&ada), s_rms: acc(&rms), rate_ada: r(&ada), rate_rms: r(&rms) }
            })
            .collect()
    }
}

/// Adam's bias correction.
pub mod bias {
    use super::*;

    pub const BETA1: f64 = 0.9;
    pub const BETA2: f64 = 0.999;

    /// The correction factors 1/(1 − β₁ᵗ) and 1/(1 − β₂ᵗ) at step t ≥ 1.
    pub fn factors(beta1: f64, beta2: f64, t: u32) -> (f64, f64) {
        let t = t.max(1) as i32;
        (1.0 / (1.0 - beta1.powi(t)), 1.0 / (1.0 - beta2.powi(t)))
    }

    /// The factors as the page prints them: 1/(1 − β₁ᵗ) to three significant digits, or to
    /// four decimals once it is within 1 % of 1 (so that "1.0000×" shows how close it is);
    /// 1/(1 − β₂ᵗ) to four significant digits.
    pub fn factor_texts(beta1: f64, beta2: f64, t: u32) -> (String, String) {
        let (a, b) = factors(beta1, beta2, t);
        let first = if a < 1.01 { format!("{a:.4}") } else { crate::format::sig(a, 3) };
        (first, crate::format::sig(b, 4))
    }

    /// Under a constant gradient g: (m, m̂) after each of `steps` steps, by running the moment
    /// recurrence m ← β₁m + (1 − β₁)g from m = 0 (not by the closed form (1 − β₁ᵗ)g, which the
    /// tests compare it with).
    pub fn first_moment(beta1: f64, g: f64, steps: usize) -> Vec<(f64, f64)> {
        let mut m = 0.0;
        (1..=steps)
            .map(|t| {
                m = beta1 * m + (1.0 - beta1) * g;
                (m, m * factors(beta1, 0.5, t as u32).0)
            })
            .collect()
    }

    /// Under a constant gradient, Adam's step without bias correction over the step with it:
    /// (1 − β₁ᵗ)/√(1 − β₂ᵗ) (ε neglected). Above 1: uncorrected Adam steps too far.
    pub fn step_ratio(beta1: f64, beta2: f64, t: u32) -> f64 {
        let (a, b) = factors(beta1, beta2, t);
        b.sqrt() / a
    }

    /// The landscape of the toggle: an elongated bowl f = x² + κy².
    pub const KAPPA: f64 = 4.0;
    pub const START: [f64; 2] = [-1.4, 0.6];
    pub const LR: f64 = 0.1;
    pub const STEPS: usize = 80;

    pub fn problem() -> Problem {
        Landscape::Quadratic { kappa: KAPPA }.into_problem()
    }

    /// Adam with bias correction and, if `without`, Adam without it, same α, exact gradients.
    pub fn runs(lr: f64, beta1: f64, beta2: f64, steps: usize, without: bool) -> Vec<Run> {
        let f = problem();
        let mk = |on: bool| {
            let o = OptimizerConfig { beta: beta1, beta2, ..OptimizerConfig::adam(lr) }.with_bias_correction(on);
            Run::new(f.clone(), RunConfig::new(o, START.to_vec()).max_steps(steps).tol(0.0))
        };
        let mut v = vec![mk(true)];
        if without {
            v.push(mk(false));
        }
        v
    }
}

/// Adam with L2 in the gradient against AdamW's decoupled decay, on the Layer 1 regression.
pub mod decay {
    use super::*;

    pub const LR: f64 = 0.05;
    pub const LAMBDA: f64 = 0.5;
    pub const BATCH: usize = 16;
    pub const STEPS: usize = 400;
    pub const LABELS: [&str; 3] = ["Adam, no decay", "Adam + L2 (coupled)", "AdamW (decoupled)"];

    /// The minimiser of L(θ) + (λ/2)‖θ‖² for a quadratic L with a known Hessian A and minimum
    /// θ*: (A + λI)⁻¹Aθ*. This is where Adam with `weight_decay = λ` (L2 in the gradient) settles.
    pub fn ridge(f: &dyn Objective, lambda: f64) -> Option<Vec<f64>> {
        let (opt, _) = f.minimum()?;
        let a = f.hessian(&opt)?;
        let d = opt.len();
        let b: Vec<f64> = (0..d).map(|i| (0..d).map(|j| a[i * d + j] * opt[j]).sum()).collect();
        let mut m = a;
        for i in 0..d {
            m[i * d + i] += lambda;
        }
        Some(solve_spd(m, &b))
    }

    /// Adam without decay, Adam with coupled L2 and AdamW, all at `lr`, drawing the same
    /// mini-batches of [`BATCH`] from `start`.
    pub fn runs(f: &Problem, lr: f64, lambda: f64, steps: usize, seed: u64, start: [f64; 2]) -> Vec<Run> {
        [OptimizerConfig::adam(lr), OptimizerConfig::adam(lr).with_weight_decay(lambda), OptimizerConfig::adamw(lr, lambda)]
            .into_iter()
            .map(|o| {
                let cfg = RunConfig::new(o, start.to_vec()).noise(Noise::MiniBatch { batch: BATCH, epochs: false }).seed(seed).max_steps(steps).tol(0.0);
                Run::new(f.clone(), cfg)
            })
            .collect()
    }
}

/// Seven optimizers on one noise stream, with an equal budget of steps (and so of examples).
pub mod race {
    use super::*;

    /// The two races of the chapter.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Preset {
        /// Rosenbrock from (−1, 1), 5000 steps, exact gradients unless σ > 0.
        Rosenbrock,
        /// The Layer 1 regression, mini-batches of 16, 300 steps.
        Regression,
    }

    impl Preset {
        pub fn id(self) -> &'static str {
            match self {
                Preset::Rosenbrock => "rosenbrock",
                Preset::Regression => "regression",
            }
        }
        pub fn start(self) -> [f64; 2] {
            match self {
                Preset::Rosenbrock => [-1.0, 1.0],
                Preset::Regression => super::super::layer4::START,
            }
        }
        pub fn steps(self) -> usize {
            match self {
                Preset::Rosenbrock => 5000,
                Preset::Regression => 300,
            }
        }
        /// Learning rates in [`Kind::ALL`] order: the source's where it gives one; for the
        /// others (plain SGD, Nesterov, and momentum on the regression) our choice.
        pub fn lrs(self) -> [f64; 7] {
            match self {
                // SGD, Momentum 0.9, Nesterov 0.9, AdaGrad, RMSProp, Adam, AdamW.
                Preset::Rosenbrock => [0.001, 0.001, 0.001, 0.05, 0.001, 0.005, 0.005],
                Preset::Regression => [0.05, 0.01, 0.01, 0.5, 0.01, 0.05, 0.05],
            }
        }
        /// RMSProp's smoothing constant: PyTorch's default 0.99, and 0.9 on the regression (as
        /// the source).
        pub fn rms_beta(self) -> f64 {
            match self {
                Preset::Rosenbrock => 0.99,
                Preset::Regression => 0.9,
            }
        }
        /// The loss counted as "reached".
        pub fn target(self) -> f64 {
            match self {
                Preset::Rosenbrock => 1e-3,
                Preset::Regression => 1e-3,
            }
        }
        /// Mini-batch size (None: the full gradient, plus Gaussian noise of σ if σ > 0).
        pub fn batch(self) -> Option<usize> {
            match self {
                Preset::Rosenbrock => None,
                Preset::Regression => Some(16),
            }
        }
        pub fn problem(self) -> Problem {
            match self {
                Preset::Rosenbrock => Landscape::Rosenbrock { a: 1.0, b: 100.0 }.into_problem(),
                Preset::Regression => super::super::layer4::regression(),
            }
        }
        pub fn view(self) -> ((f64, f64), (f64, f64)) {
            match self {
                Preset::Rosenbrock => ((-1.6, 1.6), (-0.6, 1.8)),
                Preset::Regression => ((-1.0, 2.5), (-0.2, 2.5)),
            }
        }
    }

    /// Each optimizer's config at its rate (momentum 0.9, AdamW λ = 0.01, RMSProp β from the preset).
    pub fn config(preset: Preset, kind: Kind, lr: f64) -> OptimizerConfig {
        match kind {
            Kind::Momentum => OptimizerConfig::momentum(lr, 0.9),
            Kind::Nesterov => OptimizerConfig::nesterov(lr, 0.9),
            Kind::RmsProp => OptimizerConfig::rmsprop(lr, preset.rms_beta()),
            Kind::AdamW => OptimizerConfig::adamw(lr, 0.01),
            k => OptimizerConfig::new(k, lr),
        }
    }

    /// Points kept per trajectory (a 5000-step path thins itself to this).
    pub const CAPACITY: usize = 600;

    /// A race: one run per selected optimizer, the same seed (so the same noise) for all, and
    /// the first step at which each one's loss reached the target.
    pub struct Race {
        pub kinds: Vec<Kind>,
        pub runs: Vec<Run>,
        pub hit: Vec<Option<usize>>,
        pub target: f64,
        pub optimum: Vec<f64>,
        pub best: f64,
    }

    impl Race {
        pub fn new(preset: Preset, entries: &[(Kind, f64)], sigma: f64, seed: u64, target: f64) -> Self {
            let f = preset.problem();
            let (optimum, best) = f.minimum().unwrap_or((vec![0.0, 0.0], 0.0));
            let noise = match preset.batch() {
                Some(b) => Noise::MiniBatch { batch: b, epochs: false },
                None if sigma > 0.0 => Noise::Gaussian { sigma },
                None => Noise::Exact,
            };
            let runs: Vec<Run> = entries
                .iter()
                .map(|&(k, lr)| {
                    let cfg = RunConfig::new(config(preset, k, lr), preset.start().to_vec())
                        .noise(noise.clone())
                        .seed(seed)
                        .max_steps(preset.steps())
                        .tol(0.0)
                        .capacity(CAPACITY);
                    Run::new(f.clone(), cfg)
                })
                .collect();
            let hit = runs.iter().map(|r| (r.loss() - best <= target).then_some(0)).collect();
            Race { kinds: entries.iter().map(|e| e.0).collect(), runs, hit, target, optimum, best }
        }

        /// Up to `n` steps of every runner; says whether any still runs.
        pub fn advance(&mut self, n: usize) -> bool {
            for (r, h) in self.runs.iter_mut().zip(self.hit.iter_mut()) {
                for _ in 0..n {
                    if r.step().is_done() {
                        break;
                    }
                    if h.is_none() && r.loss() - self.best <= self.target {
                        *h = Some(r.steps());
                    }
                }
            }
            self.runs.iter().any(|r| !r.status().is_done())
        }

        /// The furthest step any runner reached.
        pub fn reached(&self) -> usize {
            self.runs.iter().map(Run::steps).max().unwrap_or(0)
        }

        /// Each runner's distance to the optimum ‖θ − θ*‖.
        pub fn distances(&self) -> Vec<f64> {
            self.runs.iter().map(|r| norm(&r.position().iter().zip(&self.optimum).map(|(a, b)| a - b).collect::<Vec<_>>())).collect()
        }
    }
}
