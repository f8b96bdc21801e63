//! Layer 3 (momentum): the optimal α* and β* against a brute-force search, rates against
//! measured decay, the unrolled weights and the update preview against the optimizer itself,
//! and the finite-sum valley's gradients. (Momentum and Nesterov against PyTorch's own
//! trajectories are in tests/golden.rs.)

mod common;

use sgd_layers::core::landscape::Landscape;
use sgd_layers::core::momentum::{
    NoisyRace, ShiftedValley, eigen_rate, gd_optimal, multiplier, optimal, preview, quadratic_loss_after, rate, steps_per_decade, turn_deg,
    unrolled_weights,
};
use sgd_layers::core::optimizer::{Kind, Optimizer, OptimizerConfig};
use sgd_layers::core::oracle::{Noise, Sample, sample};
use sgd_layers::core::problem::Objective;
use sgd_layers::core::rng::{normal, rng_at};
use sgd_layers::core::run::{Run, RunConfig};

/// The narrow valley x₁² + 100x₂²: curvatures 2 and 200.
const MU: f64 = 2.0;
const L: f64 = 200.0;

#[test]
fn optimal_pair_matches_a_brute_force_search_over_alpha_and_beta() {
    for &(mu, l) in &[(MU, L), (1.0, 10.0), (0.5, 2000.0), (3.0, 3.0)] {
        let (a_star, b_star) = optimal(mu, l);
        let best_formula = rate(a_star, b_star, mu, l);
        // Every pair on a fine grid over the stable region (α up to 4/L, β in [0, 1)).
        let (na, nb) = (600, 600);
        let mut best = (f64::INFINITY, 0.0, 0.0);
        for i in 1..=na {
            let a = 4.0 / l * i as f64 / na as f64;
            for j in 0..nb {
                let b = j as f64 / nb as f64;
                let r = rate(a, b, mu, l);
                if r < best.0 {
                    best = (r, a, b);
                }
            }
        }
        assert!(best.0 >= best_formula - 1e-9, "no grid pair beats the formula: {} < {best_formula} (μ {mu}, L {l})", best.0);
        // The grid's best is next to (α*, β*), and its rate within the grid's resolution.
        assert!((best.1 - a_star).abs() <= 0.05 * a_star, "α: grid {} vs α* {a_star}", best.1);
        assert!((best.2 - b_star).abs() <= 0.01, "β: grid {} vs β* {b_star}", best.2);
        assert!(best.0 - best_formula < 0.01, "rate: grid {} vs formula {best_formula}", best.0);
        // The optimal rate is (√κ − 1)/(√κ + 1) = √β*.
        let k = (l / mu).sqrt();
        assert!((best_formula - (k - 1.0) / (k + 1.0)).abs() < 1e-6, "optimal rate {best_formula}");
    }
    // The valley's numbers, as the chapter quotes them.
    let (a, b) = optimal(MU, L);
    assert!((a - 4.0 / (200f64.sqrt() + 2f64.sqrt()).powi(2)).abs() < 1e-15);
    assert!((a - 0.016529).abs() < 1e-6 && (b - 0.669421).abs() < 1e-6, "α* {a}, β* {b}");
    let (ga, gr) = gd_optimal(MU, L);
    assert!((ga - 2.0 / 202.0).abs() < 1e-15 && (gr - 99.0 / 101.0).abs() < 1e-15);
    // Momentum needs about 10× fewer steps per decade than the best plain step here (√κ vs κ).
    let ratio = steps_per_decade(gr) / steps_per_decade(rate(a, b, MU, L));
    assert!(ratio > 8.0 && ratio < 10.5, "speed-up {ratio}");
}

#[test]
fn rates_predict_the_measured_decay_and_divergence() {
    let lam = [MU, L];
    let x0 = [1.0, 0.1];
    for &(a, b) in &[(0.009, 0.0), (0.009, 0.5), (0.016529, 0.669421), (0.005, 0.9), (0.012, 0.3)] {
        let r = rate(a, b, MU, L);
        let (t1, t2) = (200, 800);
        let (f1, f2) = (quadratic_loss_after(a, b, &lam, &x0, t1), quadratic_loss_after(a, b, &lam, &x0, t2));
        // Loss ∝ error², so it shrinks by r² per step (up to the oscillation of a spiral).
        let measured = ((f2 / f1).ln() / (2.0 * (t2 - t1) as f64)).exp();
        assert!((measured - r).abs() < 0.02 * (1.0 - r) + 4e-3, "(α {a}, β {b}): measured {measured}, rate {r}");
    }
    // Past the edge of stability (α > 2(1 + β)/L) the rate exceeds 1 and the loss blows up.
    let (a, b) = (2.0 * 1.5 / L * 1.05, 0.5);
    assert!(rate(a, b, MU, L) > 1.0);
    assert_eq!(quadratic_loss_after(a, b, &lam, &x0, 2000), f64::INFINITY);
    // Complex roots (spiralling) have modulus √β.
    assert!((eigen_rate(0.01, 0.81, 2.0) - 0.9).abs() < 1e-12);
}

