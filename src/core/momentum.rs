//! Layer 3: momentum. The best constant α and β for a quadratic, the convergence rate of any
//! pair, the weights momentum gives past gradients, the update a step is about to make, a
//! finite-sum version of the narrow valley (for mini-batch noise), and a race on noisy
//! gradients that logs which way the gradient and the velocity point.
//!
//! Convention (PyTorch's `torch.optim.SGD(momentum=β)`): v ← βv + g, θ ← θ − αv, with v set to
//! the first gradient on the first step. With a constant α this is the slides' form
//! v ← λv − α∇f, θ ← θ + v with λ = β (their v is −α times ours).

use super::optimizer::OptimizerConfig;
use super::problem::{Objective, Problem};
use super::rng::{normal, rng_at};
use super::run::{Run, Status};
use std::rc::Rc;

/// Polyak's best constant heavy-ball pair for a quadratic whose Hessian eigenvalues lie in
/// [μ, L]: α* = (2/(√L + √μ))², β* = ((√κ − 1)/(√κ + 1))² with κ = L/μ.
pub fn optimal(mu: f64, l: f64) -> (f64, f64) {
    let (sm, sl) = (mu.sqrt(), l.sqrt());
    let alpha = (2.0 / (sl + sm)).powi(2);
    let beta = ((sl - sm) / (sl + sm)).powi(2);
    (alpha, beta)
}

/// Plain gradient descent's best constant step 2/(μ + L) and its rate (κ − 1)/(κ + 1).
pub fn gd_optimal(mu: f64, l: f64) -> (f64, f64) {
    (2.0 / (mu + l), (l - mu) / (l + mu))
}

/// How fast heavy ball (α, β) shrinks the error along one eigen-direction of curvature λ: the
/// larger modulus of the roots of z² − (1 + β − αλ)z + β = 0. Below 1 it converges, at that
/// rate per step; above 1 it diverges.
pub fn eigen_rate(alpha: f64, beta: f64, lambda: f64) -> f64 {
    let b = 1.0 + beta - alpha * lambda;
    let disc = b * b - 4.0 * beta;
    if disc < 0.0 {
        // Complex roots: both of modulus √β, and the iterate spirals.
        beta.max(0.0).sqrt()
    } else {
        (b.abs() + disc.sqrt()) / 2.0
    }
}

/// The worst rate over eigenvalues in [μ, L]. It is attained at an end: the rate grows with
/// |1 + β − αλ|, which is convex in λ.
pub fn rate(alpha: f64, beta: f64, mu: f64, l: f64) -> f64 {
    eigen_rate(alpha, beta, mu).max(eigen_rate(alpha, beta, l))
}

/// Steps for the error to shrink 10× at a rate r (∞ when r ≥ 1).
pub fn steps_per_decade(r: f64) -> f64 {
    if r > 0.0 && r < 1.0 { -std::f64::consts::LN_10 / r.ln() } else { f64::INFINITY }
}

/// The loss ½Σλᵢxᵢ² of heavy ball (PyTorch's convention, exact gradients) after `steps` steps
/// on the diagonal quadratic with curvatures `lambdas`, from `x0`. A run whose loss passes
/// 10¹² times the start's, or stops being finite, returns ∞ (diverged).
pub fn quadratic_loss_after(alpha: f64, beta: f64, lambdas: &[f64], x0: &[f64], steps: usize) -> f64 {
    let loss = |x: &[f64]| lambdas.iter().zip(x).map(|(l, v)| 0.5 * l * v * v).sum::<f64>();
    let limit = loss(x0).max(1e-300) * 1e12;
    let mut x = x0.to_vec();
    let mut v = vec![0.0; x.len()];
    for t in 0..steps {
        for ((xi, vi), l) in x.iter_mut().zip(v.iter_mut()).zip(lambdas) {
            let g = l * *xi;
            *vi = if t == 0 { g } else { beta * *vi + g };
            *xi -= alpha * *vi;
        }
        if t % 16 == 15 {
            let f = loss(&x);
            if !f.is_finite() || f > limit {
                return f64::INFINITY;
            }
        }
    }
    let f = loss(&x);
    if f.is_finite() && f <= limit { f } else { f64::INFINITY }
}

