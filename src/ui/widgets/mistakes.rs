//! `mistakes`: a gallery of common mistakes. Each preset runs the mistake on a small problem
//! and, on the same noise stream, its fix; one toggle shows the fix next to it. The loss above
//! the optimum on a log axis, the paths on the loss landscape, and the measured symptom of each.

use crate::core::mistakes::{self as mk, Preset, Settings};
use crate::core::run::Run;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Select, Slider, Toggle, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, SeedRow, View, all_runs, aspect, blank, draw_chart_on, draw_paths, landscape_background, live, on_change, runs_reached, step_runs, use_reached, use_replayed, use_status};
use leptos::prelude::*;
pub use crate::catalog::mistakes::{ID, SPECS, TITLE};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <Mistakes params=p /> }.into_any()
}

/// The landscape window: the start (−0.5, 2) and the optimum near (1.4, 1) with room around.
const VIEW: View = ((-1.5, 3.5), (-1.0, 3.0));
const LR_MIN: f64 = 1e-4;

/// The preset select is a choice of words in links, not a number.
impl crate::ui::components::ParamNumber for Preset {
    fn number(&self) -> Option<f64> {
        None
    }
}

/// What the readouts show about the two runs.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    text: String,
    symptom: bool,
    cured: bool,
    diverged: bool,
    /// The measure the symptom is judged by, for the ratio mistake / fix.
    level: f64,
}

