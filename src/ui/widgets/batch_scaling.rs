//! `batch-scaling`: the linear scaling rule. B = 128 at α against k·B at k·α, with and without
//! a gradual warm-up, and k·B at the unscaled α, on the 50-gene regression (N = 2000); the runs
//! keep pace per example processed.

use crate::core::layer4::scaling::{self, Runner};
use crate::core::model::LeastSquares;
use crate::core::problem::{Objective, Problem};
use crate::core::run::{Run, Status};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{use_status, numbered, SeedRow, Legend, aspect, blank, draw_chart_on, live, use_replayed, use_reached};
use leptos::prelude::*;
use std::rc::Rc;
pub use crate::catalog::batch_scaling::{ID, SPECS, TITLE};

const LEGEND: [&str; 4] = ["B, α", "k·B, k·α (dashed)", "k·B, k·α with warm-up", "k·B, α (not scaled)"];

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <BatchScaling params=p /> }.into_any()
}

/// The 50-gene regression, built once per page (the chapter's prose uses it too).
pub(crate) fn problem() -> Rc<LeastSquares> {
    thread_local! {
        static P: Rc<LeastSquares> = scaling::problem();
    }
    P.with(|p| p.clone())
}

/// The scaled large batch is dashed: where the rule holds it lies on the small batch's line,
/// which then shows through the gaps.
fn dashed_if_scaled(i: usize, s: Series) -> Series {
    if i == 1 { s.with(Mark::Dashed) } else { s }
}

/// The runs, advanced together by examples processed: one unit is one small batch.
struct Race {
    runs: Vec<Run>,
    unit: u64,
    examples: u64,
}

