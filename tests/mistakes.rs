//! The mistakes gallery: every preset's mistake shows its symptom and its fix cures it (over
//! many seeds), the in-order noise visits sorted data in order, the quartic regression's
//! gradient and Hessian against finite differences, and its curvature larger at the start.

use sgd_layers::core::dataset::{REGRESSION_SEED, linreg_2d};
use sgd_layers::core::mistakes::*;
use sgd_layers::core::oracle::{Noise, Oracle, Sample, sample};
use sgd_layers::core::problem::{Objective, finite_diff_grad};
use sgd_layers::core::run::Status;
use sgd_layers::core::schedule::Schedule;

fn measured(p: Preset, s: Settings, seed: u64) -> (Measure, Measure) {
    let mut rs = runs(p, s, seed);
    for r in rs.iter_mut() {
        r.run(s.steps);
    }
    (measure(p, &rs[0], s.batch), measure(p, &rs[1], s.batch))
}

#[test]
fn every_mistake_shows_its_symptom_and_every_fix_cures_it() {
    for p in Preset::ALL {
        for seed in 1..=20 {
            let (m, f) = measured(p, p.defaults(), seed);
            assert!(shows_symptom(p, &m), "{p:?} seed {seed}: mistake {m:?}");
            assert!(!shows_symptom(p, &f), "{p:?} seed {seed}: fix {f:?}");
            assert!(cured(p, &f), "{p:?} seed {seed}: fix {f:?}");
        }
    }
}

#[test]
fn the_symptoms_are_what_the_table_says() {
    // α too high and no warm-up: divergence, early.
    let (m, _) = measured(Preset::TooHigh, Preset::TooHigh.defaults(), 1);
    assert!(m.diverged_at.is_some_and(|t| t < 60), "{m:?}");
    let (m, _) = measured(Preset::NoWarmUp, Preset::NoWarmUp.defaults(), 1);
    assert!(m.diverged_at.is_some_and(|t| t <= 10), "{m:?}");
    // α too low: more than half the start's excess is left after 300 steps.
    let (m, f) = measured(Preset::TooLow, Preset::TooLow.defaults(), 1);
    assert!(m.ratio() > 0.5 && f.ratio() < 0.01, "{m:?} {f:?}");
    // Sorted data: the last epoch's mean loss is several times the shuffled run's.
    let (m, f) = measured(Preset::NoShuffle, Preset::NoShuffle.defaults(), 1);
    assert!(m.tail_mean > 3.0 * f.tail_mean, "{m:?} {f:?}");
    // Constant α: the spread at the end is far above the cosine's.
    let (m, f) = measured(Preset::ConstantLr, Preset::ConstantLr.defaults(), 1);
    assert!(m.tail_sd > 10.0 * f.tail_sd, "{m:?} {f:?}");
}

#[test]
fn too_high_is_above_the_stability_limit_and_the_fix_below() {
    let f = problem(Preset::TooHigh);
    let lim = stability_limit(&*f, &START).unwrap();
    let s = Preset::TooHigh.defaults();
    assert!(s.lr > lim && s.lr / HIGH_FIX < lim, "limit {lim}");
    // A quadratic: the limit is the same everywhere.
    assert!((stability_limit(&*f, &[3.0, -1.0]).unwrap() - lim).abs() < 1e-12);
}

#[test]
fn warm_up_preset_is_sharp_at_the_start_and_flat_at_the_optimum() {
    let q = problem(Preset::NoWarmUp);
    let (opt, _) = q.minimum().unwrap();
    let at_start = stability_limit(&*q, &START).unwrap();
    let at_opt = stability_limit(&*q, &opt).unwrap();
    let lr = Preset::NoWarmUp.defaults().lr;
    // The scaled rate is unstable where the run starts and stable where it ends.
    assert!(at_start < lr && lr < at_opt, "{at_start} {lr} {at_opt}");
    // The unscaled small-batch rate is stable even at the start.
    assert!(SMALL_LR < at_start);
    assert_eq!(Preset::NoWarmUp.defaults().batch, SMALL_BATCH * SCALE);
    assert!((lr - SMALL_LR * SCALE as f64).abs() < 1e-12);
    // The fix is PyTorch's LinearLR(0.01, 1, 20) then constant.
    let cfg = fix(Preset::NoWarmUp, Preset::NoWarmUp.defaults(), 1);
    assert_eq!(cfg.schedule, Schedule::WarmUp { steps: 20, start: WARMUP_START, then: Box::new(Schedule::Constant) });
    assert!((cfg.schedule.lr(lr, 0) - 0.01 * lr).abs() < 1e-15);
    assert!((cfg.schedule.lr(lr, 20) - lr).abs() < 1e-15);
}

