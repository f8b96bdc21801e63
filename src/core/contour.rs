//! Contour lines by marching squares.

use super::grid::Grid;

/// A line segment in data coordinates.
pub type Segment = ((f64, f64), (f64, f64));

/// One contour level and its segments.
#[derive(Clone, Debug, PartialEq)]
pub struct Contour {
    pub level: f64,
    pub segments: Vec<Segment>,
}

/// Contour levels spaced evenly in log(f − min + offset) between the grid's minimum and a
/// high quantile, so that valleys get as many lines as walls.
pub fn log_levels(grid: &Grid, count: usize) -> Vec<f64> {
    let mut v: Vec<f64> = grid.values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() || count == 0 {
        return vec![];
    }
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let k = ((v.len() - 1) as f64 * 0.9) as usize;
    let hi = *v.select_nth_unstable_by(k, |a, b| a.total_cmp(b)).1;
    let span = (hi - lo).max(1e-12);
    let offset = span * 1e-3;
    let (a, b) = (offset.ln(), (span + offset).ln());
    (1..=count)
        .map(|i| lo + (a + (b - a) * i as f64 / (count + 1) as f64).exp() - offset)
        .collect()
}

/// Join segments that share end points into polylines, so a level draws as a few paths instead
/// of thousands of separate strokes. End points from marching squares match exactly, since
/// neighbouring cells interpolate the same edge with the same numbers.
pub fn polylines(segments: &[Segment]) -> Vec<Vec<(f64, f64)>> {
    use std::collections::HashMap;
    let key = |p: (f64, f64)| (p.0.to_bits(), p.1.to_bits());
    let mut at: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (i, (a, b)) in segments.iter().enumerate() {
        at.entry(key(*a)).or_default().push(i);
        at.entry(key(*b)).or_default().push(i);
    }
    let mut used = vec![false; segments.len()];
    let mut out = Vec::new();
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let mut line = std::collections::VecDeque::from([segments[start].0, segments[start].1]);
        // Extend forwards from the back, then backwards from the front.
        for forward in [true, false] {
            loop {
                let end = if forward { *line.back().unwrap() } else { *line.front().unwrap() };
                let next = at.get(&key(end)).and_then(|c| c.iter().copied().find(|&j| !used[j]));
                let Some(j) = next else { break };
                used[j] = true;
                let (a, b) = segments[j];
                let other = if key(a) == key(end) { b } else { a };
                if forward { line.push_back(other) } else { line.push_front(other) }
            }
        }
        out.push(line.into_iter().collect());
    }
    out
}

/// Marching squares over the grid's cell centres for each level. Saddle cells are resolved by
/// the cell mean.
pub fn contours(grid: &Grid, levels: &[f64]) -> Vec<Contour> {
    levels.iter().map(|&level| Contour { level, segments: contour_level(grid, level) }).collect()
}

fn contour_level(grid: &Grid, level: f64) -> Vec<Segment> {
    let mut out = Vec::new();
    let (w, h) = (grid.w, grid.h);
    let v = &grid.values;
    let dx = (grid.x_range.1 - grid.x_range.0) / w as f64;
    let dy = (grid.y_range.1 - grid.y_range.0) / h as f64;
    let centre = |c: usize, r: usize| (grid.x_range.0 + (c as f64 + 0.5) * dx, grid.y_range.1 - (r as f64 + 0.5) * dy);
    let interp = |p0: (f64, f64), v0: f64, p1: (f64, f64), v1: f64| {
        let t = if (v1 - v0).abs() < 1e-300 { 0.5 } else { ((level - v0) / (v1 - v0)).clamp(0.0, 1.0) };
        (p0.0 + t * (p1.0 - p0.0), p0.1 + t * (p1.1 - p0.1))
    };
    for r in 0..h - 1 {
        let (top, bot) = (&v[r * w..(r + 1) * w], &v[(r + 1) * w..(r + 2) * w]);
        for c in 0..w - 1 {
            // Corners: a = top-left, b = top-right, d = bottom-right, e = bottom-left.
            let (va, vb, vd, ve) = (top[c], top[c + 1], bot[c + 1], bot[c]);
            let code = (usize::from(va > level) << 3)
                | (usize::from(vb > level) << 2)
                | (usize::from(vd > level) << 1)
                | usize::from(ve > level);
            if code == 0 || code == 15 || !(va.is_finite() && vb.is_finite() && vd.is_finite() && ve.is_finite()) {
                continue;
            }
            let (pa, pb, pd, pe) = (centre(c, r), centre(c + 1, r), centre(c + 1, r + 1), centre(c, r + 1));
            let top = || interp(pa, va, pb, vb);
            let right = || interp(pb, vb, pd, vd);
            let bottom = || interp(pe, ve, pd, vd);
            let left = || interp(pa, va, pe, ve);
            let centre_high = (va + vb + vd + ve) / 4.0 > level;
            match code {
                1 | 14 => out.push((left(), bottom())),
                2 | 13 => out.push((bottom(), right())),
                3 | 12 => out.push((left(), right())),
                4 | 11 => out.push((top(), right())),
                6 | 9 => out.push((top(), bottom())),
                7 | 8 => out.push((left(), top())),
                5 => {
                    if centre_high {
                        out.push((left(), top()));
                        out.push((bottom(), right()));
                    } else {
                        out.push((left(), bottom()));
                        out.push((top(), right()));
                    }
                }
                10 => {
                    if centre_high {
                        out.push((left(), bottom()));
                        out.push((top(), right()));
                    } else {
                        out.push((left(), top()));
                        out.push((bottom(), right()));
                    }
                }
                _ => {}
            }
        }
    }
    out
}
