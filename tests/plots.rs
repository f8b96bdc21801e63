//! Native tests of the drawing layer, on a recording backend: plot areas map pixels to data and
//! back, the heatmap buffer has the right size and ordering, and drawing never panics, even on
//! empty, non-finite or huge data.

use plotters::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use plotters_backend::{BackendColor, BackendCoord, DrawingErrorKind};
use sgd_layers::core::contour::{contours, log_levels};
use sgd_layers::core::grid::Grid;
use sgd_layers::core::landscape::Landscape;
use sgd_layers::plots::heatmap::{grid_size, heatmap_rgba};
use sgd_layers::plots::{PlotArea, Series, Theme, draw_landscape_background, draw_landscape_foreground, draw_chart, fmt_tick, Axis, ChartSpec, Mark};

/// Counts the pixels plotters draws inside the canvas.
struct Recorder {
    w: u32,
    h: u32,
    /// Pixels drawn inside the canvas (shared, so the test can read it after drawing).
    pixels: Rc<Cell<usize>>,
    /// Every text drawn.
    texts: Rc<std::cell::RefCell<Vec<String>>>,
}

impl DrawingBackend for Recorder {
    type ErrorType = std::convert::Infallible;
    fn get_size(&self) -> (u32, u32) {
        (self.w, self.h)
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }
    /// Like the canvas backend, text is drawn by the backend itself (no font rasteriser).
    fn draw_text<S: plotters_backend::BackendTextStyle>(&mut self, text: &str, _s: &S, _p: BackendCoord) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.pixels.set(self.pixels.get() + text.len());
        self.texts.borrow_mut().push(text.to_string());
        Ok(())
    }
    fn draw_pixel(&mut self, p: BackendCoord, _c: BackendColor) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        if p.0 >= 0 && p.1 >= 0 && (p.0 as u32) < self.w && (p.1 as u32) < self.h {
            self.pixels.set(self.pixels.get() + 1);
        }
        Ok(())
    }
}

fn recorder() -> (Recorder, Rc<Cell<usize>>) {
    let c = Rc::new(Cell::new(0));
    (Recorder { w: 640, h: 480, pixels: c.clone(), texts: Default::default() }, c)
}

#[test]
fn landscape_ticks_print_zero_as_0_not_minus_zero() {
    let (rec, _) = recorder();
    let texts = rec.texts.clone();
    let root = rec.into_drawing_area();
    let f = Landscape::Quadratic { kappa: 100.0 };
    let (xr, yr) = ((-1.6, 1.6), (-0.5, 0.5));
    draw_landscape_background(&root, xr, yr, ("x", "y"), &[], &Theme::light(), 1.0, &mut |_| {
        let g = Grid::sample(&f, xr, yr, 60, 40);
        contours(&g, &log_levels(&g, 6))
    })
    .unwrap();
    let t = texts.borrow();
    assert!(t.iter().any(|s| s == "0"), "a zero tick: {t:?}");
    assert!(!t.iter().any(|s| s.starts_with("-0") && s.trim_start_matches(['-', '0', '.']).is_empty()), "no minus zero: {t:?}");
    assert!(t.iter().any(|s| s == "-0.4") && t.iter().any(|s| s == "1"), "ticks as the charts print them: {t:?}");
}

#[test]
fn plot_area_maps_pixels_to_data_and_back() {
    let a = PlotArea { px: (50, 10, 650, 410), x_range: (-1.0, 2.0), y_range: (0.0, 4.0) };
    assert_eq!(a.to_data(50.0, 10.0), Some((-1.0, 4.0)), "top-left is (x_min, y_max)");
    assert_eq!(a.to_data(650.0, 410.0), Some((2.0, 0.0)));
    assert_eq!(a.to_data(49.0, 100.0), None, "outside the plotting area");
    let (px, py) = a.to_pixel(0.5, 1.0);
    let (x, y) = a.to_data(px, py).unwrap();
    assert!((x - 0.5).abs() < 1e-12 && (y - 1.0).abs() < 1e-12);
}

#[test]
fn heatmap_buffer_is_rgba_rows_top_down_and_low_loss_is_distinct() {
    let f = Landscape::Quadratic { kappa: 1.0 };
    let g = Grid::sample(&f, (-1.0, 1.0), (-1.0, 1.0), 41, 41);
    let t = Theme::light();
    let buf = heatmap_rgba(&g, &t, 100, 80);
    assert_eq!(buf.len(), 100 * 80 * 4);
    assert!(buf.chunks(4).all(|p| p[3] == 255), "opaque");
    let px = |x: usize, y: usize| &buf[(y * 100 + x) * 4..(y * 100 + x) * 4 + 3];
    // The centre (minimum) has the low colour, a corner the high end of the ramp.
    let (c, corner) = (px(50, 40), px(0, 0));
    let dist = |a: &[u8], b: (u8, u8, u8)| (a[0] as i32 - b.0 as i32).abs() + (a[1] as i32 - b.1 as i32).abs() + (a[2] as i32 - b.2 as i32).abs();
    assert!(dist(c, t.heat[0]) < dist(corner, t.heat[0]));
    // A grid with infinities still colours every pixel.
    let mut g2 = g.clone();
    g2.values[0] = f64::INFINITY;
    assert_eq!(heatmap_rgba(&g2, &t, 10, 10).len(), 400);
}

