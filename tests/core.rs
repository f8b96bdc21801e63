//! Native tests of the optimizer core: gradients against finite differences, known optima,
//! seeded determinism, statistics of mini-batch gradients, bounded trajectories, and runs that
//! never store a non-finite value.

mod common;
use common::assert_grad_matches;
use proptest::prelude::*;
use sgd_layers::core::contour::{contours, log_levels};
use sgd_layers::core::dataset::{drug_sensitivity, linreg_2d, two_blobs};
use sgd_layers::core::grid::Grid;
use sgd_layers::core::landscape::Landscape;
use sgd_layers::core::model::{LeastSquares, Logistic, ols};
use sgd_layers::core::optimizer::{Clip, Kind, OptimizerConfig};
use sgd_layers::core::oracle::{Estimator, Noise, Oracle, epoch_permutation};
use sgd_layers::core::problem::{Objective, Problem, norm};
use sgd_layers::core::run::{PolyakAverage, Run, RunConfig, Status, Trajectory, Point};
use sgd_layers::core::schedule::Schedule;
use sgd_layers::core::stats::{batch_variance_factor, mean, moving_average, quantile, variance};
use std::rc::Rc;

fn landscapes() -> Vec<Landscape> {
    vec![
        Landscape::Quadratic { kappa: 100.0 },
        Landscape::Quadratic { kappa: 3.0 },
        Landscape::Saddle,
        Landscape::Rosenbrock { a: 1.0, b: 100.0 },
        Landscape::Wiggly,
        Landscape::Cliff,
    ]
}

fn linreg() -> Problem {
    Rc::new(LeastSquares::new(linreg_2d(7), "linear regression"))
}


proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn landscape_gradients_match_central_differences(x in -2.5f64..2.5, y in -2.5f64..2.5) {
        for l in landscapes() {
            let p = if l.dim() == 1 { vec![x * 2.0] } else { vec![x, y] };
            assert_grad_matches(&l, &p);
        }
    }

    #[test]
    fn hessians_match_differences_of_gradients(x in -2.0f64..2.0, y in -2.0f64..2.0) {
        for l in landscapes() {
            let d = l.dim();
            let p: Vec<f64> = if d == 1 { vec![x] } else { vec![x, y] };
            let Some(h) = l.hessian(&p) else { continue };
            let e = 1e-5;
            for j in 0..d {
                let (mut up, mut down) = (p.clone(), p.clone());
                up[j] += e;
                down[j] -= e;
                let (mut gu, mut gd) = (vec![0.0; d], vec![0.0; d]);
                l.grad(&up, &mut gu);
                l.grad(&down, &mut gd);
                for i in 0..d {
                    let fd = (gu[i] - gd[i]) / (2.0 * e);
                    prop_assert!((h[i * d + j] - fd).abs() <= 1e-4 * (1.0 + fd.abs()), "{} H[{i},{j}]", l.name());
                }
            }
        }
    }

    #[test]
    fn model_gradients_match_central_differences(a in -3.0f64..3.0, b in -3.0f64..3.0, batch in prop::collection::vec(0usize..200, 1..20)) {
        let models: Vec<Problem> = vec![linreg(), Rc::new(Logistic::new(two_blobs(3), 0.01))];
        for f in models {
            assert_grad_matches(&*f, &[a, b]);
            // A mini-batch gradient is the gradient of the mini-batch loss.
            let mut idx = batch.clone();
            idx.sort();
            idx.dedup();
            let mut g = vec![0.0; 2];
            f.batch_grad(&[a, b], &idx, &mut g);
            let mut g_each = vec![0.0; 2];
            let mut acc = [0.0; 2];
            for &i in &idx {
                f.batch_grad(&[a, b], &[i], &mut g_each);
                acc[0] += g_each[0] / idx.len() as f64;
                acc[1] += g_each[1] / idx.len() as f64;
            }
            prop_assert!((g[0] - acc[0]).abs() < 1e-12 && (g[1] - acc[1]).abs() < 1e-12);
        }
    }
}

#[test]
fn drug_sensitivity_gradient_matches_finite_differences() {
    let f = LeastSquares::new(drug_sensitivity(1), "drug");
    let x: Vec<f64> = (0..50).map(|i| (i as f64 * 0.37).sin()).collect();
    assert_grad_matches(&f, &x);
    assert_eq!((f.data.n, f.data.d), (2000, 50));
}

