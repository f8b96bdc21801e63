//! `robbins-monro`: the two conditions Σηₜ = ∞ and Σηₜ² < ∞ for a chosen schedule, with the
//! partial sums drawn as SGD runs under that schedule, and what breaking one of them does to it.

use crate::core::layer4::robbins_monro::{self, Verdict};
use crate::core::layer4::sgd_config;
use crate::core::problem::Problem;
use crate::core::run::{Run, Status};
use crate::core::schedule::Schedule;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Select, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{SeedRow, Legend, aspect, blank, draw_chart_on, live, use_replayed};
use super::noise_paths;
use leptos::prelude::*;
pub use crate::catalog::robbins_monro::{ID, SPECS, TITLE};
use crate::catalog::robbins_monro::NAMES;

const LABELS: [&str; 6] = ["constant", "1/t", "1/√t", "exponential", "step decay", "cosine to 0"];
/// The selected schedule written out.
const FORMULAS: [&str; 6] = [
    "η(t) = η₀",
    "η(t) = η₀/(1 + ρt)",
    "η(t) = η₀/√(1 + ρt)",
    "η(t) = η₀·e^(−λt)",
    "η(t) = η₀·½^k after the k-th of 3 milestones",
    "η(t) = ½η₀(1 + cos(πt/T)), then 0",
];
const _: () = assert!(LABELS.len() == NAMES.len() && FORMULAS.len() == NAMES.len());

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <RobbinsMonro params=p /> }.into_any()
}

/// The scheduled run and a constant-rate run on the same noise, with their losses above the
/// optimum sampled at log-spaced steps (so a long run stays small and reads on a log axis).
struct Pair {
    runs: [Run; 2],
    best: f64,
    samples: [Vec<(f64, f64)>; 2],
    next: usize,
    /// Σηₜ and Σηₜ² of the steps taken by the scheduled run.
    sums: (f64, f64),
}

impl Pair {
    fn new(problem: &Problem, schedule: Schedule, lr: f64, batch: usize, seed: u64, steps: usize) -> Self {
        let best = problem.minimum().map(|m| m.1).unwrap_or(0.0);
        let mk = |s: Schedule| Run::new(problem.clone(), sgd_config(lr, s, batch, seed, steps).capacity(2));
        Pair { runs: [mk(schedule), mk(Schedule::Constant)], best, samples: [Vec::new(), Vec::new()], next: 1, sums: (0.0, 0.0) }
    }
    /// `n` animation units: one step each early on, then more as t grows, so the animation
    /// moves at an even pace along the log step axis.
    fn advance(&mut self, n: usize) -> bool {
        let per = (self.runs[0].steps() / 100).max(1);
        for _ in 0..n * per {
            if self.runs[0].status().is_done() {
                return false;
            }
            let lr = self.runs[0].current_lr();
            if self.runs[0].step() != Status::Diverged {
                self.sums.0 += lr;
                self.sums.1 += lr * lr;
            }
            self.runs[1].step();
            let t = self.runs[0].steps();
            if t >= self.next {
                for (s, r) in self.samples.iter_mut().zip(&self.runs) {
                    if r.status() != Status::Diverged {
                        s.push((t as f64, (r.loss() - self.best).max(1e-300)));
                    }
                }
                self.next = t + (t / 150).max(1);
            }
            if self.runs[0].status().is_done() {
                return false;
            }
        }
        true
    }
    fn reached(&self) -> usize {
        self.runs[0].steps()
    }
}

/// Short text for a sum: its limit, or that it grows without bound.
fn limit_text(l: Option<f64>) -> String {
    match l {
        Some(v) => format!("converges to {}", sig(v, 4)),
        None => "grows without bound".to_string(),
    }
}

fn conditions_text(v: &Verdict) -> &'static str {
    match (v.sum_diverges, v.squares_converge) {
        (true, true) => "Both conditions hold",
        (false, true) => "The first condition fails",
        (true, false) => "The second condition fails",
        (false, false) => "Both conditions fail",
    }
}

