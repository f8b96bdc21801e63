//! `momentum-tuning`: every (α, β) pair of the heavy ball on the valley x₁² + κx₂², coloured by
//! the loss after T steps or by the convergence rate, with Polyak's optimal pair marked. A click
//! on the map runs that pair beside the optimal one.

use crate::core::grid::Grid;
use crate::core::landscape::Landscape;
use crate::core::momentum::{gd_optimal, optimal, quadratic_loss_after, rate, steps_per_decade};
use crate::core::optimizer::OptimizerConfig;
use crate::core::problem::Problem;
use crate::core::run::{Run, RunConfig};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series, run_series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Select, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, View, all_runs, aspect, blank, draw_chart_on, draw_paths, landscape_background, live, loss_cell, map_background, runs_reached, step_runs, use_replayed, use_rows, use_status};
use super::momentum::VIEW;
use leptos::prelude::*;
pub use crate::catalog::momentum_tuning::{ID, SPECS, TITLE};
use crate::catalog::momentum_tuning::{BETA_MAX, COLOURS};

const START: [f64; 2] = [-1.5, 0.2];
const COLOUR_LABELS: [&str; 2] = ["loss after T", "rate per step"];
const _: () = assert!(COLOUR_LABELS.len() == COLOURS.len());
/// Optimizer steps (summed over cells) one loss map may cost.
const MAP_STEP_BUDGET: usize = 2_000_000;

/// Shrink a `w × h` grid, keeping its shape, to at most `cells` cells.
fn fit_cells(w: usize, h: usize, cells: usize) -> (usize, usize) {
    let f = ((cells as f64) / (w * h).max(1) as f64).sqrt().min(1.0);
    (((w as f64 * f) as usize).max(8), ((h as f64 * f) as usize).max(8))
}

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <MomentumTuning params=p /> }.into_any()
}

/// Curvatures (μ, L) of x₁² + κx₂².
fn curvatures(kappa: f64) -> (f64, f64) {
    (2.0, 2.0 * kappa)
}

/// The map's window: α from 0 to 4/L (the widest stable α, reached as β → 1), β from 0 to 0.995.
fn map_view(kappa: f64) -> View {
    ((0.0, 4.0 / curvatures(kappa).1), (0.0, BETA_MAX))
}

/// What a map cell shows: log₁₀ of the loss after T steps relative to the start's, or the
/// rate; ∞ (the top colour) where the pair diverges.
fn cell(kappa: f64, t: usize, by_rate: bool, a: f64, b: f64) -> f64 {
    let (mu, l) = curvatures(kappa);
    if by_rate {
        let r = rate(a, b, mu, l);
        return if r < 1.0 { r } else { f64::INFINITY };
    }
    let f0 = 0.5 * (mu * START[0] * START[0] + l * START[1] * START[1]);
    let f = quadratic_loss_after(a, b, &[mu, l], &START, t);
    if f.is_finite() && f <= f0 * 1e3 { (f / f0).max(1e-40).log10() } else { f64::INFINITY }
}

