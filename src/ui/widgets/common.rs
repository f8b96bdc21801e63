//! Pieces every widget repeats: the landscape background (heatmap, contours, markers), the
//! moving paths on top of it, a chart drawn as a foreground, the run-status summary,
//! "re-run when a parameter changes", many-seed panels computed a little per frame, and legends.

use crate::core::contour::{contours, log_levels};
use crate::core::grid::Grid;
use crate::core::problem::Problem;
use crate::core::run::{Run, Status};
use crate::core::sweep::Sweep;
use crate::plots::heatmap::{grid_size, heatmap_rgba_scaled};
use crate::plots::{ChartSpec, PlotArea, Series, draw_chart, draw_landscape_background, draw_landscape_foreground};
use crate::core::export::trajectories_csv;
use crate::params::Field;
use crate::ui::components::{Layer, Share};
use crate::ui::hooks::{Simulation, use_simulation};
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;

pub use crate::catalog::View;

/// The static layer of a 2-D landscape: axes, a heatmap of `f` computed in Rust and put on the
/// canvas in one call, log-spaced contours and the labelled `markers`.
pub fn landscape_background(
    f: Problem,
    view: View,
    labels: (&'static str, &'static str),
    markers: Vec<((f64, f64), String)>,
) -> impl Fn(&Layer) -> Option<PlotArea> + 'static {
    map_background(view, labels, markers, true, move |xr, yr, w, h| Grid::sample(&*f, xr, yr, w, h), |g| log_levels(g, 12))
}

/// The static layer of any map over two variables (a loss surface, or a map over settings):
/// `sample(x range, y range, columns, rows)` computes the grid in Rust, which becomes a heatmap
/// put on the canvas in one call (coloured by the log of the value above its minimum with
/// `log`, linearly otherwise), with contours at `levels(grid)` and the labelled `markers`.
pub fn map_background(
    view: View,
    labels: (&'static str, &'static str),
    markers: Vec<((f64, f64), String)>,
    log: bool,
    sample: impl Fn((f64, f64), (f64, f64), usize, usize) -> Grid + 'static,
    levels: impl Fn(&Grid) -> Vec<f64> + 'static,
) -> impl Fn(&Layer) -> Option<PlotArea> + 'static {
    move |layer: &Layer| {
        let root = layer.backend()?.into_drawing_area();
        let theme = layer.theme;
        let (xr, yr) = view;
        draw_landscape_background(&root, xr, yr, labels, &markers, &theme, layer.scale, &mut |a| {
            let css = |px: u32| (px as f64 / layer.scale) as u32;
            let (gw, gh) = grid_size(css(a.width()), css(a.height()), 3, 60_000);
            let grid = sample(xr, yr, gw, gh);
            layer.put_heatmap(a, |w, h| heatmap_rgba_scaled(&grid, &theme, w, h, log));
            contours(&grid, &levels(&grid))
        })
        .ok()
    }
}

/// Draw paths (and an optional start marker) on a landscape's moving layer.
pub fn draw_paths(layer: &Layer, view: View, series: &[Series], start: Option<(f64, f64)>) {
    if let Some(be) = layer.backend() {
        let _ = draw_landscape_foreground(&be.into_drawing_area(), view.0, view.1, series, start, &layer.theme, layer.scale);
    }
}

/// Draw a whole chart on a layer (line charts redraw entirely each frame; they are cheap).
pub fn draw_chart_on(layer: &Layer, series: &[Series], spec: &ChartSpec) -> Option<PlotArea> {
    let be = layer.backend()?;
    draw_chart(&be.into_drawing_area(), series, spec, &layer.theme, layer.scale).ok()
}

/// A background that only clears (for plots drawn wholly in the foreground).
pub fn blank(layer: &Layer) -> Option<PlotArea> {
    layer.clear();
    None
}

/// A widget's status from its runs: running while playing, else diverged if any run
/// diverged, converged if all converged, otherwise paused.
pub fn runs_status(runs: &[Run], playing: bool) -> &'static str {
    if playing {
        "running"
    } else if runs.iter().any(|r| r.status() == Status::Diverged) {
        "diverged"
    } else if !runs.is_empty() && runs.iter().all(|r| r.status() == Status::Converged) {
        "converged"
    } else {
        "paused"
    }
}

