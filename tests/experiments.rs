//! Native tests of `core::experiments` (mini-batch gradient draws and their variance, the
//! noise floor of constant-step SGD, escape times from a saddle, end points of seeded runs) and
//! of `stats::histogram`.
//!
//! The references are independent of the code under test: per-example least-squares gradients
//! written out by hand (and checked against finite differences), the without-replacement
//! variance σ²/B·(N−B)/(N−1), the stationary noise floor α·tr(Σ)/4, the linear growth rate of
//! the saddle's unstable direction, and a fine grid search for the global minimum.

use proptest::prelude::*;
use sgd_layers::core::dataset::linreg_2d;
use sgd_layers::core::experiments::{
    FloorRun, batch_variance, end_points, floor_prediction, gradient_draws, lr_for_batch, per_example_variance, spread, steps_until,
    vector_mean,
};
use sgd_layers::core::landscape::Landscape;
use sgd_layers::core::model::LeastSquares;
use sgd_layers::core::optimizer::OptimizerConfig;
use sgd_layers::core::oracle::{Noise, Sample, sample, sampled_grad};
use sgd_layers::core::problem::{Objective, Problem, norm};
use sgd_layers::core::run::{Run, RunConfig, Status};
use sgd_layers::core::stats::{histogram, mean, quantile};
use std::rc::Rc;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The Layer 1 problem: least squares on the N = 200 regression of seed 2024.
fn layer1() -> LeastSquares {
    LeastSquares::new(linreg_2d(2024), "x")
}

fn layer1_problem() -> Problem {
    Rc::new(layer1())
}

/// A point away from the optimum, where the full gradient is clearly non-zero.
const THETA: [f64; 2] = [0.3, -0.8];

fn full_grad(f: &dyn Objective, x: &[f64]) -> Vec<f64> {
    let mut g = vec![0.0; f.dim()];
    f.grad(x, &mut g);
    g
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| p * q).sum()
}

fn dist2(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(p, q)| (p - q).powi(2)).sum()
}

/// ℓₙ(θ) = ½(xₙᵀθ − yₙ)², written from the data set's rows.
fn example_loss(f: &LeastSquares, i: usize, theta: &[f64]) -> f64 {
    0.5 * (dot(f.data.row(i), theta) - f.data.y[i]).powi(2)
}

/// ∇ℓₙ(θ) = xₙ(xₙᵀθ − yₙ), written from the data set's rows.
fn example_grad(f: &LeastSquares, i: usize, theta: &[f64]) -> Vec<f64> {
    let r = f.data.row(i);
    let e = dot(r, theta) - f.data.y[i];
    r.iter().map(|v| v * e).collect()
}

/// Central differences of a scalar function of θ.
fn central_diff(l: impl Fn(&[f64]) -> f64, x: &[f64], h: f64) -> Vec<f64> {
    (0..x.len())
        .map(|j| {
            let (mut up, mut down) = (x.to_vec(), x.to_vec());
            up[j] += h;
            down[j] -= h;
            (l(&up) - l(&down)) / (2.0 * h)
        })
        .collect()
}

/// σ²/B · (N − B)/(N − 1), written out here rather than taken from `stats`.
fn without_replacement_variance(sigma2: f64, b: usize, n: usize) -> f64 {
    let (b, n) = (b as f64, n as f64);
    sigma2 / b * (n - b) / (n - 1.0)
}

fn median(v: &[f64]) -> f64 {
    quantile(v, 0.5)
}

// ---------------------------------------------------------------------------------------------
// gradient_draws
// ---------------------------------------------------------------------------------------------

/// With batch = N (and anything larger, which is clamped to N) every draw is the full gradient.
#[test]
fn full_batch_draws_equal_the_full_gradient() {
    let f = layer1();
    let n = f.data.n;
    let g = full_grad(&f, &THETA);
    assert!(norm(&g) > 0.1, "the test point must have a sizeable gradient: {g:?}");
    for batch in [n, n + 1, 10 * n] {
        let draws = gradient_draws(&f, &THETA, batch, 20, 5);
        assert_eq!(draws.len(), 20);
        for d in &draws {
            assert_eq!(d.len(), 2);
            for (a, b) in d.iter().zip(&g) {
                assert!((a - b).abs() <= 1e-12, "batch {batch}: draw {d:?} vs full gradient {g:?}");
            }
        }
    }
}

/// The mean of 4000 draws of batch 8 is the full gradient up to a few standard errors, the
/// standard error coming from `batch_variance` (E‖ḡ − ∇L‖² = batch_variance / count).
#[test]
fn mean_of_minibatch_draws_is_unbiased() {
    let f = layer1();
    let (batch, count) = (8, 4000);
    let g = full_grad(&f, &THETA);
    let draws = gradient_draws(&f, &THETA, batch, count, 17);
    let m = vector_mean(&draws, 2);
    let var = batch_variance(&f, &THETA, batch);
    assert!(var > 0.0);
    let se = (var / count as f64).sqrt();
    // The individual draws really are noisy: their spread is of the size of the variance…
    let s = spread(&draws, &g);
    assert!(s > 0.5 * var, "draws barely vary: spread {s} vs variance {var}");
    // …but their mean is within four standard errors of the full gradient, per coordinate
    // (each coordinate's variance is at most the total) and in norm.
    for j in 0..2 {
        assert!((m[j] - g[j]).abs() <= 4.0 * se, "coordinate {j}: mean {} vs full {} (se {se})", m[j], g[j]);
    }
    assert!(dist2(&m, &g) <= 9.0 * se * se, "‖mean − ∇L‖² = {} vs se² = {}", dist2(&m, &g), se * se);
    // The standard error is small next to the gradient itself, so this is not trivially true.
    assert!(4.0 * se < 0.1 * norm(&g), "se {se} vs ‖∇L‖ {}", norm(&g));
}

