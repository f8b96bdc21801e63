//! `saddle`: gradient descent and SGD started on the stable line of a saddle with two minima.
//! GD slides into the saddle and stops there for good; SGD's noise pushes it off the line and
//! it falls into a minimum. A panel runs many seeds and plots escape times against σ.

use crate::core::critical::{PointKind, classify};
use crate::core::landscape::Landscape;
use crate::core::layer2::saddle::{self, ESCAPE, SIGMAS, START, TOL};
use crate::core::oracle::Noise;
use crate::core::problem::{Objective, Problem};
use crate::core::run::{Run, Status};
use crate::core::stats::quantile;
use crate::core::sweep::{Outcome, hit_times};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series, fmt_tick, run_series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Select, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, View, aspect, blank, draw_chart_on, draw_paths, fresh_seed, landscape_background, live, on_change, use_replayed, use_status, use_sweep, share_seed, use_reached};
use leptos::prelude::*;
pub use crate::catalog::saddle::{ID, SPECS, TITLE};
use crate::catalog::saddle::OFFSET_NAMES;

const VIEW: View = ((-2.0, 2.0), (-1.6, 1.6));
/// The values and labels of the start offsets named by `OFFSET_NAMES`.
const OFFSETS: [f64; 3] = [0.0, 1e-8, 1e-4];
const OFFSET_LABELS: [&str; 3] = ["0 (on the line)", "10⁻⁸", "10⁻⁴"];
const _: () = assert!(OFFSETS.len() == OFFSET_NAMES.len() && OFFSET_LABELS.len() == OFFSET_NAMES.len());
/// Seeds per noise level in the escape-time panel, and optimizer steps it does per frame.
pub const PANEL_SEEDS: usize = 40;
const PANEL_BUDGET: u32 = 3000;

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <Saddle params=p /> }.into_any()
}

/// GD and SGD with the step at which each first reached |y| ≥ ½.
struct Pair {
    runs: Vec<Run>,
    escaped: [Option<usize>; 2],
}

impl Pair {
    /// Up to `n` steps of both runs; whether either still runs.
    fn advance(&mut self, n: usize) -> bool {
        let mut running = true;
        for _ in 0..n {
            running = self.step();
            if !running {
                break;
            }
        }
        running
    }
    fn reached(&self) -> usize {
        self.runs.iter().map(Run::steps).max().unwrap_or(0)
    }
    fn step(&mut self) -> bool {
        for (r, e) in self.runs.iter_mut().zip(self.escaped.iter_mut()) {
            r.step();
            if e.is_none() && saddle::escaped(r.position()) {
                *e = Some(r.steps());
            }
        }
        self.runs.iter().any(|r| !r.status().is_done())
    }
}

/// What a table row shows about one run.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    loss: f64,
    grad: f64,
    status: Status,
    escaped: Option<usize>,
    position: Vec<f64>,
}

fn state_text(f: &dyn Objective, r: &Row) -> String {
    if r.status == Status::Diverged {
        return "diverged".into();
    }
    match r.escaped {
        Some(k) => format!("escaped at step {k}"),
        None if r.status == Status::Converged => match classify(f, &r.position, TOL) {
            PointKind::Saddle => "stuck at the saddle".into(),
            kind => format!("stopped at a {}", kind.as_str()),
        },
        None => "on the stable line".into(),
    }
}

/// Median of escape times with runs that never escaped counted as later than any that did;
/// `None` while half or more of them have not escaped.
fn median_escape(group: &[Outcome]) -> Option<f64> {
    let (mut times, misses) = hit_times(group);
    if group.is_empty() || 2 * misses + 2 > group.len() {
        return None;
    }
    times.extend(std::iter::repeat_n(f64::MAX, misses));
    let m = quantile(&times, 0.5);
    (m < f64::MAX / 2.0).then_some(m)
}

