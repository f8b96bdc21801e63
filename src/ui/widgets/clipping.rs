//! `clipping`: gradient descent on a plateau that ends in a cliff. One unclipped step off the
//! face throws θ onto ground so steep that the next numbers overflow; the run is stopped and
//! marked diverged. Clipping the gradient by its global norm or by value keeps every step short.

use crate::core::layer2::cliff::{self, Watched};
use crate::core::optimizer::Clip;
use crate::core::problem::Problem;
use crate::core::run::Status;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series, run_series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Select, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, aspect, blank, draw_chart_on, draw_paths, landscape_background, live, start_picker, use_replayed, use_status};
use leptos::prelude::*;
pub use crate::catalog::clipping::{ID, SPECS, TITLE};
use crate::catalog::clipping::{MODES, VIEW};

const MODE_LABELS: [&str; 3] = ["none", "by global norm", "by value"];
const _: () = assert!(MODE_LABELS.len() == MODES.len());

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <Clipping params=p /> }.into_any()
}

/// The clipping transform for a mode index and threshold.
fn clip_of(mode: u32, c: f64) -> Clip {
    match mode {
        1 => Clip::Norm(c),
        2 => Clip::Value(c),
        _ => Clip::None,
    }
}

/// The longest step a clipped run can take: α·c by norm, α·c·√d by value (d = 2 here).
fn step_bound(mode: u32, c: f64, lr: f64) -> Option<f64> {
    match mode {
        1 => Some(lr * c),
        2 => Some(lr * c * 2f64.sqrt()),
        _ => None,
    }
}

/// What the readouts show, once per tick.
#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    step: usize,
    loss: f64,
    status: Status,
    /// ‖g‖ of the last step, before and after clipping (the start's gradient at step 0).
    before: f64,
    after: f64,
    /// ‖∇L‖ at the current point: the gradient the next step would use.
    here: f64,
    longest: f64,
    peak: f64,
}

