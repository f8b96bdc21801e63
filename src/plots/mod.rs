//! Drawing: plotters functions generic over any `DrawingBackend`, a theme, and heatmap
//! colouring computed in Rust (the UI puts the RGBA buffer on a canvas in one call).

pub mod heatmap;
pub mod theme;

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::core::contour::{Contour, polylines};
use crate::core::run::{Point, Run};
pub use theme::Theme;

/// Where a chart's plotting area sits on the backend, and the data ranges it shows. Maps
/// backend pixels to data coordinates and back (a click on a canvas becomes a θ).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotArea {
    /// Pixel rectangle (x0, y0, x1, y1), end-exclusive.
    pub px: (i32, i32, i32, i32),
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
}

impl PlotArea {
    pub fn width(&self) -> u32 {
        (self.px.2 - self.px.0).max(0) as u32
    }
    pub fn height(&self) -> u32 {
        (self.px.3 - self.px.1).max(0) as u32
    }
    /// Data coordinates of a backend pixel, or `None` outside the plotting area.
    pub fn to_data(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let (x0, y0, x1, y1) = (self.px.0 as f64, self.px.1 as f64, self.px.2 as f64, self.px.3 as f64);
        if !(x >= x0 && x <= x1 && y >= y0 && y <= y1) || x1 <= x0 || y1 <= y0 {
            return None;
        }
        let u = (x - x0) / (x1 - x0);
        let v = (y - y0) / (y1 - y0);
        Some((
            self.x_range.0 + u * (self.x_range.1 - self.x_range.0),
            self.y_range.1 - v * (self.y_range.1 - self.y_range.0),
        ))
    }
    /// Backend pixel of a data point.
    pub fn to_pixel(&self, x: f64, y: f64) -> (f64, f64) {
        let u = (x - self.x_range.0) / (self.x_range.1 - self.x_range.0);
        let v = (self.y_range.1 - y) / (self.y_range.1 - self.y_range.0);
        (self.px.0 as f64 + u * (self.px.2 - self.px.0) as f64, self.px.1 as f64 + v * (self.px.3 - self.px.1) as f64)
    }
}

/// A polyline to draw, with its colour index into the theme's palette.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub color: usize,
    pub points: Vec<(f64, f64)>,
    pub dashed: bool,
}

/// One series per run (colour = its index), each trajectory point mapped by `f` to plot
/// coordinates: `|_, x| (x[0], x[1])` for a path, `|p, _| (p.step as f64, p.loss)` for a loss curve.
pub fn run_series(runs: &[Run], f: impl Fn(&Point, &[f64]) -> (f64, f64)) -> Vec<Series> {
    runs.iter()
        .enumerate()
        .map(|(i, r)| Series { label: String::new(), color: i, points: r.trajectory().iter().map(|(p, x)| f(p, x)).collect(), dashed: false })
        .collect()
}

/// Sizes scale with the device pixel ratio so text stays readable on HiDPI screens.
fn font(theme: &Theme, scale: f64, size: f64) -> TextStyle<'static> {
    ("sans-serif", size * scale).into_font().color(&theme.fg)
}

/// The axis descriptions, tick count and text styles every chart shares.
fn axes<'m, 'a, 'b, X, Y, DB>(mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>, labels: (&str, &str), theme: &Theme, scale: f64) -> &'m mut MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged,
    Y: Ranged,
    DB: DrawingBackend,
{
    mesh.x_desc(labels.0)
        .y_desc(labels.1)
        .x_labels(6)
        .label_style(font(theme, scale, 12.0))
        .axis_desc_style(font(theme, scale, 13.0))
        .axis_style(theme.axis)
}

fn margins(scale: f64) -> (u32, u32, u32) {
    ((10.0 * scale) as u32, (34.0 * scale) as u32, (46.0 * scale) as u32)
}

type LandscapeChart<'a, DB> =
    ChartContext<'a, DB, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>;

/// The cartesian chart of a landscape view; identical layout on the background and the
/// foreground canvas, so the two layers line up.
fn landscape_chart<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    x_range: (f64, f64),
    y_range: (f64, f64),
    scale: f64,
) -> Result<LandscapeChart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let (m, xl, yl) = margins(scale);
    ChartBuilder::on(root)
        .margin(m)
        .x_label_area_size(xl)
        .y_label_area_size(yl)
        .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)
}

/// The static layer of a landscape plot: axes; then `fill`, which receives the plotting area,
/// puts the heatmap there and returns the contour lines; then those lines and the markers.
#[allow(clippy::too_many_arguments)]
pub fn draw_landscape_background<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    x_range: (f64, f64),
    y_range: (f64, f64),
    labels: (&str, &str),
    markers: &[((f64, f64), String)],
    theme: &Theme,
    scale: f64,
    fill: &mut dyn FnMut(&PlotArea) -> Vec<Contour>,
) -> Result<PlotArea, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.bg)?;
    let mut chart = landscape_chart(root, x_range, y_range, scale)?;
    axes(&mut chart.configure_mesh(), labels, theme, scale).disable_mesh().y_labels(6).draw()?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let area = PlotArea { px: (xr.start, yr.start, xr.end, yr.end), x_range, y_range };
    let contours = fill(&area);
    let line = ShapeStyle { color: theme.contour.to_rgba(), filled: false, stroke_width: (scale.round() as u32).max(1) };
    for c in &contours {
        chart.draw_series(polylines(&c.segments).into_iter().map(|p| PathElement::new(p, line)))?;
    }
    for (p, label) in markers {
        let s = (5.0 * scale) as i32;
        chart.draw_series(std::iter::once(Cross::new(*p, s, ShapeStyle { color: theme.fg.to_rgba(), filled: false, stroke_width: (2.0 * scale) as u32 })))?;
        chart.draw_series(std::iter::once(Text::new(label.clone(), (p.0, p.1), font(theme, scale, 12.0).pos(Pos::new(HPos::Left, VPos::Bottom)))))?;
    }
    Ok(area)
}

