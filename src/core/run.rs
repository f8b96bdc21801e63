//! Runs: an oracle, an optimizer, a schedule and a seed, stepping a problem, with the trajectory
//! kept in a bounded buffer and termination recorded as data.

use super::optimizer::{Optimizer, OptimizerConfig};
use super::oracle::{Estimator, Noise, Oracle};
use super::problem::{Problem, norm};
use super::schedule::Schedule;

/// Where a run stands. Termination is data, not an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Running,
    /// The true gradient norm fell below the tolerance (this includes a saddle point).
    Converged,
    /// A value became non-finite or left the bounds ‖θ‖ ≤ [`DIVERGE_NORM`]; nothing non-finite
    /// was stored, the last stored point is the last finite one.
    Diverged,
    /// The step budget is spent.
    MaxSteps,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "running",
            Status::Converged => "converged",
            Status::Diverged => "diverged",
            Status::MaxSteps => "max-steps",
        }
    }
    pub fn is_done(self) -> bool {
        self != Status::Running
    }
}

/// A run is declared diverged once ‖θ‖ exceeds this.
pub const DIVERGE_NORM: f64 = 1e6;

/// Everything that defines a run. Plain data.
#[derive(Clone, Debug, PartialEq)]
pub struct RunConfig {
    pub optimizer: OptimizerConfig,
    pub schedule: Schedule,
    pub noise: Noise,
    pub estimator: Estimator,
    pub seed: u64,
    pub start: Vec<f64>,
    pub max_steps: usize,
    /// Converged when the true gradient norm is below this (0 disables).
    pub tol: f64,
    /// Track the Polyak–Ruppert average of the iterates.
    pub averaging: bool,
    /// Steps before the average starts (tail averaging): until then the "average" is the
    /// iterate itself; after, it is the mean of θ_{s+1} … θ_t. 0 averages every iterate.
    pub average_start: usize,
    /// Number of points the trajectory keeps before it thins itself out.
    pub capacity: usize,
}

impl RunConfig {
    pub fn new(optimizer: OptimizerConfig, start: Vec<f64>) -> Self {
        RunConfig {
            optimizer,
            schedule: Schedule::Constant,
            noise: Noise::Exact,
            estimator: Estimator::Plain,
            seed: 0,
            start,
            max_steps: 1000,
            tol: 1e-8,
            averaging: false,
            average_start: 0,
            capacity: 2048,
        }
    }
    pub fn noise(self, noise: Noise) -> Self {
        Self { noise, ..self }
    }
    pub fn seed(self, seed: u64) -> Self {
        Self { seed, ..self }
    }
    pub fn schedule(self, schedule: Schedule) -> Self {
        Self { schedule, ..self }
    }
    pub fn estimator(self, estimator: Estimator) -> Self {
        Self { estimator, ..self }
    }
    pub fn max_steps(self, max_steps: usize) -> Self {
        Self { max_steps, ..self }
    }
    pub fn tol(self, tol: f64) -> Self {
        Self { tol, ..self }
    }
    pub fn averaging(self, averaging: bool) -> Self {
        Self { averaging, ..self }
    }
    /// Average only the iterates after step `average_start`.
    pub fn average_start(self, average_start: usize) -> Self {
        Self { average_start, ..self }
    }
    pub fn capacity(self, capacity: usize) -> Self {
        Self { capacity, ..self }
    }
}

/// One recorded point of a trajectory.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    /// Steps taken when this point was recorded (0 = the start).
    pub step: usize,
    /// True loss L(θ).
    pub loss: f64,
    /// Learning rate of the step that led here (0 at the start).
    pub lr: f64,
    /// Norm of the gradient estimate of that step, before and after clipping.
    pub grad_norm: f64,
    pub clipped_norm: f64,
    /// Per-example gradients evaluated so far.
    pub examples: u64,
}

/// A bounded trajectory. When full it drops every other point and from then on records every
/// 2nd (4th, …) step: memory stays bounded however long the page runs, and the whole history
/// keeps its shape. The newest point is always kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Trajectory {
    dim: usize,
    capacity: usize,
    stride: usize,
    points: Vec<Point>,
    coords: Vec<f64>,
    /// The newest point if it was not on the stride.
    last: Option<(Point, Vec<f64>)>,
}

