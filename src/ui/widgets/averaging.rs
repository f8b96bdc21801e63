//! `averaging`: Polyak–Ruppert averaging. Constant-rate SGD (B = 8, α = 0.05) keeps jittering
//! around the optimum; the running mean of its iterates settles. Both paths on the contours,
//! both losses beneath, and how much each loss still varies at the end.

use crate::core::layer4::{START, averaging};
use crate::core::problem::{Objective, Problem};
use crate::core::run::{Run, Status};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{use_status, all_runs, SeedRow, Legend, View, aspect, blank, draw_chart_on, draw_paths, landscape_background, live, runs_reached, step_runs, use_replayed};
use super::noise_paths;
use leptos::prelude::*;
pub use crate::catalog::averaging::{ID, SPECS, TITLE};

const WHOLE: View = ((-1.5, 3.0), (-1.0, 3.0));
/// Half-widths of the zoomed view around the optimum.
const ZOOM: f64 = 0.2;

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <Averaging params=p /> }.into_any()
}

#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    step: usize,
    raw: f64,
    avg: f64,
    status: Status,
    variances: Option<(f64, f64)>,
}

#[component]
fn Averaging(params: Parsed) -> impl IntoView {
    let f = noise_paths::problem();
    let problem: Problem = f.clone();
    let (theta, best) = f.minimum().unwrap_or((vec![0.0, 0.0], 0.0));
    let zoom: View = ((theta[0] - ZOOM, theta[0] + ZOOM), (theta[1] - ZOOM, theta[1] + ZOOM));

    let lr = RwSignal::new(params.f64("lr"));
    let batch = RwSignal::new(params.int("b") as f64);
    let steps = RwSignal::new(params.int("steps") as f64);
    let start = RwSignal::new(params.int("start") as f64);
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let max_steps = move || steps.get().round() as usize;
    let window = move || averaging::WINDOW.min(max_steps());

    let make = {
        let problem = problem.clone();
        move || {
            let cfg = averaging::config(
                lr.get_untracked(),
                batch.get_untracked().round() as usize,
                steps.get_untracked().round() as usize,
                start.get_untracked().round() as usize,
                seed.get_untracked(),
            );
            vec![Run::new(problem.clone(), cfg)]
        }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        lr.track();
        batch.track();
        steps.track();
        start.track();
        seed.track();
    };
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, track);

    let snap = Memo::new(move |_| {
        sim.tick.track();
        let w = window();
        runs.with_value(|rs| {
            let r = &rs[0];
            let avg_loss = r.average_trajectory().and_then(|t| t.last().map(|(p, _)| p.loss)).unwrap_or_else(|| r.loss());
            Snapshot { step: r.steps(), raw: r.loss() - best, avg: avg_loss - best, status: r.status(), variances: averaging::loss_variances(r, w) }
        })
    });
    let status = use_status(runs, sim, all_runs);

    let verdict = move || {
        let s = snap.get();
        let from = start.get().round() as usize;
        let how = if from == 0 {
            "θ̄ₜ is the mean of every iterate so far (the source's form)".to_string()
        } else {
            format!("θ̄ₜ is the mean of the iterates after step {from}; before that it is the iterate itself")
        };
        if s.step == 0 {
            return format!("{how}. Press Play.");
        }
        if s.status == Status::Diverged {
            return "Diverged: α is too large for this problem, and an average of diverging iterates diverges too.".to_string();
        }
        let var = match s.variances {
            Some((r, a)) if a < r => format!(
                "Over the last {} steps the averaged loss varies {}× less than the raw one (variance {} against {}).",
                window().min(s.step),
                sig(r / a.max(1e-300), 2),
                sig(a, 2),
                sig(r, 2)
            ),
            Some((r, a)) => format!(
                "Over the last {} steps the averaged loss varies more than the raw one (variance {} against {}): it is still drifting down from the start it remembers.",
                window().min(s.step),
                sig(a, 2),
                sig(r, 2)
            ),
            None => String::new(),
        };
        let level = if s.avg < s.raw {
            format!("The average is closer to the optimum: L − L* = {} against the raw iterate's {}.", sig(s.avg, 2), sig(s.raw, 2))
        } else if from == 0 || s.step <= from {
            format!(
                "The average is further from the optimum: L − L* = {} against {}. It still carries the early iterates, far from θ̂; start averaging later to drop them.",
                sig(s.avg, 2),
                sig(s.raw, 2)
            )
        } else {
            format!("This time the raw iterate happens to be closer: L − L* = {} against the average's {}.", sig(s.raw, 2), sig(s.avg, 2))
        };
        format!("{how}. {var} {level}")
    };

    // Two views of the same paths: the whole approach, and a close-up of the optimum.
    let plot_for = |view: View, label: &'static str, show_start: bool| {
        let background = landscape_background(problem.clone(), view, ("θ₁ (intercept)", "θ₂ (slope)"), vec![((theta[0], theta[1]), label.to_string())]);
        let foreground = move |layer: &Layer| {
            sim.tick.track();
            let from = start.get().round() as usize;
            // Points far outside the view are left out (the close-up shows the path once it arrives).
            let ((x0, x1), (y0, y1)) = view;
            let (mx, my) = (x1 - x0, y1 - y0);
            let near = |x: &[f64]| x[0] > x0 - mx && x[0] < x1 + mx && x[1] > y0 - my && x[1] < y1 + my;
            let series = runs.with_value(|rs| {
                let r = &rs[0];
                let raw = r.trajectory().iter().filter(|(_, x)| near(x)).map(|(_, x)| (x[0], x[1])).collect();
                // Before it starts, the average is the iterate itself: drawn from its start only.
                let avg = r
                    .average_trajectory()
                    .map(|t| t.iter().filter(|(p, x)| p.step >= from && near(x)).map(|(_, x)| (x[0], x[1])).collect())
                    .unwrap_or_default();
                vec![Series::line(0, raw), Series::line(1, avg)]
            });
            draw_paths(layer, view, &series, show_start.then_some((START[0], START[1])));
        };
        (background, foreground)
    };
    let (whole_bg, whole_fg) = plot_for(WHOLE, "θ̂", true);
    let (zoom_bg, zoom_fg) = plot_for(zoom, "θ̂", false);
    let loss_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| {
            let r = &rs[0];
            let raw = r.trajectory().iter().map(|(p, _)| (p.step as f64, p.loss - best)).collect();
            let from = start.get_untracked().round() as usize;
            let avg = r.average_trajectory().map(|t| t.iter().filter(|(p, _)| p.step >= from).map(|(p, _)| (p.step as f64, p.loss - best)).collect()).unwrap_or_default();
            vec![Series::line(0, raw), Series::line(1, avg)]
        });
        start.track();
        draw_chart_on(layer, &series, &ChartSpec::new(("step", "loss above optimum L − L*"), Axis::linear().range(0.0, max_steps() as f64), Axis::log()));
    };

    let alt_bucket = Memo::new(move |_| (snap.get().step / 20, sim.playing.get()));
    let describe = move |what: &'static str| {
        Signal::derive(move || {
            alt_bucket.track();
            let s = snap.get_untracked();
            format!(
                "Loss contours of the linear regression ({what}) with the optimum θ̂ marked; the raw SGD path and the path of its running average after {} steps, at L − L* = {} and {}.",
                s.step,
                sig(s.raw, 2),
                sig(s.avg, 2)
            )
        })
    };
    let loss_alt = Signal::derive(move || {
        alt_bucket.track();
        let s = snap.get_untracked();
        format!("Loss above the optimum against step on a log scale: raw iterate {}, averaged iterate {}.", sig(s.raw, 2), sig(s.avg, 2))
    });

    let var_text = move |i: usize| snap.get().variances.map(|v| sig(if i == 0 { v.0 } else { v.1 }, 2)).unwrap_or_else(|| "—".to_string());

    let whole_plot = view! { <PlotCanvas aspect=1.1 background=whole_bg foreground=whole_fg alt=describe("the whole path") /> };
    let zoom_plot = view! { <PlotCanvas aspect=1.1 background=zoom_bg foreground=zoom_fg alt=describe("close-up of the optimum") /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(2.6, 1.6) background=blank foreground=loss_chart alt=loss_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    <div class="plots pair">{whole_plot}{zoom_plot}</div>
                    <Legend items=vec![(0, "raw SGD iterate θₜ".to_string()), (1, "running average θ̄ₜ".to_string())] />
                    {loss_plot}
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{live(move || snap.get().step.to_string())}</span>" of "{live(move || max_steps().to_string())}
                    </p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Iterate"</th><th scope="col">"L − L*"</th><th scope="col">{live(move || format!("variance, last {}", window()))}</th></tr></thead>
                        <tbody>
                            <tr>
                                <td>"raw θₜ"</td>
                                <td data-readout="loss">{live(move || sig(snap.get().raw, 3))}</td>
                                <td data-readout="raw-var">{live(move || var_text(0))}</td>
                            </tr>
                            <tr>
                                <td>"average θ̄ₜ"</td>
                                <td data-readout="avg-loss">{live(move || sig(snap.get().avg, 3))}</td>
                                <td data-readout="avg-var">{live(move || var_text(1))}</td>
                            </tr>
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <Slider label="Average from step" name="start" value=start min=0.0 max=1000.0 step=10.0 />
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.001 max=0.5 />
                        <Slider label="Mini-batch size B" name="b" value=batch min=1.0 max=200.0 step=1.0 />
                        <Slider label="Steps" name="steps" value=steps min=50.0 max=2000.0 step=10.0 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "SGD with a constant rate, θ ← θ − α·g, from θ₀ = (−0.5, 2). The average is updated after every step by \
                         θ̄ₜ = θ̄ₜ₋₁ + (θₜ − θ̄ₜ₋₁)/k, with k the number of iterates averaged so far; it never feeds back into the run. \
                         “Average from step s” is tail averaging (as in stochastic weight averaging's swa_start); s = 0 averages \
                         every iterate. Variances are of L(θ) over the last steps shown."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