#[test]
fn drug_sensitivity_matches_its_set_up() {
    let d = drug_sensitivity(1);
    // Neighbouring genes correlate with ρ ≈ 0.6, genes two apart with ρ² ≈ 0.36.
    let col = |j: usize| (0..d.n).map(|i| d.row(i)[j]).collect::<Vec<_>>();
    let corr = |a: &[f64], b: &[f64]| {
        let (ma, mb) = (mean(a), mean(b));
        let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum::<f64>();
        cov / (a.iter().map(|x| (x - ma).powi(2)).sum::<f64>().sqrt() * b.iter().map(|y| (y - mb).powi(2)).sum::<f64>().sqrt())
    };
    let r1 = corr(&col(10), &col(11));
    let r2 = corr(&col(10), &col(12));
    assert!((r1 - 0.6).abs() < 0.06, "neighbour correlation {r1}");
    assert!((r2 - 0.36).abs() < 0.07, "two-apart correlation {r2}");
    assert_eq!(d.truth.iter().filter(|w| **w != 0.0).count(), 10);
    // The optimum's loss is about σ²/2 = 1.125 (the seed reports 1.09).
    let f = LeastSquares::new(d, "drug");
    let (_, best) = f.minimum().unwrap();
    assert!((best - 1.125).abs() < 0.1, "optimal loss {best}");
}

#[test]
fn known_minima_and_saddle() {
    let s = Landscape::Saddle;
    let mut g = [0.0; 2];
    for p in [[0.0, 0.0], [0.0, 1.0], [0.0, -1.0]] {
        s.grad(&p, &mut g);
        assert_eq!(norm(&g), 0.0, "stationary point {p:?}");
    }
    let h0 = s.hessian(&[0.0, 0.0]).unwrap();
    assert!(h0[0] > 0.0 && h0[3] < 0.0, "origin is a saddle: {h0:?}");
    let h1 = s.hessian(&[0.0, 1.0]).unwrap();
    assert!(h1[0] > 0.0 && h1[3] > 0.0, "(0, 1) is a minimum: {h1:?}");
    assert_eq!(s.value(&[0.0, 1.0]), -0.25);
    assert_eq!(s.value(&[0.0, 0.0]), 0.0);

    let r = Landscape::Rosenbrock { a: 1.0, b: 100.0 };
    r.grad(&[1.0, 1.0], &mut g);
    assert_eq!(norm(&g), 0.0);

    let w = Landscape::Wiggly;
    let (t, v) = w.minimum().unwrap();
    let mut g1 = [0.0];
    w.grad(&t, &mut g1);
    assert!(g1[0].abs() < 1e-9);
    for i in 0..2000 {
        let x = -5.0 + 15.0 * i as f64 / 2000.0;
        assert!(w.value(&[x]) >= v - 1e-9, "global minimum beaten at {x}");
    }

    let c = Landscape::Cliff;
    let (m, _) = c.minimum().unwrap();
    c.grad(&m, &mut g);
    assert!(norm(&g) < 1e-9, "cliff minimum {m:?} gradient {g:?}");
}

#[test]
fn ols_is_stationary_and_near_the_truth() {
    let f = linreg();
    let (theta, best) = f.minimum().unwrap();
    let mut g = [0.0; 2];
    f.grad(&theta, &mut g);
    assert!(norm(&g) < 1e-12);
    assert!((theta[0] - 1.45).abs() < 0.15 && (theta[1] - 0.93).abs() < 0.15, "{theta:?}");
    // Noise 0.5 ⇒ optimal loss ≈ 0.5²/2.
    assert!((best - 0.125).abs() < 0.03, "{best}");
    // OLS through the generic solver agrees with the 2×2 closed form.
    let d = linreg_2d(7);
    let (sx, sz, szz, sy, szy) = (0..d.n).fold((0.0, 0.0, 0.0, 0.0, 0.0), |a, i| {
        let z = d.row(i)[1];
        (a.0 + 1.0, a.1 + z, a.2 + z * z, a.3 + d.y[i], a.4 + z * d.y[i])
    });
    let det = sx * szz - sz * sz;
    let closed = [(szz * sy - sz * szy) / det, (sx * szy - sz * sy) / det];
    let o = ols(&d);
    assert!((o[0] - closed[0]).abs() < 1e-12 && (o[1] - closed[1]).abs() < 1e-12);
}