impl Trajectory {
    pub fn new(dim: usize, capacity: usize) -> Self {
        let capacity = capacity.max(8);
        Trajectory { dim, capacity, stride: 1, points: Vec::new(), coords: Vec::new(), last: None }
    }

    pub fn push(&mut self, p: Point, x: &[f64]) {
        if !p.step.is_multiple_of(self.stride) {
            self.last = Some((p, x.to_vec()));
            return;
        }
        self.last = None;
        if self.points.len() >= self.capacity {
            let keep: Vec<usize> = (0..self.points.len()).step_by(2).collect();
            let d = self.dim;
            let points: Vec<Point> = keep.iter().map(|&i| self.points[i]).collect();
            let coords: Vec<f64> = keep.iter().flat_map(|&i| self.coords[i * d..(i + 1) * d].to_vec()).collect();
            self.points = points;
            self.coords = coords;
            self.stride *= 2;
            if !p.step.is_multiple_of(self.stride) {
                self.last = Some((p, x.to_vec()));
                return;
            }
        }
        self.points.push(p);
        self.coords.extend_from_slice(x);
    }

    /// Number of points held (including the newest off-stride one).
    pub fn len(&self) -> usize {
        self.points.len() + usize::from(self.last.is_some())
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Upper bound on [`Trajectory::len`].
    pub fn capacity(&self) -> usize {
        self.capacity + 1
    }

    /// The points, oldest first, with their coordinates.
    pub fn iter(&self) -> impl Iterator<Item = (&Point, &[f64])> + '_ {
        self.points
            .iter()
            .zip(self.coords.chunks(self.dim.max(1)))
            .chain(self.last.iter().map(|(p, x)| (p, x.as_slice())))
    }

    pub fn last(&self) -> Option<(&Point, &[f64])> {
        self.iter().last()
    }
}

/// The Polyak–Ruppert average θ̄ₜ = θₜ/t + (1 − 1/t)·θ̄ₜ₋₁ of the iterates θ₁ … θₜ.
#[derive(Clone, Debug, PartialEq)]
pub struct PolyakAverage {
    pub mean: Vec<f64>,
    pub count: u64,
}

impl PolyakAverage {
    pub fn new(dim: usize) -> Self {
        PolyakAverage { mean: vec![0.0; dim], count: 0 }
    }
    pub fn observe(&mut self, x: &[f64]) {
        self.count += 1;
        let w = 1.0 / self.count as f64;
        for (m, xi) in self.mean.iter_mut().zip(x) {
            *m += w * (xi - *m);
        }
    }
}

/// A live optimisation run.
pub struct Run {
    pub config: RunConfig,
    problem: Problem,
    optimizer: Optimizer,
    oracle: Oracle,
    x: Vec<f64>,
    t: usize,
    status: Status,
    loss: f64,
    true_grad_norm: f64,
    examples: u64,
    g: Vec<f64>,
    trajectory: Trajectory,
    average: Option<PolyakAverage>,
    average_trajectory: Option<Trajectory>,
}

impl Run {
    /// Start a run. A start point of the wrong length is padded or cut to the problem's
    /// dimension; a non-finite start is replaced by zeros (and the run reports it as usual).
    pub fn new(problem: Problem, config: RunConfig) -> Self {
        let d = problem.dim();
        let mut x: Vec<f64> = (0..d).map(|i| config.start.get(i).copied().unwrap_or(0.0)).collect();
        if x.iter().any(|v| !v.is_finite()) {
            x.iter_mut().for_each(|v| *v = 0.0);
        }
        let optimizer = Optimizer::new(config.optimizer.clone(), d);
        let oracle = Oracle::new(config.noise.clone(), config.estimator.clone(), config.seed);
        let mut run = Run {
            trajectory: Trajectory::new(d, config.capacity),
            average: config.averaging.then(|| PolyakAverage::new(d)),
            average_trajectory: config.averaging.then(|| Trajectory::new(d, config.capacity)),
            problem,
            optimizer,
            oracle,
            x,
            t: 0,
            status: Status::Running,
            loss: 0.0,
            true_grad_norm: 0.0,
            examples: 0,
            g: vec![0.0; d],
            config,
        };
        run.loss = run.problem.value(&run.x);
        run.problem.grad(&run.x, &mut run.g);
        run.true_grad_norm = norm(&run.g);
        if !run.loss.is_finite() || !run.true_grad_norm.is_finite() {
            run.status = Status::Diverged;
        }
        let p = Point { step: 0, loss: run.loss, lr: 0.0, grad_norm: run.true_grad_norm, clipped_norm: run.true_grad_norm, examples: 0 };
        if run.status != Status::Diverged {
            run.trajectory.push(p, &run.x.clone());
            // The average's path starts at θ₀ too (θ̄₀ = θ₀), so both paths share a start.
            if let Some(tr) = run.average_trajectory.as_mut() {
                tr.push(p, &run.x);
            }
        }
        if run.config.max_steps == 0 && run.status == Status::Running {
            run.status = Status::MaxSteps;
        }
        run
    }

