//! `lr-basics`: plain gradient descent on a 2-D bowl with one learning-rate slider, so a
//! learner sees a step size that crawls, one that works, and one that diverges.

use crate::core::landscape::Landscape;
use crate::core::optimizer::OptimizerConfig;
use crate::core::problem::{Problem, curvatures};
use crate::core::run::{Run, RunConfig, Status};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, run_series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{all_runs, blank, draw_chart_on, draw_paths, landscape_background, runs_reached, start_picker, step_runs, use_replayed, use_status};
use leptos::prelude::*;
pub use crate::catalog::lr_basics::{ID, SPECS, TITLE};
use crate::catalog::lr_basics::VIEW;

/// The bowl L(θ) = θ₁² + κθ₂².
pub const KAPPA: f64 = 4.0;
/// The three presets: (button text, α).
const PRESETS: [(&str, f64); 3] = [("Too small", 0.01), ("Good", 0.2), ("Too big", 0.3)];

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <LrBasics params=p /> }.into_any()
}

/// The bowl, shared with the prose (which quotes its stability limit).
pub fn bowl() -> Problem {
    Landscape::Quadratic { kappa: KAPPA }.into_problem()
}

/// The largest stable step 2/λ_max of the bowl, from its Hessian.
pub fn max_stable_lr() -> f64 {
    let f = bowl();
    curvatures(&*f, &[0.0, 0.0]).map(|(_, hi)| 2.0 / hi).unwrap_or(0.0)
}

#[component]
fn LrBasics(params: Parsed) -> impl IntoView {
    let f = bowl();
    let limit = max_stable_lr();
    let lr = RwSignal::new(params.f64("lr"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let x0 = RwSignal::new(params.f64("x0"));
    let y0 = RwSignal::new(params.f64("y0"));
    let notices = RwSignal::new(params.notices.clone());

    let make = {
        let f = f.clone();
        move || {
            let cfg = RunConfig::new(OptimizerConfig::sgd(lr.get_untracked()), vec![x0.get_untracked(), y0.get_untracked()])
                .max_steps(steps.get_untracked().round() as usize)
                .tol(1e-6);
            vec![Run::new(f.clone(), cfg)]
        }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    // A new α or start replays the run to the step it had reached.
    let (run, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, move || {
        lr.track();
        steps.track();
        x0.track();
        y0.track();
    });

    // (step, loss, ‖∇L‖, status), once per tick.
    let state = Memo::new(move |_| {
        sim.tick.track();
        run.with_value(|r| (r[0].steps(), r[0].loss(), r[0].grad_norm(), r[0].status()))
    });
    let status = use_status(run, sim, all_runs);
    let verdict = move || {
        let (t, loss, _, st) = state.get();
        let a = lr.get();
        match st {
            Status::Diverged => format!("Diverged after {t} steps: every step overshoots further than the last, because α = {} is above 2/λ_max = {}.", sig(a, 3), sig(limit, 3)),
            Status::Converged => format!("Converged in {t} steps (‖∇L‖ < 10⁻⁶)."),
            Status::MaxSteps if loss > 1e-3 => format!("Still at loss {} after {t} steps: α = {} is too timid.", sig(loss, 3), sig(a, 3)),
            _ if a > limit => format!("α = {} is above 2/λ_max = {}: watch it blow up.", sig(a, 3), sig(limit, 3)),
            _ if a > limit / 2.0 => "Overshooting: each step crosses the valley, but the swings shrink.".to_string(),
            _ => "Heading downhill.".to_string(),
        }
    };

    let background = landscape_background(f.clone(), VIEW, ("θ₁", "θ₂"), vec![((0.0, 0.0), "minimum".to_string())]);
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let series = run.with_value(|r| run_series(r, |_, x| (x[0], x[1])));
        draw_paths(layer, VIEW, &series, Some((x0.get(), y0.get())));
    };
    let on_click = start_picker(VIEW, x0, y0, Some(sim));
    let chart = move |layer: &Layer| {
        sim.tick.track();
        let series = run.with_value(|r| run_series(r, |p, _| (p.step as f64, p.loss)));
        draw_chart_on(layer, &series, &ChartSpec::new(("step", "loss L(θ)"), Axis::linear(), Axis::log()));
    };
    let alt_bucket = Memo::new(move |_| (state.get().0 / 10, state.get().3));
    let alt = Signal::derive(move || {
        alt_bucket.track();
        let (t, loss, _, st) = state.get_untracked();
        format!(
            "Contours of the bowl θ₁² + {}θ₂² and the gradient-descent path with α = {} after {t} steps; loss {}, {}.",
            KAPPA,
            sig(lr.get_untracked(), 3),
            sig(loss, 3),
            st.as_str()
        )
    });
    let chart_alt = Signal::derive(move || format!("Loss against step on a log scale. {}", alt.get()));
    let preset = move |a: f64| {
        lr.set(a);
        sim.reset();
        sim.play();
    };

    let landscape_plot = view! { <PlotCanvas aspect=1.33 background=background foreground=foreground on_click=on_click alt=alt /> };
    let loss_plot = view! { <PlotCanvas aspect=2.6 background=blank foreground=chart alt=chart_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {landscape_plot}
                    {loss_plot}
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <div class="presets" role="group" aria-label="Learning-rate presets">
                        {PRESETS.iter().map(|&(name, a)| view! {
                            <button type="button" on:click=move |_| preset(a)>{format!("{name} ({a})")}</button>
                        }).collect_view()}
                    </div>
                    <p class="readouts">
                        "Step "<span data-readout="step">{move || state.get().0}</span>" of "{move || steps.get().round()}
                        <br/>"Loss "<span data-readout="loss">{move || sig(state.get().1, 4)}</span>
                        <br/>"‖∇L‖ "<span data-readout="grad">{move || sig(state.get().2, 3)}</span>
                        ", next step length α‖∇L‖ = "<span data-readout="step-length">{move || sig(lr.get() * state.get().2, 3)}</span>
                    </p>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{verdict}</p>
                    <div class="controls">
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.001 max=1.0 />
                        <Slider label="Steps" name="steps" value=steps min=10.0 max=1000.0 step=10.0 />
                        <Slider label="θ₀ first coordinate" name="x0" value=x0 min=VIEW.0.0 max=VIEW.0.1 step=0.05 />
                        <Slider label="θ₀ second coordinate" name="y0" value=y0 min=VIEW.1.0 max=VIEW.1.1 step=0.05 />
                    </div>
                    <p class="note">
                        "L(θ) = θ₁² + "{KAPPA}"θ₂². Its curvatures are 2 and "{2.0 * KAPPA}
                        ", so gradient descent is stable only for α < 2/"{2.0 * KAPPA}" = "{sig(limit, 3)}
                        ". A run is stopped and marked diverged once ‖θ‖ passes 10⁶. Click the plot to start elsewhere."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