/// The same seed replays the same draws; a different seed gives different ones; draw k is not
/// a repeat of draw 0; batch 0 acts as batch 1.
#[test]
fn gradient_draws_are_seeded() {
    let f = layer1();
    let a = gradient_draws(&f, &THETA, 4, 50, 3);
    let b = gradient_draws(&f, &THETA, 4, 50, 3);
    let c = gradient_draws(&f, &THETA, 4, 50, 4);
    assert_eq!(a, b);
    assert_ne!(a, c);
    let differing = a.iter().zip(&c).filter(|(x, y)| x != y).count();
    assert!(differing >= 45, "only {differing}/50 draws differ between seeds");
    assert!(a[1..].iter().any(|d| d != &a[0]), "all draws are the same");
    // Batch 0 is clamped to 1, the same draws as batch 1.
    assert_eq!(gradient_draws(&f, &THETA, 0, 20, 3), gradient_draws(&f, &THETA, 1, 20, 3));
    // A prefix of a longer request is the shorter request.
    let longer = gradient_draws(&f, &THETA, 4, 80, 3);
    assert_eq!(&longer[..50], &a[..]);
}

/// Draw k is exactly the step-k sample of the mini-batch noise stream that runs use, and a
/// plain SGD run with the same seed steps along exactly these draws.
#[test]
fn gradient_draws_match_the_noise_stream_of_runs() {
    let f = layer1();
    let n = f.data.n;
    let (batch, seed) = (8, 99);
    let draws = gradient_draws(&f, &THETA, batch, 30, seed);
    let noise = Noise::MiniBatch { batch, epochs: false };
    for (k, d) in draws.iter().enumerate() {
        let s = sample(&noise, seed, k, Some(n), 2);
        let Sample::Batch(idx) = &s else { panic!("step {k}: expected a batch, got {s:?}") };
        assert_eq!(idx.len(), batch);
        let mut g = vec![0.0; 2];
        assert_eq!(sampled_grad(&f, &THETA, &s, &mut g), batch);
        assert_eq!(d, &g, "draw {k}");
        // And by hand: the mean of the hand-written per-example gradients over that batch.
        let mut manual = vec![0.0; 2];
        for &i in idx {
            for (m, v) in manual.iter_mut().zip(example_grad(&f, i, &THETA)) {
                *m += v / batch as f64;
            }
        }
        assert!(dist2(d, &manual).sqrt() <= 1e-12, "draw {k}: {d:?} vs manual {manual:?}");
    }

    // A run with the same noise and seed: θ₁ = θ₀ − α g₀, θ₂ = θ₁ − α g₁(θ₁).
    let lr = 0.1;
    let cfg = RunConfig::new(OptimizerConfig::sgd(lr), THETA.to_vec()).noise(noise).seed(seed).max_steps(10);
    let mut run = Run::new(layer1_problem(), cfg);
    run.step();
    let x1: Vec<f64> = THETA.iter().zip(&draws[0]).map(|(x, g)| x - lr * g).collect();
    assert!(dist2(run.position(), &x1).sqrt() <= 1e-14, "{:?} vs {x1:?}", run.position());
    let g1 = &gradient_draws(&f, &x1, batch, 2, seed)[1];
    run.step();
    let x2: Vec<f64> = x1.iter().zip(g1).map(|(x, g)| x - lr * g).collect();
    assert!(dist2(run.position(), &x2).sqrt() <= 1e-14, "{:?} vs {x2:?}", run.position());
}

// ---------------------------------------------------------------------------------------------
// spread, batch_variance, per_example_variance
// ---------------------------------------------------------------------------------------------

