//! `anisotropic`: the stretched valley f = x² + κy² (κ = 100). Gradient descent is stable only
//! for α < 1/κ, set by the steep y direction, and at such an α the flat x direction crawls.
//! Three SGD rates against AdaGrad, whose per-coordinate rate α/(√G + ε) is shown as two bars.

use crate::core::layer5::{anisotropic::{self, KAPPA, START, STEPS}, effective_lr};
use crate::core::landscape::Landscape;
use crate::core::run::Status;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, run_series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, all_runs, aspect, blank, draw_chart_on, draw_paths, landscape_background, live, numbered, runs_reached, step_runs, use_replayed, use_status};
use leptos::prelude::*;
pub use crate::catalog::anisotropic::{ID, SPECS, TITLE};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <Anisotropic params=p /> }.into_any()
}

/// Bar length for a rate on a log scale from 10⁻⁴ to 10, in percent.
fn bar_pct(v: f64) -> f64 {
    ((v.max(1e-4).log10() + 4.0) / 5.0 * 100.0).clamp(0.0, 100.0)
}

#[component]
fn Anisotropic(params: Parsed) -> impl IntoView {
    let lrs = ["lr1", "lr2", "lr3"].map(|k| RwSignal::new(params.f64(k)));
    let ada = RwSignal::new(params.f64("ada"));
    let notices = RwSignal::new(params.notices.clone());
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let make = move || anisotropic::runs(lrs.map(|s| s.get_untracked()), ada.get_untracked(), STEPS);
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, move || {
        lrs.iter().for_each(|s| s.track());
        ada.track();
    });
    let status = use_status(runs, sim, all_runs);
    let t = Memo::new(move |_| {
        sim.tick.track();
        runs.with_value(runs_reached)
    });
    let rows = Memo::new(move |_| {
        sim.tick.track();
        runs.with_value(|rs| rs.iter().map(|r| (r.loss(), r.status(), r.position().to_vec())).collect::<Vec<_>>())
    });
    // AdaGrad's per-coordinate rate (before its first step: α/ε, shown as "—").
    let rates = Memo::new(move |_| {
        sim.tick.track();
        runs.with_value(|rs| rs.get(3).and_then(|r| effective_lr(r.optimizer(), r.config.optimizer.lr)))
    });
    let view_w = Landscape::Quadratic { kappa: KAPPA }.view();
    let background = landscape_background(anisotropic::problem(), view_w, ("θ₁ (flat)", "θ₂ (steep)"), vec![((0.0, 0.0), "min".to_string())]);
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| run_series(rs, |_, x| (x[0], x[1])));
        draw_paths(layer, view_w, &series, Some((START[0], START[1])));
    };
    let loss_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = runs.with_value(|rs| run_series(rs, |p, _| (p.step as f64, p.loss)));
        draw_chart_on(layer, &series, &ChartSpec::new(("step", "loss"), Axis::linear().range(0.0, STEPS as f64), Axis::log().range(1e-10, 1e3)));
    };
    let labels = move || {
        let mut v: Vec<String> = lrs.iter().map(|s| format!("SGD α = {}", sig(s.get(), 3))).collect();
        v.push(format!("AdaGrad α = {}", sig(ada.get(), 2)));
        v
    };
    let limit = 1.0 / KAPPA;
    let verdict = move || {
        let r = rows.get();
        let k = t.get();
        if k == 0 {
            return format!("SGD is stable here only for α < 1/κ = {}. Press Play.", sig(limit, 2));
        }
        let blown: Vec<String> = (0..3).filter(|&i| lrs[i].get() > limit && (r[i].1 == Status::Diverged || r[i].0 > 1.0)).map(|i| sig(lrs[i].get(), 3)).collect();
        let best_sgd = (0..3).filter(|&i| r[i].1 != Status::Diverged).min_by(|&a, &b| r[a].0.total_cmp(&r[b].0));
        let sgd = match best_sgd {
            Some(i) => format!("The best SGD run (α = {}) is at loss {}, still at θ₁ = {} on the flat axis.", sig(lrs[i].get(), 3), sig(r[i].0, 2), sig(r[i].2[0], 2)),
            None => "Every SGD run diverged.".to_string(),
        };
        let over = if blown.is_empty() { String::new() } else { format!(" α = {} is above 1/κ and bounces out along θ₂.", blown.join(", ")) };
        format!("Step {k}. {sgd}{over} AdaGrad is at loss {}: it divides each coordinate's step by that coordinate's own gradient history.", sig(r[3].0, 2))
    };
    let land_alt = Signal::derive(move || format!("Contours of x² + {KAPPA}y², a long flat valley, with three SGD paths and AdaGrad's after {} steps.", t.get()));
    let loss_alt = Signal::derive(move || format!("Loss against step on a log scale for the four runs: {}.", rows.get().iter().map(|r| sig(r.0, 2)).collect::<Vec<_>>().join(", ")));
    let land_plot = view! { <PlotCanvas aspect=aspect(2.2, 1.4) background=background foreground=foreground alt=land_alt /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(3.0, 1.8) background=blank foreground=loss_chart alt=loss_alt /> };
    let theme = crate::ui::hooks::use_theme();
    let bar = move |i: usize, name: &'static str, key: &'static str| {
        let v = move || rates.get().map(|r| r[i]);
        view! {
            <div class="rate-bar">
                <span class="rate-name">{name}</span>
                <span class="rate-track"><span class="rate-fill" style=live(move || format!("width:{:.1}%;background:{}", v().map(bar_pct).unwrap_or(0.0), theme.get().series_css(3)))></span>
                <span class="rate-limit" style=format!("left:{:.1}%", bar_pct(limit)) title="1/κ"></span></span>
                <span class="rate-value" data-readout=key>{live(move || v().map(|v| sig(v, 3)).unwrap_or_else(|| "—".to_string()))}</span>
            </div>
        }
    };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {land_plot}
                    <Legend items=numbered(&labels().iter().map(String::as_str).collect::<Vec<_>>()) />
                    {loss_plot}
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || t.get().to_string())}</span>" of "{STEPS}</p>
                    <div class="rate-bars" aria-label="AdaGrad's effective learning rate per coordinate">
                        <p class="rate-title">"AdaGrad's effective rate α/(√G + ε), log scale; the tick is SGD's limit 1/κ"</p>
                        {bar(0, "θ₁ (flat)", "rate-x")}
                        {bar(1, "θ₂ (steep)", "rate-y")}
                    </div>
                    <table class="runs">
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"loss"</th></tr></thead>
                        <tbody>
                            {(0..4).map(|i| view! {
                                <tr data-run-status=live(move || rows.with(|r| r.get(i).map(|r| r.1.as_str()).unwrap_or("")).to_string())>
                                    <td>{move || labels()[i].clone()}</td>
                                    <td data-readout=format!("loss-{i}")>{live(move || rows.with(|r| r.get(i).map(|r| if r.1 == Status::Diverged { "diverged".to_string() } else { sig(r.0, 3) }).unwrap_or_default()))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        {(0..3).map(|i| view! { <LogSlider label=SPECS[i].label name=SPECS[i].key value=lrs[i] min=0.0005 max=0.02 /> }).collect_view()}
                        <LogSlider label="AdaGrad α" name="ada" value=ada min=0.01 max=2.0 />
                    </div>
                    <p class="note">
                        "Exact gradients of f = x² + 100y² from (−1.5, 0.2). SGD: θ ← θ − α∇f. AdaGrad (torch.optim.Adagrad, ε = 10⁻¹⁰): \
                         G ← G + g² and θ ← θ − αg/(√G + ε), coordinate by coordinate. The steep coordinate piles up a large G and gets \
                         a small rate; the flat one keeps a large rate."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