/// The moving layer: trajectories with a dot on each current point, on a transparent canvas
/// stacked over the background.
pub fn draw_landscape_foreground<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    x_range: (f64, f64),
    y_range: (f64, f64),
    series: &[Series],
    start: Option<(f64, f64)>,
    theme: &Theme,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mut chart = landscape_chart(root, x_range, y_range, scale)?;
    let clip = |p: &(f64, f64)| (p.0.clamp(x_range.0 - 1e3, x_range.1 + 1e3), p.1.clamp(y_range.0 - 1e3, y_range.1 + 1e3));
    for s in series {
        let color = theme.series(s.color);
        let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: (2.0 * scale).round() as u32 };
        let pts: Vec<(f64, f64)> = s.points.iter().map(clip).collect();
        chart.draw_series(std::iter::once(PathElement::new(pts.clone(), style)))?;
        if let Some(last) = pts.last() {
            chart.draw_series(std::iter::once(Circle::new(*last, (5.0 * scale) as i32, color.filled())))?;
            chart.draw_series(std::iter::once(Circle::new(*last, (5.0 * scale) as i32, ShapeStyle { color: theme.bg.to_rgba(), filled: false, stroke_width: scale.max(1.0) as u32 })))?;
        }
    }
    if let Some(p) = start {
        let s = (6.0 * scale) as i32;
        chart.draw_series(std::iter::once(TriangleMarker::new(p, s, theme.fg.filled())))?;
    }
    Ok(())
}

/// A line chart (loss against steps), optionally with a log y axis and a dashed horizontal
/// reference line (the optimum).
pub fn draw_line_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &[Series],
    labels: (&str, &str),
    log_y: bool,
    reference: Option<(f64, String)>,
    theme: &Theme,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&theme.bg)?;
    let finite = |v: f64| v.is_finite() && (!log_y || v > 0.0);
    // At least 10 steps wide, so integer ticks read cleanly on a fresh run.
    let mut x_max: f64 = 10.0;
    let (mut y_lo, mut y_hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for s in series {
        for &(x, y) in &s.points {
            if finite(y) {
                x_max = x_max.max(x);
                y_lo = y_lo.min(y);
                y_hi = y_hi.max(y);
            }
        }
    }
    if let Some((r, _)) = &reference
        && finite(*r) {
            y_lo = y_lo.min(*r);
            y_hi = y_hi.max(*r);
        }
    if !y_lo.is_finite() {
        (y_lo, y_hi) = if log_y { (0.1, 1.0) } else { (0.0, 1.0) };
    }
    if log_y {
        y_lo = y_lo.max(y_hi * 1e-12) / 1.5;
        y_hi *= 1.5;
    } else {
        let pad = ((y_hi - y_lo) * 0.05).max(1e-9);
        y_lo -= pad;
        y_hi += pad;
    }
    let (m, xl, yl) = margins(scale);
    let mut b = ChartBuilder::on(root);
    b.margin(m).x_label_area_size(xl).y_label_area_size((yl as f64 * 1.2) as u32);
    let line_w = (2.0 * scale).round() as u32;
    macro_rules! body {
        ($chart:expr) => {{
            let mut chart = $chart;
            axes(&mut chart.configure_mesh(), labels, theme, scale)
                .y_labels(5)
                .bold_line_style(theme.grid)
                .light_line_style(TRANSPARENT)
                .y_label_formatter(&|v| fmt_tick(*v))
                .x_label_formatter(&|v| fmt_tick(*v))
                .draw()?;
            for s in series {
                let color = theme.series(s.color);
                let pts: Vec<(f64, f64)> = s.points.iter().copied().filter(|p| finite(p.1)).collect();
                let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: line_w };
                chart.draw_series(std::iter::once(PathElement::new(pts, style)))?;
            }
            if let Some((r, label)) = &reference {
                if finite(*r) {
                    let style = ShapeStyle { color: theme.fg.to_rgba(), filled: false, stroke_width: scale.max(1.0) as u32 };
                    chart.draw_series(DashedLineSeries::new(vec![(0.0, *r), (x_max, *r)], (6.0 * scale) as u32, (4.0 * scale) as u32, style))?;
                    // Labelled at the left, where the curves are still high above it.
                    chart.draw_series(std::iter::once(Text::new(label.clone(), (x_max * 0.02, *r), font(theme, scale, 12.0).pos(Pos::new(HPos::Left, VPos::Bottom)))))?;
                }
            }
        }};
    }
    if log_y {
        body!(b.build_cartesian_2d(0.0..x_max, (y_lo..y_hi).log_scale())?);
    } else {
        body!(b.build_cartesian_2d(0.0..x_max, y_lo..y_hi)?);
    }
    Ok(())
}

/// Compact tick labels: 0.001, 0.25, 12, 3.1e5.
pub fn fmt_tick(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 {
        "0".into()
    } else if !(1e-3..1e5).contains(&a) {
        format!("{v:.0e}")
    } else if a >= 100.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
