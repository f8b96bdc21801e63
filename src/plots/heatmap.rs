//! Heatmap colouring: a loss grid becomes an RGBA buffer for one `putImageData` call.

use super::theme::Theme;
use crate::core::grid::Grid;

/// Map each grid value to a colour on the theme's ramp, by log(f − min + offset) so that
/// valleys get as much colour resolution as walls, and upsample bilinearly to `w × h` pixels.
/// Returns `w·h·4` bytes, rows top to bottom. Non-finite cells get the top colour.
pub fn heatmap_rgba(grid: &Grid, theme: &Theme, w: u32, h: u32) -> Vec<u8> {
    heatmap_rgba_scaled(grid, theme, w, h, true)
}

/// [`heatmap_rgba`], with the colour either logarithmic in f − min (`log`) or linear in f (for
/// maps whose values are already logarithms, or rates).
pub fn heatmap_rgba_scaled(grid: &Grid, theme: &Theme, w: u32, h: u32, log: bool) -> Vec<u8> {
    let (lo, hi) = grid.finite_range();
    let span = if hi > lo { hi - lo } else { 1.0 };
    let offset = span * 1e-3;
    let (a, b) = (offset.ln(), (span + offset).ln());
    let position = |v: f64| if log { ((v - lo + offset).ln() - a) / (b - a) } else { (v - lo) / span };
    // Grid values as positions 0..=255 on the colour ramp.
    let norm: Vec<f32> = grid
        .values
        .iter()
        .map(|&v| if v.is_finite() { (position(v).clamp(0.0, 1.0) * 255.0) as f32 } else { 255.0 })
        .collect();
    let lut = colour_table(&theme.heat);
    let (gw, gh) = (grid.w, grid.h);
    let (w, h) = (w as usize, h as usize);
    // Where each pixel centre falls between cell centres: (index, next index, fraction).
    let axis = |n: usize, cells: usize| -> Vec<(usize, usize, f32)> {
        (0..n)
            .map(|i| {
                let g = ((i as f32 + 0.5) / n as f32 * cells as f32 - 0.5).clamp(0.0, (cells - 1) as f32);
                let i0 = g as usize;
                (i0, (i0 + 1).min(cells - 1), g - i0 as f32)
            })
            .collect()
    };
    let cols = axis(w, gw);
    let rows = axis(h, gh);
    // Consecutive pixels between the same two cell centres form a run along which the value
    // changes linearly: (first pixel, end pixel, left cell, right cell, fx at start, fx step).
    let mut runs: Vec<(usize, usize, usize, usize, f32, f32)> = Vec::new();
    for (px, &(c0, c1, fx)) in cols.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if r.2 == c0 && r.3 == c1 => r.1 = px + 1,
            _ => runs.push((px, px + 1, c0, c1, fx, 0.0)),
        }
    }
    for r in runs.iter_mut() {
        if r.1 - r.0 > 1 {
            r.5 = (cols[r.1 - 1].2 - r.4) / (r.1 - r.0 - 1) as f32;
        }
    }
    let mut out = vec![0u8; w * h * 4];
    // Bilinear in two passes: blend the two grid rows once per pixel row, then walk each run
    // adding a constant increment per pixel.
    let mut blend = vec![0f32; gw];
    for (row, &(r0, r1, fy)) in out.chunks_exact_mut(w * 4).zip(&rows) {
        let top = &norm[r0 * gw..(r0 + 1) * gw];
        let bot = &norm[r1 * gw..(r1 + 1) * gw];
        for ((b, t), u) in blend.iter_mut().zip(top).zip(bot) {
            *b = t + (u - t) * fy;
        }
        for &(p0, p1, c0, c1, fx0, dfx) in &runs {
            let (a, b) = (blend[c0], blend[c1]);
            let mut v = a + (b - a) * fx0;
            let dv = (b - a) * dfx;
            for px in row[p0 * 4..p1 * 4].chunks_exact_mut(4) {
                let [r, g, bl, al] = lut[v.clamp(0.0, 255.0) as u8 as usize];
                px[0] = r;
                px[1] = g;
                px[2] = bl;
                px[3] = al;
                v += dv;
            }
        }
    }
    out
}

/// 256 RGBA colours interpolated along the ramp.
fn colour_table(ramp: &[(u8, u8, u8); 4]) -> [[u8; 4]; 256] {
    std::array::from_fn(|i| {
            let t = i as f32 / 255.0 * (ramp.len() - 1) as f32;
            let k = (t as usize).min(ramp.len() - 2);
            let f = t - k as f32;
            let (c0, c1) = (ramp[k], ramp[k + 1]);
            let mix = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * f).round() as u8;
            [mix(c0.0, c1.0), mix(c0.1, c1.1), mix(c0.2, c1.2), 255]
    })
}

/// Grid resolution for a plotting area of `w × h` pixels: about one sample per `cell`
/// pixels, capped so a heatmap never costs more than `max_cells` evaluations.
pub fn grid_size(w: u32, h: u32, cell: u32, max_cells: usize) -> (usize, usize) {
    let (mut gw, mut gh) = ((w / cell.max(1)).max(2) as usize, (h / cell.max(1)).max(2) as usize);
    while gw * gh > max_cells && gw > 2 && gh > 2 {
        gw = gw * 9 / 10;
        gh = gh * 9 / 10;
    }
    (gw.max(2), gh.max(2))
}
