//! `logistic`: SGD on the cross-entropy of a two-class problem in the plane, drawn three ways:
//! the decision boundary θᵀx = 0 turning over the points, the path in weight space over the
//! loss's contours, and the loss curve.

use crate::core::beyond::logistic::{self as lg, accuracy, boundary};
use crate::core::model::Logistic;
use crate::core::problem::{Objective, Problem, norm};
use crate::core::run::Status;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series, draw_landscape_background, draw_landscape_foreground};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, SeedRow, aspect, blank, draw_chart_on, draw_paths, landscape_background, live, runs_reached, start_picker, step_runs, use_reached, use_replayed, use_status, all_runs};
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;
use std::cell::RefCell;
use std::rc::Rc;
pub use crate::catalog::logistic::{ID, SPECS, TITLE};
use crate::catalog::logistic::W;

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <LogisticWidget params=p /> }.into_any()
}

/// The last problem built, keyed by the bits of (separation, λ).
type Cached = Option<((u64, u64), Rc<Logistic>)>;

thread_local! {
    static CACHE: RefCell<Cached> = const { RefCell::new(None) };
}

/// The problem for a separation and λ (the last one is kept: the runs and both backgrounds
/// ask for the same one).
fn problem(sep: f64, l2: f64) -> Rc<Logistic> {
    let key = (sep.to_bits(), l2.to_bits());
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        match &*c {
            Some((k, f)) if *k == key => f.clone(),
            _ => {
                let f = lg::problem(sep, l2);
                *c = Some((key, f.clone()));
                f
            }
        }
    })
}

/// The boundary θᵀx = 0 in the data window, as a series.
fn boundary_series(theta: &[f64], color: usize, mark: Mark) -> Option<Series> {
    boundary(theta, 0.0, lg::DATA).map(|[p, q]| Series::line(color, vec![p, q]).with(mark))
}