/// The weight of each past gradient in the position: with momentum λ,
/// θ_{t+1} = θ₀ − α Σᵢ wᵢ ∇f(θᵢ), wᵢ = (1 − λ^{t+1−i})/(1 − λ) = 1 + λ + … + λ^{t−i}, for
/// i = 0 … t. The newest gradient has weight 1; old ones tend to 1/(1 − λ).
pub fn unrolled_weights(lambda: f64, t: usize) -> Vec<f64> {
    let mut w = vec![0.0; t + 1];
    let mut acc = 0.0;
    for i in (0..=t).rev() {
        acc = 1.0 + lambda * acc;
        w[i] = acc;
    }
    w
}

/// The limit 1/(1 − β) of the weights: how much further momentum carries a steady gradient.
pub fn multiplier(beta: f64) -> f64 {
    if beta < 1.0 { 1.0 / (1.0 - beta) } else { f64::INFINITY }
}

/// The next update of a momentum optimizer, written out: the gradient g, the velocity before
/// (v) and after (v′ = βv + g; just g on the first step), the direction u (v′ for heavy ball,
/// g + βv′ for Nesterov), and the step −αu. Steps after `steps_taken` steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Preview {
    pub g: Vec<f64>,
    pub v: Vec<f64>,
    pub v_next: Vec<f64>,
    pub u: Vec<f64>,
    pub step: Vec<f64>,
}

pub fn preview(cfg: &OptimizerConfig, steps_taken: u64, buffer: Option<&[f64]>, g: &[f64], lr: f64) -> Preview {
    let beta = cfg.beta;
    let nesterov = cfg.kind == super::optimizer::Kind::Nesterov;
    let v: Vec<f64> = match buffer {
        Some(b) if steps_taken > 0 => b.to_vec(),
        _ => vec![0.0; g.len()],
    };
    let v_next: Vec<f64> = g.iter().zip(&v).map(|(gi, vi)| if steps_taken == 0 { *gi } else { beta * vi + gi }).collect();
    let u: Vec<f64> = if nesterov { g.iter().zip(&v_next).map(|(gi, vi)| gi + beta * vi).collect() } else { v_next.clone() };
    let step = u.iter().map(|ui| -lr * ui).collect();
    Preview { g: g.to_vec(), v, v_next, u, step }
}

/// The narrow valley x₁² + κx₂² as a finite sum: example n adds a linear term cₙ·x, with the
/// cₙ drawn N(0, s²I) from a seed and then centred, so the mean of the examples is the valley
/// itself and a mini-batch gradient is ∇f plus the batch's mean shift.
pub struct ShiftedValley {
    pub kappa: f64,
    shifts: Vec<[f64; 2]>,
}

impl ShiftedValley {
    pub fn new(kappa: f64, n: usize, spread: f64, seed: u64) -> Self {
        let n = n.max(2);
        let mut rng = rng_at(seed, 31, 0);
        let mut shifts: Vec<[f64; 2]> = (0..n).map(|_| [spread * normal(&mut rng), spread * normal(&mut rng)]).collect();
        for k in 0..2 {
            let mean = shifts.iter().map(|c| c[k]).sum::<f64>() / n as f64;
            shifts.iter_mut().for_each(|c| c[k] -= mean);
        }
        ShiftedValley { kappa, shifts }
    }
    pub fn into_problem(self) -> Problem {
        Rc::new(self)
    }
}

impl Objective for ShiftedValley {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        x[0] * x[0] + self.kappa * x[1] * x[1]
    }
    fn grad(&self, x: &[f64], g: &mut [f64]) {
        g[0] = 2.0 * x[0];
        g[1] = 2.0 * self.kappa * x[1];
    }
    fn hessian(&self, _x: &[f64]) -> Option<Vec<f64>> {
        Some(vec![2.0, 0.0, 0.0, 2.0 * self.kappa])
    }
    fn examples(&self) -> Option<usize> {
        Some(self.shifts.len())
    }
    fn batch_grad(&self, x: &[f64], idx: &[usize], g: &mut [f64]) {
        self.grad(x, g);
        if idx.is_empty() {
            return;
        }
        let inv = 1.0 / idx.len() as f64;
        for &i in idx {
            let c = self.shifts[i % self.shifts.len()];
            g[0] += c[0] * inv;
            g[1] += c[1] * inv;
        }
    }
    fn minimum(&self) -> Option<(Vec<f64>, f64)> {
        Some((vec![0.0, 0.0], 0.0))
    }
    fn name(&self) -> &str {
        "narrow valley (finite sum)"
    }
}