/// The hand-written per-example gradient is right (finite differences of ℓₙ, and `batch_grad`
/// with one index), the hand-written losses average to L, and `per_example_variance` equals
/// (1/N) Σ ‖∇ℓₙ − ∇L‖² computed from them.
#[test]
fn per_example_variance_matches_a_direct_computation() {
    let f = layer1();
    let n = f.data.n;
    assert_eq!(f.examples(), Some(n));
    assert_eq!(n, 200);
    for theta in [THETA.to_vec(), f.minimum().unwrap().0, vec![-1.0, 2.5]] {
        // The hand-written losses are the model's: their mean is L(θ).
        let mean_loss = (0..n).map(|i| example_loss(&f, i, &theta)).sum::<f64>() / n as f64;
        assert!((mean_loss - f.value(&theta)).abs() <= 1e-10 * (1.0 + mean_loss), "{mean_loss} vs {}", f.value(&theta));
        let grads: Vec<Vec<f64>> = (0..n).map(|i| example_grad(&f, i, &theta)).collect();
        for (i, gi) in grads.iter().enumerate().step_by(7) {
            let fd = central_diff(|t| example_loss(&f, i, t), &theta, 1e-5);
            let mut bg = vec![0.0; 2];
            f.batch_grad(&theta, &[i], &mut bg);
            for j in 0..2 {
                assert!((gi[j] - fd[j]).abs() <= 1e-6 * (1.0 + fd[j].abs()), "example {i}: {gi:?} vs fd {fd:?}");
                assert!((gi[j] - bg[j]).abs() <= 1e-12 * (1.0 + bg[j].abs()), "example {i}: {gi:?} vs batch_grad {bg:?}");
            }
        }
        let full = vector_mean(&grads, 2);
        let g = full_grad(&f, &theta);
        assert!(dist2(&full, &g).sqrt() <= 1e-10, "{full:?} vs {g:?}");
        let direct = grads.iter().map(|gi| dist2(gi, &full)).sum::<f64>() / n as f64;
        let pev = per_example_variance(&f, &theta);
        assert!(direct > 0.1, "per-example noise should be substantial: {direct}");
        assert!((pev - direct).abs() <= 1e-10 * direct, "θ = {theta:?}: per_example_variance {pev} vs direct {direct}");
        // batch_variance is that times the without-replacement factor.
        for b in [1, 4, 32, 128, 199] {
            let want = without_replacement_variance(direct, b, n);
            let got = batch_variance(&f, &theta, b);
            assert!((got - want).abs() <= 1e-10 * want, "B = {b}: {got} vs {want}");
        }
        assert_eq!(batch_variance(&f, &theta, n), 0.0);
    }
}

/// The measured spread of 3000 draws matches σ²/B·(N−B)/(N−1) within 10% for several batch
/// sizes at the optimum θ̂ (and falls as B grows); at B = N it is exactly 0. Away from the
/// optimum the per-example gradients have heavier tails, so there the tolerance is 15%. Both
/// tolerances are checked to be at least 2.5 standard errors of the B = 1 estimate (computed
/// from the per-example gradients): about 2.8 at θ̂ and 3.1 away from it.
#[test]
fn spread_of_draws_matches_the_without_replacement_variance() {
    let f = layer1();
    let n = f.data.n;
    for (theta, tol) in [(f.minimum().unwrap().0, 0.10), (THETA.to_vec(), 0.15)] {
        let g = full_grad(&f, &theta);
        let sigma2 = per_example_variance(&f, &theta);
        // Relative standard error of a 3000-draw mean of q = ‖∇ℓₙ − ∇L‖² for B = 1 (larger
        // batches average their tails away and come out tighter).
        let q: Vec<f64> = (0..n).map(|i| dist2(&example_grad(&f, i, &theta), &g)).collect();
        let rel_se = ((q.iter().map(|v| v * v).sum::<f64>() / n as f64 / sigma2.powi(2) - 1.0) / 3000.0).sqrt();
        assert!(2.5 * rel_se <= tol, "θ = {theta:?}: relative standard error {rel_se} too large for tolerance {tol}");
        let mut measured = vec![];
        for b in [1, 4, 32, 128] {
            let draws = gradient_draws(&f, &theta, b, 3000, 1000 + b as u64);
            let s = spread(&draws, &g);
            let want = without_replacement_variance(sigma2, b, n);
            assert!((s / want - 1.0).abs() <= tol, "θ = {theta:?}, B = {b}: spread {s} vs predicted {want}");
            measured.push(s);
        }
        assert!(measured.windows(2).all(|w| w[1] < w[0]), "spread should fall with B: {measured:?}");
        // From B = 32 to B = 128 the finite-population factor matters: (N − B)/(N − 1) is
        // 0.84 vs 0.36, so the spread drops by ≈ 9.3×, not by 4×.
        let drop = measured[2] / measured[3];
        assert!(drop > 7.0 && drop < 12.0, "θ = {theta:?}: B = 32 → 128 drop {drop}");
        let full = gradient_draws(&f, &theta, n, 100, 1);
        assert_eq!(spread(&full, &g), 0.0, "spread at B = N");
        assert_eq!(batch_variance(&f, &theta, n), 0.0);
    }
}

/// `spread` itself: a hand-checkable case, and 0 for no draws.
#[test]
fn spread_is_the_mean_squared_distance() {
    let draws = vec![vec![1.0, 0.0], vec![0.0, 2.0], vec![3.0, 4.0]];
    // Distances² from (1, 1): 1, 2, 13 → mean 16/3.
    assert!((spread(&draws, &[1.0, 1.0]) - 16.0 / 3.0).abs() <= 1e-15);
    assert_eq!(spread(&[], &[1.0, 1.0]), 0.0);
    assert_eq!(vector_mean(&draws, 2), vec![4.0 / 3.0, 2.0]);
    assert_eq!(vector_mean(&[], 3), vec![0.0; 3]);
}

