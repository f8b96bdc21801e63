//! Many seeded runs of one set-up, advanced a bounded number of steps at a time.
//!
//! A panel that shows a distribution over seeds (escape times from a saddle, end points on a
//! non-convex curve) needs tens of thousands of optimizer steps. A [`Sweep`] holds the list of
//! runs to do and works through them one budget at a time, so a page can spread the work over
//! animation frames instead of freezing; natively, [`Sweep::finish`] does it all at once.
//! Memory is bounded: one live run and one small [`Outcome`] per job.

use super::oracle::Noise;
use super::problem::Problem;
use super::run::{Run, RunConfig, Status};

/// A stop condition on θ (for example "escaped the saddle": |y| ≥ ½).
pub type Stop = fn(&[f64]) -> bool;

/// How one run of a sweep ended.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Index of the job in the sweep.
    pub job: usize,
    /// Steps taken when the run ended or first met the stop condition.
    pub steps: usize,
    pub position: Vec<f64>,
    pub loss: f64,
    pub status: Status,
    /// Whether the stop condition was met (always false without one).
    pub hit: bool,
}

/// A list of runs worked through a bounded number of steps at a time.
pub struct Sweep {
    problem: Problem,
    jobs: Vec<RunConfig>,
    stop: Option<Stop>,
    current: Option<Run>,
    outcomes: Vec<Outcome>,
}

impl Sweep {
    /// A sweep over `jobs` (each run stops at its `max_steps`, when it converges or diverges,
    /// or when `stop` first holds). Runs keep no trajectory to speak of.
    pub fn new(problem: Problem, jobs: Vec<RunConfig>, stop: Option<Stop>) -> Self {
        let jobs = jobs.into_iter().map(|c| c.capacity(2)).collect::<Vec<_>>();
        Sweep { problem, outcomes: Vec::with_capacity(jobs.len()), jobs, stop, current: None }
    }

    /// Do up to `budget` optimizer steps of work (at least one unit, so every call makes
    /// progress); returns whether work remains. Starting a run counts as a step.
    pub fn advance(&mut self, budget: usize) -> bool {
        let mut left = budget.max(1);
        while left > 0 && !self.is_done() {
            let run = match self.current.as_mut() {
                Some(r) => r,
                None => {
                    let cfg = self.jobs[self.outcomes.len()].clone();
                    left -= 1;
                    self.current.insert(Run::new(self.problem.clone(), cfg))
                }
            };
            let hit = |r: &Run| self.stop.is_some_and(|s| s(r.position()));
            let mut ended = hit(run) || run.status().is_done();
            while !ended && left > 0 {
                run.step();
                left -= 1;
                ended = hit(run) || run.status().is_done();
            }
            if ended {
                let hit = hit(run);
                let job = self.outcomes.len();
                self.outcomes.push(Outcome {
                    job,
                    steps: run.steps(),
                    position: run.position().to_vec(),
                    loss: run.loss(),
                    status: run.status(),
                    hit,
                });
                self.current = None;
            }
        }
        !self.is_done()
    }

    /// Do all the remaining work.
    pub fn finish(mut self) -> Self {
        while self.advance(100_000) {}
        self
    }

    pub fn is_done(&self) -> bool {
        self.outcomes.len() == self.jobs.len()
    }

    /// Outcomes of the finished runs, in job order.
    pub fn outcomes(&self) -> &[Outcome] {
        &self.outcomes
    }

    /// (finished, total) jobs.
    pub fn progress(&self) -> (usize, usize) {
        (self.outcomes.len(), self.jobs.len())
    }

    pub fn jobs(&self) -> &[RunConfig] {
        &self.jobs
    }
}

/// `count` copies of `base` with additive Gaussian gradient noise of each of `sigmas` in turn
/// and seeds `first..first + count`: job `i·count + k` has σ = `sigmas[i]` and seed `first + k`.
pub fn gaussian_jobs(base: &RunConfig, sigmas: &[f64], first: u64, count: usize) -> Vec<RunConfig> {
    sigmas
        .iter()
        .flat_map(|&sigma| (0..count as u64).map(move |k| base.clone().noise(Noise::Gaussian { sigma }).seed(first + k)))
        .collect()
}

/// The steps at which each run of one group (σ value) met the stop condition; runs that
/// never did are counted separately: (hit times, misses).
pub fn hit_times(outcomes: &[Outcome]) -> (Vec<f64>, usize) {
    let hits: Vec<f64> = outcomes.iter().filter(|o| o.hit).map(|o| o.steps as f64).collect();
    let misses = outcomes.len() - hits.len();
    (hits, misses)
}