#[component]
fn MomentumTuning(params: Parsed) -> impl IntoView {
    let kappa = RwSignal::new(params.f64("kappa"));
    let t = RwSignal::new(params.int("t") as f64);
    let colour = RwSignal::new(params.choice("colour").min(1) as u32);
    // α is kept as a fraction of 4/L so a pair stays on the map when κ changes.
    let frac = RwSignal::new(params.f64("lr"));
    let beta = RwSignal::new(params.f64("beta"));
    let notices = RwSignal::new(params.notices.clone());
    let alpha = Memo::new(move |_| frac.get() * 4.0 / curvatures(kappa.get()).1);
    let best = Memo::new(move |_| {
        let (mu, l) = curvatures(kappa.get());
        optimal(mu, l)
    });

    let make = move || {
        let k = kappa.get_untracked();
        let f: Problem = Landscape::Quadratic { kappa: k }.into_problem();
        let steps = t.get_untracked().round() as usize;
        let (a_star, b_star) = best.get_untracked();
        [(alpha.get_untracked(), beta.get_untracked()), (a_star, b_star)]
            .iter()
            .map(|&(a, b)| Run::new(f.clone(), RunConfig::new(OptimizerConfig::momentum(a, b), START.to_vec()).max_steps(steps).tol(0.0)))
            .collect::<Vec<_>>()
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let (state, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, move || {
        kappa.track();
        t.track();
        frac.track();
        beta.track();
    });

    let rows = use_rows(state, sim, all_runs);
    let status = use_status(state, sim, all_runs);
    let step_now = move || rows.with(|r| r.iter().map(|x| x.1).max().unwrap_or(0));
    let chosen_rate = move || {
        let (mu, l) = curvatures(kappa.get());
        rate(alpha.get(), beta.get(), mu, l)
    };
    let optimal_rate = move || {
        let (mu, l) = curvatures(kappa.get());
        let (a, b) = best.get();
        rate(a, b, mu, l)
    };
    let loss_text = move |i: usize| move || rows.with(|r| loss_cell(r.get(i)));
    let regime = move || {
        let (mu, l) = curvatures(kappa.get());
        let (a, b) = (alpha.get(), beta.get());
        let (_, b_star) = best.get();
        let r = chosen_rate();
        if r >= 1.0 {
            return format!("Unstable: α = {} is past 2(1 + β)/L = {}, so the error grows every step.", sig(a, 3), sig(2.0 * (1.0 + b) / l, 3));
        }
        let per_decade = steps_per_decade(r);
        let tail = format!("The error shrinks by {} per step: {} steps per factor of 10.", sig(r, 3), sig(per_decade, 3));
        // Complex roots along the flat direction: the iterate circles the minimum.
        let spirals = (1.0 + b - a * mu).powi(2) < 4.0 * b;
        if b > b_star + 0.05 && spirals {
            format!("Too much β for this α: the slow direction has complex roots, so the ball circles the minimum and every turn loses only a factor √β = {}. {tail}", sig(b.sqrt(), 3))
        } else if (b - b_star).abs() <= 0.05 {
            format!("Close to β* = {}. {tail}", sig(b_star, 3))
        } else {
            format!("Less β than β* = {}: the flat direction still crawls. {tail}", sig(b_star, 3))
        }
    };

    // The map: recomputed only when κ, T or the colouring change.
    let background = move |layer: &Layer| {
        let k = kappa.get();
        let steps = t.get().round() as usize;
        let by_rate = colour.get() == 1;
        let (mu, l) = curvatures(k);
        let (a_star, b_star) = optimal(mu, l);
        let (gd_a, _) = gd_optimal(mu, l);
        let markers = vec![((a_star, b_star), "α*, β*".to_string()), ((gd_a, 0.0), "best β = 0".to_string())];
        // Rate contours; the loss after T steps oscillates with the phase of each spiral, so its
        // contours would be ragged: colour only.
        let levels = move |g: &Grid| -> Vec<f64> {
            let (lo, hi) = g.finite_range();
            if by_rate { [0.7, 0.8, 0.9, 0.95, 0.98, 0.99].into_iter().filter(|v| *v > lo && *v < hi).collect() } else { Vec::new() }
        };
        map_background(map_view(k), ("learning rate α", "momentum β"), markers, false, move |xr, yr, w, h| {
            // Each loss cell runs T steps: keep the map to about two million steps in all
            // (the heatmap is upsampled smoothly), so dragging T or κ stays fluid.
            let (w, h) = if by_rate { (w, h) } else { fit_cells(w, h, MAP_STEP_BUDGET / steps.max(1)) };
            Grid::from_fn(xr, yr, w, h, &mut |a, b| cell(k, steps, by_rate, a, b))
        }, levels)(layer)
    };
    let map_front = move |layer: &Layer| {
        let k = kappa.get();
        let (_, l) = curvatures(k);
        // The edge of stability α = 2(1 + β)/L, and the chosen pair.
        let edge: Vec<(f64, f64)> = (0..=40).map(|i| BETA_MAX * i as f64 / 40.0).map(|b| (2.0 * (1.0 + b) / l, b)).collect();
        let series = [Series::line(2, edge).with(Mark::Dashed), Series::line(1, vec![(alpha.get(), beta.get())]).with(Mark::Ring)];
        draw_paths(layer, map_view(k), &series, None);
    };
    let on_map_click = Callback::new(move |(a, b): (f64, f64)| {
        let (_, l) = curvatures(kappa.get_untracked());
        frac.set((a * l / 4.0).clamp(0.005, 1.0));
        beta.set(((b * 1000.0).round() / 1000.0).clamp(0.0, BETA_MAX));
        sim.reset();
        sim.play();
    });

    let valley_bg = move |layer: &Layer| {
        let f: Problem = Landscape::Quadratic { kappa: kappa.get() }.into_problem();
        landscape_background(f, VIEW, ("θ₁", "θ₂"), vec![((0.0, 0.0), "minimum".to_string())])(layer)
    };
    let valley_front = move |layer: &Layer| {
        sim.tick.track();
        // The optimal pair dashed underneath, the chosen pair on top.
        let mut series = state.with_value(|rs| run_series(rs, |_, x| (x[0], x[1])));
        series.reverse();
        if let Some(s) = series.first_mut() {
            s.color = 0;
        }
        if let Some(s) = series.get_mut(1) {
            s.color = 1;
        }
        draw_paths(layer, VIEW, &series, Some((START[0], START[1])));
    };
    let losses = move |layer: &Layer| {
        sim.tick.track();
        let series: Vec<Series> = state.with_value(|rs| {
            rs.iter()
                .enumerate()
                .map(|(i, r)| Series::line(1 - i, r.trajectory().iter().map(|(p, _)| (p.step as f64, p.loss.max(1e-30))).collect()))
                .collect()
        });
        let spec = ChartSpec::new(("step", "loss"), Axis::linear().range(0.0, t.get().max(1.0)), Axis::log());
        draw_chart_on(layer, &series, &spec);
    };

    let alt_bucket = Memo::new(move |_| (step_now() / 10, sim.playing.get()));
    let map_alt = Signal::derive(move || {
        format!(
            "A map of momentum β (up) against learning rate α (across) for κ = {}, coloured by {}; darker is better. The optimal pair α* = {}, β* = {} is marked, the edge of stability is dashed, and the chosen pair (α = {}, β = {}) is ringed.",
            sig(kappa.get(), 3),
            COLOUR_LABELS[colour.get() as usize],
            sig(best.get().0, 3),
            sig(best.get().1, 3),
            sig(alpha.get(), 3),
            sig(beta.get(), 3)
        )
    });
    let valley_alt = Signal::derive(move || {
        alt_bucket.track();
        format!(
            "The valley with the chosen pair's path and the optimal pair's path after {} steps; losses {} and {}.",
            untrack(step_now),
            untrack(loss_text(0)),
            untrack(loss_text(1))
        )
    });
    let loss_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("Loss against step on a log scale, chosen pair against the optimal pair, after {} steps.", untrack(step_now))
    });

    let map = view! { <PlotCanvas aspect=1.3 background=background foreground=map_front on_click=on_map_click alt=map_alt /> };
    let valley = view! { <PlotCanvas aspect=aspect(1.9, 1.5) background=valley_bg foreground=valley_front alt=valley_alt /> };
    let chart = view! { <PlotCanvas aspect=aspect(2.4, 1.7) background=blank foreground=losses alt=loss_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {map}
                    <p class="caption">"Click anywhere on the map to run that pair. The colours follow the landscapes: the fastest pairs take the colour of a valley floor, pairs that diverge the colour of the highest walls. Right of the dashed line, α > 2(1 + β)/L, every pair diverges."</p>
                    {valley}
                    {chart}
                    <Legend items=vec![(1, "the chosen pair".to_string()), (0, "the optimal pair α*, β*".to_string())] />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{live(move || step_now().to_string())}</span>" of "{live(move || t.get().round().to_string())}
                        <br/>"Chosen α "<span data-readout="alpha">{live(move || sig(alpha.get(), 3))}</span>", β "<span data-readout="beta">{live(move || sig(beta.get(), 3))}</span>
                        <br/>"Its rate "<span data-readout="rate">{live(move || if chosen_rate() < 1.0 { sig(chosen_rate(), 3) } else { "≥ 1 (diverges)".to_string() })}</span>
                        <br/>"Loss now "<span data-readout="loss">{live(loss_text(0))}</span>
                        <br/>"Optimal α* "<span data-readout="alpha-star">{live(move || sig(best.get().0, 3))}</span>", β* "<span data-readout="beta-star">{live(move || sig(best.get().1, 3))}</span>
                        ", rate "<span data-readout="rate-star">{live(move || sig(optimal_rate(), 3))}</span>
                        <br/>"Its loss "<span data-readout="loss-star">{live(loss_text(1))}</span>
                    </p>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(regime)}</p>
                    <div class="controls">
                        <LogSlider label="Condition number κ" name="kappa" value=kappa min=1.0 max=1000.0 />
                        <Slider label="Steps T" name="t" value=t min=10.0 max=400.0 step=10.0 />
                        <Select label="Colour the map by" name="colour" value=colour
                            options=COLOUR_LABELS.iter().enumerate().map(|(i, l)| (i as u32, l.to_string())).collect() />
                        <Slider label="α as a fraction of 4/L" name="lr" value=frac min=0.005 max=1.0 step=0.005 />
                        <Slider label="Momentum β" name="beta" value=beta min=0.0 max=BETA_MAX step=0.005 />
                    </div>
                    <p class="note">
                        "For eigenvalues of the Hessian in [μ, L] (here μ = 2 and L = 2κ), Polyak's choice α* = (2/(√L + √μ))², \
                         β* = ((√κ − 1)/(√κ + 1))² makes the error shrink by (√κ − 1)/(√κ + 1) per step, against \
                         (κ − 1)/(κ + 1) for the best plain step 2/(μ + L). The rate of a pair is the larger root modulus of \
                         z² − (1 + β − αλ)z + β at λ = μ and λ = L. PyTorch's convention: v ← βv + g, θ ← θ − αv."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