#[test]
fn logistic_minimum_is_stationary() {
    let f = Logistic::new(two_blobs(3), 0.01);
    let (theta, _) = f.minimum().unwrap();
    let mut g = [0.0; 2];
    f.grad(&theta, &mut g);
    assert!(norm(&g) < 1e-10, "{g:?}");
    assert!(theta[0] > 0.0 && theta[1] > 0.0, "classes at ±(1, 0.6) ⇒ positive weights: {theta:?}");
}

fn noise_run(seed: u64, batch: usize) -> Run {
    let cfg = RunConfig::new(OptimizerConfig::sgd(0.1), vec![-0.5, 2.0])
        .noise(Noise::MiniBatch { batch, epochs: false })
        .seed(seed)
        .max_steps(150);
    let mut r = Run::new(linreg(), cfg);
    r.run(150);
    r
}

#[test]
fn same_seed_same_trajectory_different_seed_different() {
    let a = noise_run(42, 32);
    let b = noise_run(42, 32);
    let c = noise_run(43, 32);
    assert_eq!(a.trajectory(), b.trajectory());
    assert_eq!(a.position(), b.position());
    assert_ne!(a.position(), c.position());
    for noise in [Noise::Gaussian { sigma: 1.0 }, Noise::MiniBatch { batch: 8, epochs: true }] {
        let mk = || {
            let mut r = Run::new(linreg(), RunConfig::new(OptimizerConfig::adam(0.05), vec![0.0, 0.0]).noise(noise.clone()).seed(9));
            r.run(300);
            r.position().to_vec()
        };
        assert_eq!(mk(), mk());
    }
}

#[test]
fn a_race_shares_one_noise_stream() {
    // Two optimizers with one seed see the same batch at every step, whatever their iterates.
    let f = linreg();
    let noise = Noise::MiniBatch { batch: 16, epochs: false };
    let mut o1 = Oracle::new(noise.clone(), Estimator::Plain, 5);
    let mut o2 = Oracle::new(noise, Estimator::Plain, 5);
    let (x1, x2) = ([0.3, -0.2], [2.0, 1.0]);
    let all: Vec<usize> = (0..200).collect();
    for t in 0..50 {
        let (mut g1, mut g2) = ([0.0; 2], [0.0; 2]);
        o1.gradient(&*f, &x1, t, &mut g1);
        o2.gradient(&*f, &x2, t, &mut g2);
        // Recover the batch by checking which 16 examples reproduce both gradients: for
        // least squares g(x1) − g(x2) = Σ xₙxₙᵀ(x1 − x2)/B; equal batches ⇒ this identity.
        let s = sgd_layers::core::oracle::sample(&Noise::MiniBatch { batch: 16, epochs: false }, 5, t, Some(200), 2);
        let sgd_layers::core::oracle::Sample::Batch(idx) = s else { panic!("expected a batch") };
        let (mut r1, mut r2) = ([0.0; 2], [0.0; 2]);
        f.batch_grad(&x1, &idx, &mut r1);
        f.batch_grad(&x2, &idx, &mut r2);
        assert_eq!((g1, g2), (r1, r2));
        assert_eq!(idx.len(), 16);
        let mut u = idx.clone();
        u.sort();
        u.dedup();
        assert_eq!(u.len(), 16, "sampled without replacement");
        assert!(idx.iter().all(|i| all.contains(i)));
    }
}

#[test]
fn shuffled_epochs_visit_every_example_once() {
    let f = linreg();
    let mut o = Oracle::new(Noise::MiniBatch { batch: 32, epochs: true }, Estimator::Plain, 3);
    let mut g = [0.0; 2];
    let mut cost = 0;
    for t in 0..7 {
        cost += o.gradient(&*f, &[0.0, 0.0], t, &mut g);
    }
    assert_eq!(cost, 200, "7 batches of an epoch: 6×32 + 8");
    let p = epoch_permutation(3, 0, 200);
    let mut s = p.clone();
    s.sort();
    assert_eq!(s, (0..200).collect::<Vec<_>>());
    assert_ne!(p, epoch_permutation(3, 1, 200), "each epoch reshuffles");
}

