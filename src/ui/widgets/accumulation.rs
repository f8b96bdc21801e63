//! `accumulation`: a gradient that is loud (σ = 2), quiet (σ = 0.2), then loud again (σ = 1.5),
//! fed to AdaGrad and RMSProp. AdaGrad's sum G only grows, so its effective rate 1/√G only
//! falls; RMSProp's moving average forgets, so its rate climbs back in the quiet stretch.

use crate::core::layer5::accumulation::{self, Row, PHASES};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Series};
use crate::ui::components::{Layer, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, SeedRow, aspect, blank, draw_chart_on, live, use_replayed};
use leptos::prelude::*;
pub use crate::catalog::accumulation::{ID, SPECS, TITLE};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <Accumulation params=p /> }.into_any()
}

/// The whole history (computed at once: 300 steps of two scalars) and how much is shown.
struct Shown {
    rows: Vec<Row>,
    at: usize,
}

fn advance(s: &mut Shown, n: usize) -> bool {
    s.at = (s.at + n).min(s.rows.len());
    s.at < s.rows.len()
}

fn reached(s: &Shown) -> usize {
    s.at
}

/// The ends of the loud and the quiet stretch (steps 100 and 200).
fn ends() -> [usize; 2] {
    [PHASES[0].1, PHASES[0].1 + PHASES[1].1]
}

