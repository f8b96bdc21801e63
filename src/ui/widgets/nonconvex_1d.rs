//! `nonconvex-1d`: a ball rolling on the curve 0.5(θ − 3)² + 2 sin 3θ + 0.3 sin 7θ under
//! gradient descent and under noisy gradients, from θ = −1; and, because one noisy run proves
//! nothing, histograms of where many seeds end and the losses they end at.

use crate::core::layer2::curve::{self, RANGE, START};
use crate::core::oracle::Noise;
use crate::core::problem::Problem;
use crate::core::run::Run;
use crate::core::stats::histogram;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, all_runs, aspect, blank, draw_chart_on, fresh_seed, live, on_change, runs_reached, step_runs, use_replayed, use_status, use_sweep, share_seed, use_reached};
use leptos::prelude::*;
pub use crate::catalog::nonconvex_1d::{ID, SPECS, TITLE};

/// The plotted loss range.
const LOSS_RANGE: (f64, f64) = (-3.0, 18.0);
/// Histogram ranges and bins: end points over the plotted θ range, final losses over [−2, 8).
const THETA_BINS: usize = 45;
const LOSS_HIST: (f64, f64, usize) = (-2.0, 8.0, 40);
/// How many trailing positions each ball leaves as dots.
const TRAIL: usize = 25;
const PANEL_BUDGET: u32 = 3000;

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <NonConvex params=p /> }.into_any()
}

