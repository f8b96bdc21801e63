//! Loss grids for heatmaps and contours.

use super::problem::Objective;

/// Values of f sampled at the centres of a `w × h` grid of cells covering the view.
/// Row 0 is the *top* row (largest y), so rows map straight onto image rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Grid {
    pub w: usize,
    pub h: usize,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub values: Vec<f64>,
}

impl Grid {
    /// Sample a 2-D objective. Non-finite values are stored as `f64::INFINITY` so consumers
    /// can skip them.
    pub fn sample(f: &dyn Objective, x_range: (f64, f64), y_range: (f64, f64), w: usize, h: usize) -> Grid {
        Grid::from_fn(x_range, y_range, w, h, &mut |x, y| f.value(&[x, y]))
    }

    /// Sample any function of two variables (a map over settings, not only a loss surface).
    pub fn from_fn(x_range: (f64, f64), y_range: (f64, f64), w: usize, h: usize, f: &mut dyn FnMut(f64, f64) -> f64) -> Grid {
        let (w, h) = (w.max(2), h.max(2));
        let mut values = Vec::with_capacity(w * h);
        for r in 0..h {
            let y = y_range.1 - (r as f64 + 0.5) / h as f64 * (y_range.1 - y_range.0);
            for c in 0..w {
                let x = x_range.0 + (c as f64 + 0.5) / w as f64 * (x_range.1 - x_range.0);
                let v = f(x, y);
                values.push(if v.is_finite() { v } else { f64::INFINITY });
            }
        }
        Grid { w, h, x_range, y_range, values }
    }

    /// Data coordinates of the centre of cell (column `c`, row `r`).
    pub fn cell_center(&self, c: usize, r: usize) -> (f64, f64) {
        let x = self.x_range.0 + (c as f64 + 0.5) / self.w as f64 * (self.x_range.1 - self.x_range.0);
        let y = self.y_range.1 - (r as f64 + 0.5) / self.h as f64 * (self.y_range.1 - self.y_range.0);
        (x, y)
    }

    /// Smallest and largest finite value.
    pub fn finite_range(&self) -> (f64, f64) {
        self.values
            .iter()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)))
    }
}
