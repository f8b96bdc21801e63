//! Native benchmarks of the core (criterion). `make bench` runs them and writes BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use sgd_layers::core::contour::{contours, log_levels};
use sgd_layers::core::dataset::drug_sensitivity;
use sgd_layers::core::grid::Grid;
use sgd_layers::core::landscape::Landscape;
use sgd_layers::core::model::LeastSquares;
use sgd_layers::core::optimizer::{Kind, OptimizerConfig};
use sgd_layers::core::oracle::Noise;
use sgd_layers::core::run::{Run, RunConfig};
use sgd_layers::plots::Theme;
use sgd_layers::plots::heatmap::heatmap_rgba;
use std::hint::black_box;
use std::rc::Rc;

fn lr(kind: Kind) -> f64 {
    match kind {
        Kind::Sgd | Kind::Momentum | Kind::Nesterov | Kind::RmsProp => 1e-3,
        Kind::AdaGrad => 0.05,
        Kind::Adam | Kind::AdamW => 5e-3,
    }
}

fn endless(problem: sgd_layers::core::problem::Problem, opt: OptimizerConfig, start: Vec<f64>, noise: Noise) -> Run {
    Run::new(problem, RunConfig::new(opt, start).noise(noise).max_steps(usize::MAX).tol(0.0).seed(1))
}

fn optimizer_steps(c: &mut Criterion) {
    let mut g = c.benchmark_group("step_rosenbrock");
    for kind in Kind::ALL {
        let mut run = endless(Landscape::Rosenbrock { a: 1.0, b: 100.0 }.into_problem(), OptimizerConfig::new(kind, lr(kind)), vec![-1.0, 1.0], Noise::Exact);
        g.bench_function(kind.id(), |b| b.iter(|| black_box(run.step())));
    }
    g.finish();
    c.bench_function("race_7_optimizers_one_step_each", |b| {
        let mut runs: Vec<Run> = Kind::ALL
            .iter()
            .map(|&k| endless(Landscape::Rosenbrock { a: 1.0, b: 100.0 }.into_problem(), OptimizerConfig::new(k, lr(k)), vec![-1.0, 1.0], Noise::Gaussian { sigma: 0.1 }))
            .collect();
        b.iter(|| runs.iter_mut().for_each(|r| { black_box(r.step()); }))
    });
}

fn drug_adam(c: &mut Criterion) {
    let f = Rc::new(LeastSquares::new(drug_sensitivity(1), "drug"));
    let mut run = endless(f, OptimizerConfig::adam(0.005), vec![0.0; 50], Noise::MiniBatch { batch: 64, epochs: false });
    c.bench_function("adam_minibatch_step_drug_n2000_d50_b64", |b| b.iter(|| black_box(run.step())));
}

fn heatmap(c: &mut Criterion) {
    let f = Landscape::Rosenbrock { a: 1.0, b: 100.0 };
    let (xr, yr) = f.view();
    let theme = Theme::light();
    c.bench_function("heatmap_rosenbrock_640x480_full_res", |b| {
        b.iter(|| {
            let g = Grid::sample(&f, xr, yr, 640, 480);
            black_box(heatmap_rgba(&g, &theme, 640, 480))
        })
    });
    c.bench_function("heatmap_rosenbrock_640x480_as_drawn", |b| {
        // What the widgets do: a grid of one sample per 3 px, upsampled to full resolution.
        b.iter(|| {
            let g = Grid::sample(&f, xr, yr, 213, 160);
            black_box(heatmap_rgba(&g, &theme, 640, 480))
        })
    });
    let g = Grid::sample(&f, xr, yr, 213, 160);
    c.bench_function("contours_12_levels_213x160", |b| b.iter(|| black_box(contours(&g, &log_levels(&g, 12)))));
}

criterion_group!(benches, optimizer_steps, drug_adam, heatmap);
criterion_main!(benches);
