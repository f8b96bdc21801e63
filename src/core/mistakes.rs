//! Common mistakes, each reproduced on a small problem next to its fix: α too high, α too low,
//! no warm-up with a large batch, no shuffling of sorted data, and a constant α. The presets,
//! the runs and the measure that says whether a run shows the symptom live here, so the widget,
//! the chapter's prose and the tests judge with the same numbers.

use super::dataset::{Dataset, REGRESSION_SEED, linreg_2d};
use super::model::{LeastSquares, solve_spd};
use super::optimizer::OptimizerConfig;
use super::oracle::Noise;
use super::problem::{Objective, Problem, curvatures};
use super::run::{Run, RunConfig, Status};
use super::schedule::Schedule;
use super::stats::{mean, variance};
use std::rc::Rc;

/// Where every run starts (Layer 1's start).
pub const START: [f64; 2] = [-0.5, 2.0];
/// A linear warm-up starts at this fraction of α (PyTorch's `LinearLR(start_factor = 0.01)`).
pub const WARMUP_START: f64 = 0.01;
/// The warm-up lasts this share of the run (the seed's "5–10 % of training").
pub const WARMUP_SHARE: f64 = 0.1;
/// The linear scaling rule of the warm-up preset: B = 8 at α = 0.05, scaled by k = 8.
pub const SMALL_BATCH: usize = 8;
pub const SMALL_LR: f64 = 0.05;
pub const SCALE: usize = 8;
/// Weight γ of the quartic term in the warm-up preset's loss.
pub const GAMMA: f64 = 1.0;
/// α too high is cured by dividing it by this, α too low by multiplying it by this.
pub const HIGH_FIX: f64 = 10.0;
pub const LOW_FIX: f64 = 100.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    TooHigh,
    TooLow,
    NoWarmUp,
    NoShuffle,
    ConstantLr,
}

/// The controls a preset sets: the mistake's α, the mini-batch size and the number of steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    pub lr: f64,
    pub batch: usize,
    pub steps: usize,
}

impl Preset {
    pub const ALL: [Preset; 5] = [Preset::TooHigh, Preset::TooLow, Preset::NoWarmUp, Preset::NoShuffle, Preset::ConstantLr];
    /// URL words, in [`Preset::ALL`] order.
    pub const KEYS: [&'static str; 5] = ["too-high", "too-low", "no-warmup", "no-shuffle", "constant"];

    pub fn index(self) -> usize {
        Preset::ALL.iter().position(|&p| p == self).unwrap_or(0)
    }
    pub fn from_index(i: usize) -> Preset {
        Preset::ALL.get(i).copied().unwrap_or(Preset::TooHigh)
    }
    /// The mistake, as the select shows it.
    pub fn title(self) -> &'static str {
        match self {
            Preset::TooHigh => "α too high",
            Preset::TooLow => "α too low",
            Preset::NoWarmUp => "No warm-up",
            Preset::NoShuffle => "Not shuffled",
            Preset::ConstantLr => "Constant α",
        }
    }
    /// The symptom one should expect (the seed's table).
    pub fn symptom(self) -> &'static str {
        match self {
            Preset::TooHigh => "the loss oscillates and blows up",
            Preset::TooLow => "the loss crawls down",
            Preset::NoWarmUp => "the first steps blow up",
            Preset::NoShuffle => "the loss jumps with every epoch",
            Preset::ConstantLr => "the loss never settles",
        }
    }
    /// The fix, as its button and legend say it.
    pub fn fix(self) -> &'static str {
        match self {
            Preset::TooHigh => "α ÷ 10",
            Preset::TooLow => "α × 100 (×10, twice)",
            Preset::NoWarmUp => "linear warm-up over the first 10 %",
            Preset::NoShuffle => "shuffle every epoch",
            Preset::ConstantLr => "cosine decay to 0",
        }
    }
    /// The preset's settings.
    pub fn defaults(self) -> Settings {
        match self {
            Preset::TooHigh => Settings { lr: 2.5, batch: 8, steps: 100 },
            Preset::TooLow => Settings { lr: 0.001, batch: 8, steps: 300 },
            Preset::NoWarmUp => Settings { lr: SMALL_LR * SCALE as f64, batch: SMALL_BATCH * SCALE, steps: 200 },
            Preset::NoShuffle => Settings { lr: 0.2, batch: 5, steps: 400 },
            Preset::ConstantLr => Settings { lr: 0.1, batch: 1, steps: 1000 },
        }
    }
}

