//! `momentum-noise`: the narrow valley with noisy gradients (mini-batches of a finite sum, or
//! additive Gaussian noise). Plain SGD at α, momentum at (α, β), and plain SGD at the effective
//! step α/(1 − β) share one noise stream. A plot of the directions of the sampled gradient and
//! of the velocity shows momentum averaging the noise.

use crate::core::landscape::Landscape;
use crate::core::momentum::{NoisyRace, ShiftedValley, multiplier};
use crate::core::optimizer::OptimizerConfig;
use crate::core::oracle::Noise;
use crate::core::problem::Problem;
use crate::core::run::{Run, RunConfig, Status};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series, run_series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Select, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{numbered, Legend, aspect, blank, draw_chart_on, draw_paths, fresh_seed, landscape_background, live, use_replayed, use_status, share_seed};
use super::momentum::VIEW;
use leptos::prelude::*;
pub use crate::catalog::momentum_noise::{ID, SPECS, TITLE};
use crate::catalog::momentum_noise::{NOISES, VIEWS};

const KAPPA: f64 = 100.0;
const START: [f64; 2] = [-1.5, 0.2];
/// The finite sum: examples, the spread of their shifts, and the data seed.
const EXAMPLES: usize = 1000;
const SPREAD: f64 = 10.0;
const DATA_SEED: u64 = 1;
const NOISE_LABELS: [&str; 2] = ["mini-batches", "Gaussian noise"];
const NAMES: [&str; 3] = ["SGD at α", "Momentum at α, β", "SGD at α/(1 − β)"];
const VIEW_LABELS: [&str; 2] = ["along the valley (θ₁ component)", "direction (angle)"];
const _: () = assert!(NOISE_LABELS.len() == NOISES.len() && VIEW_LABELS.len() == VIEWS.len());

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <MomentumNoise params=p /> }.into_any()
}

/// The race: three runs on one noise stream, the momentum run watched, the second half of the
/// run averaged.
pub fn race(gauss: bool, batch: usize, sigma: f64, lr: f64, beta: f64, steps: usize, seed: u64) -> NoisyRace {
    let (f, noise): (Problem, Noise) = if gauss {
        (Landscape::Quadratic { kappa: KAPPA }.into_problem(), Noise::Gaussian { sigma })
    } else {
        (ShiftedValley::new(KAPPA, EXAMPLES, SPREAD, DATA_SEED).into_problem(), Noise::MiniBatch { batch: batch.clamp(1, EXAMPLES), epochs: false })
    };
    let run = |lr: f64, beta: f64| {
        let cfg = RunConfig::new(OptimizerConfig::momentum(lr, beta), START.to_vec()).noise(noise.clone()).seed(seed).max_steps(steps);
        Run::new(f.clone(), cfg)
    };
    NoisyRace::new(vec![run(lr, 0.0), run(lr, beta), run(lr * multiplier(beta), 0.0)], 1, steps / 2)
}

/// A line of angles in degrees, broken where it wraps from +180 to −180.
fn angle_pieces(color: usize, pts: impl Iterator<Item = (f64, f64)>) -> Vec<Series> {
    let mut out: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    let mut last: Option<f64> = None;
    for p in pts {
        if last.is_some_and(|l| (p.1 - l).abs() > 180.0) {
            out.push(Vec::new());
        }
        last = Some(p.1);
        if let Some(v) = out.last_mut() {
            v.push(p);
        }
    }
    out.into_iter().filter(|v| !v.is_empty()).map(|v| Series::line(color, v)).collect()
}