/// Analytic landscapes are not finite sums: no per-example noise, no batch variance, and every
/// "mini-batch" draw is the exact gradient.
#[test]
fn analytic_landscapes_have_no_example_noise() {
    let x = [0.7, -0.4];
    for l in [Landscape::Saddle, Landscape::Quadratic { kappa: 10.0 }, Landscape::Rosenbrock { a: 1.0, b: 100.0 }] {
        assert_eq!(per_example_variance(&l, &x), 0.0, "{}", l.name());
        assert_eq!(batch_variance(&l, &x, 1), 0.0, "{}", l.name());
        let g = full_grad(&l, &x);
        assert!(norm(&g) > 0.1);
        for d in gradient_draws(&l, &x, 1, 5, 3) {
            assert_eq!(d, g, "{}", l.name());
        }
    }
    assert_eq!(per_example_variance(&Landscape::Wiggly, &[0.5]), 0.0);
}

// ---------------------------------------------------------------------------------------------
// lr_for_batch
// ---------------------------------------------------------------------------------------------

/// The anchors of the tutorial: 1 → 0.01, 8 → 0.05, 32 → 0.1, 128 → 0.2, N = 200 → 0.3.
#[test]
fn lr_for_batch_hits_its_anchors() {
    let n = 200;
    for (b, lr) in [(1, 0.01), (8, 0.05), (32, 0.1), (128, 0.2), (n, 0.3)] {
        let got = lr_for_batch(b, n);
        assert!((got - lr).abs() <= 1e-12, "B = {b}: {got} vs {lr}");
    }
}

/// Between the anchors the rate is non-decreasing (and strictly increasing inside each
/// segment), linear in log B (the geometric midpoint gives the mean of the two rates), and it
/// clamps B = 0 to 1 and B > N to N.
#[test]
fn lr_for_batch_is_monotone_and_clamped() {
    let n = 200;
    let rates: Vec<f64> = (1..=n).map(|b| lr_for_batch(b, n)).collect();
    for (i, w) in rates.windows(2).enumerate() {
        assert!(w[1] > w[0], "B = {} → {}: {} then {}", i + 1, i + 2, w[0], w[1]);
    }
    assert!(rates.iter().all(|r| (0.01..=0.3).contains(r)));
    // Linear in log B: B = 2 is a third of the way from 1 to 8 in log scale, B = 16 half way
    // from 8 to 32, B = 64 half way from 32 to 128.
    assert!((lr_for_batch(2, n) - (0.01 + 0.04 / 3.0)).abs() <= 1e-12);
    assert!((lr_for_batch(16, n) - 0.075).abs() <= 1e-12);
    assert!((lr_for_batch(64, n) - 0.15).abs() <= 1e-12);
    // Clamping.
    assert_eq!(lr_for_batch(0, n), lr_for_batch(1, n));
    for b in [n + 1, 500, 10_000, usize::MAX] {
        assert!((lr_for_batch(b, n) - 0.3).abs() <= 1e-12, "B = {b}: {}", lr_for_batch(b, n));
    }
}

// ---------------------------------------------------------------------------------------------
// FloorRun and floor_prediction
// ---------------------------------------------------------------------------------------------

/// The excess loss of one (B, α) cell averaged over `seeds` runs from the optimum.
fn mean_floor(batch: usize, lr: f64, seeds: std::ops::Range<u64>) -> f64 {
    let f = layer1_problem();
    let ex: Vec<f64> = seeds
        .map(|seed| {
            let mut r = FloorRun::new(f.clone(), lr, Noise::MiniBatch { batch, epochs: false }, seed, 200, 3000);
            assert_eq!(r.lr, lr);
            assert_eq!(r.seed, seed);
            r.advance(3000);
            assert_eq!(r.steps(), 3000);
            assert_eq!(r.status(), Status::MaxSteps);
            r.excess().expect("a stable run past its burn-in has an excess")
        })
        .collect();
    assert!(ex.iter().all(|e| *e > 0.0), "SGD with noise cannot sit at the optimum: {ex:?}");
    mean(&ex)
}

/// The closed form itself: α·tr(Σ)/4.
#[test]
fn floor_prediction_is_alpha_trace_over_four() {
    assert_eq!(floor_prediction(0.1, 2.0), 0.05);
    assert_eq!(floor_prediction(0.0, 2.0), 0.0);
    assert!((floor_prediction(0.03, 0.7) - 0.00525).abs() <= 1e-15);
}

/// With B = 1 and α ∈ {0.003, 0.01, 0.03}, the measured noise floor (5 seeds, burn-in 200,
/// 3000 steps) is within ±25% of α·tr(Σ)/4 with tr(Σ) = batch_variance(θ̂, 1), and it grows
/// strictly with α.
#[test]
fn noise_floor_matches_the_small_step_prediction() {
    let f = layer1();
    let (opt, _) = f.minimum().unwrap();
    // At θ̂ the full gradient vanishes, so the per-example variance is the noise covariance trace.
    assert!(norm(&full_grad(&f, &opt)) <= 1e-10);
    let trace = batch_variance(&f, &opt, 1);
    assert!(trace > 0.0);
    let mut floors = vec![];
    for lr in [0.003, 0.01, 0.03] {
        let measured = mean_floor(1, lr, 0..5);
        let predicted = floor_prediction(lr, trace);
        eprintln!("α = {lr}: measured {measured:.3e}, predicted {predicted:.3e}, ratio {:.3}", measured / predicted);
        assert!((measured / predicted - 1.0).abs() <= 0.25, "α = {lr}: measured {measured} vs predicted {predicted}");
        floors.push(measured);
    }
    assert!(floors.windows(2).all(|w| w[1] > w[0]), "the floor should grow with α: {floors:?}");
}