/// Least squares plus a quartic term in the residual: ℓₙ(θ) = ½rₙ² + (γ/4)rₙ⁴ with
/// rₙ = xₙᵀθ − yₙ. Its curvature (1 + 3γrₙ²)xₙxₙᵀ grows with the residuals, so the loss is
/// sharpest far from the fit, at the start, as a deep network's loss often is early in training.
#[derive(Clone, Debug)]
pub struct QuarticRegression {
    pub data: Dataset,
    pub gamma: f64,
    optimum: (Vec<f64>, f64),
}

impl QuarticRegression {
    pub fn new(data: Dataset, gamma: f64) -> Self {
        let mut me = QuarticRegression { data, gamma, optimum: (vec![], 0.0) };
        // Newton's method from the least-squares fit (the loss is convex).
        let mut theta = super::model::ols(&me.data);
        let mut g = vec![0.0; me.data.d];
        for _ in 0..50 {
            me.grad(&theta, &mut g);
            let h = me.hessian(&theta).unwrap_or_default();
            let step = solve_spd(h, &g);
            theta.iter_mut().zip(&step).for_each(|(t, s)| *t -= s);
            if step.iter().map(|s| s.abs()).sum::<f64>() < 1e-15 {
                break;
            }
        }
        let v = me.value(&theta);
        me.optimum = (theta, v);
        me
    }
    fn residual(&self, theta: &[f64], i: usize) -> f64 {
        self.data.row(i).iter().zip(theta).map(|(a, b)| a * b).sum::<f64>() - self.data.y[i]
    }
}

impl Objective for QuarticRegression {
    fn dim(&self) -> usize {
        self.data.d
    }
    fn value(&self, x: &[f64]) -> f64 {
        let n = self.data.n;
        (0..n)
            .map(|i| {
                let r2 = self.residual(x, i).powi(2);
                0.5 * r2 + 0.25 * self.gamma * r2 * r2
            })
            .sum::<f64>()
            / n as f64
    }
    fn grad(&self, x: &[f64], g: &mut [f64]) {
        let all: Vec<usize> = (0..self.data.n).collect();
        self.batch_grad(x, &all, g);
    }
    fn hessian(&self, x: &[f64]) -> Option<Vec<f64>> {
        let (n, d) = (self.data.n, self.data.d);
        let mut h = vec![0.0; d * d];
        for i in 0..n {
            let w = (1.0 + 3.0 * self.gamma * self.residual(x, i).powi(2)) / n as f64;
            let row = self.data.row(i);
            for j in 0..d {
                for k in 0..d {
                    h[j * d + k] += w * row[j] * row[k];
                }
            }
        }
        Some(h)
    }
    fn examples(&self) -> Option<usize> {
        Some(self.data.n)
    }
    fn batch_grad(&self, x: &[f64], idx: &[usize], g: &mut [f64]) {
        g.iter_mut().for_each(|v| *v = 0.0);
        if idx.is_empty() {
            return;
        }
        for &i in idx {
            let r = self.residual(x, i);
            let e = r + self.gamma * r * r * r;
            for (gj, xj) in g.iter_mut().zip(self.data.row(i)) {
                *gj += e * xj;
            }
        }
        let inv = 1.0 / idx.len() as f64;
        g.iter_mut().for_each(|v| *v *= inv);
    }
    fn minimum(&self) -> Option<(Vec<f64>, f64)> {
        Some(self.optimum.clone())
    }
    fn name(&self) -> &str {
        "regression with a quartic term"
    }
}