#[component]
fn MomentumNoise(params: Parsed) -> impl IntoView {
    let noise = RwSignal::new(params.choice("noise").min(1) as u32);
    let b = RwSignal::new(params.int("b") as f64);
    let sigma = RwSignal::new(params.f64("sigma"));
    let lr = RwSignal::new(params.f64("lr"));
    let beta = RwSignal::new(params.f64("beta"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let seed = RwSignal::new(params.seed("seed"));
    share_seed(seed);
    let view_by = RwSignal::new(params.choice("view").min(1) as u32);
    let notices = RwSignal::new(params.notices.clone());

    let make = move || {
        race(
            noise.get_untracked() == 1,
            b.get_untracked().round() as usize,
            sigma.get_untracked(),
            lr.get_untracked(),
            beta.get_untracked(),
            steps.get_untracked().round() as usize,
            seed.get_untracked(),
        )
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let (state, sim) = use_replayed(root, params.int("speed"), make, NoisyRace::advance, NoisyRace::reached, move || {
        noise.track();
        b.track();
        sigma.track();
        lr.track();
        beta.track();
        steps.track();
        seed.track();
    });

    // Per runner: (mean loss after the burn-in, status, current loss), and the turns.
    let rows = Memo::new(move |_| {
        sim.tick.track();
        state.with_value(|r| (0..3).map(|k| (r.mean_loss(k), r.runs[k].status(), r.runs[k].loss())).collect::<Vec<_>>())
    });
    let turns = Memo::new(move |_| {
        sim.tick.track();
        state.with_value(NoisyRace::mean_turns)
    });
    let step_now = Memo::new(move |_| {
        sim.tick.track();
        state.with_value(NoisyRace::reached)
    });
    let status = use_status(state, sim, |r: &NoisyRace| &r.runs);
    let mean_text = move |k: usize| {
        move || {
            rows.with(|r| match r.get(k) {
                Some((_, Status::Diverged, _)) => "diverged".to_string(),
                Some((Some(m), _, _)) => sig(*m, 3),
                _ => "after step ".to_string() + &(steps.get() / 2.0).round().to_string(),
            })
        }
    };
    let verdict = move || {
        let r = rows.get();
        let t = step_now.get();
        let half = (steps.get() / 2.0).round() as usize;
        if t <= half {
            return format!(
                "Step {t}. All three runs see the same {} at every step. The losses are averaged from step {half} on, once the runs have settled.",
                if noise.get() == 1 { "noise vectors" } else { "mini-batches" }
            );
        }
        let (Some(sgd), Some(mom)) = (r[0].0, r[1].0) else { return String::new() };
        let eff = match (r[2].1, r[2].0) {
            (Status::Diverged, _) => format!(
                "Plain SGD at the effective step α/(1 − β) = {} diverged: the valley's steep side allows at most 2/L = {}.",
                sig(lr.get() * multiplier(beta.get()), 3),
                sig(1.0 / KAPPA, 3)
            ),
            (_, Some(e)) if mom < e => format!("Plain SGD at the effective step α/(1 − β) settles higher ({}): on the steep side its steps are as large as momentum's, but nothing averages them.", sig(e, 3)),
            (_, Some(e)) => format!("Plain SGD at the effective step α/(1 − β) settles at {}, no higher than momentum.", sig(e, 3)),
            _ => String::new(),
        };
        let same = if mom < sgd {
            format!("Momentum at α settles {}× lower than SGD at α, which is still crawling along the valley.", sig(sgd / mom.max(1e-300), 3))
        } else {
            format!("Momentum at α settles {}× higher than SGD at α: carrying 1/(1 − β) times further, it also carries the noise further.", sig(mom / sgd.max(1e-300), 3))
        };
        format!("{same} {eff}")
    };

    let background = landscape_background(Landscape::Quadratic { kappa: KAPPA }.into_problem(), VIEW, ("θ₁", "θ₂"), vec![((0.0, 0.0), "minimum".to_string())]);
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let series = state.with_value(|r| run_series(&r.runs, |_, x| (x[0], x[1])));
        draw_paths(layer, VIEW, &series, Some((START[0], START[1])));
    };
    let losses = move |layer: &Layer| {
        sim.tick.track();
        let series = state.with_value(|r| run_series(&r.runs, |p, _| (p.step as f64, p.loss.max(1e-12))));
        let spec = ChartSpec::new(("step", "loss"), Axis::linear().range(0.0, steps.get().max(1.0)), Axis::log());
        draw_chart_on(layer, &series, &spec);
    };
    let directions = move |layer: &Layer| {
        sim.tick.track();
        let by_angle = view_by.get() == 1;
        let ema = 1.0 - beta.get();
        let x = Axis::linear().range(0.0, steps.get().max(1.0));
        let (series, spec) = state.with_value(|r| {
            let d = &r.directions;
            if by_angle {
                let mut s = vec![Series::line(3, d.iter().map(|l| (l.t as f64, l.g_angle)).collect()).with(Mark::Dots)];
                s.extend(angle_pieces(1, d.iter().map(|l| (l.t as f64, l.v_angle))));
                (s, ChartSpec::new(("step", "direction (degrees)"), x, Axis::linear().range(-180.0, 180.0)))
            } else {
                let s = vec![
                    Series::line(3, d.iter().map(|l| (l.t as f64, l.g[0])).collect()).with(Mark::Dots),
                    Series::line(1, d.iter().map(|l| (l.t as f64, ema * l.v[0])).collect()),
                    Series::line(4, d.iter().map(|l| (l.t as f64, l.true_g[0])).collect()).with(Mark::Dashed),
                ];
                // The central 98% of the sampled values, so one wild batch does not flatten the rest.
                let mut ys: Vec<f64> = d.iter().map(|l| l.g[0]).chain(d.iter().map(|l| l.true_g[0])).filter(|v| v.is_finite()).collect();
                ys.sort_by(f64::total_cmp);
                let q = |p: f64| ys.get(((ys.len() as f64 - 1.0) * p).round() as usize).copied().unwrap_or(0.0);
                let (lo, hi) = (q(0.01).min(-0.5), q(0.99).max(0.5));
                (s, ChartSpec::new(("step", "θ₁ component"), x, Axis::linear().range(lo, hi)))
            }
        });
        draw_chart_on(layer, &series, &spec);
    };
    let alt_bucket = Memo::new(move |_| (step_now.get() / 20, sim.playing.get()));
    let alt = Signal::derive(move || {
        alt_bucket.track();
        format!("The narrow valley x₁² + 100x₂² with three noisy paths from (−1.5, 0.2) after {} steps.", step_now.get_untracked())
    });
    let loss_alt = Signal::derive(move || {
        alt_bucket.track();
        format!(
            "Loss against step on a log scale for the three runs; mean losses after the burn-in: {}, {}, {}.",
            untrack(mean_text(0)),
            untrack(mean_text(1)),
            untrack(mean_text(2))
        )
    });
    let dir_alt = Signal::derive(move || {
        alt_bucket.track();
        let turned = match turns.get_untracked() {
            Some((g, v)) => format!(" The gradient's direction turns {}° per step on average, the velocity's {}°.", sig(g, 3), sig(v, 3)),
            None => String::new(),
        };
        if view_by.get() == 1 {
            format!("Direction in degrees of the momentum run's sampled gradient (dots) and velocity (line) at every step.{turned}")
        } else {
            format!("Along the valley, per step of the momentum run: the sampled gradient's θ₁ component (dots), the velocity's times (1 − β) (line) and the true gradient's (dashed).{turned}")
        }
    });

    let theme = crate::ui::hooks::use_theme();
    let new_seed = move |_| {
        seed.set(fresh_seed(seed.get_untracked()));
        sim.reset();
        sim.play();
    };
    let landscape = view! { <PlotCanvas aspect=1.5 background=background foreground=foreground alt=alt /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(2.4, 1.7) background=blank foreground=losses alt=loss_alt /> };
    let dir_plot = view! { <PlotCanvas aspect=aspect(2.4, 1.7) background=blank foreground=directions alt=dir_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {landscape}
                    <Legend items=numbered(&NAMES) />
                    {loss_plot}
                    <div class="compact">
                        <Select label="Compare g and v" name="view" value=view_by
                            options=VIEW_LABELS.iter().enumerate().map(|(i, l)| (i as u32, l.to_string())).collect() />
                    </div>
                    {dir_plot}
                    {move || if view_by.get() == 1 {
                        view! { <Legend items=vec![(3, "direction of the sampled gradient g".to_string()), (1, "direction of the velocity v".to_string())] /> }.into_any()
                    } else {
                        view! { <Legend items=vec![(3, "sampled gradient g₁".to_string()), (1, "velocity, (1 − β)·v₁".to_string()), (4, "true gradient ∂L/∂θ₁".to_string())] /> }.into_any()
                    }}
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{live(move || step_now.get().to_string())}</span>" of "{live(move || steps.get().round().to_string())}
                        <br/>"Turn per step: gradient "<span data-readout="turn-g">{live(move || turns.get().map(|t| format!("{}°", sig(t.0, 3))).unwrap_or_else(|| "–".into()))}</span>
                        ", velocity "<span data-readout="turn-v">{live(move || turns.get().map(|t| format!("{}°", sig(t.1, 3))).unwrap_or_else(|| "–".into()))}</span>
                        <br/>"Seed "<span data-readout="seed">{move || seed.get()}</span>
                    </p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"Mean loss, second half"</th></tr></thead>
                        <tbody>
                            {NAMES.iter().enumerate().map(|(k, name)| view! {
                                <tr data-run-status=move || rows.with(|r| r.get(k).map(|x| x.1.as_str()).unwrap_or(""))>
                                    <td>
                                        <span class="swatch" style=live(move || format!("background:{}", theme.get().series_css(k)))></span>
                                        {*name}
                                    </td>
                                    <td data-readout=format!("mean-{k}")>{live(mean_text(k))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <Select label="Noise" name="noise" value=noise
                            options=NOISE_LABELS.iter().enumerate().map(|(i, l)| (i as u32, l.to_string())).collect() />
                        <Show when=move || noise.get() == 0>
                            <Slider label="Mini-batch size B" name="b" value=b min=1.0 max=256.0 step=1.0 />
                        </Show>
                        <Show when=move || noise.get() == 1>
                            <LogSlider label="Noise σ" name="sigma" value=sigma min=0.1 max=50.0 />
                        </Show>
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.0001 max=0.02 />
                        <Slider label="Momentum β" name="beta" value=beta min=0.0 max=0.99 step=0.01 />
                        <Slider label="Steps" name="steps" value=steps min=50.0 max=2000.0 step=50.0 />
                        <button type="button" on:click=new_seed>"New seed"</button>
                    </div>
                    <p class="note">
                        "The finite sum: example n's loss is x₁² + 100x₂² + cₙ·x, with the shifts cₙ drawn N(0, 10²) and centred, \
                         so the average of all 1000 is the valley itself and a mini-batch gradient is the true one plus the \
                         batch's mean shift. Every run draws the same batches (or noise vectors) at every step. Momentum \
                         follows PyTorch: v ← βv + g, θ ← θ − αv. The gradient's direction is read back from the velocity as \
                         gₜ = vₜ − βvₜ₋₁."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