#[component]
fn Accumulation(params: Parsed) -> impl IntoView {
    let beta = RwSignal::new(params.f64("beta"));
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let make = move || Shown { rows: accumulation::accumulate(&accumulation::signal(seed.get_untracked()), beta.get_untracked()), at: 0 };
    let (state, sim) = use_replayed(root, params.int("speed"), make, advance, reached, move || {
        beta.track();
        seed.track();
    });
    let total: usize = PHASES.iter().map(|p| p.1).sum();
    let at = Memo::new(move |_| {
        sim.tick.track();
        state.with_value(reached)
    });
    let row = move |k: usize| {
        sim.tick.track();
        state.with_value(|s| (k >= 1 && k <= s.at).then(|| s.rows[k - 1]))
    };
    let status = Signal::derive(move || if sim.playing.get() { "running" } else { "paused" });
    let x_axis = move || Axis::linear().range(0.0, total as f64);
    let curves = move |pick: fn(&Row) -> [f64; 2]| {
        state.with_value(|s| {
            let pts = |j: usize| s.rows[..s.at].iter().enumerate().map(|(i, r)| ((i + 1) as f64, pick(r)[j])).collect::<Vec<_>>();
            vec![Series::line(0, pts(0)), Series::line(1, pts(1))]
        })
    };
    let signal_chart = move |layer: &Layer| {
        sim.tick.track();
        let g = state.with_value(|s| s.rows[..s.at].iter().enumerate().map(|(i, r)| ((i + 1) as f64, r.g)).collect::<Vec<_>>());
        draw_chart_on(layer, &[Series::line(2, g)], &ChartSpec::new(("step t", "gradient gₜ"), x_axis(), Axis::linear().range(-6.0, 6.0)));
    };
    let acc_chart = move |layer: &Layer| {
        sim.tick.track();
        draw_chart_on(layer, &curves(|r| [r.s_ada, r.s_rms]), &ChartSpec::new(("step t", "accumulated s"), x_axis(), Axis::log().range(1e-3, 3e3)));
    };
    let rate_chart = move |layer: &Layer| {
        sim.tick.track();
        draw_chart_on(layer, &curves(|r| [r.rate_ada, r.rate_rms]), &ChartSpec::new(("step t", "effective rate 1/√s"), x_axis(), Axis::log().range(1e-2, 30.0)));
    };
    let phase = move |k: usize| {
        if k <= ends()[0] {
            format!("loud stretch, σ = {}", PHASES[0].0)
        } else if k <= ends()[1] {
            format!("quiet stretch, σ = {}", PHASES[1].0)
        } else {
            format!("loud again, σ = {}", PHASES[2].0)
        }
    };
    let verdict = move || {
        let k = at.get();
        let [e1, e2] = ends();
        match (row(e1), row(e2)) {
            _ if k == 0 => "The gradient will be loud for 100 steps, quiet for 100, and loud again for 100. Press Play.".to_string(),
            (Some(a), Some(b)) => format!(
                "Through the quiet stretch (steps {e1}–{e2}) AdaGrad's rate went from {} to {}: its sum cannot forget the loud start. RMSProp's went from {} to {}, {}× higher, because its average of g² covers only the last ≈{} steps.",
                sig(a.rate_ada, 3), sig(b.rate_ada, 3), sig(a.rate_rms, 3), sig(b.rate_rms, 3), sig(b.rate_rms / a.rate_rms, 2), sig(1.0 / (1.0 - beta.get()), 2)
            ),
            _ => format!("Step {k}, {}. AdaGrad's accumulator is a sum, so it only grows; RMSProp's is a moving average.", phase(k)),
        }
    };
    let alt = |what: &'static str| Signal::derive(move || {
        let r = row(at.get());
        format!("{what} against step for the first {} steps; effective rates now: AdaGrad {}, RMSProp {}.", at.get(), r.map(|r| sig(r.rate_ada, 3)).unwrap_or_default(), r.map(|r| sig(r.rate_rms, 3)).unwrap_or_default())
    });
    let cell = move |k: usize, pick: fn(&Row) -> f64| live(move || row(k).map(|r| sig(pick(&r), 3)).unwrap_or_else(|| "—".to_string()));
    let signal_plot = view! { <PlotCanvas aspect=aspect(3.4, 2.0) background=blank foreground=signal_chart alt=alt("The gradient signal") /> };
    let acc_plot = view! { <PlotCanvas aspect=aspect(3.4, 2.0) background=blank foreground=acc_chart alt=alt("AdaGrad's sum G and RMSProp's average s on a log scale") /> };
    let rate_plot = view! { <PlotCanvas aspect=aspect(3.4, 2.0) background=blank foreground=rate_chart alt=alt("Effective rates 1/√s on a log scale") /> };
    let [e1, e2] = ends();
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {signal_plot}
                    {acc_plot}
                    {rate_plot}
                    <Legend items=vec![(0, "AdaGrad: G ← G + g²".to_string()), (1, "RMSProp: s ← βs + (1 − β)g²".to_string()), (2, "gradient g".to_string())] />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{live(move || at.get().to_string())}</span>" of "{total}
                        <br/><span data-readout="phase">{live(move || if at.get() == 0 { "not started".to_string() } else { phase(at.get()) })}</span>
                    </p>
                    <table class="runs">
                        <thead><tr><th scope="col">"1/√s"</th><th scope="col">"now"</th><th scope="col">{format!("step {e1}")}</th><th scope="col">{format!("step {e2}")}</th></tr></thead>
                        <tbody>
                            <tr><td>"AdaGrad"</td><td data-readout="ada-rate">{move || cell(at.get(), |r| r.rate_ada)}</td><td data-readout="ada-100">{cell(e1, |r| r.rate_ada)}</td><td data-readout="ada-200">{cell(e2, |r| r.rate_ada)}</td></tr>
                            <tr><td>"RMSProp"</td><td data-readout="rms-rate">{move || cell(at.get(), |r| r.rate_rms)}</td><td data-readout="rms-100">{cell(e1, |r| r.rate_rms)}</td><td data-readout="rms-200">{cell(e2, |r| r.rate_rms)}</td></tr>
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <Slider label="RMSProp β" name="beta" value=beta min=0.5 max=0.999 step=0.001 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "gₜ = σₜ·zₜ with zₜ drawn from N(0, 1). The accumulators are read from the core's torch.optim.Adagrad \
                         (ε = 10⁻¹⁰) and torch.optim.RMSprop (alpha = β, ε = 10⁻⁸) after each step; the effective rate is \
                         1/(√s + ε) at learning rate 1. RMSProp's window is about 1/(1 − β) steps."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