/// Layer 1's regression data sorted by the target y (smallest first): the same examples, in
/// the order a careless export might hand them over.
pub fn sorted_by_y(data: &Dataset) -> Dataset {
    let mut order: Vec<usize> = (0..data.n).collect();
    order.sort_by(|&a, &b| data.y[a].total_cmp(&data.y[b]));
    let mut out = data.clone();
    out.x = order.iter().flat_map(|&i| data.row(i).to_vec()).collect();
    out.y = order.iter().map(|&i| data.y[i]).collect();
    out
}

thread_local! {
    static PLAIN: Rc<LeastSquares> = Rc::new(LeastSquares::new(linreg_2d(REGRESSION_SEED), "linear regression"));
    static SORTED: Rc<LeastSquares> = Rc::new(LeastSquares::new(sorted_by_y(&linreg_2d(REGRESSION_SEED)), "linear regression, sorted by y"));
    static QUARTIC: Rc<QuarticRegression> = Rc::new(QuarticRegression::new(linreg_2d(REGRESSION_SEED), GAMMA));
}

/// The problem a preset runs on (built once per thread): Layer 1's regression, its data sorted
/// by y for the shuffling preset, the quartic variant for the warm-up preset.
pub fn problem(p: Preset) -> Problem {
    match p {
        Preset::NoWarmUp => QUARTIC.with(|q| q.clone() as Problem),
        Preset::NoShuffle => SORTED.with(|q| q.clone() as Problem),
        _ => PLAIN.with(|q| q.clone() as Problem),
    }
}

/// Warm-up length for a run of `steps` steps.
pub fn warmup_steps(steps: usize) -> usize {
    ((WARMUP_SHARE * steps as f64).round() as usize).clamp(1, steps.max(2) - 1)
}

fn config(lr: f64, schedule: Schedule, noise: Noise, steps: usize, seed: u64) -> RunConfig {
    RunConfig::new(OptimizerConfig::sgd(lr), START.to_vec()).schedule(schedule).noise(noise).seed(seed).max_steps(steps).tol(0.0)
}

/// The mistake's run configuration.
pub fn mistake(p: Preset, s: Settings, seed: u64) -> RunConfig {
    let noise = match p {
        Preset::NoShuffle => Noise::InOrder { batch: s.batch },
        _ => Noise::MiniBatch { batch: s.batch, epochs: false },
    };
    config(s.lr, Schedule::Constant, noise, s.steps, seed)
}

/// The fix's run configuration: the mistake with one thing changed.
pub fn fix(p: Preset, s: Settings, seed: u64) -> RunConfig {
    let m = mistake(p, s, seed);
    match p {
        Preset::TooHigh => RunConfig { optimizer: OptimizerConfig::sgd(s.lr / HIGH_FIX), ..m },
        Preset::TooLow => RunConfig { optimizer: OptimizerConfig::sgd(s.lr * LOW_FIX), ..m },
        Preset::NoWarmUp => {
            m.schedule(Schedule::WarmUp { steps: warmup_steps(s.steps), start: WARMUP_START, then: Box::new(Schedule::Constant) })
        }
        Preset::NoShuffle => m.noise(Noise::MiniBatch { batch: s.batch, epochs: true }),
        Preset::ConstantLr => m.schedule(Schedule::Cosine { t_max: s.steps.max(1), eta_min: 0.0 }),
    }
}

/// The two runs, mistake then fix, on one noise stream (the same seed).
pub fn runs(p: Preset, s: Settings, seed: u64) -> Vec<Run> {
    let f = problem(p);
    vec![Run::new(f.clone(), mistake(p, s, seed)), Run::new(f, fix(p, s, seed))]
}

/// What a finished (or stopped) run shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measure {
    /// L − L* at the start and at the end (the last finite point).
    pub start: f64,
    pub end: f64,
    /// The step at which the run diverged, if it did.
    pub diverged_at: Option<usize>,
    /// Mean and standard deviation of L − L* over the last epoch (no-shuffle), the last tenth
    /// (constant α) or the last quarter (the other presets) of the steps taken so far.
    pub tail_mean: f64,
    pub tail_sd: f64,
}