#[component]
fn Saddle(params: Parsed) -> impl IntoView {
    let f: Problem = saddle::problem();
    let saddle_loss = f.value(&[0.0, 0.0]);
    let (min_at, min_loss) = f.minimum().unwrap_or((vec![0.0, 1.0], -0.25));

    let sigma = RwSignal::new(params.f64("sigma"));
    let lr = RwSignal::new(params.f64("lr"));
    let steps = RwSignal::new(params.int("steps") as f64);
    // u32, like the speed menu, so both share one instance of Select.
    let offset = RwSignal::new(params.choice("offset").min(OFFSETS.len() - 1) as u32);
    let seed = RwSignal::new(params.seed("seed"));
    share_seed(seed);
    let notices = RwSignal::new(params.notices.clone());
    let start = move || [START[0], OFFSETS[offset.get_untracked() as usize]];
    let max_steps = move || steps.get_untracked().round() as usize;

    let make = {
        let f = f.clone();
        move || {
            let (a, s0, max) = (lr.get_untracked(), start(), max_steps());
            Pair {
                runs: vec![
                    Run::new(f.clone(), saddle::config(a, s0, Noise::Exact, 0, max)),
                    Run::new(f.clone(), saddle::config(a, s0, Noise::Gaussian { sigma: sigma.get_untracked() }, seed.get_untracked(), max)),
                ],
                escaped: [None; 2],
            }
        }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let (pair, sim) = use_replayed(root, params.int("speed"), make, Pair::advance, Pair::reached, move || {
        sigma.track();
        lr.track();
        steps.track();
        offset.track();
        seed.track();
    });

    // The escape-time panel: the σ grid (rebuilt when α, the start or the cap change) and the
    // chosen σ (rebuilt when σ changes too), each worked through a few thousand steps a frame.
    let grid = use_sweep(root, PANEL_BUDGET, move || saddle::escape_sweep(lr.get_untracked(), start(), &SIGMAS, PANEL_SEEDS, max_steps()));
    let chosen = use_sweep(root, PANEL_BUDGET, move || saddle::escape_sweep(lr.get_untracked(), start(), &[sigma.get_untracked()], PANEL_SEEDS, max_steps()));
    let gd_escape = Memo::new(move |_| saddle::gd_escape(lr.get(), [START[0], OFFSETS[offset.get() as usize]], steps.get().round() as usize));

    on_change(move || { lr.track(); steps.track(); offset.track(); }, move || grid.restart());
    on_change(move || { sigma.track(); lr.track(); steps.track(); offset.track(); }, move || chosen.restart());

    let step_count = use_reached(pair, sim, Pair::reached);
    // Plain closures rather than memos: cheap to recompute, and each memo type costs wasm.
    let rows = move || {
        sim.tick.track();
        pair.with_value(|p| {
            p.runs
                .iter()
                .zip(p.escaped)
                .map(|(r, escaped)| Row { loss: r.loss(), grad: r.grad_norm(), status: r.status(), escaped, position: r.position().to_vec() })
                .collect::<Vec<_>>()
        })
    };
    let status = use_status(pair, sim, |p| &p.runs);
    // The landscape as plain data (a memo's closure must be Send; the shared problem is not).
    let states = move || rows().iter().map(|row| state_text(&Landscape::Saddle, row)).collect::<Vec<_>>();

    let verdict = move || {
        let (r, t) = (rows(), step_count.get());
        if r.len() < 2 {
            return String::new();
        }
        let (gd, sgd) = (&r[0], &r[1]);
        let off = OFFSETS[offset.get() as usize];
        let sgd_part = match (sgd.status, sgd.escaped) {
            (Status::Diverged, _) => format!(
                "SGD diverged: noise σ = {} at α = {} threw it onto the steep outer walls, where y⁴/4 makes each step longer than the last. It was stopped and marked diverged.",
                sig(sigma.get(), 3),
                sig(lr.get(), 3)
            ),
            (_, Some(k)) if sgd.loss < saddle_loss => format!(
                "SGD's noise pushed it off the line: it escaped at step {k} and its loss, {}, is below the saddle's {}.",
                sig(sgd.loss, 3),
                sig(saddle_loss, 2)
            ),
            (_, Some(k)) => format!("SGD escaped at step {k} and is sliding down."),
            _ => "SGD has not escaped yet.".to_string(),
        };
        let gd_part = match (gd.status, gd.escaped) {
            _ if t == 0 => return format!(
                "Both runs start at ({}, {}) on the saddle's stable line y = 0. Press Play.",
                sig(START[0], 2),
                if off == 0.0 { "0".to_string() } else { sig(off, 1) }
            ),
            (Status::Converged, None) => format!(
                "GD has stopped at the saddle: ‖∇L‖ = {} (below 10⁻⁸), and its loss, {}, is stuck at the saddle's value {} although both minima, at loss {}, are downhill.",
                sig(gd.grad, 2),
                sig(gd.loss, 2),
                sig(saddle_loss, 2),
                sig(min_loss, 2)
            ),
            (_, Some(k)) => format!(
                "Started {} off the line, GD escaped too, at step {k}: near the saddle that offset grows by 1 + α = {} per step, so it wins in the end, slowly.",
                sig(off, 1),
                sig(1.0 + lr.get(), 3)
            ),
            (Status::Diverged, _) => "GD diverged.".to_string(),
            _ => "GD slides along the stable line toward the saddle, where the gradient vanishes.".to_string(),
        };
        format!("{gd_part} {sgd_part}")
    };

    let background = landscape_background(
        f.clone(),
        VIEW,
        ("x", "y"),
        vec![
            ((0.0, 0.0), "saddle".to_string()),
            ((min_at[0], min_at[1]), "minimum".to_string()),
            ((min_at[0], -min_at[1]), "minimum".to_string()),
        ],
    );
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        offset.track();
        let series = pair.with_value(|p| run_series(&p.runs, |_, x| (x[0], x[1])));
        let s0 = start();
        draw_paths(layer, VIEW, &series, Some((s0[0], s0[1])));
    };
    let loss_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = pair.with_value(|p| run_series(&p.runs, |p, _| (p.step as f64, p.loss)));
        let spec = ChartSpec::new(("step", "loss L(θ)"), Axis::linear(), Axis::linear()).reference(saddle_loss, format!("saddle, L = {}", sig(saddle_loss, 2)));
        draw_chart_on(layer, &series, &spec);
    };

    // The panel: every seed as a dot (slightly spread sideways), the grid's medians as a line,
    // the chosen σ in SGD's colour with a ring on its median.
    let panel_data = move || {
        grid.sim.tick.track();
        chosen.sim.tick.track();
        let g = grid.sweep.with_value(|s| s.outcomes().to_vec());
        let c = chosen.sweep.with_value(|s| s.outcomes().to_vec());
        (g, c)
    };
    let cap = move || steps.get().round();
    let spread = |s: f64, k: usize| s * 10f64.powf(0.1 * (k as f64 / (PANEL_SEEDS - 1) as f64 - 0.5));
    let dots = move |outcomes: &[Outcome], s: f64, cap: f64| -> Vec<(f64, f64)> {
        outcomes.iter().enumerate().map(|(k, o)| (spread(s, k), if o.hit { (o.steps as f64).max(1.0) } else { cap })).collect()
    };
    let chosen_median = move || {
        let (_, c) = panel_data();
        (c.len() == PANEL_SEEDS).then(|| median_escape(&c))
    };
    let panel_chart = move |layer: &Layer| {
        let (g, c) = panel_data();
        let cap = cap();
        let mut grid_dots = Vec::new();
        let mut medians = Vec::new();
        for (i, group) in g.chunks(PANEL_SEEDS).enumerate() {
            grid_dots.extend(dots(group, SIGMAS[i], cap));
            if group.len() == PANEL_SEEDS
                && let Some(m) = median_escape(group) {
                    medians.push((SIGMAS[i], m));
                }
        }
        let s = sigma.get_untracked();
        let mut series = vec![
            Series::line(2, grid_dots).with(Mark::Dots),
            Series::line(2, medians),
            Series::line(1, dots(&c, s, cap)).with(Mark::Dots),
        ];
        if let Some(Some(m)) = chosen_median() {
            series.push(Series::line(1, vec![(s, m)]).with(Mark::Ring));
        }
        if let Some(k) = gd_escape.get() {
            series.push(Series::line(0, vec![(6e-4, k as f64), (5.0, k as f64)]).with(Mark::Dashed));
        }
        let spec = ChartSpec::new(("noise level σ", "steps to escape"), Axis::log().range(6e-4, 5.0), Axis::log().range(1.0, cap * 1.6))
            .reference(cap, format!("not escaped by step {cap}"));
        draw_chart_on(layer, &series, &spec);
    };
    let panel_progress = move || {
        let (a, n) = grid.progress();
        let (b, m) = chosen.progress();
        (a + b, n + m)
    };
    let median_text = move || match chosen_median() {
        None => "…".to_string(),
        Some(None) => format!("> {}", cap()),
        Some(Some(m)) => fmt_tick(m),
    };
    let spread_text = move || {
        let (_, c) = panel_data();
        {
            if c.len() < PANEL_SEEDS {
                return String::new();
            }
            let (times, misses) = hit_times(&c);
            let range = if times.is_empty() {
                String::new()
            } else {
                format!(", middle half {} to {} steps", fmt_tick(quantile(&times, 0.25)), fmt_tick(quantile(&times, 0.75)))
            };
            format!("{range}; {misses} of {PANEL_SEEDS} did not escape within {} steps", cap())
        }
    };

    let alt_bucket = Memo::new(move |_| (step_count.get() / 10, sim.playing.get()));
    let alt = Signal::derive(move || {
        alt_bucket.track();
        let r = untrack(rows);
        let st = untrack(states);
        let describe = |name: &str, i: usize| {
            r.get(i).map(|row| format!("{name} at ({}, {}), loss {}, {}", sig(row.position[0], 3), sig(row.position[1], 3), sig(row.loss, 3), st[i])).unwrap_or_default()
        };
        format!(
            "Heatmap and contours of f(x, y) = x²/2 + y⁴/4 − y²/2 with the saddle at the origin and minima at (0, ±1); paths of GD and SGD after {} steps. {}. {}.",
            step_count.get_untracked(),
            describe("GD", 0),
            describe("SGD", 1)
        )
    });
    let loss_alt = Signal::derive(move || format!("Loss against step for GD and SGD, with the saddle's loss {} dashed. {}", sig(saddle_loss, 2), alt.get()));
    let panel_alt = Signal::derive(move || {
        let (g, _) = panel_data();
        let meds: Vec<String> = g
            .chunks(PANEL_SEEDS)
            .enumerate()
            .filter(|(_, grp)| grp.len() == PANEL_SEEDS)
            .map(|(i, grp)| format!("σ = {}: {}", SIGMAS[i], median_escape(grp).map(fmt_tick).unwrap_or_else(|| "not escaped".into())))
            .collect();
        format!(
            "Escape times of {PANEL_SEEDS} seeds at each noise level, log axes; median steps to reach |y| ≥ {ESCAPE}: {}. At the chosen σ = {}: {}.",
            if meds.is_empty() { "computing".to_string() } else { meds.join(", ") },
            sig(sigma.get(), 3),
            median_text()
        )
    });

    let new_seed = move |_| {
        seed.set(fresh_seed(seed.get_untracked()));
        sim.reset();
        sim.play();
    };
    let theme = crate::ui::hooks::use_theme();
    let names = ["GD (exact gradient)", "SGD (noisy gradient)"];
    let keys = ["gd", "sgd"];

    let landscape_plot = view! { <PlotCanvas aspect=1.25 background=background foreground=foreground alt=alt /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(2.4, 1.8) background=blank foreground=loss_chart alt=loss_alt /> };
    let escape_plot = view! { <PlotCanvas aspect=aspect(3.0, 1.4) background=blank foreground=panel_chart alt=panel_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {landscape_plot}
                    {loss_plot}
                    <Legend items=vec![(0, "GD".to_string()), (1, "SGD".to_string())] />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || step_count.get().to_string())}</span>" of "{live(move || steps.get().round().to_string())}</p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Run"</th><th scope="col">"Loss"</th><th scope="col">"‖∇L‖"</th></tr></thead>
                        <tbody>
                            {(0..2).map(|i| {
                                let row = move || rows().get(i).cloned();
                                let key = keys[i];
                                view! {
                                    <tr data-run-status=live(move || row().map(|r| r.status.as_str()).unwrap_or("").to_string())>
                                        <td>
                                            <span class="swatch" style=live(move || format!("background:{}", theme.get().series_css(i)))></span>
                                            {names[i]}
                                            <br/><span class="run-state" data-readout=format!("{key}-state")>{live(move || states().get(i).cloned().unwrap_or_default())}</span>
                                        </td>
                                        <td data-readout=format!("{key}-loss")>{live(move || row().map(|r| if r.status == Status::Diverged { "diverged".to_string() } else { sig(r.loss, 3) }).unwrap_or_default())}</td>
                                        <td data-readout=format!("{key}-grad")>{live(move || row().map(|r| sig(r.grad, 2)).unwrap_or_default())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <LogSlider label="Noise level σ" name="sigma" value=sigma min=0.001 max=3.0 />
                        <LogSlider label="Learning rate α" name="lr" value=lr min=0.01 max=0.8 />
                        <Slider label="Steps" name="steps" value=steps min=50.0 max=2000.0 step=10.0 />
                        <Select label="Start off the line by" name="offset" value=offset
                            options=OFFSET_LABELS.iter().enumerate().map(|(i, l)| (i as u32, l.to_string())).collect() />
                        <div class="seed-row">
                            <span>"SGD seed "<span data-readout="seed">{live(move || seed.get().to_string())}</span></span>
                            <button type="button" on:click=new_seed>"New seed"</button>
                        </div>
                    </div>
                </div>
            </div>
            <div class="panel">
                <p class="panel-title">"Escape times over "{PANEL_SEEDS}" seeds per noise level"</p>
                {escape_plot}
                <Legend items=vec![(2, "seeds at the σ grid, and their median".to_string()), (1, "seeds at the chosen σ".to_string()), (0, "GD's escape, if it escapes".to_string())] />
                <p class="readouts">
                    "At σ = "{live(move || sig(sigma.get(), 3))}": median escape after "
                    <span data-readout="escape-median">{live(median_text)}</span>" steps"{live(spread_text)}"."
                </p>
                <p class="note">"Runs done: "<span data-readout="escape-progress">{live(move || { let (a, n) = panel_progress(); format!("{a} of {n}") })}</span>
                    ". Escape means |y| ≥ "{ESCAPE}", half-way to a minimum; every run uses the α, start and step cap above."</p>
            </div>
            <p class="note">
                "f(x, y) = x²/2 + y⁴/4 − y²/2. Both runs follow torch.optim.SGD: θ ← θ − α·g. GD's g is the exact gradient; \
                 SGD's is the gradient plus Gaussian noise N(0, σ²I). GD counts as stopped once ‖∇L‖ < 10⁻⁸."
            </p>
        </WidgetShell>
    }
}