/// Per-example gradients at θ, and their mean.
fn example_grads(f: &dyn Objective, x: &[f64]) -> Vec<[f64; 2]> {
    (0..f.examples().unwrap())
        .map(|i| {
            let mut g = [0.0; 2];
            f.batch_grad(x, &[i], &mut g);
            g
        })
        .collect()
}

#[test]
fn mini_batch_gradients_are_unbiased() {
    let f = linreg();
    let x = [-0.5, 2.0];
    let mut full = [0.0; 2];
    f.grad(&x, &mut full);
    let per = example_grads(&*f, &x);
    let n = per.len();
    for b in [1usize, 8, 32] {
        let k = 20_000;
        let mut o = Oracle::new(Noise::MiniBatch { batch: b, epochs: false }, Estimator::Plain, 11);
        let mut acc = [0.0; 2];
        let mut g = [0.0; 2];
        for t in 0..k {
            o.gradient(&*f, &x, t, &mut g);
            acc[0] += g[0] / k as f64;
            acc[1] += g[1] / k as f64;
        }
        for j in 0..2 {
            let col: Vec<f64> = per.iter().map(|p| p[j]).collect();
            let sigma2 = variance(&col) * (n - 1) as f64 / n as f64;
            let se = (sigma2 * batch_variance_factor(b, n) / k as f64).sqrt();
            // 5 standard errors: a false alarm has probability below 1e-6.
            assert!((acc[j] - full[j]).abs() < 5.0 * se, "B={b} coord {j}: mean {} vs full {} (se {se})", acc[j], full[j]);
        }
    }
}

#[test]
fn mini_batch_variance_follows_the_finite_population_law() {
    let f = linreg();
    let x = [-0.5, 2.0];
    let per = example_grads(&*f, &x);
    let n = per.len();
    let col: Vec<f64> = per.iter().map(|p| p[1]).collect();
    let sigma2 = variance(&col) * (n - 1) as f64 / n as f64;
    for b in [1usize, 4, 32, 128, 200] {
        let k = 4000;
        let mut o = Oracle::new(Noise::MiniBatch { batch: b, epochs: false }, Estimator::Plain, 17);
        let mut draws = Vec::with_capacity(k);
        let mut g = [0.0; 2];
        for t in 0..k {
            o.gradient(&*f, &x, t, &mut g);
            draws.push(g[1]);
        }
        let emp = variance(&draws);
        let theory = sigma2 * batch_variance_factor(b, n);
        if b == n {
            assert!(emp < 1e-20, "B = N is exact");
        } else {
            // The sample variance of 4000 draws is within ±15 % with overwhelming probability.
            assert!((emp / theory - 1.0).abs() < 0.15, "B={b}: empirical {emp} vs theory {theory}");
        }
    }
    assert!(batch_variance_factor(32, 1000) / batch_variance_factor(512, 1000) > 16.0);
}

#[test]
fn gradient_descent_converges_and_stops_at_the_saddle() {
    let cfg = RunConfig::new(OptimizerConfig::sgd(0.1), vec![1.5, 0.0]).max_steps(5000);
    let mut r = Run::new(Landscape::Saddle.into_problem(), cfg);
    r.run(5000);
    assert_eq!(r.status(), Status::Converged);
    assert!(r.position()[0].abs() < 1e-7 && r.position()[1] == 0.0, "stuck at the saddle {:?}", r.position());
    assert!(r.loss().abs() < 1e-12);

    let cfg = RunConfig::new(OptimizerConfig::sgd(0.1), vec![1.5, 0.0]).noise(Noise::Gaussian { sigma: 0.1 }).seed(1).max_steps(400);
    let mut s = Run::new(Landscape::Saddle.into_problem(), cfg);
    s.run(400);
    assert!(s.loss() < -0.2, "noise escapes the saddle: loss {}", s.loss());
}