/// The angle of a 2-D vector, in degrees in (−180, 180].
pub fn angle_deg(v: &[f64]) -> f64 {
    v[1].atan2(v[0]).to_degrees()
}

/// The turn from angle a to angle b, in degrees, wrapped into [0, 180].
pub fn turn_deg(a: f64, b: f64) -> f64 {
    let d = (b - a).rem_euclid(360.0);
    d.min(360.0 - d)
}

/// What the watched run's step t used: the sampled gradient gₜ, the velocity vₜ after the step,
/// the true gradient ∇L at the point where gₜ was sampled, and the directions of gₜ and vₜ in
/// degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    pub t: usize,
    pub g: [f64; 2],
    pub v: [f64; 2],
    pub true_g: [f64; 2],
    pub g_angle: f64,
    pub v_angle: f64,
}

/// Runs on one noise stream, stepped together, with a log of the directions of the sampled
/// gradient gₜ and of the velocity vₜ of the run at `watched` (a momentum run): gₜ is read back
/// from the buffer as vₜ − βvₜ₋₁. Also the mean loss of every run after `burn_in` steps.
pub struct NoisyRace {
    pub runs: Vec<Run>,
    pub watched: usize,
    pub burn_in: usize,
    /// One entry per step of the watched run.
    pub directions: Vec<Look>,
    prev_v: Vec<f64>,
    sums: Vec<(f64, usize)>,
}

impl NoisyRace {
    pub fn new(runs: Vec<Run>, watched: usize, burn_in: usize) -> Self {
        let n = runs.len();
        NoisyRace { runs, watched, burn_in, directions: Vec::new(), prev_v: vec![0.0; 2], sums: vec![(0.0, 0); n] }
    }

    /// Step every run `n` times. Says whether any still runs.
    pub fn advance(&mut self, n: usize) -> bool {
        for _ in 0..n {
            if self.runs.iter().all(|r| r.status().is_done()) {
                break;
            }
            let mut true_g = [0.0; 2];
            if let Some(r) = self.runs.get(self.watched) {
                r.problem().grad(r.position(), &mut true_g);
            }
            for (k, r) in self.runs.iter_mut().enumerate() {
                if r.status().is_done() {
                    continue;
                }
                if r.step() != Status::Diverged && r.steps() > self.burn_in {
                    self.sums[k].0 += r.loss();
                    self.sums[k].1 += 1;
                }
            }
            self.log(true_g);
        }
        self.runs.iter().any(|r| !r.status().is_done())
    }

    fn log(&mut self, true_g: [f64; 2]) {
        let Some(r) = self.runs.get(self.watched) else { return };
        let t = r.steps();
        if t == 0 || self.directions.last().is_some_and(|d| d.t == t) {
            return;
        }
        let Some(v) = r.optimizer().momentum_buffer() else { return };
        let beta = r.config.optimizer.beta;
        let g = if t == 1 { [v[0], v[1]] } else { [v[0] - beta * self.prev_v[0], v[1] - beta * self.prev_v[1]] };
        let v = [v[0], v[1]];
        self.directions.push(Look { t, g, v, true_g, g_angle: angle_deg(&g), v_angle: angle_deg(&v) });
        self.prev_v = v.to_vec();
    }

    /// Steps reached (the furthest run).
    pub fn reached(&self) -> usize {
        self.runs.iter().map(Run::steps).max().unwrap_or(0)
    }

    /// The mean loss of run k after the burn-in (None before any step counts).
    pub fn mean_loss(&self, k: usize) -> Option<f64> {
        self.sums.get(k).filter(|s| s.1 > 0).map(|s| s.0 / s.1 as f64)
    }

    /// The mean turn per step, in degrees, of the gradient's and of the velocity's direction.
    pub fn mean_turns(&self) -> Option<(f64, f64)> {
        let d = &self.directions;
        if d.len() < 3 {
            return None;
        }
        let n = (d.len() - 1) as f64;
        let g = d.windows(2).map(|w| turn_deg(w[0].g_angle, w[1].g_angle)).sum::<f64>() / n;
        let v = d.windows(2).map(|w| turn_deg(w[0].v_angle, w[1].v_angle)).sum::<f64>() / n;
        Some((g, v))
    }
}