#[component]
fn LogisticWidget(params: Parsed) -> impl IntoView {
    let lr = RwSignal::new(params.f64("lr"));
    let batch = RwSignal::new(params.int("b") as f64);
    let l2 = RwSignal::new(params.f64("l2"));
    let sep = RwSignal::new(params.f64("sep"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let seed = RwSignal::new(params.seed("seed"));
    let x0 = RwSignal::new(params.f64("x0"));
    let y0 = RwSignal::new(params.f64("y0"));
    let notices = RwSignal::new(params.notices.clone());

    let make = move || {
        let f: Problem = problem(sep.get_untracked(), l2.get_untracked());
        let b = (batch.get_untracked().round() as usize).clamp(1, 200);
        let max = steps.get_untracked().round() as usize;
        vec![lg::run(&f, lr.get_untracked(), b, max, [x0.get_untracked(), y0.get_untracked()], seed.get_untracked())]
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        lr.track(); batch.track(); l2.track(); sep.track(); steps.track(); seed.track(); x0.track(); y0.track();
    };
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, track);
    let step_count = use_reached(runs, sim, runs_reached);
    let status = use_status(runs, sim, all_runs);

    // The optimum of the current problem: (θ*, L*, its accuracy).
    let optimum = Memo::new(move |_| {
        let f = problem(sep.get(), l2.get());
        let (opt, best) = f.minimum().unwrap_or((vec![0.0, 0.0], 0.0));
        let acc = accuracy(&f.data, &opt);
        (opt, best, acc)
    });
    // The run now: (θ, loss, accuracy, status), once per tick.
    let now = Memo::new(move |_| {
        sim.tick.track();
        let f = problem(sep.get(), l2.get());
        runs.with_value(|rs| {
            let r = &rs[0];
            (r.position().to_vec(), r.loss(), accuracy(&f.data, r.position()), r.status())
        })
    });

    // Data space: the points (static), then the boundary now and the optimum's.
    let data_bg = move |layer: &Layer| {
        let f = problem(sep.get(), l2.get());
        let root = layer.backend()?.into_drawing_area();
        let (xr, yr) = lg::DATA;
        let area = draw_landscape_background(&root, xr, yr, ("x₁", "x₂"), &[], &layer.theme, layer.scale, &mut |_| Vec::new()).ok()?;
        let class = |label: f64| (0..f.data.n).filter(|&i| f.data.y[i] == label).map(|i| (f.data.row(i)[0], f.data.row(i)[1])).collect::<Vec<_>>();
        let dots = [Series::line(0, class(0.0)).with(Mark::Dots), Series::line(1, class(1.0)).with(Mark::Dots)];
        let _ = draw_landscape_foreground(&root, xr, yr, &dots, None, &layer.theme, layer.scale);
        Some(area)
    };
    let data_fg = move |layer: &Layer| {
        let (theta, ..) = now.get();
        let (opt, ..) = optimum.get();
        let mut series: Vec<Series> = Vec::new();
        series.extend(boundary_series(&opt, 4, Mark::Dashed));
        series.extend(boundary_series(&theta, 2, Mark::Rule));
        if theta.iter().all(|v| v.is_finite()) {
            // θ as an arrow from the origin: it points into the side called class 1.
            let clip = |v: f64, r: (f64, f64)| v.clamp(r.0, r.1);
            series.push(Series::line(2, vec![(0.0, 0.0), (clip(theta[0], lg::DATA.0), clip(theta[1], lg::DATA.1))]).with(Mark::Arrow));
        }
        draw_paths(layer, lg::DATA, &series, None);
    };

    // Weight space: the loss's heatmap and contours, θ*, and the path.
    let weights_bg = move |layer: &Layer| {
        let f = problem(sep.get(), l2.get());
        let (opt, ..) = optimum.get_untracked();
        let p: Problem = f;
        landscape_background(p, W, ("θ₁", "θ₂"), vec![((opt[0], opt[1]), "θ*".to_string())])(layer)
    };
    let weights_fg = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| vec![Series::line(2, rs[0].trajectory().iter().map(|(_, x)| (x[0], x[1])).collect())]);
        draw_paths(layer, W, &series, Some((x0.get(), y0.get())));
    };
    let on_click = start_picker(W, x0, y0, Some(sim));

    let loss_chart = move |layer: &Layer| {
        sim.tick.track();
        let (_, best, _) = optimum.get();
        // The gap to the minimum on a log axis: SGD's noise floor shows, where the loss itself
        // looks flat after the first few dozen steps.
        let series = runs.with_value(|rs| vec![Series::line(2, rs[0].trajectory().iter().map(|(p, _)| (p.step as f64, (p.loss - best).max(1e-12))).collect())]);
        let spec = ChartSpec::new(("step", "L(θ) − L*"), Axis::linear(), Axis::log());
        draw_chart_on(layer, &series, &spec);
    };

    let loss_text = move || {
        let (_, loss, _, st) = now.get();
        if st == Status::Diverged { "diverged".to_string() } else { sig(loss, 4) }
    };
    let acc_text = move || format!("{}%", (100.0 * now.get().2).round());
    let theta_text = move || {
        let (t, ..) = now.get();
        format!("({}, {})", sig(t[0], 3), sig(t[1], 3))
    };
    let verdict = move || {
        let (t, loss, acc, st) = now.get();
        let (opt, best, best_acc) = optimum.get();
        if st == Status::Diverged {
            return "The run diverged: with this α a step overshoots so far that the loss blows up. Lower α.".to_string();
        }
        let angle = lg::angle_deg(&t, &opt).round();
        let sides = format!("{}% of the points are on their class's side (at the optimum {}%)", (100.0 * acc).round(), (100.0 * best_acc).round());
        if angle >= 10.0 {
            format!("The boundary is still turning: it is {angle}° from the optimum's, and {sides}.")
        } else {
            format!(
                "The boundary is within {angle}° of the optimum's, and {sides}. What is left, a loss {} above the minimum, is mostly in the length of θ: ‖θ‖ = {} against ‖θ*‖ = {}. The direction of θ places the boundary; its length sets how steep the sigmoid is, so how sure the model is of each point.",
                sig((loss - best).max(0.0), 2),
                sig(norm(&t), 3),
                sig(norm(&opt), 3)
            )
        }
    };

    let alt_bucket = Memo::new(move |_| (step_count.get() / 10, sim.playing.get()));
    let data_alt = Signal::derive(move || {
        alt_bucket.track();
        format!(
            "200 points of two classes in the plane and the decision boundary through the origin after {} steps, with θ = {} drawn as an arrow and the optimum's boundary dashed. {} of the points are on their class's side.",
            step_count.get_untracked(),
            untrack(theta_text),
            untrack(acc_text)
        )
    });
    let weights_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("Contours of the loss over the two weights, the optimum θ* marked, and the SGD path from θ₀ = ({}, {}) to {}.", sig(x0.get_untracked(), 3), sig(y0.get_untracked(), 3), untrack(theta_text))
    });
    let loss_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("The loss above its minimum against step, on a log scale; the loss is now {}.", untrack(loss_text))
    });

    let data_plot = view! { <PlotCanvas aspect=1.1 background=data_bg foreground=data_fg alt=data_alt /> };
    let weights_plot = view! { <PlotCanvas aspect=1.1 background=weights_bg foreground=weights_fg on_click=on_click alt=weights_alt /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(2.6, 1.6) background=blank foreground=loss_chart alt=loss_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    <div class="plots pair">{data_plot}{weights_plot}</div>
                    <Legend items=vec![(0, "class 0".to_string()), (1, "class 1".to_string()), (2, "SGD: boundary, θ and path".to_string()), (4, "the optimum's boundary".to_string())] />
                    {loss_plot}
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{live(move || step_count.get().to_string())}</span>" of "{live(move || steps.get().round().to_string())}
                    </p>
                    <table class="runs">
                        <thead><tr><th scope="col"><span class="sr-only">"Quantity"</span></th><th scope="col">"SGD now"</th><th scope="col">"Optimum"</th></tr></thead>
                        <tbody>
                            <tr><th scope="row">"Loss"</th><td data-readout="loss">{live(loss_text)}</td><td data-readout="best">{live(move || sig(optimum.get().1, 4))}</td></tr>
                            <tr><th scope="row">"On their side"</th><td data-readout="accuracy">{live(acc_text)}</td><td data-readout="best-accuracy">{live(move || format!("{}%", (100.0 * optimum.get().2).round()))}</td></tr>
                            <tr><th scope="row">"θ"</th><td data-readout="theta">{live(theta_text)}</td><td data-readout="optimum">{live(move || { let o = optimum.get().0; format!("({}, {})", sig(o[0], 3), sig(o[1], 3)) })}</td></tr>
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.01 max=20.0 />
                        <Slider label="Mini-batch size B" name="b" value=batch min=1.0 max=200.0 step=1.0 />
                        <LogSlider label="L2 weight λ" name="l2" value=l2 min=lg::L2_RANGE.0 max=lg::L2_RANGE.1 />
                        <Slider label="Class separation" name="sep" value=sep min=lg::SEP_RANGE.0 max=lg::SEP_RANGE.1 step=0.05 />
                        <Slider label="Steps" name="steps" value=steps min=20.0 max=2000.0 step=10.0 />
                        <Slider label="θ₀ first weight" name="x0" value=x0 min=W.0.0 max=W.0.1 step=0.05 />
                        <Slider label="θ₀ second weight" name="y0" value=y0 min=W.1.0 max=W.1.1 step=0.05 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "Two classes of 100 points, unit-variance Gaussians with means ±s·(1, 0.6) for separation s. The model has no intercept: \
                         p(class 1 | x) = σ(θᵀx), so the boundary θᵀx = 0 passes through the origin at right angles to the arrow θ, which points to the class 1 side. The loss is the mean \
                         cross-entropy plus (λ/2)‖θ‖². SGD follows torch.optim.SGD: θ ← θ − α·g on mini-batches of B drawn without \
                         replacement (B = 200 is gradient descent). Click the weight map to start from there."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
