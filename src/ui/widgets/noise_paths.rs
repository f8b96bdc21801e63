//! `noise-paths`: full-batch GD, a mini-batch and single-example SGD on the 2-D linear
//! regression, drawn on its loss heatmap and contours, with a loss chart beneath.

use crate::core::dataset::{REGRESSION_SEED, linreg_2d};
use crate::core::model::LeastSquares;
use crate::core::optimizer::OptimizerConfig;
use crate::core::oracle::Noise;
use crate::core::problem::{Objective, Problem};
use crate::core::run::{Run, RunConfig, Status};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, run_series};
use super::common::{all_runs, blank, draw_chart_on, draw_paths, fresh_seed, landscape_background, runs_reached, start_picker, step_runs, use_replayed, use_status, share_seed, use_reached};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use leptos::prelude::*;
use std::rc::Rc;
pub use crate::catalog::noise_paths::{ID, SPECS, TITLE};
use crate::catalog::noise_paths::{X_RANGE, Y_RANGE};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

/// The Layer 1 regression (N = 200), shared by the prose and the widget.
pub fn problem() -> Rc<LeastSquares> {
    thread_local! {
        static P: Rc<LeastSquares> = Rc::new(LeastSquares::new(linreg_2d(REGRESSION_SEED), "linear regression"));
    }
    P.with(|p| p.clone())
}

fn render(p: Parsed) -> AnyView {
    view! { <NoisePaths params=p /> }.into_any()
}

/// The three runners: (label, batch size or None for full batch, learning rate).
fn runners(n: usize, b: usize, lrs: [f64; 3]) -> [(String, Option<usize>, f64); 3] {
    [
        ("Full batch (GD)".to_string(), None, lrs[0]),
        (format!("Mini-batch B = {b}"), Some(b.clamp(1, n)), lrs[1]),
        ("Single example (B = 1)".to_string(), Some(1), lrs[2]),
    ]
}