/// A bigger batch lowers the floor at the same α (B = 32 well below B = 1, and near its own
/// prediction α·batch_variance(θ̂, 32)/4).
#[test]
fn bigger_batches_lower_the_noise_floor() {
    let f = layer1();
    let (opt, _) = f.minimum().unwrap();
    let lr = 0.03;
    let b1 = mean_floor(1, lr, 0..5);
    let b32 = mean_floor(32, lr, 0..5);
    let pred32 = floor_prediction(lr, batch_variance(&f, &opt, 32));
    eprintln!("α = {lr}: B = 1 floor {b1:.3e}, B = 32 floor {b32:.3e} (predicted {pred32:.3e})");
    assert!(b32 < b1 / 10.0, "B = 32 floor {b32} vs B = 1 floor {b1}");
    assert!((b32 / pred32 - 1.0).abs() <= 0.35, "B = 32: measured {b32} vs predicted {pred32}");
}

/// `excess()` is `None` until a step past the burn-in has been averaged, then `Some`; a run
/// that diverges (α = 5) reports `None` and status Diverged, and stops stepping.
#[test]
fn floor_run_excess_is_none_before_burn_in_and_after_divergence() {
    let f = layer1_problem();
    let noise = Noise::MiniBatch { batch: 1, epochs: false };
    let mut r = FloorRun::new(f.clone(), 0.01, noise.clone(), 0, 200, 3000);
    assert_eq!(r.steps(), 0);
    assert_eq!(r.excess(), None);
    r.advance(150);
    assert_eq!(r.steps(), 150);
    assert_eq!(r.excess(), None);
    r.advance(50);
    assert_eq!(r.steps(), 200);
    assert_eq!(r.excess(), None, "step 200 is still inside the burn-in");
    r.advance(1);
    assert_eq!(r.steps(), 201);
    let e = r.excess().expect("one averaged step");
    assert!(e > 0.0);
    // advance stops at max_steps.
    r.advance(10_000);
    assert_eq!(r.steps(), 3000);
    assert_eq!(r.status(), Status::MaxSteps);

    let mut d = FloorRun::new(f, 5.0, noise, 0, 0, 3000);
    d.advance(3000);
    assert_eq!(d.status(), Status::Diverged);
    assert_eq!(d.excess(), None);
    assert!(d.steps() < 3000, "a diverged run stops early: {} steps", d.steps());
    let steps = d.steps();
    d.advance(100);
    assert_eq!(d.steps(), steps);
}

// ---------------------------------------------------------------------------------------------
// steps_until on the saddle
// ---------------------------------------------------------------------------------------------

fn saddle_config(noise: Noise, seed: u64) -> RunConfig {
    RunConfig::new(OptimizerConfig::sgd(0.1), vec![1.5, 0.0]).noise(noise).seed(seed).max_steps(2000).tol(1e-8)
}

fn escaped(p: &[f64]) -> bool {
    p[1].abs() >= 0.5
}

/// Exact gradient descent from (1.5, 0) stays on the stable line y = 0 and converges to the
/// saddle (0, 0): no escape, and a run with the same configuration ends Converged with a
/// gradient norm below the tolerance, after about log(1.5/1e-8)/log(1/0.9) steps.
#[test]
fn exact_descent_never_escapes_the_saddle() {
    let cfg = saddle_config(Noise::Exact, 0);
    assert_eq!(cfg.tol, 1e-8);
    assert_eq!(steps_until(Landscape::Saddle.into_problem(), cfg.clone(), escaped), None);
    let mut run = Run::new(Landscape::Saddle.into_problem(), cfg);
    run.run(2000);
    assert_eq!(run.status(), Status::Converged);
    assert!(run.grad_norm() < 1e-8, "final gradient norm {}", run.grad_norm());
    assert_eq!(run.position()[1], 0.0);
    assert!(run.position()[0].abs() < 1e-8);
    // x shrinks by (1 − α) = 0.9 per step: converged when 1.5·0.9ᵗ < 1e-8.
    let expected = ((1.5f64 / 1e-8).ln() / (1.0f64 / 0.9).ln()).ceil() as usize;
    assert!(run.steps().abs_diff(expected) <= 1, "{} steps vs {expected}", run.steps());
    // With the tolerance disabled it runs out of steps instead, still without escaping.
    let cfg0 = saddle_config(Noise::Exact, 0).tol(0.0).max_steps(500);
    assert_eq!(steps_until(Landscape::Saddle.into_problem(), cfg0, escaped), None);
}