#[test]
fn cliff_explodes_without_clipping_and_survives_with_it() {
    let start = vec![5.0, 1.5];
    for lr in [0.05, 0.1, 0.2] {
        let mut plain = Run::new(Landscape::Cliff.into_problem(), RunConfig::new(OptimizerConfig::sgd(lr), start.clone()).max_steps(500));
        plain.run(500);
        assert_eq!(plain.status(), Status::Diverged, "α = {lr}");
        assert!(plain.trajectory().iter().all(|(p, x)| p.loss.is_finite() && x.iter().all(|v| v.is_finite())));
    }
    for (clip, lr) in [(Clip::Norm(1.0), 0.1), (Clip::Value(1.0), 0.1), (Clip::Norm(1.0), 0.3), (Clip::Norm(5.0), 0.05)] {
        let cfg = RunConfig::new(OptimizerConfig::sgd(lr).with_clip(clip), start.clone()).max_steps(500);
        let mut r = Run::new(Landscape::Cliff.into_problem(), cfg);
        r.run(500);
        assert_ne!(r.status(), Status::Diverged, "{clip:?}");
        let (_, best) = Landscape::Cliff.minimum().unwrap();
        assert!(r.loss() - best < 1e-3, "{clip:?}: loss {}", r.loss());
        let peak = r.trajectory().iter().map(|(p, _)| p.grad_norm).fold(0.0, f64::max);
        let peak_clipped = r.trajectory().iter().filter(|(p, _)| p.step > 0).map(|(p, _)| p.clipped_norm).fold(0.0, f64::max);
        let c = match clip { Clip::Norm(c) => c, Clip::Value(c) => c * 2f64.sqrt(), Clip::None => f64::INFINITY };
        assert!(peak > 100.0 && peak_clipped <= c + 1e-9, "{clip:?}: {peak} → {peak_clipped}");
    }
}

#[test]
fn trajectory_stays_bounded_and_keeps_its_ends() {
    let mut t = Trajectory::new(2, 64);
    for i in 0..100_000usize {
        let p = Point { step: i, loss: i as f64, lr: 0.1, grad_norm: 1.0, clipped_norm: 1.0, examples: 0 };
        t.push(p, &[i as f64, 0.0]);
        assert!(t.len() <= t.capacity());
    }
    let first = t.iter().next().unwrap();
    assert_eq!(first.0.step, 0);
    assert_eq!(t.last().unwrap().0.step, 99_999);
    let steps: Vec<usize> = t.iter().map(|(p, _)| p.step).collect();
    assert!(steps.windows(2).all(|w| w[0] < w[1]));
    assert!(t.iter().all(|(p, x)| x[0] == p.step as f64));
}

#[test]
fn polyak_average_is_the_running_mean() {
    let mut a = PolyakAverage::new(1);
    for v in [1.0, 2.0, 3.0, 10.0] {
        a.observe(&[v]);
    }
    assert!((a.mean[0] - 4.0).abs() < 1e-12);
    // Over many seeds, the final averaged iterate scatters far less than the final raw one.
    let (mut raw, mut avg) = (vec![], vec![]);
    for seed in 0..40 {
        let cfg = RunConfig::new(OptimizerConfig::sgd(0.05), vec![-0.5, 2.0])
            .noise(Noise::MiniBatch { batch: 8, epochs: false })
            .seed(seed)
            .max_steps(300)
            .averaging(true);
        let mut r = Run::new(linreg(), cfg);
        r.run(300);
        raw.push(r.position()[1]);
        avg.push(r.average().unwrap().mean[1]);
    }
    assert!(variance(&avg) < variance(&raw) / 2.0, "averaged {} vs raw {}", variance(&avg), variance(&raw));
}

#[test]
fn variance_reduction_beats_the_noise_floor() {
    let f = linreg();
    let (_, best) = f.minimum().unwrap();
    let go = |est: Estimator| {
        let cfg = RunConfig::new(OptimizerConfig::sgd(0.05), vec![-0.5, 2.0])
            .noise(Noise::MiniBatch { batch: 1, epochs: false })
            .estimator(est)
            .seed(2)
            .max_steps(3000);
        let mut r = Run::new(f.clone(), cfg);
        r.run(3000);
        r.loss() - best
    };
    let sgd = go(Estimator::Plain);
    let svrg = go(Estimator::Svrg { period: 400 });
    let saga = go(Estimator::Saga);
    assert!(sgd > 1e-4, "plain SGD sits on a noise floor: {sgd}");
    assert!(svrg < 1e-8, "SVRG converges linearly: {svrg}");
    assert!(saga < 1e-8, "SAGA converges linearly: {saga}");
    let sam = go(Estimator::Sam { rho: 0.05 });
    assert!(sam.is_finite() && sam < 0.1);
}