impl Race {
    fn advance(&mut self, n: usize) -> bool {
        self.examples += n as u64 * self.unit;
        scaling::advance_to(&mut self.runs, self.examples)
    }
    /// Steps of the small-batch run.
    fn reached(&self) -> usize {
        self.runs.first().map(Run::steps).unwrap_or(0)
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    steps: usize,
    excess: f64,
    status: Status,
    epochs: f64,
}

#[component]
fn BatchScaling(params: Parsed) -> impl IntoView {
    let f = problem();
    let prob: Problem = f.clone();
    let n = f.examples().unwrap_or(1);
    let best = f.minimum().map(|m| m.1).unwrap_or(0.0);
    let limit = scaling::stability_limit(&*f).unwrap_or(f64::INFINITY);

    let k = RwSignal::new(params.int("k") as f64);
    let lr = RwSignal::new(params.f64("lr"));
    let warm = RwSignal::new(params.f64("warm"));
    let epochs = RwSignal::new(params.int("epochs") as f64);
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let runners = move || scaling::runners(n, scaling::BATCH, lr.get(), k.get().round() as usize, warm.get());

    let make = {
        let prob = prob.clone();
        move || {
            let rs = untrack(runners);
            Race { runs: scaling::runs(&prob, &rs, epochs.get_untracked(), seed.get_untracked()), unit: scaling::BATCH as u64, examples: 0 }
        }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        k.track();
        lr.track();
        warm.track();
        epochs.track();
        seed.track();
    };
    let (race, sim) = use_replayed(root, params.int("speed"), make, Race::advance, Race::reached, track);

    let step_count = use_reached(race, sim, Race::reached);
    let status = use_status(race, sim, |r| &r.runs);
    let rows = Memo::new(move |_| {
        sim.tick.track();
        race.with_value(|r| {
            r.runs
                .iter()
                .map(|run| Row { steps: run.steps(), excess: run.loss() - best, status: run.status(), epochs: run.examples() as f64 / n as f64 })
                .collect::<Vec<_>>()
        })
    });
    let scaled = move || lr.get() * (scaling::BATCH * k.get().round() as usize).min(n) as f64 / scaling::BATCH as f64;

    let verdict = move || {
        let r = rows.get();
        let rs = runners();
        if r.len() < 4 {
            return String::new();
        }
        let big = rs[1].batch;
        let ka = scaled();
        let ep = r[0].epochs;
        if r[0].steps == 0 {
            return format!(
                "All four start at θ = 0 and will see {} epochs of data. The large batch is {big}, so it takes {}× fewer steps. Press Play.",
                epochs.get().round(),
                crate::plots::fmt_tick(big as f64 / scaling::BATCH as f64)
            );
        }
        let fate = |row: &Row| if row.status == Status::Diverged { format!("diverged after {} epochs", sig(row.epochs, 2)) } else { format!("L − L* = {}", sig(row.excess, 2)) };
        if ka < limit {
            format!(
                "k·α = {} is below gradient descent's stability limit 2/λ_max = {}. After {} epochs the small batch is at {}, the large batch with the scaled rate at {} in {} steps instead of {}: the rule holds. Unscaled, the large batch lags ({}). With warm-up it is at {}: the ramp costs a little early progress, and on this quadratic loss it buys nothing, since the curvature is the same everywhere and the full rate is safe from the first step.",
                sig(ka, 3),
                sig(limit, 3),
                sig(ep, 2),
                fate(&r[0]),
                fate(&r[1]),
                r[1].steps,
                r[0].steps,
                fate(&r[3]),
                fate(&r[2])
            )
        } else {
            format!(
                "k·α = {} is above the stability limit 2/λ_max = {}: one step of k·α is no longer like k steps of α. The scaled large batch: {}; with warm-up: {}. Warm-up cannot save a rate the curvature forbids: it only postpones the blow-up. Small batch: {}.",
                sig(ka, 3),
                sig(limit, 3),
                fate(&r[1]),
                fate(&r[2]),
                fate(&r[0])
            )
        }
    };

    let x_axis = move || Axis::linear().range(0.0, epochs.get().round());
    let loss_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = race.with_value(|r| {
            r.runs
                .iter()
                .enumerate()
                .map(|(i, run)| dashed_if_scaled(i, Series::line(i, run.trajectory().iter().map(|(p, _)| (p.examples as f64 / n as f64, p.loss - best)).collect())))
                .collect::<Vec<_>>()
        });
        draw_chart_on(layer, &series, &ChartSpec::new(("epochs (examples processed / N)", "loss above optimum L − L*"), x_axis(), Axis::log().range(1e-4, 100.0)));
    };
    let lr_chart = move |layer: &Layer| {
        let rs: Vec<Runner> = runners();
        let e = epochs.get();
        let series: Vec<Series> = rs
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let total = scaling::steps_for(e, n, r.batch);
                let every = (total / 400).max(1);
                dashed_if_scaled(i, Series::line(i, (0..total).step_by(every).map(|s| (s as f64 * r.batch as f64 / n as f64, r.schedule.lr(r.lr, s))).collect()))
            })
            .collect();
        draw_chart_on(layer, &series, &ChartSpec::new(("epochs", "learning rate"), x_axis(), Axis::linear()).reference(limit, format!("2/λ_max = {}", sig(limit, 3))));
    };

    let alt_bucket = Memo::new(move |_| (step_count.get() / 20, sim.playing.get()));
    let labels = move || runners().into_iter().map(|r| r.label).collect::<Vec<_>>();
    let loss_alt = Signal::derive(move || {
        alt_bucket.track();
        let r = rows.get_untracked();
        let l = untrack(labels);
        format!(
            "Loss above the optimum against epochs on a log scale for four runs: {}.",
            l.iter().zip(&r).map(|(l, r)| format!("{l}: {}", if r.status == Status::Diverged { "diverged".to_string() } else { sig(r.excess, 2) })).collect::<Vec<_>>().join("; ")
        )
    });
    let lr_alt = Signal::derive(move || {
        format!(
            "Learning rate against epochs for the four runs; the warm-up run ramps from {} to {} over {} epochs. The stability limit {} is dashed.",
            sig(lr.get(), 3),
            sig(scaled(), 3),
            sig(warm.get(), 2),
            sig(limit, 3)
        )
    });

    let theme = crate::ui::hooks::use_theme();
    let keys = ["small", "scaled", "warmup", "unscaled"];

    let loss_plot = view! { <PlotCanvas aspect=aspect(2.4, 1.5) background=blank foreground=loss_chart alt=loss_alt /> };
    let lr_plot = view! { <PlotCanvas aspect=aspect(4.0, 2.2) background=blank foreground=lr_chart alt=lr_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {loss_plot}
                    {lr_plot}
                    <Legend items=numbered(&LEGEND) />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{live(move || step_count.get().to_string())}</span>" of the small batch, epoch "
                        <span data-readout="epochs">{live(move || sig(rows.with(|r| r.first().map(|x| x.epochs).unwrap_or(0.0)), 3))}</span>
                        <br/>"k·α = "<span data-readout="scaled-lr">{live(move || sig(scaled(), 3))}</span>
                        ", stability limit 2/λ_max = "<span data-readout="limit">{sig(limit, 3)}</span>
                    </p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"Steps"</th><th scope="col">"L − L*"</th></tr></thead>
                        <tbody>
                            {(0..4).map(|i| {
                                let row = move || rows.with(|r| r.get(i).cloned());
                                let key = keys[i];
                                view! {
                                    <tr data-run-status=live(move || row().map(|r| r.status.as_str()).unwrap_or("").to_string())>
                                        <td>
                                            <span class="swatch" style=live(move || format!("background:{}", theme.get().series_css(i)))></span>
                                            {live(move || labels().get(i).cloned().unwrap_or_default())}
                                        </td>
                                        <td data-readout=format!("{key}-steps")>{live(move || row().map(|r| r.steps.to_string()).unwrap_or_default())}</td>
                                        <td data-readout=format!("{key}-loss")>{live(move || row().map(|r| if r.status == Status::Diverged { "diverged".to_string() } else { sig(r.excess, 3) }).unwrap_or_default())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <Slider label="Batch multiplier k" name="k" value=k min=2.0 max=15.0 step=1.0 />
                        <LogSlider label="Small-batch rate α" name="lr" value=lr min=0.001 max=0.2 />
                        <Slider label="Warm-up epochs" name="warm" value=warm min=0.0 max=10.0 step=0.5 />
                        <Slider label="Epochs" name="epochs" value=epochs min=5.0 max=100.0 step=1.0 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "Least squares on the drug-sensitivity data: N = "{n}" cell lines, 50 correlated genes, θ₀ = 0. Plain SGD, \
                         θ ← θ − η·g, with mini-batches drawn without replacement. Warm-up is Goyal et al.'s gradual warm-up, \
                         PyTorch's LinearLR(start_factor = 1/k, total_iters = the warm-up's steps): it climbs from α to k·α, then holds. \
                         λ_max is the largest eigenvalue of the Hessian XᵀX/N; plain gradient descent on this loss diverges for any \
                         rate above 2/λ_max."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
