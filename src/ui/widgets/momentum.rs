//! `momentum`: plain gradient descent, heavy ball and Nesterov from one start on the narrow
//! valley x₁² + κx₂². Each can be shown or hidden; an arrow on each momentum run shows the step
//! it is about to take, and the update rule is written out with the current numbers.

use crate::core::landscape::Landscape;
use crate::core::momentum::{multiplier, preview};
use crate::core::optimizer::{Kind as Opt, OptimizerConfig};
use crate::core::problem::Problem;
use crate::core::run::{Run, RunConfig, Status};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Mark, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, Toggle, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, all_runs, draw_paths, landscape_background, live, loss_cell, runs_reached, start_picker, step_runs, use_replayed, use_rows, use_status};
use leptos::prelude::*;
pub use crate::catalog::momentum::{BETA, ID, LR, SPECS, START, STEPS, TITLE, VIEW};

/// The runners: (name, optimizer kind).
const RUNNERS: [(&str, Opt); 3] = [("Gradient descent", Opt::Sgd), ("Heavy ball", Opt::Momentum), ("Nesterov", Opt::Nesterov)];

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <Momentum params=p /> }.into_any()
}

/// The three runs of the widget, exact gradients, from (x0, y0).
pub fn runs(kappa: f64, lr: f64, beta: f64, steps: usize, start: [f64; 2]) -> Vec<Run> {
    let f: Problem = Landscape::Quadratic { kappa }.into_problem();
    RUNNERS
        .iter()
        .map(|&(_, kind)| {
            let opt = OptimizerConfig { beta: if kind == Opt::Sgd { 0.0 } else { beta }, ..OptimizerConfig::new(kind, lr) };
            Run::new(f.clone(), RunConfig::new(opt, start.to_vec()).max_steps(steps).tol(1e-9))
        })
        .collect()
}

/// "(a, b)" with three significant digits each.
fn pair(v: &[f64]) -> String {
    format!("({}, {})", sig(v[0], 3), sig(v[1], 3))
}

/// The update a momentum run is about to make (None once it has stopped).
fn next_update(run: &Run) -> Option<crate::core::momentum::Preview> {
    if run.status().is_done() {
        return None;
    }
    let mut g = vec![0.0; 2];
    run.problem().grad(run.position(), &mut g);
    let cfg = &run.config.optimizer;
    Some(preview(cfg, run.steps() as u64, run.optimizer().momentum_buffer(), &g, cfg.lr))
}

