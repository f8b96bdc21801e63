//! The experiment set-ups of Layer 2 (saddle points and explosions), shared by its widgets,
//! the chapter's prose (which quotes numbers computed from them) and the native tests.

use super::landscape::Landscape;
use super::optimizer::{Clip, OptimizerConfig};
use super::oracle::Noise;
use super::problem::Problem;
use super::run::{Run, RunConfig, Status};
use super::stats::quantile;
use super::sweep::{Outcome, Sweep, gaussian_jobs};

/// The saddle f(x, y) = x²/2 + y⁴/4 − y²/2: GD against SGD started on its stable line y = 0.
pub mod saddle {
    use super::*;

    /// Where both runs start: on the stable line, right of the saddle.
    pub const START: [f64; 2] = [1.5, 0.0];
    pub const LR: f64 = 0.1;
    /// Gradient descent counts as stopped once ‖∇L‖ falls below this.
    pub const TOL: f64 = 1e-8;
    /// A run has escaped once |y| reaches this: half-way from the saddle to a minimum.
    pub const ESCAPE: f64 = 0.5;
    /// The noise levels of the escape-time panel.
    pub const SIGMAS: [f64; 7] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

    pub fn problem() -> Problem {
        Landscape::Saddle.into_problem()
    }

    pub fn escaped(x: &[f64]) -> bool {
        x.get(1).is_some_and(|y| y.abs() >= ESCAPE)
    }

    /// Plain SGD (θ ← θ − αg) from `start` with gradient noise `noise`.
    pub fn config(lr: f64, start: [f64; 2], noise: Noise, seed: u64, max_steps: usize) -> RunConfig {
        RunConfig::new(OptimizerConfig::sgd(lr), start.to_vec()).noise(noise).seed(seed).max_steps(max_steps).tol(TOL)
    }

    /// Escape times for `count` seeds (1, 2, …) at each of `sigmas`, each run capped at
    /// `max_steps`. Job `i·count + k` is σ = `sigmas[i]`, seed k + 1.
    pub fn escape_sweep(lr: f64, start: [f64; 2], sigmas: &[f64], count: usize, max_steps: usize) -> Sweep {
        let base = config(lr, start, Noise::Exact, 0, max_steps);
        Sweep::new(problem(), gaussian_jobs(&base, sigmas, 1, count), Some(escaped))
    }

    /// The step at which plain gradient descent escapes, if it does within `max_steps`
    /// (from a start exactly on the stable line it never does).
    pub fn gd_escape(lr: f64, start: [f64; 2], max_steps: usize) -> Option<usize> {
        let s = Sweep::new(problem(), vec![config(lr, start, Noise::Exact, 0, max_steps)], Some(escaped)).finish();
        s.outcomes().first().filter(|o| o.hit).map(|o| o.steps)
    }
}

/// The 1-D curve 0.5(θ − 3)² + 2 sin 3θ + 0.3 sin 7θ: GD against noisy gradients from θ = −1.
pub mod curve {
    use super::*;

    pub const START: f64 = -1.0;
    pub const LR: f64 = 0.03;
    pub const STEPS: usize = 300;
    /// The source's noise level.
    pub const SIGMA: f64 = 3.0;
    /// The plotted range of θ.
    pub const RANGE: (f64, f64) = (-2.0, 7.0);

    pub fn problem() -> Problem {
        Landscape::Wiggly.into_problem()
    }

    /// Plain SGD from θ = −1 with gradient noise `noise`, for `steps` steps.
    pub fn config(lr: f64, steps: usize, noise: Noise, seed: u64) -> RunConfig {
        RunConfig::new(OptimizerConfig::sgd(lr), vec![START]).noise(noise).seed(seed).max_steps(steps).tol(1e-10)
    }

    /// Where gradient descent ends: (θ, loss).
    pub fn gd_end(lr: f64, steps: usize) -> (f64, f64) {
        let mut r = Run::new(problem(), config(lr, steps, Noise::Exact, 0).capacity(2));
        r.run(steps);
        (r.position()[0], r.loss())
    }

    /// The end points of `count` noisy runs (seeds 1, 2, …).
    pub fn end_sweep(sigma: f64, lr: f64, steps: usize, count: usize) -> Sweep {
        let base = config(lr, steps, Noise::Exact, 0);
        Sweep::new(problem(), gaussian_jobs(&base, &[sigma], 1, count), None)
    }

    /// What many seeds did, against gradient descent's final loss.
    #[derive(Clone, Copy, Debug, PartialEq)]
    pub struct Summary {
        pub runs: usize,
        /// Runs that ended with a lower loss than gradient descent.
        pub better: usize,
        pub diverged: usize,
        pub median_loss: f64,
        pub best_loss: f64,
        pub worst_loss: f64,
    }

    pub fn summarize(outcomes: &[Outcome], gd_loss: f64) -> Summary {
        let losses: Vec<f64> = outcomes.iter().map(|o| o.loss).filter(|l| l.is_finite()).collect();
        let diverged = outcomes.iter().filter(|o| o.status == Status::Diverged).count();
        Summary {
            runs: outcomes.len(),
            better: losses.iter().filter(|&&l| l < gd_loss).count(),
            diverged,
            median_loss: quantile(&losses, 0.5),
            best_loss: losses.iter().copied().fold(f64::INFINITY, f64::min),
            worst_loss: losses.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        }
    }
}

/// The cliff: a gentle valley behind a plateau that ends in a steep face.
pub mod cliff {
    use super::*;

    /// Start on the plateau, above the valley floor.
    pub const START: [f64; 2] = [5.0, 1.5];
    pub const LR: f64 = 0.1;

    pub fn problem() -> Problem {
        Landscape::Cliff.into_problem()
    }

    pub fn config(lr: f64, clip: Clip, start: [f64; 2], steps: usize) -> RunConfig {
        RunConfig::new(OptimizerConfig::sgd(lr).with_clip(clip), start.to_vec()).max_steps(steps).tol(1e-8)
    }

    /// A run that also remembers the longest step it took (α times the norm of the clipped
    /// gradient, the distance θ moved) and the largest gradient norm before clipping.
    pub struct Watched {
        pub run: Run,
        pub longest: f64,
        pub peak: f64,
    }

    impl Watched {
        pub fn new(lr: f64, clip: Clip, start: [f64; 2], steps: usize) -> Self {
            let run = Run::new(problem(), config(lr, clip, start, steps));
            let peak = run.grad_norm();
            Watched { run, longest: 0.0, peak: if peak.is_finite() { peak } else { 0.0 } }
        }

        /// One step; a step that diverges stores nothing and changes nothing here.
        pub fn step(&mut self) -> Status {
            let before = self.run.steps();
            let status = self.run.step();
            if self.run.steps() > before
                && let Some((p, _)) = self.run.trajectory().last()
            {
                self.longest = self.longest.max(p.lr * p.clipped_norm);
                self.peak = self.peak.max(p.grad_norm);
            }
            status
        }

        /// Up to `n` steps; stops early when the run ends.
        pub fn advance(&mut self, n: usize) -> Status {
            for _ in 0..n {
                if self.step().is_done() {
                    break;
                }
            }
            self.run.status()
        }
    }

    /// A run taken to its end.
    pub fn run(lr: f64, clip: Clip, start: [f64; 2], steps: usize) -> Watched {
        let mut w = Watched::new(lr, clip, start, steps);
        w.advance(steps);
        w
    }
}