/// A predicate that already holds at the start is met after 0 steps.
#[test]
fn steps_until_a_true_predicate_is_zero() {
    let cfg = saddle_config(Noise::Gaussian { sigma: 0.1 }, 3);
    assert_eq!(steps_until(Landscape::Saddle.into_problem(), cfg.clone(), |p| p[0] > 1.0), Some(0));
    // And a predicate that first holds at a known step: x = 1.5·0.9ᵗ (exact noise) drops below 1
    // at the first t with 0.9ᵗ < 2/3, i.e. t = 4.
    let exact = saddle_config(Noise::Exact, 0);
    assert_eq!(steps_until(Landscape::Saddle.into_problem(), exact, |p| p[0] < 1.0), Some(4));
}

/// Gaussian gradient noise of any size pushes the iterate off the stable line: every run of
/// 30 seeds escapes for σ ∈ {0.001, 0.01, 0.1, 1}, and the median escape time falls as σ
/// grows. In the linear regime y grows by (1 + α) per step from a start ∝ σ, so ten times the
/// noise saves log 10 / log 1.1 ≈ 24 steps (runs with the same seed share their noise draws).
#[test]
fn noise_escapes_the_saddle_sooner_when_larger() {
    let sigmas = [0.001, 0.01, 0.1, 1.0];
    let mut medians = vec![];
    for sigma in sigmas {
        let times: Vec<f64> = (0..30)
            .map(|seed| {
                let t = steps_until(Landscape::Saddle.into_problem(), saddle_config(Noise::Gaussian { sigma }, seed), escaped);
                t.unwrap_or_else(|| panic!("σ = {sigma}, seed {seed}: no escape")) as f64
            })
            .collect();
        assert!(times.iter().all(|t| *t > 0.0));
        medians.push(median(&times));
    }
    eprintln!("median escape times for σ = {sigmas:?}: {medians:?}");
    assert!(medians.windows(2).all(|w| w[1] < w[0]), "medians should fall with σ: {medians:?}");
    let per_decade = 10f64.ln() / 1.1f64.ln();
    for i in 0..2 {
        let saved = medians[i] - medians[i + 1];
        assert!((saved - per_decade).abs() <= 3.0, "σ = {} → {}: {saved} steps saved vs {per_decade:.1}", sigmas[i], sigmas[i + 1]);
    }
    // The smallest noise still escapes well within the step budget but takes a while.
    assert!(medians[0] > 60.0 && medians[0] < 120.0, "{medians:?}");
}

// ---------------------------------------------------------------------------------------------
// end_points on the wiggly curve
// ---------------------------------------------------------------------------------------------

fn wiggly_config(noise: Noise) -> RunConfig {
    RunConfig::new(OptimizerConfig::sgd(0.03), vec![-1.0]).noise(noise).max_steps(300)
}

/// The wiggly curve by its formula, independent of the landscape code.
fn wiggly(t: f64) -> f64 {
    0.5 * (t - 3.0).powi(2) + 2.0 * (3.0 * t).sin() + 0.3 * (7.0 * t).sin()
}

/// The global minimum of the wiggly curve by a fine grid on [−5, 10] (the quadratic term
/// dominates outside), refined by golden-section search.
fn wiggly_global_minimum() -> (f64, f64) {
    let (lo, hi, k) = (-5.0, 10.0, 1_500_000);
    let mut best = (lo, wiggly(lo));
    for i in 0..=k {
        let t = lo + (hi - lo) * i as f64 / k as f64;
        let v = wiggly(t);
        if v < best.1 {
            best = (t, v);
        }
    }
    let h = (hi - lo) / k as f64;
    let (mut a, mut b) = (best.0 - h, best.0 + h);
    let r = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..100 {
        let (c, d) = (b - r * (b - a), a + r * (b - a));
        if wiggly(c) < wiggly(d) { b = d } else { a = c }
    }
    let t = 0.5 * (a + b);
    (t, wiggly(t))
}

/// Plain GD from θ = −1 gets stuck in the first local minimum, θ ≈ −0.277 with loss ≈ 3.61
/// (a stationary point with positive curvature), far above the global minimum ≈ −1.82 at
/// θ ≈ 3.527 found by a grid search.
#[test]
fn gradient_descent_on_the_wiggly_curve_stops_in_a_local_minimum() {
    let (tmin, fmin) = wiggly_global_minimum();
    assert!((tmin - 3.527).abs() < 2e-3, "global minimiser {tmin}");
    assert!((fmin + 1.82).abs() < 5e-3, "global minimum {fmin}");
    let (lm, lv) = Landscape::Wiggly.minimum().unwrap();
    assert!((lm[0] - tmin).abs() < 1e-6 && (lv - fmin).abs() < 1e-9, "Landscape::minimum {lm:?} {lv} vs grid {tmin} {fmin}");

    let p = Landscape::Wiggly.into_problem();
    let gd = end_points(&p, &wiggly_config(Noise::Exact), 0, 3);
    assert_eq!(gd.len(), 3);
    let (x, loss, status) = &gd[0];
    assert!(status.is_done());
    assert!((x[0] + 0.277).abs() < 2e-3, "GD ends at {x:?}");
    assert!((loss - 3.612).abs() < 2e-3, "GD loss {loss}");
    assert!((loss - wiggly(x[0])).abs() < 1e-12);
    let mut g = [0.0];
    Landscape::Wiggly.grad(x, &mut g);
    assert!(g[0].abs() < 1e-3, "not a stationary point: gradient {}", g[0]);
    assert!(Landscape::Wiggly.hessian(x).unwrap()[0] > 0.0, "not a minimum");
    assert!(loss - fmin > 5.0);
    // Exact gradients ignore the seed.
    assert!(gd.iter().all(|e| e == &gd[0]));
}

