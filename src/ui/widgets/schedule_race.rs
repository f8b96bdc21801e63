//! `schedule-race`: SGD on the 2-D regression (B = 16) under four learning-rate schedules, all
//! drawing the same mini-batches. Raw and smoothed loss above the optimum on log axes, and the
//! schedules' η(t) beneath on the same step axis.

use crate::core::layer4::race::{self, BATCH, LABELS};
use crate::core::problem::{Objective, Problem};
use crate::core::run::{Run, Status};
use crate::core::stats::moving_average;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{use_status, all_runs, numbered, SeedRow, Legend, aspect, blank, draw_chart_on, live, runs_reached, step_runs, use_replayed, use_reached};
use super::noise_paths;
use leptos::prelude::*;
pub use crate::catalog::schedule_race::{ID, SPECS, TITLE};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <ScheduleRace params=p /> }.into_any()
}

/// What a row of the table shows about one run.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    lr: f64,
    excess: f64,
    smooth: f64,
    status: Status,
}

type Curve = Vec<(f64, f64)>;

/// Loss above the optimum along a run, and its trailing moving average over `window` steps.
fn excess_curves(r: &Run, best: f64, window: usize) -> (Curve, Curve) {
    let pts: Vec<(f64, f64)> = r.trajectory().iter().map(|(p, _)| (p.step as f64, p.loss - best)).collect();
    let ys: Vec<f64> = pts.iter().map(|p| p.1).collect();
    let smooth = moving_average(&ys, window).into_iter().zip(&pts).map(|(s, p)| (p.0, s)).collect();
    (pts, smooth)
}