#[component]
fn RobbinsMonro(params: Parsed) -> impl IntoView {
    let f = noise_paths::problem();
    let problem: Problem = f.clone();

    // u32, like the speed menu, so both share one instance of Select.
    let sched = RwSignal::new(params.choice("sched").min(NAMES.len() - 1) as u32);
    let eta0 = RwSignal::new(params.f64("eta0"));
    let rho = RwSignal::new(params.f64("rho"));
    let lambda = RwSignal::new(params.f64("lambda"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let batch = RwSignal::new(params.int("b") as f64);
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let horizon = move || steps.get().round() as usize;
    let schedule = move || robbins_monro::schedule(NAMES[sched.get() as usize], rho.get(), lambda.get(), horizon());

    let make = {
        let problem = problem.clone();
        move || {
            let s = untrack(schedule);
            Pair::new(&problem, s, eta0.get_untracked(), batch.get_untracked().round() as usize, seed.get_untracked(), untrack(horizon))
        }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        sched.track();
        eta0.track();
        rho.track();
        lambda.track();
        steps.track();
        batch.track();
        seed.track();
    };
    let (pair, sim) = use_replayed(root, params.int("speed"), make, Pair::advance, Pair::reached, track);

    let t_now = Memo::new(move |_| {
        sim.tick.track();
        pair.with_value(Pair::reached)
    });
    let status = Signal::derive(move || {
        sim.tick.track();
        let playing = sim.playing.get();
        pair.with_value(|p| super::common::runs_status(&p.runs[..1], playing))
    });
    let verdict = Memo::new(move |_| robbins_monro::verdict(&schedule(), eta0.get()));
    let vanishes = move || robbins_monro::rate_vanishes(&schedule(), eta0.get());
    // Running sums at log-spaced steps over the whole horizon (recomputed when a setting changes).
    let sums = Memo::new(move |_| {
        let all = robbins_monro::partial_sums(&schedule(), eta0.get(), horizon());
        let mut out = Vec::new();
        let mut t = 1usize;
        while t <= all.len() {
            out.push((t as f64, all[t - 1].0, all[t - 1].1));
            t += (t / 150).max(1);
        }
        out
    });
    let sums_now = move || {
        t_now.track();
        pair.with_value(|p| p.sums)
    };
    let losses = move || {
        sim.tick.track();
        pair.with_value(|p| [0, 1].map(|i| (p.runs[i].loss() - p.best, p.runs[i].status())))
    };
    let excess_text = |(l, s): (f64, Status)| if s == Status::Diverged { "diverged".to_string() } else { sig(l, 3) };

    let verdict_text = move || {
        let v = verdict.get();
        let t = t_now.get();
        let (sum, _) = sums_now();
        let [(loss, st), (base_loss, _)] = losses();
        if st == Status::Diverged {
            return format!("Diverged: η₀ = {} is too large for this problem, whatever the schedule does later.", sig(eta0.get(), 3));
        }
        let head = match (v.sum_diverges, v.squares_converge) {
            (true, true) => format!(
                "Σηₜ grows without bound{}, so the steps can always carry θ further; Σηₜ² converges, to {}, so the noise the steps let in adds up to a finite amount.",
                if t > 0 { format!(" (it is {} after {t} steps)", sig(sum, 3)) } else { String::new() },
                sig(v.squares_limit.unwrap_or(0.0), 3)
            ),
            (false, _) => {
                let limit = v.sum_limit.unwrap_or(0.0);
                format!(
                    "Σηₜ converges, to {}: the first condition fails. All the steps together can move θ at most {} times the largest gradient, and the rates still to come add up to only {}.",
                    sig(limit, 3),
                    sig(limit, 3),
                    sig((limit - sum).max(0.0), 2)
                )
            }
            (true, false) if vanishes() => "Σηₜ² grows without bound, so the second condition fails, though only just: the rate still falls to 0.".to_string(),
            (true, false) => "Σηₜ² grows without bound: the rate never falls to 0, so the second condition fails.".to_string(),
        };
        if t == 0 {
            return format!("{head} Press Play to run SGD (B = {}) under this schedule.", batch.get().round());
        }
        let tail = match (v.sum_diverges, v.squares_converge) {
            (true, true) => format!("SGD converges: L − L* is {} and still falling (constant η₀: {}).", sig(loss, 2), sig(base_loss, 2)),
            (false, _) => format!(
                "SGD stalls short of the optimum: θ has all but stopped moving, with L − L* = {}, and no number of further steps will bring it closer.",
                sig(loss, 2)
            ),
            (true, false) if vanishes() => format!(
                "Yet L − L* still falls here ({} now, against {} at constant η₀): the conditions are sufficient for convergence, not necessary.",
                sig(loss, 2),
                sig(base_loss, 2)
            ),
            (true, false) => format!("SGD keeps bouncing around the optimum at a noise floor: L − L* = {} now.", sig(loss, 2)),
        };
        format!("{head} {tail}")
    };

    let x_axis = move || Axis::log().range(1.0, horizon().max(2) as f64);
    let sums_chart = move |layer: &Layer| {
        let t = t_now.get() as f64;
        let v = verdict.get();
        let a: Vec<(f64, f64)> = sums.with(|s| s.iter().filter(|p| p.0 <= t).map(|p| (p.0, p.1)).collect());
        let b: Vec<(f64, f64)> = sums.with(|s| s.iter().filter(|p| p.0 <= t).map(|p| (p.0, p.2)).collect());
        let mut series = vec![Series::line(0, a), Series::line(1, b)];
        let h = horizon() as f64;
        for (i, l) in [v.sum_limit, v.squares_limit].into_iter().enumerate() {
            if let Some(l) = l.filter(|l| *l > 0.0) {
                series.push(Series::line(i, vec![(1.0, l), (h, l)]).with(Mark::Dashed));
            }
        }
        // The y range covers the whole horizon, so the curves grow into a fixed frame.
        let (lo, hi) = sums.with(|s| {
            let first = s.first().map(|p| p.2.min(p.1)).unwrap_or(1e-3);
            let last = s.last().map(|p| p.1.max(p.2)).unwrap_or(1.0);
            (first, last)
        });
        let spec = ChartSpec::new(("step t", "running sums"), x_axis(), Axis::log().range((lo * 0.5).max(1e-12), (hi * 2.0).max(1e-9)));
        draw_chart_on(layer, &series, &spec);
    };
    let loss_chart = move |layer: &Layer| {
        sim.tick.track();
        let (s0, s1) = pair.with_value(|p| (p.samples[0].clone(), p.samples[1].clone()));
        let spec = ChartSpec::new(("step t", "loss above optimum L − L*"), x_axis(), Axis::log().range(1e-7, 10.0));
        draw_chart_on(layer, &[Series::line(5, s1).with(Mark::Dashed), Series::line(2, s0)], &spec);
    };

    let alt_bucket = Memo::new(move |_| (t_now.get() / 500, sim.playing.get()));
    let sums_alt = Signal::derive(move || {
        alt_bucket.track();
        let v = verdict.get();
        format!(
            "Running sums of η and η² against step on log–log axes for the {} schedule. Σηₜ {}; Σηₜ² {}.",
            LABELS[sched.get() as usize],
            limit_text(v.sum_limit),
            limit_text(v.squares_limit)
        )
    });
    let loss_alt = Signal::derive(move || {
        alt_bucket.track();
        let [a, b] = untrack(losses);
        format!(
            "Loss above the optimum against step on log–log axes after {} steps: {} for the schedule, {} for constant η₀.",
            t_now.get_untracked(),
            excess_text(a),
            excess_text(b)
        )
    });

    let param_control = move || match NAMES[sched.get() as usize] {
        "inverse" | "sqrt" => view! { <LogSlider label="Rate ρ" name="rho" value=rho min=0.001 max=1.0 /> }.into_any(),
        "exponential" => view! { <LogSlider label="Decay rate λ" name="lambda" value=lambda min=0.001 max=0.5 /> }.into_any(),
        _ => ().into_any(),
    };

    let sums_plot = view! { <PlotCanvas aspect=aspect(2.6, 1.6) background=blank foreground=sums_chart alt=sums_alt /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(2.6, 1.6) background=blank foreground=loss_chart alt=loss_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {sums_plot}
                    <Legend items=vec![(0, "Σ ηₜ".to_string()), (1, "Σ ηₜ²".to_string())] />
                    {loss_plot}
                    <Legend items=vec![(2, "SGD under the schedule".to_string()), (5, "constant η₀, same noise (dashed)".to_string())] />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        <span data-readout="formula">{live(move || FORMULAS[sched.get() as usize].to_string())}</span>
                        <br/>"Step "<span data-readout="step">{live(move || t_now.get().to_string())}</span>" of "{live(move || horizon().to_string())}
                        <br/>"Σ ηₜ = "<span data-readout="sum">{live(move || sig(sums_now().0, 4))}</span>
                        ", which "<span data-readout="sum-limit">{live(move || limit_text(verdict.get().sum_limit))}</span>
                        <br/>"Σ ηₜ² = "<span data-readout="sum-sq">{live(move || sig(sums_now().1, 4))}</span>
                        ", which "<span data-readout="sq-limit">{live(move || limit_text(verdict.get().squares_limit))}</span>
                        <br/>"L − L*: "<span data-readout="loss">{live(move || excess_text(losses()[0]))}</span>
                        " (constant η₀: "<span data-readout="baseline-loss">{live(move || excess_text(losses()[1]))}</span>")"
                    </p>
                    <p class="verdict" aria-live="polite">
                        <strong data-readout="conditions">{live(move || conditions_text(&verdict.get()).to_string())}</strong>". "
                        <span data-readout="verdict">{live(verdict_text)}</span>
                    </p>
                    <div class="controls">
                        <Select label="Schedule" name="sched" value=sched
                            options=LABELS.iter().enumerate().map(|(i, l)| (i as u32, l.to_string())).collect() />
                        <LogSlider label="Initial rate η₀" name="eta0" value=eta0 min=0.001 max=1.0 />
                        {param_control}
                        <Slider label="Mini-batch size B" name="b" value=batch min=1.0 max=200.0 step=1.0 />
                        <Slider label="Steps" name="steps" value=steps min=1000.0 max=100000.0 step=1000.0 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "SGD on the Layer 1 regression from θ₀ = (−0.5, 2), θ ← θ − ηₜ·g with g the mean gradient of B examples. \
                         The verdicts come from each schedule's form over infinitely many steps, not from the finite sums on screen: a sum that \
                         converges is shown with its limit (dashed). Step decay's milestones sit at a quarter, half and three \
                         quarters of the steps (γ = ½); the cosine reaches 0 at the last step and stays there. The animation \
                         takes more steps per frame as t grows, so it moves evenly along the log axis."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