/// Gaussian noise of σ = 3 is too small to leave GD's basin: (almost) no run of 400 ends below
/// GD's loss. σ = 10 throws most runs (> 80%) into lower basins, and the best of them ends next
/// to the global minimum.
#[test]
fn enough_noise_finds_lower_minima_of_the_wiggly_curve() {
    let p = Landscape::Wiggly.into_problem();
    let gd_loss = end_points(&p, &wiggly_config(Noise::Exact), 0, 1)[0].1;
    let (tmin, fmin) = wiggly_global_minimum();

    let small = end_points(&p, &wiggly_config(Noise::Gaussian { sigma: 3.0 }), 0, 400);
    let below_small = small.iter().filter(|e| e.1 < gd_loss).count();
    assert!(small.iter().all(|e| e.2 == Status::MaxSteps && e.1.is_finite()));

    let large = end_points(&p, &wiggly_config(Noise::Gaussian { sigma: 10.0 }), 0, 400);
    let below_large = large.iter().filter(|e| e.1 < gd_loss).count();
    assert!(large.iter().all(|e| e.2 == Status::MaxSteps && e.1.is_finite()));
    let best = large.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    eprintln!("σ = 3: {below_small}/400 below GD; σ = 10: {below_large}/400 below GD, best {:?} at {:?}", best.1, best.0);

    assert!(below_small <= 4, "σ = 3: {below_small}/400 runs ended below GD's loss");
    assert!(below_large > 320, "σ = 10: only {below_large}/400 runs ended below GD's loss");
    assert!((best.0[0] - tmin).abs() < 0.1, "best end point {:?} vs global minimiser {tmin}", best.0);
    assert!(best.1 - fmin < 0.05, "best final loss {} vs global minimum {fmin}", best.1);
    for e in large.iter().chain(&small) {
        assert!((e.1 - wiggly(e.0[0])).abs() < 1e-12);
        assert!(e.1 >= fmin - 1e-12, "a final loss below the global minimum: {e:?}");
    }
}

/// End points are a pure function of the seeds: the same range gives the same results, an
/// overlapping range gives the same results for the shared seeds, and seed s of a batch
/// equals a lone run with seed s.
#[test]
fn end_points_are_seeded() {
    let p = Landscape::Wiggly.into_problem();
    let cfg = wiggly_config(Noise::Gaussian { sigma: 3.0 });
    let a = end_points(&p, &cfg, 10, 20);
    let b = end_points(&p, &cfg, 10, 20);
    assert_eq!(a, b);
    let shifted = end_points(&p, &cfg, 15, 20);
    assert_eq!(&a[5..], &shifted[..15]);
    assert_ne!(a[0], shifted[0]);
    let distinct = a.windows(2).filter(|w| w[0].0 != w[1].0).count();
    assert!(distinct >= 18, "different seeds should end in different places");
    let mut run = Run::new(p.clone(), cfg.clone().seed(12));
    run.run(300);
    assert_eq!((run.position().to_vec(), run.loss(), run.status()), a[2]);
    // The configured seed and capacity do not matter, only `first + k`.
    let other = end_points(&p, &cfg.clone().seed(777).capacity(10), 10, 20);
    assert_eq!(a, other);
    assert!(end_points(&p, &cfg, 0, 0).is_empty());
}

// ---------------------------------------------------------------------------------------------
// stats::histogram
// ---------------------------------------------------------------------------------------------

/// Counts by hand on [0, 1) in 4 bins, with out-of-range values in the edge bins and the
/// non-finite ones skipped; centres at lo + (i + ½)·width.
#[test]
fn histogram_counts_by_hand() {
    let v = [0.1, 0.2, 0.3, 0.6, 0.74, 0.99, -3.0, -0.0001, 1.0, 7.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
    let (centres, counts) = histogram(&v, 0.0, 1.0, 4);
    assert_eq!(centres, vec![0.125, 0.375, 0.625, 0.875]);
    // [0, .25): 0.1, 0.2 (+ −3, −0.0001 clamped); [.25, .5): 0.3; [.5, .75): 0.6, 0.74;
    // [.75, 1): 0.99 (+ 1.0, 7.5 clamped). ±∞ and NaN are not counted.
    assert_eq!(counts, vec![4, 1, 2, 3]);
    assert_eq!(counts.iter().sum::<usize>(), 10);
}

/// Centres on a shifted range, an empty input, only non-finite values, and bins = 0 → 1 bin.
#[test]
fn histogram_edge_cases() {
    let (c, n) = histogram(&[], -2.0, 4.0, 3);
    assert_eq!(c, vec![-1.0, 1.0, 3.0]);
    assert_eq!(n, vec![0, 0, 0]);
    let (_, n) = histogram(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY], -2.0, 4.0, 3);
    assert_eq!(n, vec![0, 0, 0]);
    let (c, n) = histogram(&[-10.0, 0.0, 1.0, 10.0, f64::NAN], -2.0, 4.0, 0);
    assert_eq!(c, vec![1.0]);
    assert_eq!(n, vec![4]);
    let (c, n) = histogram(&[0.5, 2.5, 2.6], 0.0, 3.0, 1);
    assert_eq!(c, vec![1.5]);
    assert_eq!(n, vec![3]);
    // A degenerate range still counts every finite value.
    let (c, n) = histogram(&[1.0, 2.0, 3.0, f64::NAN], 2.0, 2.0, 5);
    assert_eq!(c.len(), 5);
    assert_eq!(n.iter().sum::<usize>(), 3);
}