#[test]
fn contours_of_a_bowl_are_circles() {
    let f = Landscape::Quadratic { kappa: 1.0 };
    let g = Grid::sample(&f, (-2.0, 2.0), (-2.0, 2.0), 200, 200);
    let cs = contours(&g, &[1.0, 2.0]);
    for c in &cs {
        assert!(c.segments.len() > 50);
        for (a, b) in &c.segments {
            for p in [a, b] {
                let r2 = p.0 * p.0 + p.1 * p.1;
                assert!((r2 - c.level).abs() < 0.01, "level {} point {p:?}", c.level);
            }
        }
    }
    let levels = log_levels(&g, 8);
    assert_eq!(levels.len(), 8);
    assert!(levels.windows(2).all(|w| w[0] < w[1]));
    let (lo, hi) = g.finite_range();
    assert!(levels[0] > lo && levels[7] < hi);
    // Grid rows run top to bottom.
    assert!(g.cell_center(0, 0).1 > g.cell_center(0, 199).1);
}

#[test]
fn stats_helpers() {
    assert_eq!(mean(&[1.0, 2.0, 3.0]), 2.0);
    assert_eq!(variance(&[1.0, 2.0, 3.0]), 1.0);
    assert_eq!(moving_average(&[1.0, 3.0, 5.0, 7.0], 2), vec![1.0, 2.0, 4.0, 6.0]);
    assert_eq!(quantile(&[3.0, 1.0, 2.0], 0.5), 2.0);
    assert_eq!(batch_variance_factor(200, 200), 0.0);
    assert_eq!(batch_variance_factor(1, 200), 1.0);
    // Practice question: 32 → 512 cuts the variance ≈16× (exactly 16× for an infinite data set).
    assert!((batch_variance_factor(32, usize::MAX / 2) / batch_variance_factor(512, usize::MAX / 2) - 16.0).abs() < 1e-9);
}

fn arb_kind() -> impl Strategy<Value = Kind> {
    prop::sample::select(Kind::ALL.to_vec())
}

fn arb_landscape() -> impl Strategy<Value = Landscape> {
    prop_oneof![
        (0.5f64..1e4).prop_map(|kappa| Landscape::Quadratic { kappa }),
        Just(Landscape::Saddle),
        Just(Landscape::Rosenbrock { a: 1.0, b: 100.0 }),
        Just(Landscape::Wiggly),
        Just(Landscape::Cliff),
    ]
}

fn arb_schedule() -> impl Strategy<Value = Schedule> {
    prop_oneof![
        Just(Schedule::Constant),
        (0.0f64..2.0).prop_map(|gamma| Schedule::Exponential { gamma }),
        (1usize..500, 0.1f64..3.0).prop_map(|(total, power)| Schedule::Polynomial { total, power }),
        (0.0f64..10.0, 0.0f64..2.0).prop_map(|(rate, power)| Schedule::InverseTime { rate, power }),
        (1usize..300, 0.0f64..1.0).prop_map(|(t_max, m)| Schedule::Cosine { t_max, eta_min: m * 1e-3 }),
        (1usize..100, 1usize..3).prop_map(|(t0, t_mult)| Schedule::CosineRestarts { t0, t_mult, eta_min: 0.0 }),
        (0usize..50, 0.0f64..1.0).prop_map(|(steps, start)| Schedule::WarmUp { steps, start, then: Box::new(Schedule::Cosine { t_max: 500, eta_min: 0.0 }) }),
        (2usize..1000, 0.05f64..0.95).prop_map(|(total, pct_start)| Schedule::OneCycle { total, pct_start, div_factor: 25.0, final_div_factor: 1e4 }),
    ]
}

