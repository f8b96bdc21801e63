//! Benchmarks that must run in wasm (called by `make bench` through `window.wasmBindings`).

use crate::core::grid::Grid;
use crate::core::landscape::Landscape;
use crate::core::optimizer::{Kind, OptimizerConfig};
use crate::core::oracle::Noise;
use crate::core::run::{Run, RunConfig};
use crate::plots::Theme;
use crate::plots::heatmap::{grid_size, heatmap_rgba};
use wasm_bindgen::prelude::wasm_bindgen;

fn now() -> f64 {
    leptos::prelude::window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Milliseconds for `steps` steps of a race of all 7 optimizers on Rosenbrock from (−1, 1),
/// sharing one noise stream (the CONTENT.md preset's learning rates).
#[wasm_bindgen(js_name = sgdBenchRace)]
pub fn bench_race(steps: u32) -> f64 {
    let mut runs: Vec<Run> = Kind::ALL
        .iter()
        .map(|&k| {
            let lr = match k {
                Kind::Sgd | Kind::Momentum | Kind::Nesterov | Kind::RmsProp => 1e-3,
                Kind::AdaGrad => 0.05,
                Kind::Adam | Kind::AdamW => 5e-3,
            };
            let cfg = RunConfig::new(OptimizerConfig::new(k, lr), vec![-1.0, 1.0])
                .noise(Noise::Gaussian { sigma: 0.1 })
                .seed(1)
                .max_steps(usize::MAX)
                .tol(0.0);
            Run::new(Landscape::Rosenbrock { a: 1.0, b: 100.0 }.into_problem(), cfg)
        })
        .collect();
    let t0 = now();
    for _ in 0..steps {
        for r in runs.iter_mut() {
            r.step();
        }
    }
    now() - t0
}

/// Milliseconds to recompute a Rosenbrock heatmap of `w × h` device pixels the way widgets do
/// (grid at one sample per 3 px, coloured and upsampled in Rust).
#[wasm_bindgen(js_name = sgdBenchHeatmap)]
pub fn bench_heatmap(w: u32, h: u32) -> f64 {
    let f = Landscape::Rosenbrock { a: 1.0, b: 100.0 };
    let (xr, yr) = f.view();
    let t0 = now();
    let (gw, gh) = grid_size(w, h, 3, 60_000);
    let g = Grid::sample(&f, xr, yr, gw, gh);
    let buf = heatmap_rgba(&g, &Theme::light(), w, h);
    let t = now() - t0;
    std::hint::black_box(buf);
    t
}