/// A widget's status (see [`runs_status`]) from the runs in its state, refreshed every tick.
pub fn use_status<S: 'static>(state: StoredValue<S, LocalStorage>, sim: Simulation, runs: fn(&S) -> &[Run]) -> Signal<&'static str> {
    // "Download CSV" of these runs, named by the widget's legend when it has one per run.
    if let Some(share) = Share::current() {
        share.set_csv(std::rc::Rc::new(move |names: &[String]| {
            state
                .try_with_value(|s| {
                    let rs = runs(s);
                    let named: Vec<(String, &Run)> = rs
                        .iter()
                        .enumerate()
                        .map(|(i, r)| (if names.len() == rs.len() { names[i].clone() } else { format!("run {}", i + 1) }, r))
                        .collect();
                    trajectories_csv(&named)
                })
                .unwrap_or_default()
        }));
    }
    Signal::derive(move || {
        sim.tick.track();
        let playing = sim.playing.get();
        state.with_value(|s| runs_status(runs(s), playing))
    })
}

/// The step a replayed state has reached (what "Step n of N" shows), refreshed every tick.
pub fn use_reached<S: 'static>(state: StoredValue<S, LocalStorage>, sim: Simulation, reached: fn(&S) -> usize) -> Memo<usize> {
    Memo::new(move |_| {
        sim.tick.track();
        state.with_value(reached)
    })
}

/// One table row per run: (loss, steps, status), refreshed every tick.
pub type Row = (f64, usize, Status);

pub fn use_rows<S: 'static>(state: StoredValue<S, LocalStorage>, sim: Simulation, runs: fn(&S) -> &[Run]) -> Memo<Vec<Row>> {
    Memo::new(move |_| {
        sim.tick.track();
        state.with_value(|s| runs(s).iter().map(|r| (r.loss(), r.steps(), r.status())).collect())
    })
}

/// A row's loss as a table shows it: "diverged", or three significant digits.
pub fn loss_cell(row: Option<&Row>) -> String {
    match row {
        Some((_, _, Status::Diverged)) => "diverged".to_string(),
        Some((l, _, _)) => crate::format::sig(*l, 3),
        None => String::new(),
    }
}

/// [`use_status`] and [`use_rows`] for a state that is a list of runs.
pub fn all_runs(runs: &Vec<Run>) -> &[Run] {
    runs
}

/// A fresh seed in 0..1 000 000 from the browser's randomness (or derived from the old one).
pub fn fresh_seed(old: u64) -> u64 {
    getrandom::u64().unwrap_or_else(|_| old.wrapping_mul(6364136223846793005).wrapping_add(1)) % 1_000_000
}

/// Run `act` whenever the signals read by `track` change (not on the first run).
pub fn on_change(track: impl Fn() + 'static, act: impl Fn() + 'static) {
    on_change_erased(Box::new(track), Box::new(act))
}

/// The body of [`on_change`], not generic: one copy in the wasm for every call.
fn on_change_erased(track: Box<dyn Fn()>, act: Box<dyn Fn()>) {
    Effect::new(move |prev: Option<()>| {
        track();
        if prev.is_some() {
            untrack(&act);
        }
    });
}

/// A many-seed panel: a [`Sweep`] worked through a bounded number of optimizer steps per
/// animation frame by its own [`use_simulation`] (so it pauses off-screen and in hidden tabs,
/// like the widget's runs), instead of freezing the page on every parameter change.
#[derive(Clone, Copy)]
pub struct SweepPanel {
    pub sweep: StoredValue<Sweep, LocalStorage>,
    pub sim: Simulation,
}

impl SweepPanel {
    /// Rebuild the sweep from the current parameters and start working on it.
    pub fn restart(&self) {
        self.sim.restart();
        self.sim.play();
    }
    /// (finished, total) runs; reactive.
    pub fn progress(&self) -> (usize, usize) {
        self.sim.tick.track();
        self.sweep.with_value(Sweep::progress)
    }
}

/// Start a [`SweepPanel`] built by `make`, doing up to `budget` steps per frame.
pub fn use_sweep(root: NodeRef<leptos::html::Div>, budget: u32, make: impl Fn() -> Sweep + 'static) -> SweepPanel {
    sweep_panel(root, budget, Box::new(make))
}

/// The body of [`use_sweep`], not generic.
fn sweep_panel(root: NodeRef<leptos::html::Div>, budget: u32, make: Box<dyn Fn() -> Sweep>) -> SweepPanel {
    let sweep: StoredValue<Sweep, LocalStorage> = StoredValue::new_local(make());
    let advance = move |k: u32| {
        sweep.update_value(|s| {
            s.advance(k as usize);
        });
        sweep.with_value(|s| !s.is_done())
    };
    let sim = use_simulation(root, advance, move || sweep.set_value(make()));
    sim.speed.set(budget);
    sim.play();
    SweepPanel { sweep, sim }
}

/// Legend items for labels in palette order: colour i for label i.
pub fn numbered(labels: &[&str]) -> Vec<(usize, String)> {
    labels.iter().enumerate().map(|(i, l)| (i, l.to_string())).collect()
}