#[component]
fn Momentum(params: Parsed) -> impl IntoView {
    let kappa = RwSignal::new(params.f64("kappa"));
    let lr = RwSignal::new(params.f64("lr"));
    let beta = RwSignal::new(params.f64("beta"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let x0 = RwSignal::new(params.f64("x0"));
    let y0 = RwSignal::new(params.f64("y0"));
    let shown = [RwSignal::new(params.choice("gd") == 0), RwSignal::new(params.choice("hb") == 0), RwSignal::new(params.choice("nag") == 0)];
    let notices = RwSignal::new(params.notices.clone());

    let make = move || {
        runs(kappa.get_untracked(), lr.get_untracked(), beta.get_untracked(), steps.get_untracked().round() as usize, [x0.get_untracked(), y0.get_untracked()])
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let (state, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, move || {
        kappa.track();
        lr.track();
        beta.track();
        steps.track();
        x0.track();
        y0.track();
    });

    let rows = use_rows(state, sim, all_runs);
    let status = use_status(state, sim, all_runs);
    let step_now = move || rows.with(|r| r.iter().map(|x| x.1).max().unwrap_or(0));
    let loss_of = move |i: usize| move || rows.with(|r| loss_cell(r.get(i)));
    let verdict = move || {
        let r = rows.get();
        if r.len() < 3 || step_now() == 0 {
            return format!(
                "All three start at ({}, {}). The valley is {} times steeper across (θ₂) than along (θ₁). Press Play.",
                sig(x0.get(), 3),
                sig(y0.get(), 3),
                sig(kappa.get(), 3)
            );
        }
        let (gd, hb) = (r[0], r[1]);
        let t = step_now();
        match (gd.2, hb.2) {
            (Status::Diverged, Status::Diverged) => "Both diverged: α is past the edge of stability for this κ. Lower α.".to_string(),
            (_, Status::Diverged) => format!(
                "Heavy ball diverged: with β = {} it is stable only for α < 2(1 + β)/L = {}. Lower α or β.",
                sig(beta.get(), 2),
                sig(2.0 * (1.0 + beta.get()) / (2.0 * kappa.get()), 3)
            ),
            (Status::Diverged, _) => format!(
                "Gradient descent diverged (it needs α < 2/L = {}); the heavy ball, stable up to α < 2(1 + β)/L, carries on.",
                sig(1.0 / kappa.get(), 3)
            ),
            _ if hb.0 < gd.0 => format!("After {t} steps the heavy ball's loss is {}× lower than gradient descent's.", sig(gd.0 / hb.0.max(1e-300), 3)),
            _ => format!("After {t} steps gradient descent is ahead: {} against {} for the heavy ball. Too much β makes the ball overshoot and circle.", sig(gd.0, 3), sig(hb.0, 3)),
        }
    };

    // The update rule with the current numbers, for the heavy ball and for Nesterov.
    let rule = move |i: usize| {
        move || {
            sim.tick.track();
            let b = sig(beta.get(), 3);
            state.with_value(|rs| match rs.get(i).map(|r| (r, next_update(r))) {
                None => String::new(),
                Some((r, None)) => match r.status() {
                    Status::Converged => format!("No next update: after {} steps the gradient is below the tolerance, so this run has converged.", r.steps()),
                    Status::Diverged => format!("No next update: this run diverged at step {}.", r.steps()),
                    _ => format!("No next update: this run has used all its {} steps. Press Reset to watch it again.", r.steps()),
                },
                Some((_, Some(p))) if i == 1 => format!(
                    "g = ∇L(θ) = {}\nv ← βv + g = {}·{} + {} = {}\nθ ← θ − αv: step {}",
                    pair(&p.g),
                    b,
                    pair(&p.v),
                    pair(&p.g),
                    pair(&p.v_next),
                    pair(&p.step)
                ),
                Some((_, Some(p))) => format!(
                    "g = ∇L(θ) = {}\nv ← βv + g = {}\nu = g + βv = {}\nθ ← θ − αu: step {}",
                    pair(&p.g),
                    pair(&p.v_next),
                    pair(&p.u),
                    pair(&p.step)
                ),
            })
        }
    };

    let min_marker = vec![((0.0, 0.0), "minimum".to_string())];
    let background = move |layer: &Layer| {
        let f: Problem = Landscape::Quadratic { kappa: kappa.get() }.into_problem();
        landscape_background(f, VIEW, ("θ₁", "θ₂"), min_marker.clone())(layer)
    };
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let show: Vec<bool> = shown.iter().map(|s| s.get()).collect();
        let series = state.with_value(|rs| {
            let mut out = Vec::new();
            for (i, r) in rs.iter().enumerate().filter(|(i, _)| show[*i]) {
                out.push(Series::line(i, r.trajectory().iter().map(|(_, x)| (x[0], x[1])).collect()));
                if i > 0
                    && let Some(p) = next_update(r)
                {
                    let at = r.position();
                    out.push(Series::line(i, vec![(at[0], at[1]), (at[0] + p.step[0], at[1] + p.step[1])]).with(Mark::Arrow));
                }
            }
            out
        });
        draw_paths(layer, VIEW, &series, Some((x0.get(), y0.get())));
    };
    let on_click = start_picker(VIEW, x0, y0, Some(sim));
    let alt_bucket = Memo::new(move |_| (step_now() / 10, sim.playing.get()));
    let alt = Signal::derive(move || {
        alt_bucket.track();
        let r = rows.get_untracked();
        let names: Vec<String> = RUNNERS
            .iter()
            .zip(&r)
            .enumerate()
            .filter(|(i, _)| shown[*i].get_untracked())
            .map(|(_, ((n, _), row))| format!("{n} loss {}", sig(row.0, 3)))
            .collect();
        format!(
            "Contours of x₁² + {}x₂², a long narrow valley with its minimum at the origin; paths from ({}, {}) after {} steps: {}.",
            sig(kappa.get_untracked(), 3),
            sig(x0.get_untracked(), 3),
            sig(y0.get_untracked(), 3),
            untrack(step_now),
            names.join("; ")
        )
    });

    let theme = crate::ui::hooks::use_theme();
    let plot = view! { <PlotCanvas aspect=1.5 background=background foreground=foreground on_click=on_click alt=alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {plot}
                    <Legend items=RUNNERS.iter().enumerate().map(|(i, (n, _))| (i, n.to_string())).collect() />
                    <div class="rules">
                        <div>
                            <p class="rule-head">"Heavy ball, next step"</p>
                            <pre class="rule" data-readout="rule-hb">{live(rule(1))}</pre>
                        </div>
                        <div>
                            <p class="rule-head">"Nesterov, next step"</p>
                            <pre class="rule" data-readout="rule-nag">{live(rule(2))}</pre>
                        </div>
                    </div>
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{live(move || step_now().to_string())}</span>" of "{live(move || steps.get().round().to_string())}
                        <br/>"Effective step multiplier 1/(1 − β) = "<span data-readout="multiplier">{live(move || format!("{}×", sig(multiplier(beta.get()), 3)))}</span>
                    </p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"Loss"</th><th scope="col">"Steps"</th></tr></thead>
                        <tbody>
                            {RUNNERS.iter().enumerate().map(|(i, (name, _))| view! {
                                <tr data-run-status=move || rows.with(|r| r.get(i).map(|x| x.2.as_str()).unwrap_or(""))>
                                    <td>
                                        <span class="swatch" style=live(move || format!("background:{}", theme.get().series_css(i)))></span>
                                        {*name}
                                    </td>
                                    <td data-readout=format!("loss-{i}")>{live(loss_of(i))}</td>
                                    <td>{live(move || rows.with(|r| r.get(i).map(|x| x.1.to_string()).unwrap_or_default()))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <LogSlider label="Condition number κ" name="kappa" value=kappa min=1.0 max=1000.0 />
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.0001 max=0.05 />
                        <Slider label="Momentum β" name="beta" value=beta min=0.0 max=0.99 step=0.01 />
                        <Slider label="Steps" name="steps" value=steps min=10.0 max=1000.0 step=10.0 />
                        <Slider label="θ₀ first coordinate" name="x0" value=x0 min=VIEW.0.0 max=VIEW.0.1 step=0.05 />
                        <Slider label="θ₀ second coordinate" name="y0" value=y0 min=VIEW.1.0 max=VIEW.1.1 step=0.01 />
                        <div class="toggles">
                            <Toggle label="Gradient descent" name="gd" value=shown[0] />
                            <Toggle label="Heavy ball" name="hb" value=shown[1] />
                            <Toggle label="Nesterov" name="nag" value=shown[2] />
                        </div>
                    </div>
                    <p class="note">
                        "Convention: PyTorch's SGD(momentum=β): v ← βv + g, then θ ← θ − αv, with v = g on the first step; \
                         Nesterov (nesterov=True) steps along g + βv instead. The slides write v ← λv − α∇L, θ ← θ + v: \
                         the same iterates with λ = β while α is constant (their v is −α times this one); they differ once α \
                         follows a schedule. The arrows show the step each momentum run takes next. Click the plot to start elsewhere."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
