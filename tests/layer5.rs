//! Layer 5 (adaptive learning rates): Adam without bias correction against a hand-computed
//! reference (PyTorch has no such option; tests/golden/make_adam_nobc.py), bias-correction
//! factors, the AdaGrad/RMSProp accumulators, the anisotropic valley, coupled L2 against
//! AdamW, and the seven-optimizer race on one noise stream. Adam with bias correction, AdamW
//! and AdaGrad against torch.optim are in tests/golden.rs (cases adam, adam_betas, adam_l2,
//! adamw, adamw_wd05, adagrad).

use serde_json::Value;
use sgd_layers::core::landscape::Landscape;
use sgd_layers::core::layer5::{accumulation, anisotropic, bias, decay, effective_lr, race};
use sgd_layers::core::optimizer::{Kind, Optimizer, OptimizerConfig};
use sgd_layers::core::problem::{Objective, finite_diff_grad, norm};
use sgd_layers::core::run::{Run, RunConfig, Status};

fn nobc_golden() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/adam_nobc.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("adam_nobc.json")).expect("valid JSON")
}

#[test]
fn adam_without_bias_correction_matches_the_hand_computed_reference() {
    let data = nobc_golden();
    let cases = data["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 2);
    let f = Landscape::Rosenbrock { a: 1.0, b: 100.0 };
    let mut compared = 0;
    for case in cases {
        let p = &case["params"];
        let get = |k: &str| p[k].as_f64().unwrap();
        // The script checked its hand loop against torch.optim.Adam with the corrections on.
        assert!(case["check_with_correction_max_rel"].as_f64().unwrap() < 1e-12);
        let cfg = OptimizerConfig { beta: get("beta1"), beta2: get("beta2"), eps: get("eps"), ..OptimizerConfig::adam(get("lr")) }.with_bias_correction(false);
        let mut opt = Optimizer::new(cfg.clone(), 2);
        let mut with = Optimizer::new(cfg.with_bias_correction(true), 2);
        let (mut x, mut y) = (vec![-1.2, 1.0], vec![-1.2, 1.0]);
        let mut g = vec![0.0; 2];
        let mut apart = 0.0f64;
        for (t, point) in case["trajectory"].as_array().unwrap().iter().enumerate() {
            f.grad(&x, &mut g);
            opt.step(&mut x, &g, get("lr"));
            f.grad(&y, &mut g);
            with.step(&mut y, &g, get("lr"));
            apart = apart.max(norm(&[x[0] - y[0], x[1] - y[1]]));
            for i in 0..2 {
                let want = point[i].as_f64().unwrap();
                assert!((x[i] - want).abs() <= 1e-10 * want.abs().max(1.0), "step {}: θ[{i}] = {} vs {want}", t + 1, x[i]);
                compared += 1;
            }
        }
        // And the switch matters: the corrected run follows another path.
        assert!(apart > 0.05, "with and without correction differ by {apart}");
    }
    assert_eq!(compared, 2 * 60 * 2);
}

#[test]
fn bias_correction_factors_are_the_ones_the_page_prints() {
    let want = [(1, "10.0", "1000"), (10, "1.54", "100.5"), (100, "1.0000", "10.50")];
    for (t, a, b) in want {
        let (x, y) = bias::factor_texts(0.9, 0.999, t);
        assert_eq!((x.as_str(), y.as_str()), (a, b), "t = {t}");
    }
    let (a, b) = bias::factors(0.9, 0.999, 1);
    assert!((a - 10.0).abs() < 1e-12 && (b - 1000.0).abs() < 1e-9);
    // The factors fall towards 1 and never below.
    let mut last = (f64::INFINITY, f64::INFINITY);
    for t in 1..2000 {
        let (a, b) = bias::factors(0.9, 0.999, t);
        assert!(a <= last.0 && b < last.1 && a >= 1.0 && b > 1.0, "t = {t}");
        last = (a, b);
    }
}

#[test]
fn corrected_first_moment_of_a_constant_gradient_is_the_gradient() {
    let g = 0.7;
    for (t, (m, mhat)) in bias::first_moment(0.9, g, 200).into_iter().enumerate() {
        let t = t as i32 + 1;
        assert!((m - (1.0 - 0.9f64.powi(t)) * g).abs() < 1e-14, "m is (1 − β₁ᵗ)g at t = {t}");
        assert!((mhat - g).abs() < 1e-12, "m̂ = g at t = {t}: {mhat}");
    }
    assert!((bias::first_moment(0.9, g, 1)[0].0 - 0.07).abs() < 1e-15, "uncorrected m₁ is a tenth of g");
}

#[test]
fn uncorrected_adam_steps_are_too_long_by_the_predicted_ratio() {
    // Under a constant gradient corrected Adam moves lr per step (ε aside); without correction
    // it moves lr·(1 − β₁ᵗ)/√(1 − β₂ᵗ): 3.16 lr at t = 1, 6.53 lr at t = 10.
    let lr = 0.01;
    let mut on = Optimizer::new(OptimizerConfig::adam(lr), 1);
    let mut off = Optimizer::new(OptimizerConfig::adam(lr).with_bias_correction(false), 1);
    let (mut a, mut b) = ([0.0], [0.0]);
    for t in 1..=100u32 {
        let (pa, pb) = (a[0], b[0]);
        on.step(&mut a, &[2.5], lr);
        off.step(&mut b, &[2.5], lr);
        let (da, db) = (pa - a[0], pb - b[0]);
        assert!((da - lr).abs() < 1e-8, "corrected step at t = {t}: {da}");
        assert!((db / da - bias::step_ratio(0.9, 0.999, t)).abs() < 1e-6, "t = {t}: {} vs {}", db / da, bias::step_ratio(0.9, 0.999, t));
    }
    assert!((bias::step_ratio(0.9, 0.999, 1) - 10f64.sqrt()).abs() < 1e-9);
    assert!(bias::step_ratio(0.9, 0.999, 10) > 6.5);
}

#[test]
fn without_correction_the_landscape_run_overshoots_early() {
    let rs = bias::runs(bias::LR, 0.9, 0.999, bias::STEPS, true);
    assert_eq!(rs.len(), 2);
    assert_eq!(bias::runs(bias::LR, 0.9, 0.999, bias::STEPS, false).len(), 1);
    let (mut on, mut off) = (rs.into_iter().next().unwrap(), bias::runs(bias::LR, 0.9, 0.999, bias::STEPS, true).pop().unwrap());
    assert!(on.config.optimizer.bias_correction && !off.config.optimizer.bias_correction);
    on.step();
    off.step();
    // First step: corrected moves α·sign(g) per coordinate, uncorrected √10 times that.
    let d = |r: &Run| norm(&[r.position()[0] - bias::START[0], r.position()[1] - bias::START[1]]);
    assert!((d(&on) - bias::LR * 2f64.sqrt()).abs() < 1e-6);
    assert!((d(&off) / d(&on) - 10f64.sqrt()).abs() < 1e-6);
    // Within 10 steps the uncorrected run has crossed x = 0 (the corrected one has not).
    let mut crossed = false;
    for _ in 1..10 {
        on.step();
        off.step();
        crossed |= off.position()[0] > 0.0;
    }
    assert!(crossed && on.position()[0] < 0.0, "{:?} {:?}", on.position(), off.position());
}

#[test]
fn adagrad_rate_only_falls_while_rmsprop_recovers_in_the_quiet_stretch() {
    for seed in 0..20 {
        let sig = accumulation::signal(seed);
        assert_eq!(sig.len(), 300);
        let rows = accumulation::accumulate(&sig, accumulation::BETA);
        // Independent recurrences: G = Σg², s = βs + (1 − β)g².
        let (mut big_g, mut s) = (0.0, 0.0);
        for (i, r) in rows.iter().enumerate() {
            big_g += sig[i] * sig[i];
            s = 0.9 * s + 0.1 * sig[i] * sig[i];
            assert!((r.s_ada - big_g).abs() < 1e-9 * big_g.max(1.0) && (r.s_rms - s).abs() < 1e-12 * s.max(1.0));
            assert!((r.rate_ada - 1.0 / (big_g.sqrt() + 1e-10)).abs() < 1e-9);
            assert!((r.rate_rms - 1.0 / (s.sqrt() + 1e-8)).abs() < 1e-6 * r.rate_rms);
            if i > 0 {
                assert!(r.rate_ada <= rows[i - 1].rate_ada, "AdaGrad's rate never rises");
            }
        }
        // The quiet stretch's σ is a tenth of the loud one's: RMSProp's rate climbs several-fold.
        assert!(rows[199].rate_rms > 3.0 * rows[99].rate_rms, "seed {seed}: {} vs {}", rows[199].rate_rms, rows[99].rate_rms);
        assert!(rows[199].rate_ada < 1.01 * rows[99].rate_ada);
        // Sample variance of each stretch is close to σ².
        let var = |a: usize, b: usize| sig[a..b].iter().map(|g| g * g).sum::<f64>() / (b - a) as f64;
        assert!((var(0, 100) / 4.0 - 1.0).abs() < 0.45 && (var(100, 200) / 0.04 - 1.0).abs() < 0.45);
    }
}

#[test]
fn anisotropic_valley_defeats_every_single_rate_and_adagrad_fixes_it() {
    let mut rs = anisotropic::runs(anisotropic::SGD_LRS, anisotropic::ADAGRAD_LR, anisotropic::STEPS);
    for r in rs.iter_mut() {
        r.run(anisotropic::STEPS);
    }
    assert!(anisotropic::SGD_LRS[1] < anisotropic::stability_limit() && anisotropic::SGD_LRS[2] > anisotropic::stability_limit());
    assert!(rs[0].position()[0] < -0.5, "slow rate still far along x: {:?}", rs[0].position());
    assert!(rs[1].loss() > 1e-3, "even near the limit x is not there yet");
    assert!(rs[2].position()[1].abs() > anisotropic::START[1], "past 1/κ the y direction grows");
    assert!(rs[3].loss() < 1e-8 && rs[3].status() == Status::Converged, "AdaGrad converges: {}", rs[3].loss());
    // Effective rates α/(√G + ε) from the optimizer state match G summed independently.
    let f = anisotropic::problem();
    let cfg = RunConfig::new(OptimizerConfig::adagrad(0.5), anisotropic::START.to_vec()).max_steps(20);
    let mut r = Run::new(f.clone(), cfg);
    assert!(effective_lr(r.optimizer(), 0.5).is_none(), "no rate before the first step");
    let mut acc = [0.0, 0.0];
    let mut g = [0.0, 0.0];
    for _ in 0..20 {
        f.grad(r.position(), &mut g);
        acc[0] += g[0] * g[0];
        acc[1] += g[1] * g[1];
        r.step();
    }
    let e = effective_lr(r.optimizer(), 0.5).unwrap();
    for i in 0..2 {
        assert!((e[i] - 0.5 / (acc[i].sqrt() + 1e-10)).abs() < 1e-12);
    }
    assert!(e[0] > 10.0 * e[1], "the flat x direction gets the larger rate: {e:?}");
    assert!(effective_lr(&Optimizer::new(OptimizerConfig::adam(0.1), 2), 0.1).is_none());
}

#[test]
fn coupled_l2_settles_at_the_ridge_solution_and_adamw_elsewhere() {
    let f = race::Preset::Regression.problem();
    let ridge = decay::ridge(&*f, decay::LAMBDA).unwrap();
    // ∇L(θ_r) + λθ_r = 0, by finite differences.
    let g = finite_diff_grad(&*f, &ridge, 1e-6);
    assert!((g[0] + decay::LAMBDA * ridge[0]).abs() < 1e-6 && (g[1] + decay::LAMBDA * ridge[1]).abs() < 1e-6);
    let (opt, _) = f.minimum().unwrap();
    assert!(norm(&ridge) < norm(&opt));
    let mut rs = decay::runs(&f, decay::LR, decay::LAMBDA, decay::STEPS, 1, race::Preset::Regression.start());
    assert_eq!(rs[1].config.optimizer.kind, Kind::Adam);
    assert_eq!(rs[2].config.optimizer.kind, Kind::AdamW);
    for r in rs.iter_mut() {
        r.run(decay::STEPS);
    }
    let dist = |x: &[f64], y: &[f64]| norm(&[x[0] - y[0], x[1] - y[1]]);
    assert!(dist(rs[1].position(), &ridge) < 0.1, "Adam + L2 near the ridge solution: {:?} vs {ridge:?}", rs[1].position());
    assert!(dist(rs[0].position(), &opt) < 0.1, "Adam without decay near the optimum");
    let n: Vec<f64> = rs.iter().map(|r| norm(r.position())).collect();
    assert!(n[1] < n[2] - 0.1 && n[2] < n[0], "norms: {n:?}");
}

#[test]
fn the_race_shares_one_noise_stream_and_an_equal_budget() {
    let p = race::Preset::Regression;
    let entries: Vec<(Kind, f64)> = Kind::ALL.iter().copied().zip(p.lrs()).collect();
    let mut rc = race::Race::new(p, &entries, 0.0, 7, p.target());
    while rc.advance(25) {}
    // Equal budget: same steps, same examples.
    for r in &rc.runs {
        assert_eq!(r.steps(), 300);
        assert_eq!(r.examples(), 300 * 16);
    }
    // The same noise: a lone SGD run with the race's seed retraces the race's SGD runner.
    let mut lone = Run::new(p.problem(), RunConfig::new(OptimizerConfig::sgd(0.05), p.start().to_vec()).noise(sgd_layers::core::oracle::Noise::MiniBatch { batch: 16, epochs: false }).seed(7).max_steps(300).tol(0.0));
    lone.run(300);
    assert_eq!(lone.position(), rc.runs[0].position());
    // Two identical runners in one race end identically; another seed does not.
    let mut twin = race::Race::new(p, &[(Kind::Adam, 0.05), (Kind::Adam, 0.05)], 0.0, 7, p.target());
    twin.advance(300);
    assert_eq!(twin.runs[0].position(), twin.runs[1].position());
    assert_eq!(twin.runs[0].position(), rc.runs[5].position());
    let mut other = race::Race::new(p, &[(Kind::Adam, 0.05)], 0.0, 8, p.target());
    other.advance(300);
    assert_ne!(other.runs[0].position(), rc.runs[5].position());
    // Every runner reaches the target, and the recorded step is the first one under it.
    for (i, h) in rc.hit.iter().enumerate() {
        let h = h.unwrap_or_else(|| panic!("{:?} never reached the target", rc.kinds[i]));
        let mut r = race::Race::new(p, &entries[i..i + 1], 0.0, 7, p.target());
        r.advance(h - 1);
        assert!(r.runs[0].loss() - r.best > p.target() && r.hit[0].is_none());
        r.advance(1);
        assert!(r.runs[0].loss() - r.best <= p.target() && r.hit[0] == Some(h));
    }
    let d = rc.distances();
    assert!(d.iter().all(|d| *d < 0.2), "{d:?}");
}

#[test]
fn rosenbrock_race_from_the_source_settings() {
    let p = race::Preset::Rosenbrock;
    let entries: Vec<(Kind, f64)> = Kind::ALL.iter().copied().zip(p.lrs()).collect();
    let mut rc = race::Race::new(p, &entries, 0.0, 1, p.target());
    rc.advance(5000);
    assert!(rc.runs.iter().all(|r| r.steps() == 5000 && r.status() == Status::MaxSteps));
    let loss: Vec<f64> = rc.runs.iter().map(Run::loss).collect();
    // Adam and momentum reach the minimum (1, 1); plain SGD at 0.001 and AdaGrad at 0.05 do not
    // reach 10⁻³ in 5000 steps.
    assert!(loss[1] < 1e-10 && loss[5] < 1e-10, "{loss:?}");
    assert!(rc.hit[0].is_none() && rc.hit[3].is_none() && rc.hit[5].is_some());
    // Gaussian noise is shared too: two identical runners stay together.
    let mut noisy = race::Race::new(p, &[(Kind::Adam, 0.005), (Kind::Adam, 0.005)], 0.5, 3, p.target());
    noisy.advance(500);
    assert_eq!(noisy.runs[0].position(), noisy.runs[1].position());
    assert_ne!(noisy.runs[0].position(), rc.runs[5].position());
    // The race's optimizer settings: momentum 0.9, AdamW λ = 0.01, PyTorch's betas.
    let c = race::config(p, Kind::AdamW, 0.005);
    assert_eq!((c.beta, c.beta2, c.eps, c.weight_decay), (0.9, 0.999, 1e-8, 0.01));
    assert_eq!(race::config(p, Kind::Nesterov, 0.001).beta, 0.9);
    assert_eq!(race::config(race::Preset::Regression, Kind::RmsProp, 0.01).beta, 0.9);
}