/// A one-line legend in HTML: a colour swatch from the theme's palette before each label.
#[component]
pub fn Legend(items: Vec<(usize, String)>) -> impl IntoView {
    let theme = crate::ui::hooks::use_theme();
    if let Some(share) = Share::current() {
        share.set_names(items.iter().map(|(_, l)| l.clone()).collect());
    }
    view! {
        <p class="legend">
            {items.into_iter().map(|(color, label)| view! {
                <span class="legend-item">
                    <span class="swatch" style=live(move || format!("background:{}", theme.get().series_css(color)))></span>
                    {label}
                </span>
            }).collect_view()}
        </p>
    }
}

/// A plot's width-to-height ratio: `wide` on a wide screen, the taller `narrow` on a phone
/// (read once, when the widget mounts).
pub fn aspect(wide: f64, narrow: f64) -> f64 {
    let w = window().inner_width().ok().and_then(|w| w.as_f64()).unwrap_or(1000.0);
    if w < 640.0 { narrow } else { wide }
}

/// Text that follows signals, as one shared type: every reactive text node or attribute made
/// with it shares one copy of the rendering code, instead of one per closure (a smaller wasm).
pub fn live(f: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(f)
}

/// The state-and-animation pattern of most widgets. `make()` builds the state (runs) from the
/// current parameters, read untracked; `advance(state, n)` takes up to n steps and says whether
/// anything still runs; `reached(state)` is the step it got to. Reset builds the state again;
/// a change of anything `track` reads rebuilds it and replays it to the step reached, so a
/// slider drag updates the picture in place. `speed` is the initial steps per frame.
pub fn use_replayed<S: 'static>(
    root: NodeRef<leptos::html::Div>,
    speed: i64,
    make: impl Fn() -> S + 'static,
    advance: fn(&mut S, usize) -> bool,
    reached: fn(&S) -> usize,
    track: impl Fn() + 'static,
) -> (StoredValue<S, LocalStorage>, Simulation) {
    let make = std::rc::Rc::new(make);
    let state = StoredValue::new_local(make());
    let sim = use_simulation(root, move |k: u32| state.try_update_value(|s| advance(s, k as usize)).unwrap_or(false), {
        let make = make.clone();
        move || state.set_value(make())
    });
    sim.speed.set(speed.clamp(1, 25) as u32);
    on_change(track, move || {
        let at = state.with_value(reached);
        let mut fresh = make();
        advance(&mut fresh, at);
        state.set_value(fresh);
        sim.tick.update(|t| *t += 1);
    });
    (state, sim)
}

/// [`use_replayed`]'s `advance` for a list of runs stepped together.
#[allow(clippy::ptr_arg)] // its type must be fn(&mut S, usize) with S = Vec<Run>
pub fn step_runs(runs: &mut Vec<Run>, n: usize) -> bool {
    runs.iter_mut().for_each(|r| {
        r.run(n);
    });
    runs.iter().any(|r| !r.status().is_done())
}

/// [`use_replayed`]'s `reached` for a list of runs: the furthest step.
#[allow(clippy::ptr_arg)] // its type must be fn(&S) with S = Vec<Run>
pub fn runs_reached(runs: &Vec<Run>) -> usize {
    runs.iter().map(Run::steps).max().unwrap_or(0)
}

/// A click on a landscape moves the start (x0, y0) there, kept inside `view`; with a
/// simulation, the runs start again from it and play.
pub fn start_picker(view: View, x0: RwSignal<f64>, y0: RwSignal<f64>, sim: Option<Simulation>) -> Callback<(f64, f64)> {
    Callback::new(move |(x, y): (f64, f64)| {
        x0.set(x.clamp(view.0.0, view.0.1));
        y0.set(y.clamp(view.1.0, view.1.1));
        if let Some(sim) = sim {
            sim.reset();
            sim.play();
        }
    })
}

/// "Seed n" and a "New seed" button that draws a fresh seed and plays the runs again from the
/// start.
#[component]
pub fn SeedRow(seed: RwSignal<u64>, sim: Simulation) -> impl IntoView {
    share_seed(seed);
    let new_seed = move |_| {
        seed.set(fresh_seed(seed.get_untracked()));
        sim.reset();
        sim.play();
    };
    view! {
        <div class="seed-row">
            <span>"Seed "<span data-readout="seed">{live(move || seed.get().to_string())}</span></span>
            <button type="button" on:click=new_seed>"New seed"</button>
        </div>
    }
}

/// Put the widget's seed in its links (a seed shown as a readout, drawn by "New seed").
pub fn share_seed(seed: RwSignal<u64>) {
    Share::value("seed", move || seed.try_get_untracked().map(Field::Seed));
}