#[component]
fn NonConvex(params: Parsed) -> impl IntoView {
    let f: Problem = curve::problem();
    let sigma = RwSignal::new(params.f64("sigma"));
    let lr = RwSignal::new(params.f64("lr"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let seeds = RwSignal::new(params.int("seeds") as f64);
    let seed = RwSignal::new(params.seed("seed"));
    share_seed(seed);
    let notices = RwSignal::new(params.notices.clone());
    let max_steps = move || steps.get_untracked().round() as usize;

    let make = {
        let f = f.clone();
        move || {
            let (a, max) = (lr.get_untracked(), max_steps());
            let noisy = Noise::Gaussian { sigma: sigma.get_untracked() };
            vec![
                Run::new(f.clone(), curve::config(a, max, Noise::Exact, 0)),
                Run::new(f.clone(), curve::config(a, max, noisy, seed.get_untracked())),
            ]
        }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, move || {
        sigma.track();
        lr.track();
        steps.track();
        seed.track();
    });

    let panel = use_sweep(root, PANEL_BUDGET, move || {
        curve::end_sweep(sigma.get_untracked(), lr.get_untracked(), max_steps(), seeds.get_untracked().round() as usize)
    });
    let gd_end = Memo::new(move |_| curve::gd_end(lr.get(), steps.get().round() as usize));

    on_change(move || { sigma.track(); lr.track(); steps.track(); seeds.track(); }, move || panel.restart());

    let step_count = use_reached(runs, sim, runs_reached);
    // (θ, loss) of each run, once per tick.
    let now = move || {
        sim.tick.track();
        runs.with_value(|rs| rs.iter().map(|r| (r.position()[0], r.loss())).collect::<Vec<_>>())
    };
    let status = use_status(runs, sim, all_runs);

    // The many-seed results: end points, final losses, and the summary against GD.
    let ends = move || {
        panel.sim.tick.track();
        panel.sweep.with_value(|s| s.outcomes().iter().map(|o| (o.position[0], o.loss)).collect::<Vec<_>>())
    };
    let summary = move || {
        panel.sim.tick.track();
        let (_, gd_loss) = gd_end.get();
        panel.sweep.with_value(|s| s.is_done().then(|| curve::summarize(s.outcomes(), gd_loss)))
    };

    let verdict = move || {
        let t = step_count.get();
        let n = now();
        let (gd_theta, gd_loss) = gd_end.get();
        if t == 0 || n.len() < 2 {
            return "Both balls start at θ = −1. Gradient descent rolls into the nearest dip and stops there; the noisy one is shaken as it goes. Press Play.".to_string();
        }
        let (theta, loss) = n[1];
        let done = runs.with_value(|rs| rs.iter().all(|r| r.status().is_done()));
        let compare = if loss < gd_loss { "below" } else { "above" };
        let many = match summary() {
            Some(s) => format!(" One run proves little either way: of {} seeds, {} end below GD.", s.runs, s.better),
            None => String::new(),
        };
        if done {
            format!(
                "GD stopped at θ = {} with loss {}. This noisy run (seed {}) ended at θ = {} with loss {}, {} {compare} GD's.{many}",
                sig(gd_theta, 3),
                sig(gd_loss, 4),
                seed.get(),
                sig(theta, 3),
                sig(loss, 4),
                sig((loss - gd_loss).abs(), 2)
            )
        } else {
            format!("The noisy ball is at θ = {}, loss {}; GD will stop at θ = {}, loss {}.", sig(theta, 3), sig(loss, 4), sig(gd_theta, 3), sig(gd_loss, 4))
        }
    };

    let curve_series = {
        let f = f.clone();
        let n = 600;
        Series::line(5, (0..=n).map(|i| {
            let t = RANGE.0 + (RANGE.1 - RANGE.0) * i as f64 / n as f64;
            (t, f.value(&[t]))
        }).collect())
    };
    let curve_spec = || ChartSpec::new(("θ", "loss L(θ)"), Axis::linear().range(RANGE.0, RANGE.1), Axis::linear().range(LOSS_RANGE.0, LOSS_RANGE.1));
    let curve_bg = move |layer: &Layer| draw_chart_on(layer, std::slice::from_ref(&curve_series), &curve_spec());
    let balls = {
        let f = f.clone();
        move |layer: &Layer| {
            sim.tick.track();
            let mut series = Vec::new();
            runs.with_value(|rs| {
                for (i, r) in rs.iter().enumerate() {
                    let pts: Vec<(f64, f64)> = r.trajectory().iter().map(|(p, x)| (x[0], p.loss)).collect();
                    let tail = &pts[pts.len().saturating_sub(TRAIL)..];
                    series.push(Series::line(i, tail.to_vec()).with(Mark::Dots));
                    series.push(Series::line(i, vec![(r.position()[0], r.loss())]).with(Mark::Ring));
                }
            });
            series.push(Series::line(5, vec![(START, f.value(&[START]))]).with(Mark::Cross));
            draw_chart_on(layer, &series, &curve_spec().overlay());
        }
    };
    let bar_width = (RANGE.1 - RANGE.0) / THETA_BINS as f64;
    let theta_hist = move |layer: &Layer| {
        let (centres, counts) = histogram(&ends().iter().map(|p| p.0).collect::<Vec<_>>(), RANGE.0, RANGE.1, THETA_BINS);
        let top = counts.iter().copied().max().unwrap_or(0).max(5) as f64;
        let (gd_theta, _) = gd_end.get();
        let series = vec![
            Series::line(1, centres.into_iter().zip(counts).map(|(c, k)| (c, k as f64)).collect()).with(Mark::Bars { width: bar_width }),
            Series::line(0, vec![(gd_theta, 0.0), (gd_theta, top)]).with(Mark::Dashed),
        ];
        draw_chart_on(layer, &series, &ChartSpec::new(("where the run ends, θ", "seeds"), Axis::linear().range(RANGE.0, RANGE.1), Axis::linear()));
    };
    let loss_hist = move |layer: &Layer| {
        let (lo, hi, bins) = LOSS_HIST;
        let (centres, counts) = histogram(&ends().iter().map(|p| p.1).collect::<Vec<_>>(), lo, hi, bins);
        let top = counts.iter().copied().max().unwrap_or(0).max(5) as f64;
        let (_, gd_loss) = gd_end.get();
        let series = vec![
            Series::line(1, centres.into_iter().zip(counts).map(|(c, k)| (c, k as f64)).collect()).with(Mark::Bars { width: (hi - lo) / bins as f64 }),
            Series::line(0, vec![(gd_loss, 0.0), (gd_loss, top)]).with(Mark::Dashed),
        ];
        draw_chart_on(layer, &series, &ChartSpec::new(("final loss", "seeds"), Axis::linear().range(lo, hi), Axis::linear()));
    };

    let alt_bucket = Memo::new(move |_| (step_count.get() / 10, sim.playing.get()));
    let alt = Signal::derive(move || {
        alt_bucket.track();
        let n = untrack(now);
        let at = |i: usize| n.get(i).map(|(t, l)| format!("θ = {}, loss {}", sig(*t, 3), sig(*l, 3))).unwrap_or_default();
        format!(
            "The curve 0.5(θ − 3)² + 2 sin 3θ + 0.3 sin 7θ for θ from −2 to 7, with two balls after {} steps from θ = −1: gradient descent at {}; noisy gradients (σ = {}) at {}.",
            step_count.get_untracked(),
            at(0),
            sig(sigma.get_untracked(), 3),
            at(1)
        )
    });
    let summary_text = move || match summary() {
        Some(s) => format!(
            "{} of {} seeds end below GD's loss {}; median final loss {}, best {}, worst {}.",
            s.better,
            s.runs,
            sig(gd_end.get().1, 4),
            sig(s.median_loss, 3),
            sig(s.best_loss, 3),
            sig(s.worst_loss, 3)
        ),
        None => "Computing…".to_string(),
    };
    let hist_alt = Signal::derive(move || format!("Histogram of where {} noisy runs (σ = {}, α = {}) end, with GD's end point dashed. {}", seeds.get().round(), sig(sigma.get(), 3), sig(lr.get(), 3), summary_text()));
    let loss_alt = Signal::derive(move || format!("Histogram of the final losses of the same runs, with GD's final loss dashed. {}", summary_text()));

    let new_seed = move |_| {
        seed.set(fresh_seed(seed.get_untracked()));
        sim.reset();
        sim.play();
    };
    let theme = crate::ui::hooks::use_theme();
    let names = ["GD", "Noisy"];
    let keys = ["gd", "noisy"];

    let curve_plot = view! { <PlotCanvas aspect=aspect(2.0, 1.5) background=curve_bg foreground=balls alt=alt /> };
    let theta_plot = view! { <PlotCanvas aspect=aspect(3.2, 2.0) background=blank foreground=theta_hist alt=hist_alt /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(3.2, 2.0) background=blank foreground=loss_hist alt=loss_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {curve_plot}
                    <Legend items=vec![(0, "gradient descent".to_string()), (1, "noisy gradients (the ball: this seed; the bars: all seeds)".to_string()), (5, "× the start".to_string())] />
                    {theta_plot}
                    {loss_plot}
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || step_count.get().to_string())}</span>" of "{live(move || steps.get().round().to_string())}</p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"θ"</th><th scope="col">"Loss"</th></tr></thead>
                        <tbody>
                            {(0..2).map(|i| {
                                let at = move || now().get(i).copied();
                                let key = keys[i];
                                view! {
                                    <tr>
                                        <td><span class="swatch" style=live(move || format!("background:{}", theme.get().series_css(i)))></span>{names[i]}</td>
                                        <td data-readout=format!("{key}-theta")>{live(move || at().map(|(t, _)| sig(t, 3)).unwrap_or_default())}</td>
                                        <td data-readout=format!("{key}-loss")>{live(move || at().map(|(_, l)| sig(l, 4)).unwrap_or_default())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <Slider label="Noise level σ" name="sigma" value=sigma min=0.0 max=50.0 step=0.5 />
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.001 max=0.3 />
                        <Slider label="Steps" name="steps" value=steps min=10.0 max=1000.0 step=10.0 />
                        <Slider label="Seeds in the histograms" name="seeds" value=seeds min=20.0 max=400.0 step=10.0 />
                        <div class="seed-row">
                            <span>"Seed "<span data-readout="seed">{live(move || seed.get().to_string())}</span></span>
                            <button type="button" on:click=new_seed>"New seed"</button>
                        </div>
                    </div>
                    <p class="readouts" data-readout="summary">{live(summary_text)}</p>
                    <p class="note">
                        "Seeds 1 to "{live(move || seeds.get().round().to_string())}", each "{live(move || steps.get().round().to_string())}" steps of θ ← θ − α(∇L + σε) with ε ~ N(0, 1) (torch.optim.SGD's update on a noisy gradient); runs done: "
                        <span data-readout="hist-progress">{live(move || { let (a, n) = panel.progress(); format!("{a} of {n}") })}</span>
                        ". Final losses above 8 are counted in the last bar."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
