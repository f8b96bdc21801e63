//! `bias-correction`: Adam's moments start at zero, so early on they are too small; dividing by
//! 1 − βᵗ undoes that. The factors against t, the first moment and the step of a constant
//! gradient with and without the correction, and (a toggle) Adam without it on a bowl.

use crate::core::layer5::bias;
use crate::core::run::Run;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, Toggle, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, View, all_runs, aspect, blank, draw_chart_on, draw_paths, landscape_background, live, runs_reached, step_runs, use_replayed, use_status};
use leptos::prelude::*;
pub use crate::catalog::bias_correction::{ID, SPECS, TITLE};

/// The t range of the factor plots.
const T_MAX: u32 = 1000;
/// The steps whose factors the table lists.
pub const TABLE_T: [u32; 3] = [1, 10, 100];

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <BiasCorrection params=p /> }.into_any()
}

fn view_window() -> View {
    ((-1.6, 1.6), (-0.8, 0.8))
}

#[component]
fn BiasCorrection(params: Parsed) -> impl IntoView {
    let beta1 = RwSignal::new(params.f64("beta1"));
    let beta2 = RwSignal::new(params.f64("beta2"));
    let lr = RwSignal::new(params.f64("lr"));
    let without = RwSignal::new(params.choice("uncorrected") == 0);
    let notices = RwSignal::new(params.notices.clone());
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let make = move || bias::runs(lr.get_untracked(), beta1.get_untracked(), beta2.get_untracked(), bias::STEPS, without.get_untracked());
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, move || {
        beta1.track();
        beta2.track();
        lr.track();
        without.track();
    });
    let status = use_status(runs, sim, all_runs);
    let t = Memo::new(move |_| {
        sim.tick.track();
        runs.with_value(runs_reached)
    });
    // The factors of the step just taken (of step 1 before any).
    let shown_t = move || t.get().max(1) as u32;
    let texts = move |k: u32| bias::factor_texts(beta1.get(), beta2.get(), k);

    let factor_chart = move |layer: &Layer| {
        let (b1, b2) = (beta1.get(), beta2.get());
        let ts: Vec<u32> = (0..=120).map(|i| (10f64.powf(3.0 * i as f64 / 120.0)).round() as u32).collect();
        let a = Series::line(0, ts.iter().map(|&k| (k as f64, bias::factors(b1, b2, k).0)).collect());
        let b = Series::line(1, ts.iter().map(|&k| (k as f64, bias::factors(b1, b2, k).1)).collect());
        let k = shown_t();
        let (fa, fb) = bias::factors(b1, b2, k);
        let ring_a = Series::line(0, vec![(k as f64, fa)]).with(Mark::Ring);
        let ring_b = Series::line(1, vec![(k as f64, fb)]).with(Mark::Ring);
        let spec = ChartSpec::new(("step t", "correction factor"), Axis::log().range(1.0, T_MAX as f64), Axis::log().range(0.9, 1e4)).reference(1.0, "1 (no correction)".to_string());
        draw_chart_on(layer, &[a, b, ring_a, ring_b], &spec);
    };
    // A constant gradient g = 1: m climbs to 1 (m̂ is 1 from the start); the step m̂/√v̂ is 1·α,
    // the uncorrected step m/√v is (1 − β₁ᵗ)/√(1 − β₂ᵗ)·α.
    let moment_chart = move |layer: &Layer| {
        let (b1, b2) = (beta1.get(), beta2.get());
        let n = 100usize;
        let m = bias::first_moment(b1, 1.0, n);
        let raw = Series::line(0, m.iter().enumerate().map(|(i, p)| ((i + 1) as f64, p.0)).collect());
        let hat = Series::line(1, m.iter().enumerate().map(|(i, p)| ((i + 1) as f64, p.1)).collect()).with(Mark::Dashed);
        let step = Series::line(2, (1..=n as u32).map(|k| (k as f64, bias::step_ratio(b1, b2, k))).collect());
        let k = shown_t().min(n as u32);
        let ring = Series::line(2, vec![(k as f64, bias::step_ratio(b1, b2, k))]).with(Mark::Ring);
        let spec = ChartSpec::new(("step t", "constant gradient g = 1"), Axis::linear().range(0.0, n as f64), Axis::linear().range(0.0, 8.0));
        draw_chart_on(layer, &[raw, hat, step, ring], &spec);
    };
    let f = bias::problem();
    let opt = f.minimum().map(|m| m.0).unwrap_or(vec![0.0, 0.0]);
    let background = landscape_background(f.clone(), view_window(), ("θ₁", "θ₂"), vec![((opt[0], opt[1]), "min".to_string())]);
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| rs.iter().enumerate().map(|(i, r)| Series::line(if i == 0 { 1 } else { 2 }, r.trajectory().iter().map(|(_, x)| (x[0], x[1])).collect())).collect::<Vec<_>>());
        draw_paths(layer, view_window(), &series, Some((bias::START[0], bias::START[1])));
    };
    let losses = Memo::new(move |_| {
        sim.tick.track();
        runs.with_value(|rs| rs.iter().map(Run::loss).collect::<Vec<f64>>())
    });
    let verdict = move || {
        let l = losses.get();
        let k = t.get();
        if k == 0 {
            return format!(
                "Both runs start at ({}, {}) with α = {}. Press Step: with the correction Adam's first step moves each coordinate by α; without it, by {}·α.",
                bias::START[0], bias::START[1], sig(lr.get(), 2), sig(bias::step_ratio(beta1.get(), beta2.get(), 1), 3)
            ).replace('-', "−");
        }
        match l.as_slice() {
            [a, b] => format!(
                "After {k} steps the loss is {} with bias correction and {} without. Without it, step {k} is {}× as long as it should be: m is shrunk by (1 − β₁ᵗ) but √v by the much smaller √(1 − β₂ᵗ), so early steps overshoot.",
                sig(*a, 3), sig(*b, 3), sig(bias::step_ratio(beta1.get(), beta2.get(), k as u32), 3)
            ),
            [a] => format!("After {k} steps corrected Adam is at loss {}. Tick the box to race Adam without the correction.", sig(*a, 3)),
            _ => String::new(),
        }
    };
    let factor_alt = Signal::derive(move || {
        let (a, b) = texts(shown_t());
        format!("Correction factors 1/(1 − β₁ᵗ) and 1/(1 − β₂ᵗ) against t on log axes; at t = {} they are {a} and {b}.", shown_t())
    });
    let moment_alt = Signal::derive(move || {
        format!(
            "Under a constant gradient of 1, the raw first moment m climbs from {} towards 1, the corrected m̂ is 1 from the first step, and Adam's step without correction, in units of α, peaks at {}.",
            sig(1.0 - beta1.get(), 2),
            sig((1..=100).map(|k| bias::step_ratio(beta1.get(), beta2.get(), k)).fold(0.0, f64::max), 3)
        )
    });
    let land_alt = Signal::derive(move || {
        let l = losses.get();
        format!("Loss contours of f = x² + {}y² with Adam's path{} after {} steps; losses {}.", bias::KAPPA, if l.len() > 1 { "s with and without bias correction" } else { "" }, t.get(), l.iter().map(|v| sig(*v, 3)).collect::<Vec<_>>().join(" and "))
    });
    let factor_plot = view! { <PlotCanvas aspect=aspect(2.4, 1.6) background=blank foreground=factor_chart alt=factor_alt /> };
    let moment_plot = view! { <PlotCanvas aspect=aspect(2.4, 1.6) background=blank foreground=moment_chart alt=moment_alt /> };
    let land_plot = view! { <PlotCanvas aspect=2.0 background=background foreground=foreground alt=land_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {factor_plot}
                    <Legend items=vec![(0, "1/(1 − β₁ᵗ), for m".to_string()), (1, "1/(1 − β₂ᵗ), for v".to_string())] />
                    {moment_plot}
                    <Legend items=vec![(0, "m, uncorrected".to_string()), (1, "m̂ = m/(1 − β₁ᵗ)".to_string()), (2, "step without correction, ×α".to_string())] />
                    {land_plot}
                    <Legend items=vec![(1, "Adam (PyTorch, corrected)".to_string()), (2, "Adam without bias correction".to_string())] />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step t = "<span data-readout="step">{live(move || t.get().to_string())}</span>" of "{bias::STEPS}
                        <br/>"1/(1 − β₁ᵗ) = "<span data-readout="factor1">{live(move || texts(shown_t()).0)}</span>"×"
                        <br/>"1/(1 − β₂ᵗ) = "<span data-readout="factor2">{live(move || texts(shown_t()).1)}</span>"×"
                        <br/>"Uncorrected step / corrected step = "<span data-readout="ratio">{live(move || sig(bias::step_ratio(beta1.get(), beta2.get(), shown_t()), 3))}</span>
                    </p>
                    <table class="runs">
                        <caption>"Correction factors"</caption>
                        <thead><tr><th scope="col">"t"</th><th scope="col">"1/(1 − β₁ᵗ)"</th><th scope="col">"1/(1 − β₂ᵗ)"</th></tr></thead>
                        <tbody>
                            {TABLE_T.iter().map(|&k| view! {
                                <tr>
                                    <td>{k}</td>
                                    <td><span data-readout=format!("f1-{k}")>{live(move || texts(k).0)}</span>"×"</td>
                                    <td><span data-readout=format!("f2-{k}")>{live(move || texts(k).1)}</span>"×"</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <Toggle label="Also run Adam without bias correction" name="uncorrected" value=without />
                        <Slider label="β₁" name="beta1" value=beta1 min=0.5 max=0.999 step=0.001 />
                        <Slider label="β₂" name="beta2" value=beta2 min=0.9 max=0.9999 step=0.0001 />
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.01 max=0.3 />
                    </div>
                    <p class="note">
                        "PyTorch's Adam: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − α·m̂/(√v̂ + ε) with m̂ = m/(1 − β₁ᵗ), \
                         v̂ = v/(1 − β₂ᵗ), ε = 10⁻⁸, t counted from 1. “Without bias correction” drops both divisions, as several \
                         published demos do by mistake. Exact gradients on f = x² + 4y²."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
