//! Heatmap colouring: a loss grid becomes an RGBA buffer for one `putImageData` call.

use super::theme::Theme;
use crate::core::grid::Grid;

/// Map each grid value to a colour on the theme's ramp, by log(f − min + offset) so that
/// valleys get as much colour resolution as walls, and upsample bilinearly to `w × h` pixels.
/// Returns `w·h·4` bytes, rows top to bottom. Non-finite cells get the top colour.
pub fn heatmap_rgba(grid: &Grid, theme: &Theme, w: u32, h: u32) -> Vec<u8> {
    let (lo, hi) = grid.finite_range();
    let span = if hi > lo { hi - lo } else { 1.0 };
    let offset = span * 1e-3;
    let (a, b) = (offset.ln(), (span + offset).ln());
    let norm: Vec<f32> = grid
        .values
        .iter()
        .map(|&v| if v.is_finite() { (((v - lo + offset).ln() - a) / (b - a)) as f32 } else { 1.0 })
        .collect();
    let ramp = theme.heat;
    let colour = |t: f32| -> [u8; 3] {
        let t = t.clamp(0.0, 1.0) * (ramp.len() - 1) as f32;
        let i = (t as usize).min(ramp.len() - 2);
        let f = t - i as f32;
        let (c0, c1) = (ramp[i], ramp[i + 1]);
        let mix = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * f).round() as u8;
        [mix(c0.0, c1.0), mix(c0.1, c1.1), mix(c0.2, c1.2)]
    };
    let (gw, gh) = (grid.w, grid.h);
    let mut out = vec![0u8; (w * h * 4) as usize];
    for py in 0..h {
        // Pixel centre in grid-cell coordinates (cell centres at integer + 0.5).
        let gy = ((py as f32 + 0.5) / h as f32 * gh as f32 - 0.5).clamp(0.0, (gh - 1) as f32);
        let (r0, fy) = (gy as usize, gy.fract());
        let r1 = (r0 + 1).min(gh - 1);
        for px in 0..w {
            let gx = ((px as f32 + 0.5) / w as f32 * gw as f32 - 0.5).clamp(0.0, (gw - 1) as f32);
            let (c0, fx) = (gx as usize, gx.fract());
            let c1 = (c0 + 1).min(gw - 1);
            let top = norm[r0 * gw + c0] * (1.0 - fx) + norm[r0 * gw + c1] * fx;
            let bot = norm[r1 * gw + c0] * (1.0 - fx) + norm[r1 * gw + c1] * fx;
            let [r, g, b] = colour(top * (1.0 - fy) + bot * fy);
            let o = ((py * w + px) * 4) as usize;
            out[o..o + 4].copy_from_slice(&[r, g, b, 255]);
        }
    }
    out
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
