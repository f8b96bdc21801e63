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

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    Line,
    Dashed,
    /// A solid guide line (a boundary): like `Line`, without the dot on the current point.
    Rule,
    /// A dot at every point.
    Dots,
    /// A bar from 0 up to each point, `width` wide in data units (a histogram).
    Bars { width: f64 },
    /// A large cross at every point (a true value).
    Cross,
    /// A large ring at every point (an estimate).
    Ring,
    /// An arrow from the first point to the second (on landscapes: a velocity or a step).
    Arrow,
}

/// A series to draw, with its colour index into the theme's palette.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub label: String,
    pub color: usize,
    pub points: Vec<(f64, f64)>,
    pub mark: Mark,
}

impl Series {
    pub fn line(color: usize, points: Vec<(f64, f64)>) -> Self {
        Series { label: String::new(), color, points, mark: Mark::Line }
    }
    pub fn with(mut self, mark: Mark) -> Self {
        self.mark = mark;
        self
    }
}

/// One series per run (colour = its index), each trajectory point mapped by `f` to plot
/// coordinates: `|_, x| (x[0], x[1])` for a path, `|p, _| (p.step as f64, p.loss)` for a loss curve.
pub fn run_series(runs: &[Run], f: impl Fn(&Point, &[f64]) -> (f64, f64)) -> Vec<Series> {
    runs.iter()
        .enumerate()
        .map(|(i, r)| Series::line(i, r.trajectory().iter().map(|(p, x)| f(p, x)).collect()))
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
    // Ticks as the charts print them (a zero computed as lo + k·step is "0", not "-0.0").
    let tick = |v: &f64| fmt_tick(if v.abs() < 1e-9 { 0.0 } else { *v });
    axes(&mut chart.configure_mesh(), labels, theme, scale).disable_mesh().y_labels(6).x_label_formatter(&tick).y_label_formatter(&tick).draw()?;
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
        let pts: Vec<(f64, f64)> = s.points.iter().filter(|p| p.0.is_finite() && p.1.is_finite()).map(clip).collect();
        match s.mark {
            Mark::Dots => {
                let r = (3.0 * scale).round() as i32;
                chart.draw_series(pts.iter().map(|&q| Circle::new(q, r, color.mix(0.7).filled())))?;
                continue;
            }
            Mark::Cross | Mark::Ring => {
                draw_markers(&mut chart, pts.into_iter(), s.mark, color, theme, scale)?;
                continue;
            }
            Mark::Arrow => {
                if let [tail, head, ..] = pts[..] {
                    draw_arrow(root, chart.backend_coord(&tail), chart.backend_coord(&head), color, theme, scale)?;
                }
                continue;
            }
            _ => {}
        }
        let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: (2.0 * scale).round() as u32 };
        // A dashed line or a rule is a guide (a boundary, a reference), not a path: no current point.
        if s.mark == Mark::Dashed {
            chart.draw_series(DashedLineSeries::new(pts, (6.0 * scale) as u32, (4.0 * scale) as u32, style))?;
            continue;
        }
        if s.mark == Mark::Rule {
            chart.draw_series(std::iter::once(PathElement::new(pts, style)))?;
            continue;
        }
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

/// An arrow between two pixel positions, with a halo in the background colour so it reads on
/// any fill. Too short to show a head (under 3 px), it is drawn as a dot.
fn draw_arrow<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    tail: (i32, i32),
    head: (i32, i32),
    color: RGBColor,
    theme: &Theme,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let (dx, dy) = ((head.0 - tail.0) as f64, (head.1 - tail.1) as f64);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 3.0 * scale {
        return root.draw(&Circle::new(head, (2.5 * scale) as i32, color.filled()));
    }
    let (ux, uy) = (dx / len, dy / len);
    let size = (9.0 * scale).min(len * 0.6);
    let base = (head.0 as f64 - ux * size, head.1 as f64 - uy * size);
    let wing = size * 0.5;
    let tri = vec![
        head,
        ((base.0 - uy * wing).round() as i32, (base.1 + ux * wing).round() as i32),
        ((base.0 + uy * wing).round() as i32, (base.1 - ux * wing).round() as i32),
    ];
    let shaft_end = (base.0.round() as i32, base.1.round() as i32);
    let halo = ShapeStyle { color: theme.bg.to_rgba(), filled: false, stroke_width: (5.0 * scale).round() as u32 };
    root.draw(&PathElement::new(vec![tail, shaft_end], halo))?;
    root.draw(&PathElement::new(vec![tail, shaft_end], ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: (2.5 * scale).round() as u32 }))?;
    root.draw(&Polygon::new(tri, color.filled()))
}