    /// Start again from the configured start (same seed: the same trajectory again).
    pub fn reset(&mut self) {
        *self = Run::new(self.problem.clone(), self.config.clone());
    }

    /// One optimizer step. Does nothing once the run is done.
    pub fn step(&mut self) -> Status {
        if self.status.is_done() {
            return self.status;
        }
        let cost = self.oracle.gradient(&*self.problem, &self.x, self.t, &mut self.g);
        let lr = self.config.schedule.lr(self.config.optimizer.lr, self.t);
        let mut next = self.x.clone();
        let info = self.optimizer.step(&mut next, &self.g, lr);
        let loss = self.problem.value(&next);
        self.problem.grad(&next, &mut self.g);
        let gnorm = norm(&self.g);
        let finite = loss.is_finite() && gnorm.is_finite() && next.iter().all(|v| v.is_finite());
        if !finite || norm(&next) > DIVERGE_NORM || !lr.is_finite() {
            self.status = Status::Diverged;
            return self.status;
        }
        self.x = next;
        self.t += 1;
        self.loss = loss;
        self.true_grad_norm = gnorm;
        self.examples += cost as u64;
        let grad_norm = if info.grad_norm.is_finite() { info.grad_norm } else { f64::MAX };
        let clipped_norm = if info.clipped_norm.is_finite() { info.clipped_norm } else { f64::MAX };
        let p = Point { step: self.t, loss, lr, grad_norm, clipped_norm, examples: self.examples };
        self.trajectory.push(p, &self.x);
        if let (Some(avg), Some(tr)) = (self.average.as_mut(), self.average_trajectory.as_mut()) {
            if self.t > self.config.average_start {
                avg.observe(&self.x);
            } else {
                avg.mean.copy_from_slice(&self.x);
            }
            let aloss = self.problem.value(&avg.mean);
            tr.push(Point { loss: aloss, ..p }, &avg.mean);
        }
        if self.config.tol > 0.0 && gnorm < self.config.tol && self.config.noise == Noise::Exact {
            self.status = Status::Converged;
        } else if self.t >= self.config.max_steps {
            self.status = Status::MaxSteps;
        }
        self.status
    }

    /// Up to `n` steps; stops early when the run ends.
    pub fn run(&mut self, n: usize) -> Status {
        for _ in 0..n {
            if self.step().is_done() {
                break;
            }
        }
        self.status
    }

    pub fn status(&self) -> Status {
        self.status
    }
    /// Steps taken.
    pub fn steps(&self) -> usize {
        self.t
    }
    pub fn position(&self) -> &[f64] {
        &self.x
    }
    /// True loss at the current iterate.
    pub fn loss(&self) -> f64 {
        self.loss
    }
    /// Norm of the true gradient at the current iterate.
    pub fn grad_norm(&self) -> f64 {
        self.true_grad_norm
    }
    pub fn examples(&self) -> u64 {
        self.examples
    }
    pub fn trajectory(&self) -> &Trajectory {
        &self.trajectory
    }
    pub fn average(&self) -> Option<&PolyakAverage> {
        self.average.as_ref()
    }
    pub fn average_trajectory(&self) -> Option<&Trajectory> {
        self.average_trajectory.as_ref()
    }
    /// The gradient oracle, with its estimator state (SVRG snapshot, SAGA table).
    pub fn oracle(&self) -> &Oracle {
        &self.oracle
    }
    pub fn problem(&self) -> &Problem {
        &self.problem
    }
    pub fn optimizer(&self) -> &Optimizer {
        &self.optimizer
    }
    /// Learning rate the next step will use.
    pub fn current_lr(&self) -> f64 {
        self.config.schedule.lr(self.config.optimizer.lr, self.t)
    }
}