#[component]
fn Mistakes(params: Parsed) -> impl IntoView {
    let preset = RwSignal::new(Preset::from_index(params.choice("preset")));
    let d = preset.get_untracked().defaults();
    let given = |key: &str, default: f64| if params.f64(key) > 0.0 { params.f64(key) } else { default };
    let lr = RwSignal::new(given("lr", d.lr).max(LR_MIN));
    let batch = RwSignal::new(given("b", d.batch as f64));
    let steps = RwSignal::new(given("steps", d.steps as f64).max(20.0));
    let fixed = RwSignal::new(params.choice("fix") == 0);
    let seed = RwSignal::new(params.seed("seed"));
    let mut notes = params.notices.clone();
    if params.f64("lr") > 0.0 && params.f64("lr") < LR_MIN {
        notes.push(format!("Learning rate α raised to the smallest allowed, {LR_MIN}."));
    }
    if params.int("steps") > 0 && params.int("steps") < 20 {
        notes.push("Steps raised to the smallest allowed, 20.".to_string());
    }
    let notices = RwSignal::new(notes);
    let settings = move || Settings { lr: lr.get(), batch: batch.get().round().max(1.0) as usize, steps: steps.get().round().max(1.0) as usize };
    let settings_untracked = move || untrack(settings);

    let make = move || mk::runs(preset.get_untracked(), settings_untracked(), seed.get_untracked());
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        preset.track();
        lr.track();
        batch.track();
        steps.track();
        seed.track();
    };
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, track);
    // A new preset brings its own settings, and shows the mistake alone again.
    on_change(move || preset.track(), move || {
        let d = preset.get_untracked().defaults();
        lr.set(d.lr);
        batch.set(d.batch as f64);
        steps.set(d.steps as f64);
        fixed.set(false);
    });
    let step_count = use_reached(runs, sim, runs_reached);
    let status = use_status(runs, sim, all_runs);
    let max_steps = move || steps.get().round().max(1.0) as usize;

    let rows = Memo::new(move |_| {
        sim.tick.track();
        let p = preset.get();
        let b = batch.get().round().max(1.0) as usize;
        runs.with_value(|rs| {
            rs.iter()
                .map(|r| {
                    let m = mk::measure(p, r, b);
                    let level = match p {
                        Preset::NoShuffle => m.tail_mean,
                        Preset::ConstantLr => m.tail_sd,
                        _ => m.ratio(),
                    };
                    Row { text: mk::describe(p, &m, r.steps()), symptom: r.steps() > 0 && mk::shows_symptom(p, &m), cured: mk::cured(p, &m), diverged: m.diverged_at.is_some(), level }
                })
                .collect::<Vec<_>>()
        })
    });
    let row = move |i: usize| rows.with(|r| r.get(i).cloned());
    let done = move || step_count.get() >= max_steps() || runs.with_value(|rs| rs.first().is_some_and(|r| r.status().is_done()));
    let verdict = move || {
        let p = preset.get();
        let (Some(m), Some(f)) = (row(0), row(1)) else { return String::new() };
        if step_count.get() == 0 {
            return format!("Expect: {}. Press Play.", p.symptom());
        }
        let mistake = if m.symptom {
            format!("The mistake shows it: {}.", m.text)
        } else if done() {
            format!("No symptom with these settings: {}.", m.text)
        } else {
            format!("So far: {}.", m.text)
        };
        if !fixed.get() {
            return format!("{mistake} Apply the fix to compare.");
        }
        let times = if !m.diverged && f.level > 0.0 && m.level > f.level {
            format!(", {}× lower", sig(m.level / f.level, 2))
        } else {
            String::new()
        };
        let cure = if f.cured {
            format!("The fix ({}) cures it: {}{times}.", p.fix(), f.text)
        } else {
            format!("With the fix ({}): {}.", p.fix(), f.text)
        };
        format!("{mistake} {cure}")
    };

    // Plots: the mistake (colour 0) and, with the fix applied, the fix (colour 1).
    let shown = move |rs: &[Run]| -> usize { if fixed.get() { rs.len() } else { 1 } };
    let background = move |layer: &Layer| {
        let p = preset.get();
        let f = mk::problem(p);
        let opt = f.minimum().map(|m| m.0).unwrap_or(vec![0.0, 0.0]);
        landscape_background(f, VIEW, ("θ₁ (intercept)", "θ₂ (slope)"), vec![((opt[0], opt[1]), "θ*".to_string())])(layer)
    };
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| {
            rs.iter().take(shown(rs)).enumerate().map(|(i, r)| Series::line(i, r.trajectory().iter().map(|(_, x)| (x[0], x[1])).collect())).collect::<Vec<_>>()
        });
        draw_paths(layer, VIEW, &series, Some((mk::START[0], mk::START[1])));
    };
    let chart = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| {
            rs.iter()
                .take(shown(rs))
                .enumerate()
                .map(|(i, r)| {
                    let best = r.problem().minimum().map(|m| m.1).unwrap_or(0.0);
                    Series::line(i, r.trajectory().iter().map(|(p, _)| (p.step as f64, (p.loss - best).max(1e-12))).collect())
                })
                .collect::<Vec<_>>()
        });
        // At least 1e-5 to 1e2 (so the fix does not rescale the axis), stretched to hold every
        // point: a diverging run climbs far above, a cured one can sink below.
        let (lo, hi) = series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).filter(|v| v.is_finite()).fold((1e-5f64, 1e2f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let spec = ChartSpec::new(("step", "L − L* (log)"), Axis::linear().range(0.0, max_steps() as f64), Axis::log().range(lo, hi));
        draw_chart_on(layer, &series, &spec);
    };
    let alt_bucket = Memo::new(move |_| (step_count.get() / 20, sim.playing.get(), fixed.get(), preset.get()));
    let alt = Signal::derive(move || {
        alt_bucket.track();
        format!("{}: paths on the loss landscape from θ₀ = (−0.5, 2). {}", preset.get_untracked().title(), untrack(verdict))
    });
    let chart_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("Loss above the optimum against step on a log scale. {}", untrack(verdict))
    });
    let note = move || {
        let p = preset.get();
        let f = mk::problem(p);
        let lim = |x: &[f64]| mk::stability_limit(&*f, x).map(|v| sig(v, 2)).unwrap_or_default();
        let opt = f.minimum().map(|m| m.0).unwrap_or(vec![0.0, 0.0]);
        match p {
            Preset::TooHigh => format!("Layer 1's regression is a quadratic: gradient descent is stable for α < 2/λ_max = {} everywhere. The fix divides α by 10.", lim(&opt)),
            Preset::TooLow => "The fix follows the usual advice: multiply α by 10 until the loss falls fast, here twice.".to_string(),
            Preset::NoWarmUp => format!(
                "A loss with a quartic term, ℓ = ½r² + ¼r⁴, is sharper where the residuals r are large. B = {} at α = {} is stable; the linear scaling rule takes B × {} to α × {}. \
                 The stability limit 2/λ_max is {} at the start but {} at the optimum. The fix ramps α up linearly from 1 % over the first 10 % of the steps (LinearLR(0.01, 1)).",
                mk::SMALL_BATCH, mk::SMALL_LR, mk::SCALE, mk::SCALE, lim(&mk::START), lim(&opt)
            ),
            Preset::NoShuffle => "The same 200 examples sorted by y and visited in that order, epoch after epoch. The fix reshuffles them at the start of every epoch.".to_string(),
            Preset::ConstantLr => "Single examples (B = 1). The fix lets α follow a cosine from its start value to 0 over the run (CosineAnnealingLR).".to_string(),
        }
    };

    let landscape_plot = view! { <PlotCanvas aspect=aspect(1.3, 1.15) background=background foreground=foreground alt=alt /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(2.4, 1.6) background=blank foreground=chart alt=chart_alt /> };
    let options: Vec<(Preset, String)> = Preset::ALL.iter().map(|p| (*p, p.title().to_string())).collect();
    let legend = move || {
        let p = preset.get();
        let mut items = vec![(0, format!("mistake: {}", p.title()))];
        if fixed.get() {
            items.push((1, format!("fix: {}", p.fix())));
        }
        view! { <Legend items=items /> }
    };
    let yes = |b: bool| if b { "yes" } else { "no" };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {landscape_plot}
                    {loss_plot}
                    {legend}
                </div>
                <div class="side">
                    <Select label="Mistake" name="preset" value=preset options=options />
                    <p class="symptom">"Symptom to expect: "<span data-readout="expect">{live(move || preset.get().symptom().to_string())}</span></p>
                    <Toggle label="Apply the fix" name="fix" value=fixed />
                    <p class="fix-name">"The fix: "<span data-readout="fix-name">{live(move || preset.get().fix().to_string())}</span></p>
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || step_count.get().to_string())}</span>" of "{live(move || max_steps().to_string())}</p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"Measured"</th><th scope="col">"Symptom"</th></tr></thead>
                        <tbody>
                            <tr>
                                <td>"mistake"</td>
                                <td data-readout="mistake">{live(move || row(0).map(|r| r.text).unwrap_or_default())}</td>
                                <td data-readout="mistake-symptom">{live(move || row(0).map(|r| yes(r.symptom).to_string()).unwrap_or_default())}</td>
                            </tr>
                            <tr class:is-hidden=move || !fixed.get()>
                                <td>"fix"</td>
                                <td data-readout="fix">{live(move || if fixed.get() { row(1).map(|r| r.text).unwrap_or_default() } else { String::new() })}</td>
                                <td data-readout="fix-symptom">{live(move || if fixed.get() { row(1).map(|r| yes(r.symptom).to_string()).unwrap_or_default() } else { String::new() })}</td>
                            </tr>
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <LogSlider label="Learning rate α" name="lr" value=lr min=LR_MIN max=5.0 />
                        <Slider label="Mini-batch size B" name="b" value=batch min=1.0 max=200.0 step=1.0 />
                        <Slider label="Steps" name="steps" value=steps min=20.0 max=3000.0 step=10.0 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">{note}</p>
                </div>
            </div>
        </WidgetShell>
    }
}