/// Crosses or rings (outlined in the background colour so they read on any fill).
fn draw_markers<DB: DrawingBackend>(
    chart: &mut LandscapeChart<'_, DB>,
    pts: impl Iterator<Item = (f64, f64)>,
    mark: Mark,
    color: RGBColor,
    theme: &Theme,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let size = (7.0 * scale).round() as i32;
    let halo = ShapeStyle { color: theme.bg.to_rgba(), filled: false, stroke_width: (5.0 * scale).round() as u32 };
    let ink = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: (2.5 * scale).round() as u32 };
    for p in pts {
        if mark == Mark::Cross {
            chart.draw_series([Cross::new(p, size, halo), Cross::new(p, size, ink)])?;
        } else {
            chart.draw_series([Circle::new(p, size, halo), Circle::new(p, size, ink)])?;
        }
    }
    Ok(())
}

/// One axis of a chart: linear or log (base 10), with a fixed range or one fitted to the data.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Axis {
    pub log: bool,
    pub range: Option<(f64, f64)>,
}

impl Axis {
    pub fn linear() -> Self {
        Axis::default()
    }
    pub fn log() -> Self {
        Axis { log: true, range: None }
    }
    pub fn range(mut self, lo: f64, hi: f64) -> Self {
        self.range = Some((lo, hi));
        self
    }
    /// Where a data value sits on the (linear) drawing scale; `None` if it cannot be shown.
    fn map(&self, v: f64) -> Option<f64> {
        if !v.is_finite() {
            None
        } else if self.log {
            (v > 0.0).then(|| v.log10())
        } else {
            Some(v)
        }
    }
    fn tick(&self, v: f64) -> String {
        if self.log {
            // Two significant digits: 10^0.5 reads 3.2, not 3.162.
            let t = 10f64.powf(v);
            let mag = 10f64.powf(t.log10().floor() - 1.0);
            fmt_tick((t / mag).round() * mag)
        } else {
            // A tick at zero computed as lo + k·step can come out as ±1e-17.
            fmt_tick(if v.abs() < 1e-12 { 0.0 } else { v })
        }
    }
}

/// An x–y chart: axis labels, the two axes, and an optional dashed horizontal reference line
/// (the optimum). With `overlay`, only the series are drawn, on a transparent layer that lines
/// up with a chart of the same spec drawn beneath it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartSpec<'a> {
    pub labels: (&'a str, &'a str),
    pub x: Axis,
    pub y: Axis,
    pub reference: Option<(f64, String)>,
    pub overlay: bool,
}

impl<'a> ChartSpec<'a> {
    pub fn new(labels: (&'a str, &'a str), x: Axis, y: Axis) -> Self {
        ChartSpec { labels, x, y, reference: None, overlay: false }
    }
    pub fn reference(mut self, value: f64, label: String) -> Self {
        self.reference = Some((value, label));
        self
    }
    pub fn overlay(mut self) -> Self {
        self.overlay = true;
        self
    }
}

/// The drawing range of an axis: the fixed one, or the data's (padded), in drawing units.
fn fit(axis: &Axis, values: impl Iterator<Item = f64>, from_zero: bool) -> (f64, f64) {
    if let Some((lo, hi)) = axis.range {
        let (a, b) = (axis.map(lo), axis.map(hi));
        if let (Some(a), Some(b)) = (a, b)
            && b > a {
                return (a, b);
            }
    }
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter_map(|v| axis.map(v)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return if axis.log { (-1.0, 0.0) } else { (0.0, 1.0) };
    }
    if axis.log {
        // At most 12 decades, and at least a third of one.
        lo = lo.max(hi - 12.0);
        let pad = ((hi - lo) * 0.06).max(0.18);
        (lo - pad, hi + pad)
    } else if from_zero {
        (lo.min(0.0), hi.max(lo.min(0.0) + 10.0))
    } else {
        let pad = ((hi - lo) * 0.06).max(1e-9 * hi.abs().max(1.0));
        (lo - pad, hi + pad)
    }
}

