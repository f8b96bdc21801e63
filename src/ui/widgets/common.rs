//! Pieces every widget repeats: the landscape background (heatmap, contours, markers), the
//! moving paths on top of it, a chart drawn as a foreground, the run-status summary, and
//! "re-run when a parameter changes".

use crate::core::contour::{contours, log_levels};
use crate::core::grid::Grid;
use crate::core::problem::Problem;
use crate::core::run::{Run, Status};
use crate::plots::heatmap::{grid_size, heatmap_rgba};
use crate::plots::{ChartSpec, PlotArea, Series, draw_chart, draw_landscape_background, draw_landscape_foreground};
use crate::ui::components::Layer;
use leptos::prelude::*;
use plotters::prelude::IntoDrawingArea;

/// A view window: (x range, y range).
pub type View = ((f64, f64), (f64, f64));

/// The static layer of a 2-D landscape: axes, a heatmap of `f` computed in Rust and put on the
/// canvas in one call, log-spaced contours and the labelled `markers`.
pub fn landscape_background(
    f: Problem,
    view: View,
    labels: (&'static str, &'static str),
    markers: Vec<((f64, f64), String)>,
) -> impl Fn(&Layer) -> Option<PlotArea> + 'static {
    move |layer: &Layer| {
        let root = layer.backend()?.into_drawing_area();
        let theme = layer.theme;
        let (xr, yr) = view;
        draw_landscape_background(&root, xr, yr, labels, &markers, &theme, layer.scale, &mut |a| {
            let css = |px: u32| (px as f64 / layer.scale) as u32;
            let (gw, gh) = grid_size(css(a.width()), css(a.height()), 3, 60_000);
            let grid = Grid::sample(&*f, xr, yr, gw, gh);
            layer.put_heatmap(a, |w, h| heatmap_rgba(&grid, &theme, w, h));
            contours(&grid, &log_levels(&grid, 12))
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

/// A fresh seed in 0..1 000 000 from the browser's randomness (or derived from the old one).
pub fn fresh_seed(old: u64) -> u64 {
    getrandom::u64().unwrap_or_else(|_| old.wrapping_mul(6364136223846793005).wrapping_add(1)) % 1_000_000
}

/// Run `act` whenever the signals read by `track` change (not on the first run).
pub fn on_change(track: impl Fn() + 'static, act: impl Fn() + 'static) {
    Effect::new(move |prev: Option<()>| {
        track();
        if prev.is_some() {
            untrack(&act);
        }
    });
}