impl Measure {
    /// L − L* at the end as a share of the start's.
    pub fn ratio(&self) -> f64 {
        if self.start > 0.0 { self.end / self.start } else { 0.0 }
    }
}

/// Steps per epoch for a batch of `batch` on the preset's data.
pub fn epoch_steps(p: Preset, batch: usize) -> usize {
    let n = problem(p).examples().unwrap_or(1);
    n.div_ceil(batch.clamp(1, n))
}

/// Measure a run of preset `p` (L* is the problem's minimum).
pub fn measure(p: Preset, run: &Run, batch: usize) -> Measure {
    let best = run.problem().minimum().map(|m| m.1).unwrap_or(0.0);
    let pts: Vec<(usize, f64)> = run.trajectory().iter().map(|(pt, _)| (pt.step, (pt.loss - best).max(0.0))).collect();
    let start = pts.first().map(|p| p.1).unwrap_or(0.0);
    let end = pts.last().map(|p| p.1).unwrap_or(0.0);
    let t = run.steps();
    let window = match p {
        Preset::NoShuffle => epoch_steps(p, batch),
        Preset::ConstantLr => (t / 10).max(1),
        _ => (t / 4).max(1),
    };
    let tail: Vec<f64> = pts.iter().filter(|(s, _)| *s > t.saturating_sub(window)).map(|p| p.1).collect();
    Measure {
        start,
        end,
        diverged_at: (run.status() == Status::Diverged).then_some(t + 1),
        tail_mean: mean(&tail),
        tail_sd: variance(&tail).max(0.0).sqrt(),
    }
}

/// The level above which a run "shows the symptom", per preset.
pub const CRAWL: f64 = 0.2;
/// No-shuffle: mean L − L* over the last epoch above this share of the start's.
pub const JUMPY: f64 = 0.015;
/// Constant α: the spread (standard deviation) of L − L* over the last tenth above this.
pub const UNSETTLED: f64 = 2e-3;
/// A cure brings L − L* below this share of the start's.
pub const CURED: f64 = 0.05;

/// Whether a run of preset `p` shows the preset's symptom.
pub fn shows_symptom(p: Preset, m: &Measure) -> bool {
    match p {
        Preset::TooHigh | Preset::NoWarmUp => m.diverged_at.is_some() || m.ratio() > 1.0,
        Preset::TooLow => m.ratio() > CRAWL,
        Preset::NoShuffle => m.tail_mean > JUMPY * m.start,
        Preset::ConstantLr => m.tail_sd > UNSETTLED,
    }
}

/// Whether a run of preset `p` is cured: no symptom, no divergence, and close to the optimum.
pub fn cured(p: Preset, m: &Measure) -> bool {
    !shows_symptom(p, m) && m.diverged_at.is_none() && m.ratio() < CURED
}

/// The stability limit 2/λ_max of plain gradient descent at θ (from the Hessian there).
pub fn stability_limit(f: &dyn Objective, x: &[f64]) -> Option<f64> {
    let (_, hi) = curvatures(f, x)?;
    (hi > 0.0).then(|| 2.0 / hi)
}

/// The measured symptom of a run in words, after `t` steps, e.g. "diverged at step 31" or
/// "L − L* still 58 % of the start's after 300 steps".
pub fn describe(p: Preset, m: &Measure, t: usize) -> String {
    use crate::format::sig;
    if let Some(at) = m.diverged_at {
        return format!("diverged at step {at}");
    }
    if t == 0 {
        return "not started".to_string();
    }
    let pct = |r: f64| if r >= 0.01 { format!("{} %", sig(100.0 * r, 2)) } else { format!("{} %", sig(100.0 * r, 1)) };
    match p {
        Preset::TooHigh | Preset::NoWarmUp | Preset::TooLow => {
            format!("L − L* at {} of the start's after {t} steps", pct(m.ratio()))
        }
        Preset::NoShuffle => format!("L − L* averages {} over the last epoch (start: {})", sig(m.tail_mean, 2), sig(m.start, 2)),
        Preset::ConstantLr => format!("L − L* spreads by {} (sd) over the last tenth of {t} steps", sig(m.tail_sd, 2)),
    }
}