/// Draw an x–y chart and return its plotting area (in drawing units: log10 on log axes).
/// Non-finite points, and non-positive ones on log axes, are skipped; a line breaks there.
pub fn draw_chart<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    series: &[Series],
    spec: &ChartSpec,
    theme: &Theme,
    scale: f64,
) -> Result<PlotArea, DrawingAreaErrorKind<DB::ErrorType>> {
    if !spec.overlay {
        root.fill(&theme.bg)?;
    }
    let pts = || series.iter().flat_map(|s| s.points.iter());
    // A line chart's x axis (steps) starts at 0 and spans at least 10, so ticks read cleanly.
    let xr = fit(&spec.x, pts().map(|p| p.0), true);
    let mut ys: Vec<f64> = pts().filter(|p| p.0.is_finite()).map(|p| p.1).collect();
    if let Some((r, _)) = &spec.reference {
        ys.push(*r);
    }
    if series.iter().any(|s| matches!(s.mark, Mark::Bars { .. })) && !spec.y.log {
        ys.push(0.0);
    }
    let yr = fit(&spec.y, ys.into_iter(), false);
    let (m, xl, yl) = margins(scale);
    let mut chart = ChartBuilder::on(root)
        .margin(m)
        .x_label_area_size(xl)
        .y_label_area_size((yl as f64 * 1.2) as u32)
        .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)?;
    if !spec.overlay {
        // On a log axis, about one label per decade, so the ticks land on powers of ten.
        let count = |axis: &Axis, r: (f64, f64), linear: usize| if axis.log { ((r.1 - r.0).ceil() as usize + 1).clamp(3, 8) } else { linear };
        axes(&mut chart.configure_mesh(), spec.labels, theme, scale)
            .x_labels(count(&spec.x, xr, 6))
            .y_labels(count(&spec.y, yr, 5))
            .bold_line_style(theme.grid)
            .light_line_style(TRANSPARENT)
            .y_label_formatter(&|v| spec.y.tick(*v))
            .x_label_formatter(&|v| spec.x.tick(*v))
            .draw()?;
    }
    let (px, py) = chart.plotting_area().get_pixel_range();
    let area = PlotArea { px: (px.start, py.start, px.end, py.end), x_range: xr, y_range: yr };
    // Far outside points are pulled in so the backend's integer pixels cannot overflow.
    let (wx, wy) = (xr.1 - xr.0, yr.1 - yr.0);
    let clamp = |(x, y): (f64, f64)| (x.clamp(xr.0 - 50.0 * wx, xr.1 + 50.0 * wx), y.clamp(yr.0 - 50.0 * wy, yr.1 + 50.0 * wy));
    let map = |p: &(f64, f64)| Some(clamp((spec.x.map(p.0)?, spec.y.map(p.1)?)));
    let line_w = (2.0 * scale).round() as u32;
    for s in series {
        let color = theme.series(s.color);
        let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: line_w };
        match s.mark {
            Mark::Line | Mark::Dashed | Mark::Rule => {
                // Break the line where a point cannot be shown.
                let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
                for p in &s.points {
                    match map(p) {
                        Some(q) => {
                            if let Some(v) = pieces.last_mut() {
                                v.push(q);
                            }
                        }
                        None if pieces.last().is_some_and(|v| !v.is_empty()) => pieces.push(Vec::new()),
                        None => {}
                    }
                }
                for piece in pieces.into_iter().filter(|v| !v.is_empty()) {
                    if s.mark == Mark::Dashed {
                        chart.draw_series(DashedLineSeries::new(piece, (6.0 * scale) as u32, (4.0 * scale) as u32, style))?;
                    } else {
                        chart.draw_series(std::iter::once(PathElement::new(piece, style)))?;
                    }
                }
            }
            Mark::Dots => {
                let r = (3.0 * scale).round() as i32;
                chart.draw_series(s.points.iter().filter_map(map).map(|q| Circle::new(q, r, color.mix(0.75).filled())))?;
            }
            Mark::Cross | Mark::Ring => draw_markers(&mut chart, s.points.iter().filter_map(map), s.mark, color, theme, scale)?,
            Mark::Arrow => {
                let pts: Vec<(f64, f64)> = s.points.iter().filter_map(map).collect();
                if let [tail, head, ..] = pts[..] {
                    draw_arrow(root, chart.backend_coord(&tail), chart.backend_coord(&head), color, theme, scale)?;
                }
            }
            Mark::Bars { width } => {
                let base = if spec.y.log { yr.0 } else { 0.0 };
                let bars = s.points.iter().filter_map(|&(x, y)| {
                    let (a, b) = (spec.x.map(x - width / 2.0)?, spec.x.map(x + width / 2.0)?);
                    let top = spec.y.map(y)?;
                    (y != 0.0).then(|| Rectangle::new([clamp((a, base)), clamp((b, top))], color.mix(0.55).filled()))
                });
                chart.draw_series(bars)?;
            }
        }
    }
    if let Some((r, label)) = &spec.reference
        && let Some(v) = spec.y.map(*r) {
            let style = ShapeStyle { color: theme.fg.to_rgba(), filled: false, stroke_width: scale.max(1.0) as u32 };
            chart.draw_series(DashedLineSeries::new(vec![(xr.0, v), (xr.1, v)], (6.0 * scale) as u32, (4.0 * scale) as u32, style))?;
            // Labelled at the left, where the curves are still high above it.
            let at = xr.0 + (xr.1 - xr.0) * 0.02;
            chart.draw_series(std::iter::once(Text::new(label.clone(), (at, v), font(theme, scale, 12.0).pos(Pos::new(HPos::Left, VPos::Bottom)))))?;
        }
    Ok(area)
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
