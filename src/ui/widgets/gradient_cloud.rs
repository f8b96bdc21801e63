//! `gradient-cloud`: at a θ picked on the contour plot, many mini-batch gradients as a cloud
//! around the full gradient (unbiasedness), and their measured variance against B beside the
//! σ²/B·(N − B)/(N − 1) law.

use crate::core::experiments::{batch_variance, gradient_draws, per_example_variance, spread, vector_mean};
use crate::core::problem::{Objective, Problem, norm};
use crate::core::stats::batch_variance_factor;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::hooks::use_simulation;
use crate::ui::registry::WidgetDef;
use super::common::{blank, draw_chart_on, draw_paths, fresh_seed, landscape_background, start_picker, share_seed};
use super::noise_paths;
use leptos::prelude::*;
pub use crate::catalog::gradient_cloud::{ID, SPECS, TITLE};
use crate::catalog::gradient_cloud::VIEW;

/// The step drawn on the contour plot: θ − STEP·∇L.
const STEP: f64 = 0.3;
/// Batch sizes of the measured variance panel.
const PANEL: [usize; 8] = [1, 2, 4, 8, 16, 32, 64, 128];

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <GradientCloud params=p /> }.into_any()
}

#[component]
fn GradientCloud(params: Parsed) -> impl IntoView {
    let f = noise_paths::problem();
    let problem: Problem = f.clone();
    let n = f.examples().unwrap_or(1);
    let (theta_star, _) = f.minimum().unwrap_or((vec![0.0, 0.0], 0.0));

    let b = RwSignal::new(params.int("b") as f64);
    let k = RwSignal::new(params.int("k") as f64);
    let x0 = RwSignal::new(params.f64("x0"));
    let y0 = RwSignal::new(params.f64("y0"));
    let seed = RwSignal::new(params.seed("seed"));
    share_seed(seed);
    let notices = RwSignal::new(params.notices.clone());
    let count = move || k.get().round() as usize;

    // The full gradient and the per-example noise at θ.
    let at = {
        Memo::new(move |_| {
            let f = noise_paths::problem();
            let x = [x0.get(), y0.get()];
            let mut g = vec![0.0; 2];
            f.grad(&x, &mut g);
            (g, per_example_variance(&*f, &x))
        })
    };
    // K draws at the chosen B; the cloud shows the first `shown` of them.
    let draws = {
        Memo::new(move |_| gradient_draws(&*noise_paths::problem(), &[x0.get(), y0.get()], b.get().round() as usize, count(), seed.get()))
    };
    // Measured variance for every panel size, and the law.
    let panel = {
        Memo::new(move |_| {
            let f = noise_paths::problem();
            let x = [x0.get(), y0.get()];
            let full = at.with(|a| a.0.clone());
            PANEL
                .iter()
                .map(|&bb| {
                    let d = gradient_draws(&*f, &x, bb, count(), seed.get().wrapping_add(bb as u64 * 7919));
                    (bb, spread(&d, &full), batch_variance(&*f, &x, bb))
                })
                .collect::<Vec<_>>()
        })
    };

    let shown = RwSignal::new(params.int("k") as usize);
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let advance = move |step: u32| {
        let total = count();
        let mut s = shown.get_untracked();
        if s >= total {
            s = 0;
        }
        s = (s + step as usize).min(total);
        shown.set(s);
        s < total
    };
    let sim = use_simulation(root, advance, move || shown.set(0));
    sim.speed.set(params.int("speed").clamp(1, 25) as u32);

    // Statistics of the draws shown so far: (shown, mean, spread, bias).
    let stats = Memo::new(move |_| {
        let s = shown.get().min(count());
        let full = at.with(|a| a.0.clone());
        draws.with(|d| {
            let part = &d[..s.min(d.len())];
            let m = vector_mean(part, 2);
            let bias = norm(&[m[0] - full[0], m[1] - full[1]]);
            (part.len(), m, spread(part, &full), bias)
        })
    });
    let theory = {
        Memo::new(move |_| batch_variance(&*noise_paths::problem(), &[x0.get(), y0.get()], b.get().round() as usize))
    };

    let background = landscape_background(problem.clone(), VIEW, ("θ₁ (intercept)", "θ₂ (slope)"), vec![((theta_star[0], theta_star[1]), "θ̂".to_string())]);
    let foreground = move |layer: &Layer| {
        let (x, y) = (x0.get(), y0.get());
        let g = at.with(|a| a.0.clone());
        let arrow = Series::line(0, vec![(x, y), (x - STEP * g[0], y - STEP * g[1])]);
        draw_paths(layer, VIEW, &[arrow], Some((x, y)));
    };
    let on_click = start_picker(VIEW, x0, y0, None);

    // The cloud in gradient space, on fixed axes (±2.5 σ of a single example around ∇L) so a
    // larger B visibly shrinks it.
    let cloud = move |layer: &Layer| {
        let (full, s2) = at.get();
        let r = 2.5 * s2.sqrt().max(1e-6);
        let s = shown.get().min(count());
        let pts = draws.with(|d| d[..s.min(d.len())].iter().map(|g| (g[0], g[1])).collect::<Vec<_>>());
        let (_, m, _, _) = stats.get();
        let mut series = vec![Series::line(1, pts).with(Mark::Dots), Series::line(0, vec![(full[0], full[1])]).with(Mark::Cross)];
        if s > 0 {
            series.push(Series::line(2, vec![(m[0], m[1])]).with(Mark::Ring));
        }
        let spec = ChartSpec::new(("∂L/∂θ₁", "∂L/∂θ₂"), Axis::linear().range(full[0] - r, full[0] + r), Axis::linear().range(full[1] - r, full[1] + r));
        draw_chart_on(layer, &series, &spec);
    };
    // The law drawn at whole batch sizes from 1 to N − 1 (log-spaced), from the per-example
    // variance at θ already in `at`: redrawn while the cloud plays, so nothing is recomputed.
    let law = move |layer: &Layer| {
        let s2 = at.with(|a| a.1);
        let mut sizes: Vec<usize> = (0..=60).map(|i| ((n as f64 - 1.0).powf(i as f64 / 60.0)).round() as usize).collect();
        sizes.dedup();
        let curve: Vec<(f64, f64)> = sizes.into_iter().map(|bb| (bb as f64, s2 * batch_variance_factor(bb, n))).collect();
        let measured = panel.with(|p| p.iter().map(|&(bb, m, _)| (bb as f64, m)).collect::<Vec<_>>());
        let (s, _, now, _) = stats.get();
        let mut series = vec![Series::line(0, curve), Series::line(1, measured).with(Mark::Dots)];
        if s > 1 {
            series.push(Series::line(2, vec![(b.get().round(), now)]).with(Mark::Ring));
        }
        draw_chart_on(layer, &series, &ChartSpec::new(("batch size B", "E‖g − ∇L‖²"), Axis::log(), Axis::log()));
    };

    let alt = Signal::derive(move || {
        format!("Contours of the regression loss with θ = ({}, {}) marked and the full-gradient step drawn.", sig(x0.get(), 3), sig(y0.get(), 3))
    });
    let cloud_bucket = Memo::new(move |_| (stats.get().0 / 50, b.get().round() as i64, x0.get().to_bits(), y0.get().to_bits(), seed.get()));
    let cloud_alt = Signal::derive(move || {
        cloud_bucket.track();
        let (s, m, sp, bias) = stats.get_untracked();
        format!(
            "{s} mini-batch gradients with B = {} around the full gradient; their mean ({}, {}) is {} away from it; mean squared spread {} against {} predicted.",
            b.get_untracked().round(),
            sig(m[0], 3),
            sig(m[1], 3),
            sig(bias, 2),
            sig(sp, 3),
            sig(theory.get_untracked(), 3)
        )
    });
    let law_alt = Signal::derive(move || {
        let pts = panel.with(|p| p.iter().map(|&(bb, m, t)| format!("B = {bb}: {} (law {})", sig(m, 3), sig(t, 3))).collect::<Vec<_>>().join(", "));
        format!("Measured variance of the mini-batch gradient against B on log–log axes, with the law σ²/B·(N − B)/(N − 1): {pts}.")
    });
    let redraw = move |_| seed.set(fresh_seed(seed.get_untracked()));

    let landscape_plot = view! { <PlotCanvas aspect=1.25 background=background foreground=foreground on_click=on_click alt=alt /> };
    let cloud_plot = view! { <PlotCanvas aspect=1.0 background=blank foreground=cloud alt=cloud_alt /> };
    let law_plot = view! { <PlotCanvas aspect=1.0 background=blank foreground=law alt=law_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=Signal::derive(move || if sim.playing.get() { "running" } else { "paused" }) notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {landscape_plot}
                    <div class="plots pair">{cloud_plot}{law_plot}</div>
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Draws shown "<span data-readout="step">{move || stats.get().0}</span>" of "{count}
                        <br/>"‖∇L(θ)‖ = "<span data-readout="grad">{move || sig(norm(&at.get().0), 3)}</span>
                        <br/>"Mean of the draws is "<span data-readout="bias">{move || sig(stats.get().3, 2)}</span>" from ∇L"
                        <br/>"Spread E‖g − ∇L‖²: measured "<span data-readout="spread">{move || sig(stats.get().2, 3)}</span>
                        ", law "<span data-readout="theory">{move || sig(theory.get(), 3)}</span>
                    </p>
                    <div class="controls">
                        <Slider label="Mini-batch size B" name="b" value=b min=1.0 max=n as f64 step=1.0 />
                        <Slider label="Draws K" name="k" value=k min=10.0 max=1000.0 step=10.0 />
                        <Slider label="θ intercept" name="x0" value=x0 min=VIEW.0.0 max=VIEW.0.1 step=0.05 />
                        <Slider label="θ slope" name="y0" value=y0 min=VIEW.1.0 max=VIEW.1.1 step=0.05 />
                        <div class="seed-row">
                            <span>"Seed "<span data-readout="seed">{move || seed.get()}</span></span>
                            <button type="button" on:click=redraw>"New draws"</button>
                        </div>
                    </div>
                    <p class="note">
                        "Left: the loss contours; click to move θ (▲); the line is one full-gradient step of α = "{STEP}
                        ". Bottom left: each dot is one mini-batch gradient, the cross is ∇L, the ring is the dots' mean. \
                         Bottom right: dots are the measured spread for B = 1 to 128, the line is σ²/B·(N − B)/(N − 1) \
                         with σ² the per-example variance at θ (N = "{n}"; at B = N it is zero)."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