/// A histogram of 20 000 standard-normal draws (from the core's seeded generator, via a
/// Gaussian-noise sample) has bin frequencies close to the normal density times the width.
#[test]
fn histogram_of_normal_draws_follows_the_density() {
    let Sample::Additive(v) = sample(&Noise::Gaussian { sigma: 1.0 }, 5, 0, None, 20_000) else { panic!() };
    let (centres, counts) = histogram(&v, -3.0, 3.0, 12);
    assert_eq!(counts.iter().sum::<usize>(), 20_000);
    let width = 0.5;
    for (c, k) in centres.iter().zip(&counts).skip(2).take(8) {
        // Probability of the bin by the midpoint rule with a curvature correction is close
        // enough at this width; compare with a tolerance of 4 binomial standard deviations.
        let p = (-(c * c) / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * width * (1.0 + width * width / 24.0 * (c * c - 1.0));
        let expected = p * 20_000.0;
        let sd = (expected * (1.0 - p)).sqrt();
        assert!((*k as f64 - expected).abs() <= 4.0 * sd + 0.01 * expected, "bin at {c}: {k} vs {expected:.0}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The counts always add up to the number of finite values, whatever the range and bins,
    /// and every in-range value sits in the bin whose centre is within half a width of it.
    #[test]
    fn histogram_preserves_the_total(
        values in prop::collection::vec(prop_oneof![
            8 => -100.0f64..100.0,
            1 => Just(f64::NAN),
            1 => Just(f64::INFINITY),
            1 => Just(f64::NEG_INFINITY),
        ], 0..200),
        lo in -50.0f64..50.0,
        span in -5.0f64..80.0,
        bins in 0usize..40,
    ) {
        let hi = lo + span;
        let (centres, counts) = histogram(&values, lo, hi, bins);
        prop_assert_eq!(centres.len(), bins.max(1));
        prop_assert_eq!(counts.len(), bins.max(1));
        let finite = values.iter().filter(|v| v.is_finite()).count();
        prop_assert_eq!(counts.iter().sum::<usize>(), finite);
        if hi > lo {
            let width = (hi - lo) / bins.max(1) as f64;
            for (i, c) in centres.iter().enumerate() {
                prop_assert!((c - (lo + (i as f64 + 0.5) * width)).abs() <= 1e-9 * (1.0 + c.abs()));
            }
            // Reference counts: nearest centre for in-range values, edge bins outside.
            let mut want = vec![0usize; bins.max(1)];
            for v in values.iter().filter(|v| v.is_finite()) {
                let i = if *v < lo {
                    0
                } else if *v >= hi {
                    want.len() - 1
                } else {
                    centres.iter().enumerate().min_by(|a, b| (a.1 - v).abs().total_cmp(&(b.1 - v).abs())).unwrap().0
                };
                // Values on a bin boundary (to rounding) may go either way.
                let on_boundary = centres.iter().any(|c| ((c - v).abs() - width / 2.0).abs() <= 1e-9 * (1.0 + v.abs()));
                if !on_boundary {
                    want[i] += 1;
                }
            }
            for (k, w) in counts.iter().zip(&want) {
                prop_assert!(k >= w, "counts {:?} vs reference {:?}", counts, want);
            }
        }
    }
}


/// A line fit recovers an exact line, and the slope of a power law on log–log axes.
#[test]
fn fit_line_recovers_lines_and_power_laws() {
    use sgd_layers::core::stats::fit_line;
    let x = [1.0, 2.0, 4.0, 7.0];
    let y: Vec<f64> = x.iter().map(|v| 3.0 - 0.5 * v).collect();
    let (s, c) = fit_line(&x, &y);
    assert!((s + 0.5).abs() < 1e-12 && (c - 3.0).abs() < 1e-12);
    let lx: Vec<f64> = [0.01f64, 0.03, 0.1, 0.3].iter().map(|a| a.ln()).collect();
    let ly: Vec<f64> = [0.01f64, 0.03, 0.1, 0.3].iter().map(|a| (2.0 * a * a).ln()).collect();
    assert!((fit_line(&lx, &ly).0 - 2.0).abs() < 1e-12);
    assert_eq!(fit_line(&[1.0, 1.0], &[2.0, 4.0]), (0.0, 3.0));
    assert_eq!(fit_line(&[], &[]), (0.0, 0.0));
}