#[component]
fn Clipping(params: Parsed) -> impl IntoView {
    let f: Problem = cliff::problem();
    let (min_at, _) = f.minimum().unwrap_or((vec![0.0, 0.0], 0.0));
    // u32, like the speed menu, so both share one instance of Select.
    let mode = RwSignal::new(params.choice("clip").min(MODES.len() - 1) as u32);
    let c = RwSignal::new(params.f64("c"));
    let lr = RwSignal::new(params.f64("lr"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let x0 = RwSignal::new(params.f64("x0"));
    let y0 = RwSignal::new(params.f64("y0"));
    let notices = RwSignal::new(params.notices.clone());

    let make = move || {
        Watched::new(
            lr.get_untracked(),
            clip_of(mode.get_untracked(), c.get_untracked()),
            [x0.get_untracked(), y0.get_untracked()],
            steps.get_untracked().round() as usize,
        )
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let (run, sim) = use_replayed(root, params.int("speed"), make, |w, n| !w.advance(n).is_done(), |w| w.run.steps(), move || {
        mode.track();
        c.track();
        lr.track();
        steps.track();
        x0.track();
        y0.track();
    });

    let snap = move || {
        sim.tick.track();
        run.with_value(|w| {
            let r = &w.run;
            let (before, after) = r.trajectory().last().map(|(p, _)| (p.grad_norm, p.clipped_norm)).unwrap_or((0.0, 0.0));
            Snapshot { step: r.steps(), loss: r.loss(), status: r.status(), before, after, here: r.grad_norm(), longest: w.longest, peak: w.peak }
        })
    };
    let status = use_status(run, sim, |w: &Watched| std::slice::from_ref(&w.run));
    let bound = move || step_bound(mode.get(), c.get(), lr.get());
    let bound_text = move || match (mode.get(), bound()) {
        (1, Some(b)) => format!("α·c = {}", sig(b, 3)),
        (2, Some(b)) => format!("α·c·√2 = {}", sig(b, 3)),
        _ => "none".to_string(),
    };

    let verdict = move || {
        let s = snap();
        let (m, cv, a) = (mode.get(), c.get(), lr.get());
        if s.step == 0 && s.status != Status::Diverged {
            return format!(
                "The run starts at ({}, {}). Right of x = 3 is a plateau; at x = 3 it drops down a steep face to the valley. Clipping: {}. Press Play.",
                sig(x0.get(), 3),
                sig(y0.get(), 3),
                MODE_LABELS[m as usize]
            );
        }
        match s.status {
            Status::Diverged => format!(
                "Diverged after {} steps. The largest gradient, on the face, had norm {}; with nothing to cap it the step was α‖g‖ = {} long, and it threw θ onto ground so steep that the next gradient has norm {}. The step after that left the finite numbers, so the run was stopped and marked diverged; nothing past the last finite point is drawn.",
                s.step,
                sig(s.peak, 3),
                sig(s.longest, 3),
                sig(s.here, 2)
            ),
            Status::Converged => format!("Converged in {} steps: ‖∇L‖ < 10⁻⁸ on the valley floor, loss {}.", s.step, sig(s.loss, 4)),
            _ if m == 0 => format!("No clipping: every step is α‖g‖ long, however large ‖g‖ is. Longest so far: {}.", sig(s.longest, 3)),
            _ if s.peak <= cv => format!("So far ‖g‖ has stayed below c = {}, so clipping has not acted. Longest step: {}.", sig(cv, 3), sig(s.longest, 3)),
            _ => format!(
                "Clipping held every step to at most {} long: the gradient norm reached {} on the face, yet the longest step was {}. The run walks down the face instead of leaping off it (loss now {}).",
                sig(step_bound(m, cv, a).unwrap_or(0.0), 3),
                sig(s.peak, 3),
                sig(s.longest, 3),
                sig(s.loss, 4)
            ),
        }
    };

    let background = landscape_background(f.clone(), VIEW, ("θ₁", "θ₂"), vec![((min_at[0], min_at[1]), "minimum".to_string())]);
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let series = run.with_value(|w| run_series(std::slice::from_ref(&w.run), |_, x| (x[0], x[1])));
        draw_paths(layer, VIEW, &series, Some((x0.get(), y0.get())));
    };
    let on_click = start_picker(VIEW, x0, y0, Some(sim));
    let norms = move |layer: &Layer| {
        sim.tick.track();
        let (before, after) = run.with_value(|w| {
            let pts = || w.run.trajectory().iter().filter(|(p, _)| p.step > 0);
            (
                pts().map(|(p, _)| (p.step as f64, p.grad_norm)).collect::<Vec<_>>(),
                pts().map(|(p, _)| (p.step as f64, p.clipped_norm)).collect::<Vec<_>>(),
            )
        });
        // Whole decades, at least four, so the log axis ticks at powers of ten.
        let (lo, hi) = before.iter().chain(&after).map(|p| p.1).filter(|v| *v > 0.0 && v.is_finite()).fold((f64::INFINITY, 0.0f64), |(a, b), v| (a.min(v), b.max(v)));
        let top = if hi > 0.0 { (hi.log10() + 0.2).ceil().max(1.0) } else { 1.0 };
        let bottom = if lo.is_finite() { lo.log10().floor().clamp(top - 12.0, top - 4.0) } else { top - 4.0 };
        let mut spec = ChartSpec::new(("step", "gradient norm ‖g‖"), Axis::linear(), Axis::log().range(10f64.powf(bottom), 10f64.powf(top)));
        let (m, cv) = (mode.get(), c.get());
        if m == 1 {
            spec = spec.reference(cv, format!("c = {}", sig(cv, 3)));
        } else if m == 2 {
            spec = spec.reference(cv * 2f64.sqrt(), format!("c·√2 = {}", sig(cv * 2f64.sqrt(), 3)));
        }
        // The clipped norm dashed on top, so both show where clipping does nothing.
        draw_chart_on(layer, &[Series::line(1, before), Series::line(0, after).with(Mark::Dashed)], &spec);
    };

    let alt_bucket = Memo::new(move |_| (snap().step / 10, snap().status, sim.playing.get()));
    let alt = Signal::derive(move || {
        alt_bucket.track();
        let s = untrack(snap);
        format!(
            "Heatmap and contours of the cliff landscape: a plateau right of x = 3, a steep face, and a valley with its minimum marked; the path from ({}, {}) after {} steps, clipping {}, {}.",
            sig(x0.get_untracked(), 3),
            sig(y0.get_untracked(), 3),
            s.step,
            MODE_LABELS[mode.get_untracked() as usize],
            s.status.as_str()
        )
    });
    let chart_alt = Signal::derive(move || {
        alt_bucket.track();
        let s = untrack(snap);
        format!(
            "Gradient norm per step on a log scale, before clipping and after. Largest before clipping: {}; longest step: {}; bound on the step: {}.",
            sig(s.peak, 3),
            sig(s.longest, 3),
            untrack(bound_text)
        )
    });

    let landscape_plot = view! { <PlotCanvas aspect=1.5 background=background foreground=foreground on_click=on_click alt=alt /> };
    let norm_plot = view! { <PlotCanvas aspect=aspect(2.4, 1.8) background=blank foreground=norms alt=chart_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {landscape_plot}
                    {norm_plot}
                    <Legend items=vec![(1, "‖g‖ before clipping".to_string()), (0, "after clipping (what the step uses)".to_string())] />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{live(move || snap().step.to_string())}</span>" of "{live(move || steps.get().round().to_string())}
                        <br/>"Loss "<span data-readout="loss">{live(move || sig(snap().loss, 4))}</span>
                        <br/>"Last step: ‖g‖ "<span data-readout="grad-before">{live(move || sig(snap().before, 3))}</span>
                        " → clipped "<span data-readout="grad-after">{live(move || sig(snap().after, 3))}</span>
                        <br/>"Longest step so far "<span data-readout="longest">{live(move || sig(snap().longest, 3))}</span>
                        <br/>"Bound on any step: "<span data-readout="bound">{live(bound_text)}</span>
                    </p>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <Select label="Clipping" name="clip" value=mode
                            options=MODE_LABELS.iter().enumerate().map(|(i, l)| (i as u32, l.to_string())).collect() />
                        <LogSlider label="Threshold c" name="c" value=c min=0.1 max=100.0 />
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.01 max=0.5 />
                        <Slider label="Steps" name="steps" value=steps min=50.0 max=2000.0 step=10.0 />
                        <Slider label="θ₀ first coordinate" name="x0" value=x0 min=VIEW.0.0 max=VIEW.0.1 step=0.05 />
                        <Slider label="θ₀ second coordinate" name="y0" value=y0 min=VIEW.1.0 max=VIEW.1.1 step=0.05 />
                    </div>
                    <p class="note">
                        "By norm follows torch.nn.utils.clip_grad_norm_: g ← g·min(1, c/(‖g‖ + 10⁻⁶)), so the direction is kept. \
                         By value follows clip_grad_value_: each coordinate is clamped to [−c, c], which can turn the direction. \
                         Either runs before the update θ ← θ − α·g. A run is stopped and marked diverged when a value stops being \
                         finite or ‖θ‖ passes 10⁶. Click the plot to start elsewhere."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