#[test]
fn grid_size_is_capped() {
    let (w, h) = grid_size(1920, 1080, 1, 60_000);
    assert!(w * h <= 60_000 && w > 100 && h > 50, "{w}×{h}");
    assert_eq!(grid_size(0, 0, 3, 100), (2, 2));
}

#[test]
fn landscape_background_puts_the_heatmap_inside_the_canvas_and_draws_contours() {
    let f = Landscape::Rosenbrock { a: 1.0, b: 100.0 };
    let (xr, yr) = f.view();
    for theme in [Theme::light(), Theme::dark()] {
        let (rec, count) = recorder();
        let root = rec.into_drawing_area();
        let mut seen = None;
        let area = draw_landscape_background(&root, xr, yr, ("x", "y"), &[((1.0, 1.0), "min".into())], &theme, 1.0, &mut |a| {
            seen = Some(*a);
            let g = Grid::sample(&f, xr, yr, 120, 90);
            contours(&g, &log_levels(&g, 10))
        })
        .unwrap();
        assert_eq!(seen, Some(area));
        assert!(area.px.0 > 0 && area.px.1 >= 0 && area.px.2 <= 640 && area.px.3 <= 480 && area.width() > 400 && area.height() > 300);
        assert!(count.get() > 640 * 480, "background, axes and contours drawn ({} px)", count.get());
    }
}

#[test]
fn drawing_survives_empty_non_finite_and_huge_data() {
    let t = Theme::light();
    let weird = vec![
        Series::line(0, vec![]),
        Series::line(1, vec![(0.0, f64::NAN), (1.0, f64::INFINITY), (2.0, -1.0), (3.0, 0.0)]),
        Series::line(9, vec![(0.0, 1e300), (1e6, 1e-300)]).with(Mark::Dashed),
        Series::line(2, vec![(-1e308, 1e308), (0.5, f64::NAN), (f64::MIN_POSITIVE, 2.0)]).with(Mark::Dots),
        Series::line(3, vec![(0.0, 0.0), (1.0, 5.0), (f64::NAN, 1.0), (2.0, 1e300)]).with(Mark::Bars { width: 1.0 }),
    ];
    for log_x in [true, false] {
        for log_y in [true, false] {
            let axis = |log| if log { Axis::log() } else { Axis::linear() };
            let spec = ChartSpec::new(("step", "loss"), axis(log_x), axis(log_y)).reference(f64::NAN, "opt".into());
            draw_chart(&recorder().0.into_drawing_area(), &weird, &spec, &t, 2.0).unwrap();
            draw_chart(&recorder().0.into_drawing_area(), &[], &spec.clone().overlay(), &t, 1.0).unwrap();
            // A fixed range that makes no sense falls back to the data's.
            let odd = ChartSpec::new(("x", "y"), axis(log_x).range(1.0, -1.0), axis(log_y).range(f64::NAN, 0.0));
            draw_chart(&recorder().0.into_drawing_area(), &weird, &odd, &t, 1.0).unwrap();
        }
    }
    let (rec, count) = recorder();
    let path = vec![(0.0, 0.0), (1e200, -1e200), (f64::MAX, 3.0)];
    let s = [Series::line(2, path)];
    draw_landscape_foreground(&rec.into_drawing_area(), (-1.0, 1.0), (-1.0, 1.0), &s, Some((0.5, 0.5)), &t, 1.0).unwrap();
    assert!(count.get() > 0);
}

#[test]
fn tick_labels_are_compact() {
    assert_eq!(fmt_tick(0.0), "0");
    assert_eq!(fmt_tick(0.25), "0.25");
    assert_eq!(fmt_tick(1.0), "1");
    assert_eq!(fmt_tick(150.0), "150");
    assert_eq!(fmt_tick(1e-5), "1e-5");
    assert_eq!(fmt_tick(3.2e6), "3e6");
}

#[test]
fn run_series_maps_every_trajectory_point() {
    use sgd_layers::core::optimizer::OptimizerConfig;
    use sgd_layers::core::run::{Run, RunConfig};
    use sgd_layers::plots::run_series;
    let mk = |lr| {
        let mut r = Run::new(Landscape::Quadratic { kappa: 2.0 }.into_problem(), RunConfig::new(OptimizerConfig::sgd(lr), vec![1.0, 1.0]).max_steps(20));
        r.run(20);
        r
    };
    let runs = vec![mk(0.1), mk(0.2)];
    let s = run_series(&runs, |p, _| (p.step as f64, p.loss));
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].color, s[1].color), (0, 1));
    assert_eq!(s[1].points.len(), runs[1].trajectory().len());
    assert_eq!(s[0].points[0], (0.0, 3.0), "f(1, 1) = 1 + 2·1");
    let paths = run_series(&runs, |_, x| (x[0], x[1]));
    assert_eq!(paths[0].points.last().copied(), Some((runs[0].position()[0], runs[0].position()[1])));
}