#[test]
fn quadratic_loss_after_agrees_with_the_optimizer_on_the_valley() {
    let f = Landscape::Quadratic { kappa: 100.0 }.into_problem();
    for &(a, b) in &[(0.009, 0.9), (0.016, 0.67), (0.004, 0.0)] {
        let cfg = RunConfig::new(OptimizerConfig::momentum(a, b), vec![-1.5, 0.2]).max_steps(150).tol(0.0);
        let mut run = Run::new(f.clone(), cfg);
        run.run(150);
        // x₁² + 100x₂² = ½(2x₁² + 200x₂²).
        let fast = quadratic_loss_after(a, b, &[2.0, 200.0], &[-1.5, 0.2], 150);
        assert!((run.loss() - fast).abs() <= 1e-9 * fast.max(1e-300) + 1e-300, "(α {a}, β {b}): run {} vs {fast}", run.loss());
    }
}

#[test]
fn unrolled_weights_reproduce_the_momentum_optimizer() {
    let mut rng = rng_at(7, 1, 0);
    for &beta in &[0.0, 0.5, 0.9, 0.99] {
        let (alpha, t) = (0.05, 30);
        let grads: Vec<[f64; 2]> = (0..=t).map(|_| [normal(&mut rng), normal(&mut rng)]).collect();
        let mut opt = Optimizer::new(OptimizerConfig::momentum(alpha, beta), 2);
        let mut theta = [0.3, -0.7];
        for g in &grads {
            opt.step(&mut theta, g, alpha);
        }
        let w = unrolled_weights(beta, t);
        assert_eq!(w.len(), t + 1);
        for (k, th) in theta.iter().enumerate() {
            let start = [0.3, -0.7][k];
            let unrolled = start - alpha * grads.iter().zip(&w).map(|(g, wi)| wi * g[k]).sum::<f64>();
            assert!((th - unrolled).abs() < 1e-12, "β {beta}: optimizer {th} vs unrolled {unrolled}");
        }
        // Closed form, newest weight 1, oldest approaching 1/(1 − β).
        for (i, wi) in w.iter().enumerate() {
            let closed = if beta == 0.0 { 1.0 } else { (1.0 - beta.powi((t + 1 - i) as i32)) / (1.0 - beta) };
            assert!((wi - closed).abs() < 1e-12);
        }
        assert_eq!(w[t], 1.0);
        assert!(w[0] <= multiplier(beta) + 1e-12);
    }
    assert_eq!(multiplier(0.0), 1.0);
    assert!((multiplier(0.9) - 10.0).abs() < 1e-12 && (multiplier(0.99) - 100.0).abs() < 1e-9);
}

#[test]
fn the_previewed_update_is_the_step_the_optimizer_takes() {
    let f = Landscape::Quadratic { kappa: 100.0 }.into_problem();
    for kind in [Kind::Momentum, Kind::Nesterov] {
        let cfg = OptimizerConfig { beta: 0.8, ..OptimizerConfig::new(kind, 0.007) };
        let mut opt = Optimizer::new(cfg.clone(), 2);
        let mut theta = vec![-1.2, 0.15];
        let mut g = vec![0.0; 2];
        for t in 0..12u64 {
            f.grad(&theta, &mut g);
            let p = preview(&cfg, t, opt.momentum_buffer(), &g, cfg.lr);
            let before = theta.clone();
            opt.step(&mut theta, &g, cfg.lr);
            for k in 0..2 {
                assert!((theta[k] - before[k] - p.step[k]).abs() < 1e-15, "{kind:?} step {t}");
                assert!((opt.momentum_buffer().unwrap()[k] - p.v_next[k]).abs() < 1e-15);
            }
        }
    }
}

#[test]
fn the_finite_sum_valley_is_the_valley_on_average_with_per_example_shifts() {
    let v = ShiftedValley::new(100.0, 500, 3.0, 11);
    let n = v.examples().unwrap();
    assert_eq!(n, 500);
    let x = [0.7, -0.2];
    common::assert_grad_matches(&v, &x);
    let mut full = [0.0; 2];
    v.grad(&x, &mut full);
    let mut all = [0.0; 2];
    v.batch_grad(&x, &(0..n).collect::<Vec<_>>(), &mut all);
    assert!((all[0] - full[0]).abs() < 1e-12 && (all[1] - full[1]).abs() < 1e-12, "the mean of the examples is the valley");
    // Single examples scatter with variance s² = 9 per coordinate.
    let mut var = 0.0;
    let mut g = [0.0; 2];
    for i in 0..n {
        v.batch_grad(&x, &[i], &mut g);
        var += (g[0] - full[0]).powi(2) + (g[1] - full[1]).powi(2);
    }
    var /= n as f64;
    assert!((var / 2.0 - 9.0).abs() < 1.5, "per-coordinate variance {}", var / 2.0);
}

