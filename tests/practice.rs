//! The practice cards' answers: closed forms against the core's optimizers and their state,
//! and the seeded mini-batch variance experiment against the finite-population formula.

use sgd_layers::core::beyond::drug;
use sgd_layers::core::practice::*;
use sgd_layers::core::stats::batch_variance_factor;

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

#[test]
fn one_sgd_step_in_expectation_is_the_gradient_descent_step() {
    let (a, b, x0, lr) = (quad::A, quad::B, quad::X0, quad::LR);
    let exact = exact_step(a, b, x0, lr);
    assert!((exact - ((1.0 - lr * a) * x0 + lr * b)).abs() < 1e-15, "{exact}");
    assert!((exact - 1.1).abs() < 1e-12);
    // The seeded mean of noisy steps sits within 4 standard errors of it, and the standard
    // error is what σ·α/√draws predicts.
    let (m, se) = noisy_step_mean(a, b, x0, lr, quad::SIGMA, quad::DRAWS, 1);
    assert!((m - exact).abs() < 4.0 * se, "mean {m} vs {exact} (se {se})");
    assert!(close(se, quad::SIGMA * lr / (quad::DRAWS as f64).sqrt(), 0.05), "se {se}");
    // Another seed gives another mean, so the test does not pass by construction.
    let (m2, _) = noisy_step_mean(a, b, x0, lr, quad::SIGMA, quad::DRAWS, 2);
    assert_ne!(m, m2);
}

#[test]
fn momentum_gain_is_one_over_one_minus_beta_along_and_one_over_one_plus_beta_across() {
    for beta in [0.5, 0.9, 0.95] {
        let along = momentum_gain(beta, 2000);
        assert!(close(along, 1.0 / (1.0 - beta), 1e-9), "{beta}: {along}");
        let across = momentum_alternating_gain(beta, 2000);
        assert!(close(across, 1.0 / (1.0 + beta), 1e-9), "{beta}: {across}");
    }
    // After t steps of a constant gradient the buffer holds the partial geometric sum.
    let v = momentum_gain(0.9, 5);
    assert!(close(v, (1.0 - 0.9f64.powi(5)) / 0.1, 1e-12), "{v}");
    assert!(close(momentum_gain(MOMENTUM_BETA, GAIN_STEPS), 10.0, 1e-6));
}

#[test]
fn adagrad_rate_decays_as_one_over_root_t_from_its_accumulator() {
    for t in [1usize, 4, 100, 400] {
        let r = adagrad_rate(adagrad::LR, adagrad::G, t);
        let closed = adagrad::LR / (adagrad::G * (t as f64).sqrt() + 1e-10);
        assert!(close(r, closed, 1e-12), "t = {t}: {r} vs {closed}");
    }
    assert!(close(adagrad_rate(0.1, 2.0, 100), 0.005, 1e-9));
    // Four times the steps, half the rate.
    assert!(close(adagrad_rate(0.1, 2.0, 100) / adagrad_rate(0.1, 2.0, 400), 2.0, 1e-9));
}

#[test]
fn adam_bias_correction_factors_and_when_they_fade() {
    let (a1, b1) = adam_factors(0.9, 0.999, 1);
    assert!(close(a1, 10.0, 1e-12) && close(b1, 1000.0, 1e-9), "{a1} {b1}");
    // The seed's "negligible (< 5 %) after ~20 steps" is wrong for both factors.
    let (a20, b20) = adam_factors(0.9, 0.999, 20);
    assert!(a20 > 1.05 && close(a20, 1.1384, 1e-3), "{a20}");
    assert!(b20 > 50.0 && b20 < 51.0, "{b20}");
    // Within 1 %: β₁ after ln(0.01/1.01)/ln 0.9 ≈ 43.8 steps, β₂ after ≈ 4613.
    let f1 = fades_at(0.9, 0.01);
    let f2 = fades_at(0.999, 0.01);
    assert_eq!(f1, 44);
    assert!((4610..=4616).contains(&f2), "{f2}");
    assert!(adam_factors(0.9, 0.999, f1).0 <= 1.01 && adam_factors(0.9, 0.999, f1 - 1).0 > 1.01);
    assert!(adam_factors(0.9, 0.999, f2).1 <= 1.01 && adam_factors(0.9, 0.999, f2 - 1).1 > 1.01);
    // Problem 4 at t = 1000.
    assert!(close(adam_factors(0.9, 0.999, 1000).1, 1.582, 1e-3));
    assert!(close(adam_factors(0.9, 0.9999, 1000).1, 10.51, 1e-3));
    assert!(close(window(0.999), 1000.0, 1e-9) && close(window(0.9999), 10000.0, 1e-9));
}