#[component]
fn NoisePaths(params: Parsed) -> impl IntoView {
    let f = problem();
    let problem: Problem = f.clone();
    let n = f.examples().unwrap_or(1);
    let (theta_star, best) = f.minimum().unwrap_or((vec![0.0, 0.0], 0.0));

    let b = RwSignal::new(params.int("b") as f64);
    let lr_gd = RwSignal::new(params.f64("lr_gd"));
    let lr_mb = RwSignal::new(params.f64("lr_mb"));
    let lr_one = RwSignal::new(params.f64("lr_one"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let seed = RwSignal::new(params.seed("seed"));
    share_seed(seed);
    let x0 = RwSignal::new(params.f64("x0"));
    let y0 = RwSignal::new(params.f64("y0"));
    let notices = RwSignal::new(params.notices.clone());

    let make = {
        let problem = problem.clone();
        move || {
            let lrs = [lr_gd.get_untracked(), lr_mb.get_untracked(), lr_one.get_untracked()];
            let start = vec![x0.get_untracked(), y0.get_untracked()];
            let max = steps.get_untracked().round() as usize;
            runners(n, b.get_untracked().round() as usize, lrs)
                .into_iter()
                .map(|(_, batch, lr)| {
                    let noise = match batch {
                        None => Noise::Exact,
                        Some(b) => Noise::MiniBatch { batch: b, epochs: false },
                    };
                    let cfg = RunConfig::new(OptimizerConfig::sgd(lr), start.clone())
                        .noise(noise)
                        .seed(seed.get_untracked())
                        .max_steps(max)
                        .tol(1e-10);
                    Run::new(problem.clone(), cfg)
                })
                .collect::<Vec<Run>>()
        }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        b.track(); lr_gd.track(); lr_mb.track(); lr_one.track(); steps.track(); seed.track(); x0.track(); y0.track();
    };
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, track);

    let step_count = use_reached(runs, sim, runs_reached);
    let status = use_status(runs, sim, all_runs);
    let names = move || runners(n, b.get().round() as usize, [lr_gd.get(), lr_mb.get(), lr_one.get()]);
    let losses = move || {
        sim.tick.track();
        runs.with_value(|rs| rs.iter().map(|r| (r.loss(), r.status())).collect::<Vec<_>>())
    };
    // One row per runner: (name, α, loss, status), recomputed once per tick.
    let table = Memo::new(move |_| {
        names().into_iter().zip(losses()).map(|((name, _, lr), (loss, st))| (name, lr, loss, st)).collect::<Vec<_>>()
    });
    let loss_text = move || {
        let names = names();
        losses()
            .iter()
            .zip(names.iter())
            .map(|((l, s), (name, _, _))| {
                if *s == Status::Diverged { format!("{name}: diverged") } else { format!("{name}: {}", sig(*l, 4)) }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    };
    // The text alternative changes at a calm rate: every 10 steps or on pause.
    let alt_bucket = Memo::new(move |_| (step_count.get() / 10, sim.playing.get()));
    let alt = Signal::derive(move || {
        alt_bucket.track();
        format!(
            "Loss contours of the linear regression with the least-squares optimum marked, and 3 paths from θ₀ = ({}, {}) after {} steps. {}",
            sig(x0.get_untracked(), 3),
            sig(y0.get_untracked(), 3),
            step_count.get_untracked(),
            untrack(loss_text)
        )
    });

    let view = (X_RANGE, Y_RANGE);
    let background = landscape_background(problem.clone(), view, ("θ₁ (intercept)", "θ₂ (slope)"), vec![((theta_star[0], theta_star[1]), "θ̂ (OLS)".to_string())]);
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| run_series(rs, |_, x| (x[0], x[1])));
        draw_paths(layer, view, &series, Some((x0.get(), y0.get())));
    };
    let on_click = start_picker(view, x0, y0, Some(sim));

    let chart = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| run_series(rs, |p, _| (p.step as f64, p.loss)));
        let spec = ChartSpec::new(("step", "loss L(θ)"), Axis::linear(), Axis::log()).reference(best, format!("optimum {}", sig(best, 3)));
        draw_chart_on(layer, &series, &spec);
    };
    let chart_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("Loss against step on a log scale, with the optimum {} dashed. {}", sig(best, 3), untrack(loss_text))
    });

    let theme = crate::ui::hooks::use_theme();
    let new_seed = move |_| {
        seed.set(fresh_seed(seed.get_untracked()));
        sim.reset();
        sim.play();
    };
    let replay = move |_| {
        sim.reset();
        sim.play();
    };

    // Built here, outside the shell's children: the drawing closures hold non-Send data.
    let landscape_plot = view! { <PlotCanvas aspect=1.25 background=background foreground=foreground on_click=on_click alt=alt /> };
    let loss_plot = view! { <PlotCanvas aspect=2.4 background=blank foreground=chart alt=chart_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {landscape_plot}
                    {loss_plot}
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{move || step_count.get()}</span>
                        " of "{move || steps.get().round()}
                        <br/>"θ₀ = "<span data-readout="start">{move || format!("({}, {})", sig(x0.get(), 3), sig(y0.get(), 3))}</span>
                    </p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"α"</th><th scope="col">"Loss"</th></tr></thead>
                        <tbody>
                            // Three fixed rows whose cells update in place (no DOM rebuilt per frame).
                            {(0..3).map(|i| {
                                let row = move || table.with(|t| t[i].clone());
                                view! {
                                    <tr data-run-status=move || row().3.as_str()>
                                        <td>
                                            <span class="swatch" style=move || format!("background:{}", theme.get().series_css(i))></span>
                                            {move || row().0}
                                        </td>
                                        <td>{move || sig(row().1, 3)}</td>
                                        <td>{move || { let (_, _, loss, st) = row(); if st == Status::Diverged { "diverged".to_string() } else { sig(loss, 4) } }}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="sr-only" data-readout="loss">{loss_text}</p>
                    <div class="controls">
                        <Slider label="Mini-batch size B" name="b" value=b min=1.0 max=n as f64 step=1.0 />
                        <LogSlider label="α, full batch" name="lr_gd" value=lr_gd min=0.001 max=2.5 />
                        <LogSlider label="α, mini-batch" name="lr_mb" value=lr_mb min=0.001 max=2.5 />
                        <LogSlider label="α, single example" name="lr_one" value=lr_one min=0.001 max=2.5 />
                        <Slider label="Steps" name="steps" value=steps min=10.0 max=2000.0 step=10.0 />
                        <Slider label="θ₀ intercept" name="x0" value=x0 min=X_RANGE.0 max=X_RANGE.1 step=0.05 />
                        <Slider label="θ₀ slope" name="y0" value=y0 min=Y_RANGE.0 max=Y_RANGE.1 step=0.05 />
                        <div class="seed-row">
                            <span>"Seed "<span data-readout="seed">{move || seed.get()}</span></span>
                            <button type="button" on:click=new_seed>"New seed"</button>
                            <button type="button" on:click=replay>"Same seed again"</button>
                        </div>
                    </div>
                    <p class="note">"Learning rates follow torch.optim.SGD: θ ← θ − α·g. The loss is (1/2N)‖Xθ − y‖²; N = "{n}"."</p>
                </div>
            </div>
        </WidgetShell>
    }
}
