//! `adamw`: weight decay inside Adam's gradient (L2, `Adam(weight_decay=λ)`) against AdamW's
//! decoupled decay, same λ, same mini-batches, on the Layer 1 regression. The coupled run
//! settles at the ridge solution argmin L + (λ/2)‖θ‖²; AdamW's decay is not divided by √v̂
//! and settles elsewhere. Plots: the paths, the parameter norm and the loss.

use crate::core::layer5::{decay, race::Preset};
use crate::core::problem::norm;
use crate::core::run::Status;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, run_series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, SeedRow, View, all_runs, aspect, blank, draw_chart_on, draw_paths, landscape_background, live, numbered, runs_reached, step_runs, use_replayed, use_status};
use leptos::prelude::*;
pub use crate::catalog::adamw::{ID, SPECS, TITLE};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <AdamW params=p /> }.into_any()
}

const VIEW: View = ((-0.8, 2.0), (-0.2, 2.2));

#[component]
fn AdamW(params: Parsed) -> impl IntoView {
    let lambda = RwSignal::new(params.f64("lambda"));
    let lr = RwSignal::new(params.f64("lr"));
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let f = Preset::Regression.problem();
    let start = Preset::Regression.start();
    let (opt, best) = f.minimum().unwrap_or((vec![0.0, 0.0], 0.0));
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let make = {
        let f = f.clone();
        move || decay::runs(&f, lr.get_untracked(), lambda.get_untracked(), decay::STEPS, seed.get_untracked(), start)
    };
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, move || {
        lambda.track();
        lr.track();
        seed.track();
    });
    let status = use_status(runs, sim, all_runs);
    let t = Memo::new(move |_| {
        sim.tick.track();
        runs.with_value(runs_reached)
    });
    let ridge = Memo::new(move |_| decay::ridge(&*Preset::Regression.problem(), lambda.get()).unwrap_or(vec![0.0, 0.0]));
    let rows = Memo::new(move |_| {
        sim.tick.track();
        runs.with_value(|rs| rs.iter().map(|r| (norm(r.position()), r.loss() - best, r.status())).collect::<Vec<_>>())
    });
    let background = landscape_background(f.clone(), VIEW, ("θ₁ (intercept)", "θ₂ (slope)"), vec![((opt[0], opt[1]), "θ̂".to_string())]);
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let mut series = runs.with_value(|rs| run_series(rs, |_, x| (x[0], x[1])));
        let r = ridge.get();
        series.push(crate::plots::Series::line(1, vec![(r[0], r[1])]).with(crate::plots::Mark::Cross));
        draw_paths(layer, VIEW, &series, Some((start[0], start[1])));
    };
    let norm_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| run_series(rs, |p, x| (p.step as f64, norm(x))));
        let spec = ChartSpec::new(("step", "parameter norm ‖θ‖"), Axis::linear().range(0.0, decay::STEPS as f64), Axis::linear().range(0.0, 2.5))
            .reference(norm(&ridge.get()), format!("ridge solution ‖θ_λ‖ = {}", sig(norm(&ridge.get()), 3)));
        draw_chart_on(layer, &series, &spec);
    };
    let loss_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| run_series(rs, |p, _| (p.step as f64, p.loss - best)));
        draw_chart_on(layer, &series, &ChartSpec::new(("step", "loss above optimum L − L*"), Axis::linear().range(0.0, decay::STEPS as f64), Axis::log().range(1e-4, 10.0)));
    };
    let verdict = move || {
        let r = rows.get();
        let k = t.get();
        if k == 0 {
            return format!("Three runs of Adam at α = {} from the same start on the same mini-batches: no decay, L2 with λ = {} in the gradient, and AdamW with the same λ. Press Play.", sig(lr.get(), 2), sig(lambda.get(), 2));
        }
        if r.iter().any(|x| x.2 == Status::Diverged) {
            return "A run diverged: lower α.".to_string();
        }
        format!(
            "Step {k}. ‖θ‖ is {} without decay, {} with L2 (the ridge solution has {}) and {} with AdamW. L2's decay λθ enters the gradient and is divided by √v̂ like the rest, so Adam + L2 settles where ∇L + λθ = 0; AdamW shrinks θ by αλθ outside that division and settles where m̂/√v̂ = −λθ, a different point. The loss above the optimum is {}, {} and {}.",
            sig(r[0].0, 3), sig(r[1].0, 3), sig(norm(&ridge.get()), 3), sig(r[2].0, 3), sig(r[0].1, 2), sig(r[1].1, 2), sig(r[2].1, 2)
        )
    };
    let land_alt = Signal::derive(move || format!("Loss contours of the regression with the optimum θ̂ and the ridge solution marked; the paths of Adam, Adam + L2 and AdamW after {} steps.", t.get()));
    let norm_alt = Signal::derive(move || format!("Parameter norm against step: {}.", rows.get().iter().map(|r| sig(r.0, 3)).collect::<Vec<_>>().join(", ")));
    let loss_alt = Signal::derive(move || format!("Loss above the optimum against step on a log scale: {}.", rows.get().iter().map(|r| sig(r.1, 2)).collect::<Vec<_>>().join(", ")));
    let land_plot = view! { <PlotCanvas aspect=1.3 background=background foreground=foreground alt=land_alt /> };
    let norm_plot = view! { <PlotCanvas aspect=aspect(2.6, 1.7) background=blank foreground=norm_chart alt=norm_alt /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(2.6, 1.7) background=blank foreground=loss_chart alt=loss_alt /> };
    let keys = ["adam", "l2", "adamw"];
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {land_plot}
                    <Legend items=numbered(&decay::LABELS) />
                    {norm_plot}
                    {loss_plot}
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || t.get().to_string())}</span>" of "{decay::STEPS}
                        <br/>"Ridge solution ‖θ_λ‖ = "<span data-readout="ridge-norm">{live(move || sig(norm(&ridge.get()), 3))}</span>" (✕ on the map)"</p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"‖θ‖"</th><th scope="col">"L − L*"</th></tr></thead>
                        <tbody>
                            {(0..3).map(|i| view! {
                                <tr data-run-status=live(move || rows.with(|r| r.get(i).map(|r| r.2.as_str()).unwrap_or("")).to_string())>
                                    <td>{decay::LABELS[i]}</td>
                                    <td data-readout=format!("{}-norm", keys[i])>{live(move || rows.with(|r| r.get(i).map(|r| sig(r.0, 3)).unwrap_or_default()))}</td>
                                    <td data-readout=format!("{}-loss", keys[i])>{live(move || rows.with(|r| r.get(i).map(|r| if r.2 == Status::Diverged { "diverged".to_string() } else { sig(r.1, 2) }).unwrap_or_default()))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <LogSlider label="Weight decay λ" name="lambda" value=lambda min=0.01 max=2.0 />
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.005 max=0.2 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        {format!("Mini-batches of {} from the Layer 1 regression (N = 200), {} steps. ", decay::BATCH, decay::STEPS)}
                        "Adam + L2 is torch.optim.Adam(weight_decay = λ): \
                         g ← g + λθ before the moments. AdamW is torch.optim.AdamW(weight_decay = λ): θ ← θ − αλθ − α·m̂/(√v̂ + ε). \
                         Both use β = (0.9, 0.999), ε = 10⁻⁸."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