#[component]
fn ScheduleRace(params: Parsed) -> impl IntoView {
    let f = noise_paths::problem();
    let problem: Problem = f.clone();
    let best = f.minimum().map(|m| m.1).unwrap_or(0.0);

    let window = RwSignal::new(params.int("window") as f64);
    let steps = RwSignal::new(params.int("steps") as f64);
    let warmup = RwSignal::new(params.int("warmup") as f64);
    let etas = ["eta_const", "eta_sqrt", "eta_cos", "eta_warm"].map(|k| RwSignal::new(params.f64(k)));
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let max_steps = move || steps.get().round() as usize;
    let warm = move || warmup.get().round() as usize;

    let make = {
        let problem = problem.clone();
        move || {
            let e = etas.map(|s| s.get_untracked());
            race::runs(&problem, e, steps.get_untracked().round() as usize, warmup.get_untracked().round() as usize, seed.get_untracked())
        }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        steps.track();
        warmup.track();
        seed.track();
        etas.iter().for_each(|s| s.track());
    };
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, track);

    let step_count = use_reached(runs, sim, runs_reached);
    let status = use_status(runs, sim, all_runs);
    let w = move || (window.get().round() as usize).max(1);
    let rows = Memo::new(move |_| {
        sim.tick.track();
        let w = w();
        runs.with_value(|rs| {
            rs.iter()
                .map(|r| {
                    let (_, smooth) = excess_curves(r, best, w);
                    Row { lr: r.current_lr(), excess: r.loss() - best, smooth: smooth.last().map(|p| p.1).unwrap_or(0.0), status: r.status() }
                })
                .collect::<Vec<_>>()
        })
    });

    let verdict = move || {
        let (r, t) = (rows.get(), step_count.get());
        if t == 0 {
            return format!(
                "All four runs start at θ₀ = (−0.5, 2) and will draw the same mini-batches of {BATCH} (seed {}). Press Play.",
                seed.get()
            );
        }
        let mut order: Vec<usize> = (0..r.len()).collect();
        order.sort_by(|&a, &b| r[a].smooth.total_cmp(&r[b].smooth));
        let (first, last) = (order[0], order[order.len() - 1]);
        let ratio = r[last].smooth / r[first].smooth.max(1e-300);
        let tail = if t < max_steps() {
            format!("So far (step {t}) {} has the lowest smoothed loss and {} the highest.", LABELS[first], LABELS[last])
        } else {
            format!("After {t} steps {} ends lowest and {} highest.", LABELS[first], LABELS[last])
        };
        // The distance each schedule has covered: Σ η over the steps taken.
        let (n, wu) = (max_steps(), warm());
        let e = etas.map(|s| s.get());
        let budget = |i: usize| -> f64 {
            let s = &race::schedules(n, wu)[i];
            (0..t).map(|k| s.lr(e[i], k)).sum()
        };
        let why = match last {
            0 => "The constant rate keeps its step size to the end, so the mini-batch noise keeps kicking it about; the decaying rates take smaller and smaller steps and settle closer.".to_string(),
            _ if budget(last) < 0.5 * budget(0) => format!(
                "{} brakes early: its rates so far add up to {}, against {} for the constant rate, so it is still walking in from the start.",
                LABELS[last],
                sig(budget(last), 3),
                sig(budget(0), 3)
            ),
            _ => format!("With this seed the noise happened to favour the others (its rates so far add up to {}).", sig(budget(last), 3)),
        };
        format!(
            "{tail} Smoothed over the last {} steps, the loss above the optimum is {} for {} and {} for {}, {}× apart. {why}",
            w(),
            sig(r[first].smooth, 2),
            LABELS[first],
            sig(r[last].smooth, 2),
            LABELS[last],
            sig(ratio, 2)
        )
    };

    let x_axis = move || Axis::linear().range(0.0, max_steps() as f64);
    let raw_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| rs.iter().enumerate().map(|(i, r)| Series::line(i, excess_curves(r, best, 1).0)).collect::<Vec<_>>());
        draw_chart_on(layer, &series, &ChartSpec::new(("step", "raw L − L*"), x_axis(), Axis::log().range(1e-7, 10.0)));
    };
    let smooth_chart = move |layer: &Layer| {
        sim.tick.track();
        let w = w();
        let series = runs.with_value(|rs| rs.iter().enumerate().map(|(i, r)| Series::line(i, excess_curves(r, best, w).1)).collect::<Vec<_>>());
        draw_chart_on(layer, &series, &ChartSpec::new(("step", "smoothed L − L*"), x_axis(), Axis::log().range(1e-6, 10.0)));
    };
    // The schedules are known in advance: draw them whole, with a ring at the current step.
    let eta_chart = move |layer: &Layer| {
        let t = step_count.get();
        let (n, wu) = (max_steps(), warm());
        let e = etas.map(|s| s.get());
        let mut series = Vec::new();
        for (i, s) in race::schedules(n, wu).iter().enumerate() {
            let pts: Vec<(f64, f64)> = (0..n).map(|k| (k as f64, s.lr(e[i], k))).collect();
            series.push(Series::line(i, pts).with(if i == 3 { Mark::Dashed } else { Mark::Line }));
            if t > 0 {
                let k = (t - 1).min(n - 1);
                series.push(Series::line(i, vec![(k as f64, s.lr(e[i], k))]).with(Mark::Ring));
            }
        }
        draw_chart_on(layer, &series, &ChartSpec::new(("step", "learning rate η(t)"), x_axis(), Axis::linear()));
    };

    let alt_bucket = Memo::new(move |_| (step_count.get() / 25, sim.playing.get(), window.get()));
    let summary = move || {
        rows.get()
            .iter()
            .zip(LABELS)
            .map(|(r, l)| format!("{l}: raw {}, smoothed {}", sig(r.excess, 2), sig(r.smooth, 2)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let raw_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("Loss above the optimum against step on a log scale for four schedules, after {} steps. {}.", step_count.get_untracked(), untrack(summary))
    });
    let smooth_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("The same losses smoothed by a trailing moving average over {} steps.", w())
    });
    let eta_alt = Signal::derive(move || {
        let e = etas.map(|s| s.get());
        format!(
            "Learning rate against step: constant {}, {} divided by √(t+1), cosine from {} to 0, and a {}-step linear warm-up to {} followed by a cosine to 0.",
            sig(e[0], 2),
            sig(e[1], 2),
            sig(e[2], 2),
            warm(),
            sig(e[3], 2)
        )
    });

    let theme = crate::ui::hooks::use_theme();
    let keys = ["const", "sqrt", "cos", "warm"];
    let eta_labels = ["η, constant", "η₀, 1/√(t+1)", "η₀, cosine", "Peak η, warm-up + cosine"];

    let raw_plot = view! { <PlotCanvas aspect=aspect(3.2, 1.8) background=blank foreground=raw_chart alt=raw_alt /> };
    let smooth_plot = view! { <PlotCanvas aspect=aspect(3.2, 1.8) background=blank foreground=smooth_chart alt=smooth_alt /> };
    let eta_plot = view! { <PlotCanvas aspect=aspect(3.2, 1.8) background=blank foreground=eta_chart alt=eta_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {raw_plot}
                    {smooth_plot}
                    {eta_plot}
                    <Legend items=numbered(&LABELS) />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || step_count.get().to_string())}</span>" of "{live(move || max_steps().to_string())}</p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Schedule"</th><th scope="col">"η now"</th><th scope="col">"L − L*"</th><th scope="col">"smoothed"</th></tr></thead>
                        <tbody>
                            {(0..4).map(|i| {
                                let row = move || rows.with(|r| r.get(i).cloned());
                                let key = keys[i];
                                view! {
                                    <tr data-run-status=live(move || row().map(|r| r.status.as_str()).unwrap_or("").to_string())>
                                        <td>
                                            <span class="swatch" style=live(move || format!("background:{}", theme.get().series_css(i)))></span>
                                            {LABELS[i]}
                                        </td>
                                        <td data-readout=format!("{key}-lr")>{live(move || row().map(|r| sig(r.lr, 2)).unwrap_or_default())}</td>
                                        <td data-readout=format!("{key}-loss")>{live(move || row().map(|r| if r.status == Status::Diverged { "diverged".to_string() } else { sig(r.excess, 2) }).unwrap_or_default())}</td>
                                        <td data-readout=format!("{key}-smooth")>{live(move || row().map(|r| sig(r.smooth, 2)).unwrap_or_default())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <Slider label="Smoothing window" name="window" value=window min=1.0 max=100.0 step=1.0 />
                        {(0..4).map(|i| view! { <LogSlider label=eta_labels[i] name=SPECS[3 + i].key value=etas[i] min=0.001 max=1.0 /> }).collect_view()}
                        <Slider label="Warm-up steps" name="warmup" value=warmup min=0.0 max=200.0 step=1.0 />
                        <Slider label="Steps" name="steps" value=steps min=100.0 max=2000.0 step=10.0 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "Loss means L(θ) − L*, the full-data loss above the least-squares optimum, so a log axis shows how close each run gets. \
                         Smoothed: the mean of the last w values (fewer at the start). Schedules follow torch.optim.lr_scheduler: 1/√(t+1) is \
                         LambdaLR(λt: (1 + t)^−½), cosine is CosineAnnealingLR(T_max = steps), warm-up is LinearLR(start_factor = 0.01, \
                         total_iters = warm-up) followed by CosineAnnealingLR over the remaining steps. η(t) is the rate of step t, counted from 0."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
