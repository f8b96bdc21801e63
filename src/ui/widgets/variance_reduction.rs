//! `variance-reduction`: SGD, SVRG and SAGA on Layer 1's regression, on one stream of
//! mini-batches. The loss above the optimum on a log axis (SGD's noise floor against the others'
//! linear convergence), the exact variance of each gradient estimate as the runs go, and the
//! loss against the cost counted in per-example gradient evaluations.

use crate::core::beyond::{estimate_variance, vr};
use crate::core::problem::{Objective, Problem};
use crate::core::run::{Run, Status};
use crate::core::stats::mean;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, SeedRow, aspect, blank, draw_chart_on, live, numbered, use_replayed, use_status, use_reached};
use leptos::prelude::*;
pub use crate::catalog::variance_reduction::{ID, SPECS, TITLE};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <VarianceReduction params=p /> }.into_any()
}

/// Points of the variance history kept per run (the stride grows with the horizon).
const VAR_POINTS: usize = 600;

/// The runs and the variance of each one's gradient estimate along the way.
struct State {
    runs: Vec<Run>,
    batch: usize,
    stride: usize,
    variance: Vec<Vec<(f64, f64)>>,
}

impl State {
    fn new(problem: &Problem, lr: f64, batch: usize, period: usize, steps: usize, seed: u64) -> Self {
        let runs = vr::runs(problem, lr, batch, period, steps, seed);
        let mut s = State { runs, batch, stride: steps.div_ceil(VAR_POINTS).max(1), variance: vec![vec![]; 3] };
        s.record();
        s
    }
    /// The variance each estimator would have at its current point.
    fn current(&self) -> Vec<f64> {
        self.runs.iter().map(|r| estimate_variance(&**r.problem(), r.oracle(), r.position(), self.batch).unwrap_or(0.0)).collect()
    }
    fn record(&mut self) {
        let v = self.current();
        for (i, r) in self.runs.iter().enumerate() {
            if r.status() != Status::Diverged {
                self.variance[i].push((r.steps() as f64, v[i]));
            }
        }
    }
}

fn advance(s: &mut State, n: usize) -> bool {
    for _ in 0..n {
        if s.runs.iter().all(|r| r.status().is_done()) {
            break;
        }
        s.runs.iter_mut().for_each(|r| {
            r.step();
        });
        let t = s.runs.iter().map(Run::steps).max().unwrap_or(0);
        if t.is_multiple_of(s.stride) {
            s.record();
        }
    }
    s.runs.iter().any(|r| !r.status().is_done())
}

fn reached(s: &State) -> usize {
    s.runs.iter().map(Run::steps).max().unwrap_or(0)
}

fn state_runs(s: &State) -> &[Run] {
    &s.runs
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    excess: f64,
    variance: f64,
    cost: u64,
    status: Status,
}