/// Cases of the robustness property test: 3000 in `cargo test`; the long variant
/// (`make robust-long`, an ignored test) runs 20 000.
fn robustness_cases(long: bool) -> u32 {
    std::env::var("ROBUST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(if long { 20_000 } else { 3000 })
}

#[test]
fn runs_never_store_non_finite_values() {
    robustness(robustness_cases(false));
}

#[test]
#[ignore = "long variant: make robust-long"]
fn runs_never_store_non_finite_values_long() {
    robustness(robustness_cases(true));
}

fn robustness(cases: u32) {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(cases));
    let strategy = (
        (arb_kind(), prop_oneof![Just(1e-12), Just(1e6), Just(0.0), 1e-6f64..10.0], prop_oneof![Just(0.0), Just(0.999999), Just(1.0), 0.0f64..1.0], prop_oneof![Just(0.0), Just(1.0), 0.0f64..1.0]),
        (prop_oneof![Just(0.0), Just(1e-30), 1e-12f64..1.0], prop_oneof![Just(0.0), Just(100.0), 0.0f64..1.0], prop_oneof![Just(Clip::None), (0.0f64..10.0).prop_map(Clip::Norm), (0.0f64..10.0).prop_map(Clip::Value)]),
        (arb_landscape(), arb_schedule(), prop_oneof![Just(0.0), Just(1e6), 0.0f64..5.0], -1e3f64..1e3, -5.0f64..5.0, any::<u64>()),
    );
    runner
        .run(&strategy, |((kind, lr, beta, beta2), (eps, wd, clip), (landscape, schedule, sigma, x0, y0, seed))| {
            check_run(kind, lr, beta, beta2, eps, wd, clip, landscape, schedule, sigma, x0, y0, seed)
        })
        .unwrap();
}

/// Random optimizers with absurd hyperparameters on every landscape: nothing panics, no
/// non-finite value is ever stored, and a blow-up ends as `Diverged`.
#[allow(clippy::too_many_arguments)]
fn check_run(
    kind: Kind, lr: f64, beta: f64, beta2: f64, eps: f64, wd: f64, clip: Clip, landscape: Landscape,
    schedule: Schedule, sigma: f64, x0: f64, y0: f64, seed: u64,
) -> Result<(), TestCaseError> {
    {
        let opt = OptimizerConfig { beta, beta2, eps, weight_decay: wd, clip, ..OptimizerConfig::new(kind, lr) };
        let noise = if sigma == 0.0 { Noise::Exact } else { Noise::Gaussian { sigma } };
        let cfg = RunConfig::new(opt, vec![x0, y0]).noise(noise).schedule(schedule).seed(seed).max_steps(1000).capacity(256);
        let mut r = Run::new(landscape.into_problem(), cfg);
        let status = r.run(1000);
        prop_assert!(status != Status::Running);
        prop_assert!(r.position().iter().all(|v| v.is_finite()));
        // Only a start where the loss itself overflows leaves nothing finite to report.
        prop_assert!(r.loss().is_finite() || (status == Status::Diverged && r.trajectory().is_empty()));
        for (p, x) in r.trajectory().iter() {
            prop_assert!(p.loss.is_finite() && p.lr.is_finite() && p.grad_norm.is_finite() && p.clipped_norm.is_finite());
            prop_assert!(x.iter().all(|v| v.is_finite()));
        }
        prop_assert!(r.trajectory().len() <= r.trajectory().capacity());
    }
    Ok(())
}

#[test]
fn least_squares_quadratic_form_equals_the_sum_over_examples() {
    for (data, x) in [(linreg_2d(3), vec![0.3, -1.7]), (drug_sensitivity(2), (0..50).map(|i| (i as f64).cos()).collect())] {
        let direct = (0..data.n).map(|i| (data.row(i).iter().zip(&x).map(|(a, b)| a * b).sum::<f64>() - data.y[i]).powi(2)).sum::<f64>() / (2.0 * data.n as f64);
        let f = LeastSquares::new(data, "ls");
        assert!((f.value(&x) - direct).abs() < 1e-10 * direct.max(1.0), "{} vs {direct}", f.value(&x));
        let all: Vec<usize> = (0..f.data.n).collect();
        let (mut g1, mut g2) = (vec![0.0; x.len()], vec![0.0; x.len()]);
        f.grad(&x, &mut g1);
        f.batch_grad(&x, &all, &mut g2);
        assert!(g1.iter().zip(&g2).all(|(a, b)| (a - b).abs() < 1e-10));
    }
}

#[test]
fn contour_segments_join_into_closed_polylines() {
    use sgd_layers::core::contour::polylines;
    let f = Landscape::Quadratic { kappa: 1.0 };
    let g = Grid::sample(&f, (-2.0, 2.0), (-2.0, 2.0), 120, 120);
    let cs = contours(&g, &[1.0]);
    let lines = polylines(&cs[0].segments);
    assert_eq!(lines.len(), 1, "one circle, one polyline");
    let l = &lines[0];
    assert_eq!(l.len(), cs[0].segments.len() + 1, "every segment used once");
    assert_eq!(l.first(), l.last(), "the circle closes");
}