#[test]
fn quartic_regression_gradient_and_hessian_match_finite_differences() {
    let q = QuarticRegression::new(linreg_2d(REGRESSION_SEED), 1.0);
    for x in [[-0.5, 2.0], [1.0, 1.0], [2.5, -0.3]] {
        let mut g = [0.0; 2];
        q.grad(&x, &mut g);
        let fd = finite_diff_grad(&q, &x, 1e-5);
        for j in 0..2 {
            assert!((g[j] - fd[j]).abs() < 1e-6 * (1.0 + g[j].abs()), "{g:?} {fd:?}");
        }
        let h = q.hessian(&x).unwrap();
        for j in 0..2 {
            let mut xp = x;
            xp[j] += 1e-5;
            let mut xm = x;
            xm[j] -= 1e-5;
            let (mut gp, mut gm) = ([0.0; 2], [0.0; 2]);
            q.grad(&xp, &mut gp);
            q.grad(&xm, &mut gm);
            for k in 0..2 {
                let fd = (gp[k] - gm[k]) / 2e-5;
                assert!((h[k * 2 + j] - fd).abs() < 1e-5 * (1.0 + fd.abs()), "H[{k}{j}] {} vs {fd}", h[k * 2 + j]);
            }
        }
    }
    // The minimum is a stationary point, and lower than points around it.
    let (opt, v) = q.minimum().unwrap();
    let mut g = [0.0; 2];
    q.grad(&opt, &mut g);
    assert!(g.iter().all(|x| x.abs() < 1e-12), "{g:?}");
    for d in [[1e-3, 0.0], [0.0, -1e-3], [1e-3, 1e-3]] {
        assert!(q.value(&[opt[0] + d[0], opt[1] + d[1]]) > v);
    }
    // With γ = 0 it is plain least squares: the same minimum as ordinary least squares.
    let ls = QuarticRegression::new(linreg_2d(REGRESSION_SEED), 0.0);
    let ols = sgd_layers::core::model::ols(&ls.data);
    let (o, _) = ls.minimum().unwrap();
    assert!((o[0] - ols[0]).abs() < 1e-10 && (o[1] - ols[1]).abs() < 1e-10);
}

#[test]
fn in_order_batches_walk_the_data_in_order_epoch_after_epoch() {
    let n = 7;
    let batches: Vec<Sample> = (0..6).map(|t| sample(&Noise::InOrder { batch: 3 }, 99, t, Some(n), 1)).collect();
    let want = [vec![0, 1, 2], vec![3, 4, 5], vec![6], vec![0, 1, 2], vec![3, 4, 5], vec![6]];
    for (b, w) in batches.iter().zip(want) {
        assert_eq!(*b, Sample::Batch(w));
    }
    // The seed plays no part, and the oracle gives the same.
    assert_eq!(sample(&Noise::InOrder { batch: 3 }, 1, 4, Some(n), 1), batches[4]);
    let f = problem(Preset::NoShuffle);
    let mut o = Oracle::new(Noise::InOrder { batch: 50 }, sgd_layers::core::oracle::Estimator::Plain, 5);
    let (mut g, mut want_g) = ([0.0; 2], [0.0; 2]);
    let cost = o.gradient(&*f, &[0.0, 0.0], 5, &mut g);
    f.batch_grad(&[0.0, 0.0], &(50..100).collect::<Vec<_>>(), &mut want_g);
    assert_eq!((cost, g), (50, want_g));
    // Without examples it is the exact gradient.
    assert_eq!(sample(&Noise::InOrder { batch: 3 }, 1, 4, None, 2), Sample::Full);
}

#[test]
fn sorted_data_are_the_same_examples_sorted_by_y() {
    let d = linreg_2d(REGRESSION_SEED);
    let s = sorted_by_y(&d);
    assert!(s.y.windows(2).all(|w| w[0] <= w[1]));
    // The same (x, y) pairs: every sorted row is a row of the original.
    for i in 0..s.n {
        assert!((0..d.n).any(|j| d.row(j) == s.row(i) && d.y[j] == s.y[i]));
    }
    // The same loss (the order does not change the sum).
    let (a, b) = (problem(Preset::TooHigh), problem(Preset::NoShuffle));
    assert!((a.value(&START) - b.value(&START)).abs() < 1e-12);
}

#[test]
fn presets_round_trip_and_fixes_change_one_thing() {
    for (i, p) in Preset::ALL.iter().enumerate() {
        assert_eq!(Preset::from_index(i), *p);
        assert_eq!(p.index(), i);
        let s = p.defaults();
        let (m, f) = (mistake(*p, s, 3), fix(*p, s, 3));
        assert_ne!(m, f);
        assert_eq!((m.seed, m.start.clone(), m.max_steps), (f.seed, f.start.clone(), f.max_steps));
    }
    assert_eq!(Preset::from_index(99), Preset::TooHigh);
    let s = Preset::TooLow.defaults();
    assert!((fix(Preset::TooLow, s, 1).optimizer.lr - 0.1).abs() < 1e-12);
    // A mistake that diverges stops and is marked diverged, with nothing non-finite stored.
    let mut rs = runs(Preset::TooHigh, Preset::TooHigh.defaults(), 1);
    rs[0].run(1000);
    assert_eq!(rs[0].status(), Status::Diverged);
    assert!(rs[0].trajectory().iter().all(|(p, x)| p.loss.is_finite() && x.iter().all(|v| v.is_finite())));
}