#[test]
fn on_noisy_gradients_the_velocity_turns_less_than_the_gradient() {
    let f = Landscape::Quadratic { kappa: 100.0 }.into_problem();
    let runs = |beta: f64| {
        let cfg = RunConfig::new(OptimizerConfig::momentum(0.002, beta), vec![-1.5, 0.2]).noise(Noise::Gaussian { sigma: 5.0 }).seed(3).max_steps(400);
        Run::new(f.clone(), cfg)
    };
    let mut race = NoisyRace::new(vec![runs(0.0), runs(0.9)], 1, 200);
    while race.advance(50) {}
    assert_eq!(race.reached(), 400);
    assert_eq!(race.directions.len(), 400, "one entry per step");
    let (g, v) = race.mean_turns().unwrap();
    // Near the optimum the sampled gradient's direction is mostly noise (a random direction
    // turns 90° on average); the velocity, an average of about 1/(1 − β) of them, turns less.
    assert!(g > 60.0 && v < 45.0 && g > 1.5 * v, "gradient turns {g}° per step, velocity {v}°");
    // Both runs saw the same noise stream and report a finite mean loss after the burn-in.
    assert!(race.mean_loss(0).unwrap().is_finite() && race.mean_loss(1).unwrap().is_finite());
    assert!(race.mean_loss(2).is_none());
    // The gradient read back from the velocity is the sampled one: the true gradient at the
    // point plus the noise vector the stream drew for that step.
    for look in race.directions.iter().step_by(37) {
        let Sample::Additive(z) = sample(&Noise::Gaussian { sigma: 5.0 }, 3, look.t - 1, None, 2) else { panic!("additive noise") };
        for k in 0..2 {
            assert!((look.g[k] - look.true_g[k] - z[k]).abs() < 1e-9, "step {}: g {:?}, ∇L {:?}, noise {z:?}", look.t, look.g, look.true_g);
        }
    }
    // Along the valley, (1 − β)v (an average of recent gradients) stays closer to the true
    // gradient than the single sampled gradient does.
    let dev = |f: &dyn Fn(&sgd_layers::core::momentum::Look) -> f64| race.directions.iter().map(|l| (f(l) - l.true_g[0]).powi(2)).sum::<f64>();
    let (dg, dv) = (dev(&|l| l.g[0]), dev(&|l| 0.1 * l.v[0]));
    assert!(dv < dg / 3.0, "squared deviation from ∇L along θ₁: gradient {dg}, averaged velocity {dv}");
    assert_eq!(turn_deg(170.0, -170.0), 20.0);
    assert_eq!(turn_deg(-90.0, 90.0), 180.0);
}

/// Momentum and Nesterov against PyTorch (tests/golden/momentum.json, written by
/// tests/golden/make_momentum.py): on the valley itself at the widget's default, at Polyak's
/// pair and with too much β, and fed a fixed sequence of gradients. Every case in the file is
/// checked, and their number is asserted, so a truncated file cannot pass.
#[test]
fn momentum_and_nesterov_match_pytorch_on_the_valley_and_on_fed_gradients() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/momentum.json");
    let text = std::fs::read_to_string(path).expect("tests/golden/momentum.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    let cases = json["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 8);
    let f = Landscape::Quadratic { kappa: 100.0 }.into_problem();
    let pairs = |v: &serde_json::Value| -> Vec<[f64; 2]> {
        v.as_array().expect("array").iter().map(|p| [p[0].as_f64().unwrap(), p[1].as_f64().unwrap()]).collect()
    };
    let (mut valley, mut fed) = (0, 0);
    for case in cases {
        let lr = case["lr"].as_f64().unwrap();
        let beta = case["beta"].as_f64().unwrap();
        let kind = if case["nesterov"].as_bool().unwrap() { Kind::Nesterov } else { Kind::Momentum };
        let cfg = OptimizerConfig { beta, ..OptimizerConfig::new(kind, lr) };
        let torch = pairs(&case["trajectory"]);
        let mut opt = Optimizer::new(cfg, 2);
        let (mut theta, grads) = match case["kind"].as_str().unwrap() {
            "valley" => {
                valley += 1;
                (vec![-1.5, 0.2], None)
            }
            "fed" => {
                fed += 1;
                (vec![0.3, -0.7], Some(pairs(&case["grads"])))
            }
            other => panic!("unknown case kind {other}"),
        };
        let mut g = vec![0.0; 2];
        for (t, want) in torch.iter().enumerate() {
            match &grads {
                Some(gs) => g.copy_from_slice(&gs[t]),
                None => f.grad(&theta, &mut g),
            }
            opt.step(&mut theta, &g, lr);
            for k in 0..2 {
                let tol = 1e-9 * theta[k].abs().max(want[k].abs()) + 1e-12;
                assert!((theta[k] - want[k]).abs() <= tol, "{kind:?} lr {lr} β {beta} step {}: rust {} vs torch {}", t + 1, theta[k], want[k]);
            }
        }
        assert!(torch.len() >= 40);
    }
    assert_eq!((valley, fed), (6, 2));
}