#[test]
fn half_life_matches_the_exponential_average_recurrence() {
    // An average that held 1 and now sees 0 falls to one half after ln ½ / ln β steps.
    let beta = 0.999;
    let h = half_life(beta);
    let mut v = 1.0;
    let mut t = 0;
    while v > 0.5 {
        v *= beta;
        t += 1;
    }
    assert_eq!(t, h.ceil() as usize, "{h}");
    assert!((h - 692.8).abs() < 0.1, "{h}");
}

#[test]
fn linear_scaling_rule_takes_the_layer_4_rate() {
    assert!(close(scaled_lr(128, 0.01, 1024), 0.08, 1e-12));
    assert!(close(scaled_lr(64, 0.1, 256), 0.4, 1e-12));
}

#[test]
fn mini_batch_variance_ratio_from_the_oracle_matches_the_finite_population_formula() {
    let r = variance_ratio(batches::SMALL, batches::BIG, batches::DRAWS, batches::SEED);
    assert_eq!(r.n, 2000);
    assert!(close(r.independent, 16.0, 1e-12));
    let fpc = batch_variance_factor(32, 2000) / batch_variance_factor(512, 2000);
    assert!(close(r.without_replacement, fpc, 1e-12));
    assert!(close(fpc, 16.0 * 1968.0 / 1488.0, 1e-12));
    // Seeded: 1000 draws each; the ratio of two variance estimates is within 12 % of the formula
    // (its relative spread is about √(2/1000)·√2 ≈ 6 % per coordinate, less over 50 coordinates).
    assert!(close(r.measured, fpc, 0.12), "measured {} vs {fpc}", r.measured);
    // And it is clearly not the independent-sample 16.
    assert!(r.measured > 18.0, "{}", r.measured);
    // The small batches' variance itself matches σ²/B·(N − B)/(N − 1) with the exact spread.
    let f = drug::problem();
    let exact = sgd_layers::core::beyond::estimate_variance(
        &*f,
        &sgd_layers::core::oracle::Oracle::new(
            sgd_layers::core::oracle::Noise::MiniBatch { batch: 32, epochs: false },
            sgd_layers::core::oracle::Estimator::Plain,
            0,
        ),
        &[0.0; 50],
        32,
    )
    .unwrap();
    let measured = batch_gradient_variance(&*f, 32, 1000, batches::SEED);
    assert!(close(measured, exact, 0.1), "{measured} vs {exact}");
}

#[test]
fn answers_are_finite_and_parse_and_accept_behave() {
    let a = answers();
    for v in [a.expected_x1, a.noisy_mean, a.gain_along, a.gain_across, a.adagrad_rate, a.factor_short, a.factor_long, a.half_life, a.scaled_lr, a.variance.measured] {
        assert!(v.is_finite() && v > 0.0, "{v}");
    }
    assert!(close(a.adagrad_first / a.adagrad_rate, 10.0, 1e-9));
    assert_eq!(parse_answer(" 0.08 "), Some(0.08));
    assert_eq!(parse_answer("1e3"), Some(1000.0));
    assert_eq!(parse_answer("NaN"), None);
    assert_eq!(parse_answer("inf"), None);
    assert_eq!(parse_answer(""), None);
    assert!(accepts(0.081, 0.08, 0.02));
    assert!(!accepts(0.09, 0.08, 0.02));
    assert!(!accepts(f64::NAN, 0.08, 0.02));
    assert!(accepts(-1.1, -1.1, 0.0));
}