#[component]
fn VarianceReduction(params: Parsed) -> impl IntoView {
    let f = vr::problem();
    let problem: Problem = f.clone();
    let best = f.minimum().map(|m| m.1).unwrap_or(0.0);
    let n = f.examples().unwrap_or(1);

    let lr = RwSignal::new(params.f64("lr"));
    let batch = RwSignal::new(params.int("b") as f64);
    let period = RwSignal::new(params.int("m") as f64);
    let steps = RwSignal::new(params.int("steps") as f64);
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let max_steps = move || steps.get().round() as usize;
    let b = move || batch.get().round() as usize;

    let make = move || {
        State::new(
            &problem,
            lr.get_untracked(),
            batch.get_untracked().round() as usize,
            period.get_untracked().round() as usize,
            steps.get_untracked().round() as usize,
            seed.get_untracked(),
        )
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        lr.track();
        batch.track();
        period.track();
        steps.track();
        seed.track();
    };
    let (state, sim) = use_replayed(root, params.int("speed"), make, advance, reached, track);
    let status = use_status(state, sim, state_runs);
    let step_count = use_reached(state, sim, reached);
    let rows = Memo::new(move |_| {
        sim.tick.track();
        state.with_value(|s| {
            let v = s.current();
            s.runs.iter().zip(v).map(|(r, v)| Row { excess: (r.loss() - best).max(0.0), variance: v, cost: r.examples(), status: r.status() }).collect::<Vec<_>>()
        })
    });
    // SGD's floor: the mean of its loss above the optimum over the last quarter of the steps
    // taken (once it has taken a few hundred).
    let floor = Memo::new(move |_| {
        sim.tick.track();
        state.with_value(|s| {
            let t = s.runs[0].steps();
            if t < 200 {
                return None;
            }
            let tail: Vec<f64> = s.runs[0].trajectory().iter().filter(|(p, _)| p.step >= 3 * t / 4).map(|(p, _)| p.loss - best).collect();
            Some(mean(&tail))
        })
    });

    let excess_series = move |by_cost: bool| {
        state.with_value(|s| {
            s.runs
                .iter()
                .enumerate()
                .map(|(i, r)| Series::line(i, r.trajectory().iter().map(|(p, _)| (if by_cost { p.examples as f64 } else { p.step as f64 }, (p.loss - best).max(1e-300))).collect()))
                .collect::<Vec<_>>()
        })
    };
    let y_excess = Axis::log().range(1e-14, 10.0);
    let loss_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = excess_series(false);
        let mut spec = ChartSpec::new(("step", "L − L*"), Axis::linear().range(0.0, max_steps() as f64), y_excess);
        if let Some(fl) = floor.get() {
            spec = spec.reference(fl, format!("SGD's floor ≈ {}", sig(fl, 2)));
        }
        draw_chart_on(layer, &series, &spec);
    };
    let var_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = state.with_value(|s| s.variance.iter().enumerate().map(|(i, v)| Series::line(i, v.iter().map(|&(t, v)| (t, v.max(1e-300))).collect())).collect::<Vec<_>>());
        draw_chart_on(layer, &series, &ChartSpec::new(("step", "variance E‖ĝ − ∇L‖²"), Axis::linear().range(0.0, max_steps() as f64), Axis::log().range(1e-16, 100.0)));
    };
    let cost_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = excess_series(true);
        let hi = rows.with(|r| r.iter().map(|r| r.cost).max().unwrap_or(1)).max(1) as f64;
        draw_chart_on(layer, &series, &ChartSpec::new(("per-example gradients evaluated", "L − L*"), Axis::linear().range(0.0, hi), y_excess));
    };

    let verdict = move || {
        let r = rows.get();
        let t = step_count.get();
        if t == 0 || r.len() < 3 {
            return format!("All three start at θ₀ = (−0.5, 2) with α = {} and draw the same mini-batches of {}. Press Play.", sig(lr.get(), 2), b());
        }
        let fl = floor.get().map(|v| format!(" SGD's floor (its mean loss gap over the last quarter of the steps) is {}.", sig(v, 2))).unwrap_or_default();
        let per = |i: usize| r[i].cost as f64 / t.max(1) as f64;
        format!(
            "After {t} steps L − L* is {} for SGD, {} for SVRG and {} for SAGA.{fl} The variance of their gradient estimates is now {}, {} and {}: \
             SGD's stays put because each example's gradient differs from the mean even at the optimum, while SVRG's and SAGA's corrections \
             cancel that difference more and more exactly as θ settles. The price: SGD evaluated {} per-example gradients ({} a step), \
             SVRG {} ({} a step: two for each example in the batch, plus N = {n} at every snapshot) and SAGA {} ({} a step, after N to fill \
             its table, which holds N × D = {} numbers).",
            sig(r[0].excess, 2),
            sig(r[1].excess, 2),
            sig(r[2].excess, 2),
            sig(r[0].variance, 2),
            sig(r[1].variance, 2),
            sig(r[2].variance, 2),
            r[0].cost,
            sig(per(0), 3),
            r[1].cost,
            sig(per(1), 3),
            r[2].cost,
            sig(per(2), 3),
            n * 2
        )
    };

    let alt_bucket = Memo::new(move |_| (step_count.get() / 100, sim.playing.get()));
    let summary = move || {
        rows.get().iter().zip(vr::LABELS).map(|(r, l)| format!("{l}: {} above the optimum, variance {}, {} gradients", sig(r.excess, 2), sig(r.variance, 2), r.cost)).collect::<Vec<_>>().join("; ")
    };
    let loss_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("Loss above the optimum against step on a log scale for SGD, SVRG and SAGA after {} steps. {}.", step_count.get_untracked(), untrack(summary))
    });
    let var_alt = Signal::derive(move || {
        alt_bucket.track();
        "Variance of each method's gradient estimate against step, on a log scale: SGD's stays level, SVRG's and SAGA's fall.".to_string()
    });
    let cost_alt = Signal::derive(move || {
        alt_bucket.track();
        "The same losses against the number of per-example gradients each method has evaluated.".to_string()
    });

    let theme = crate::ui::hooks::use_theme();
    let loss_plot = view! { <PlotCanvas aspect=aspect(3.2, 1.8) background=blank foreground=loss_chart alt=loss_alt /> };
    let var_plot = view! { <PlotCanvas aspect=aspect(3.2, 1.8) background=blank foreground=var_chart alt=var_alt /> };
    let cost_plot = view! { <PlotCanvas aspect=aspect(3.2, 1.8) background=blank foreground=cost_chart alt=cost_alt /> };
    let keys = ["sgd", "svrg", "saga"];
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {loss_plot}
                    {var_plot}
                    {cost_plot}
                    <Legend items=numbered(&vr::LABELS) />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || step_count.get().to_string())}</span>" of "{live(move || max_steps().to_string())}</p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Method"</th><th scope="col">"L − L*"</th><th scope="col">"variance"</th><th scope="col">"gradients"</th></tr></thead>
                        <tbody>
                            {(0..3).map(|i| {
                                let row = move || rows.with(|r| r.get(i).cloned());
                                let key = keys[i];
                                view! {
                                    <tr data-run-status=live(move || row().map(|r| r.status.as_str()).unwrap_or("").to_string())>
                                        <td>
                                            <span class="swatch" style=live(move || format!("background:{}", theme.get().series_css(i)))></span>
                                            {vr::LABELS[i]}
                                        </td>
                                        <td data-readout=format!("{key}-loss")>{live(move || row().map(|r| if r.status == Status::Diverged { "diverged".to_string() } else { sig(r.excess, 2) }).unwrap_or_default())}</td>
                                        <td data-readout=format!("{key}-var")>{live(move || row().map(|r| sig(r.variance, 2)).unwrap_or_default())}</td>
                                        <td data-readout=format!("{key}-cost")>{live(move || row().map(|r| r.cost.to_string()).unwrap_or_default())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="readouts">"SGD's floor: "<span data-readout="floor">{live(move || floor.get().map(|v| sig(v, 2)).unwrap_or_else(|| "–".into()))}</span></p>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.001 max=0.5 />
                        <Slider label="Mini-batch size B" name="b" value=batch min=1.0 max=200.0 step=1.0 />
                        <Slider label="SVRG snapshot every m steps" name="m" value=period min=1.0 max=2000.0 step=1.0 />
                        <Slider label="Steps" name="steps" value=steps min=100.0 max=5000.0 step=100.0 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "The 2-D regression of Layer 1 (N = 200). Every method takes the plain step θ ← θ − αĝ; only the estimate ĝ differs. \
                         SVRG: ĝ = ∇f_S(θ) − ∇f_S(θ̃) + ∇L(θ̃), with the snapshot θ̃ and its full gradient refreshed every m steps. SAGA: \
                         ĝ = mean over S of (∇fₙ(θ) − φₙ) plus the mean of all φ, where φₙ is the last gradient seen for example n. The variance \
                         is computed exactly over every possible mini-batch at the current θ, not estimated."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
