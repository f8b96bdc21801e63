//! Native tests of Layer 4's core: the Robbins–Monro limits against brute-force sums, the
//! gallery's schedules, the race on one noise stream, the range test and its suggestion, the
//! linear scaling rule and the stability limit, tail averaging, and the claims the chapter
//! makes from them.

use sgd_layers::core::layer4::{START, averaging, gallery, lr_finder, race, regression, robbins_monro, scaling, sgd_config};
use sgd_layers::core::oracle::{Noise, sample};
use sgd_layers::core::problem::{Objective, Problem};
use sgd_layers::core::run::{Run, Status};
use sgd_layers::core::schedule::Schedule;
use sgd_layers::core::stats::{mean, quantile, variance};

fn problem() -> Problem {
    regression()
}

fn brute(s: &Schedule, base: f64, k: i32, n: usize) -> f64 {
    (0..n).map(|t| s.lr(base, t).powi(k)).sum()
}

#[test]
fn robbins_monro_limits_match_brute_force_sums() {
    let base = 0.1;
    // Geometric decay: the closed form against a sum long enough for the tail to vanish.
    let e = Schedule::Exponential { gamma: (-0.02f64).exp() };
    for k in [1, 2] {
        let l = robbins_monro::limit(&e, base, k).expect("finite");
        assert!((l - brute(&e, base, k, 5000)).abs() < 1e-12, "k = {k}: {l}");
    }
    // Schedules that reach zero: the sum up to the end is the whole sum.
    for s in [
        Schedule::Cosine { t_max: 300, eta_min: 0.0 },
        Schedule::Polynomial { total: 150, power: 2.0 },
        Schedule::Linear { start: 1.0, end: 0.0, total: 90 },
        Schedule::WarmUp { steps: 20, start: 0.01, then: Box::new(Schedule::Cosine { t_max: 180, eta_min: 0.0 }) },
        Schedule::Step { milestones: vec![40, 80], gamma: 0.0 },
    ] {
        for k in [1, 2] {
            let l = robbins_monro::limit(&s, base, k).unwrap_or_else(|| panic!("{s:?} should be finite"));
            assert!((l - brute(&s, base, k, 10_000)).abs() < 1e-12, "{s:?}, k = {k}: {l}");
        }
    }
    // Power-law squares: exact terms plus an integral tail, against a very long direct sum
    // plus its own (tiny) tail estimate.
    for (rate, power) in [(0.05, 1.0), (1.0, 0.75), (0.2, 2.0)] {
        let s = Schedule::InverseTime { rate, power };
        let l = robbins_monro::limit(&s, base, 2).expect("squares converge for p > 1/2");
        let n = 2_000_000;
        let q = 2.0 * power;
        let tail = base * base * (1.0 + rate * (n as f64 - 0.5)).powf(1.0 - q) / (rate * (q - 1.0));
        let direct = brute(&s, base, 2, n) + tail;
        assert!(((l - direct) / direct).abs() < 1e-8, "ρ = {rate}, p = {power}: {l} vs {direct}");
    }
}

#[test]
fn robbins_monro_verdicts_follow_each_schedules_form() {
    let b = 0.1;
    let v = |s: Schedule| robbins_monro::verdict(&s, b);
    let inverse = v(Schedule::InverseTime { rate: 0.05, power: 1.0 });
    assert!(inverse.sum_diverges && inverse.squares_converge && inverse.both());
    let expo = v(Schedule::Exponential { gamma: 0.98 });
    assert!(!expo.sum_diverges && expo.squares_converge && !expo.both());
    assert!((expo.sum_limit.unwrap() - b / (1.0 - 0.98)).abs() < 1e-12);
    for s in [Schedule::Constant, Schedule::Step { milestones: vec![10, 20], gamma: 0.5 }, Schedule::CosineRestarts { t0: 10, t_mult: 2, eta_min: 0.0 }] {
        let x = v(s.clone());
        assert!(x.sum_diverges && !x.squares_converge, "{s:?}");
    }
    // 1/√t: the sum diverges and so do the squares (only just: like ln t).
    let sqrt = v(Schedule::InverseTime { rate: 1.0, power: 0.5 });
    assert!(sqrt.sum_diverges && !sqrt.squares_converge);
    assert!(robbins_monro::rate_vanishes(&Schedule::InverseTime { rate: 1.0, power: 0.5 }, b));
    assert!(!robbins_monro::rate_vanishes(&Schedule::Constant, b));
    assert!(!robbins_monro::rate_vanishes(&Schedule::OneCycle { total: 100, pct_start: 0.3, div_factor: 25.0, final_div_factor: 1e4 }, b));
    // Faster than 1/t: both sums finite.
    let fast = v(Schedule::InverseTime { rate: 1.0, power: 1.5 });
    assert!(!fast.sum_diverges && fast.squares_converge);
    // A cosine with a floor never stops moving; one down to 0 stops at T.
    assert!(v(Schedule::Cosine { t_max: 100, eta_min: 0.01 }).sum_diverges);
    assert!(!v(Schedule::Cosine { t_max: 100, eta_min: 0.0 }).sum_diverges);
    // Warm-up changes nothing about the tail.
    let w = v(Schedule::WarmUp { steps: 20, start: 0.01, then: Box::new(Schedule::InverseTime { rate: 0.05, power: 1.0 }) });
    assert!(w.both());
    // The widget's names map to the schedules the verdicts are about.
    assert!(robbins_monro::verdict(&robbins_monro::schedule("inverse", 0.05, 0.02, 1000), b).both());
    assert!(!robbins_monro::verdict(&robbins_monro::schedule("exponential", 0.05, 0.02, 1000), b).sum_diverges);
    assert!(!robbins_monro::verdict(&robbins_monro::schedule("constant", 0.05, 0.02, 1000), b).squares_converge);
}

#[test]
fn partial_sums_accumulate_the_schedule() {
    let s = Schedule::InverseTime { rate: 0.05, power: 1.0 };
    let p = robbins_monro::partial_sums(&s, 0.1, 1000);
    assert_eq!(p.len(), 1000);
    assert!((p[0].0 - 0.1).abs() < 1e-15 && (p[0].1 - 0.01).abs() < 1e-15);
    assert!((p[999].0 - brute(&s, 0.1, 1, 1000)).abs() < 1e-12);
    assert!(p.windows(2).all(|w| w[1].0 > w[0].0 && w[1].1 > w[0].1));
    // The squares approach their limit from below.
    let limit = robbins_monro::limit(&s, 0.1, 2).unwrap();
    assert!(p[999].1 < limit && limit - p[999].1 < 0.01);
}

#[test]
fn exponential_decay_stalls_short_of_the_optimum_while_one_over_t_keeps_going() {
    let p = problem();
    let at = [1000, 5000, 20_000];
    let inverse = robbins_monro::excess_at(&p, &Schedule::InverseTime { rate: 0.05, power: 1.0 }, 0.1, 1, 1, &at);
    let expo = robbins_monro::excess_at(&p, &Schedule::Exponential { gamma: (-0.02f64).exp() }, 0.1, 1, 1, &at);
    let (i, e): (Vec<f64>, Vec<f64>) = (inverse.iter().map(|x| x.unwrap()).collect(), expo.iter().map(|x| x.unwrap()).collect());
    assert!(i[0] > i[1] && i[1] > i[2], "1/t keeps falling: {i:?}");
    // Frozen: after step 1000 the remaining rates add up to η₀e^(−20)/(1 − e^(−0.02)) ≈ 10⁻⁸.
    assert!((e[2] - e[0]).abs() < 1e-6 * e[0], "exponential froze: {e:?}");
    assert!(e[2] > 50.0 * i[2], "and stopped well short of where 1/t got: {e:?} vs {i:?}");
    // Over several seeds the stall is no accident: where it freezes depends on the noise, but
    // it is behind 1/t every time, and by a wide margin in the median.
    let (mut es, mut is) = (vec![], vec![]);
    for seed in 2..14 {
        let e = robbins_monro::excess_at(&p, &Schedule::Exponential { gamma: (-0.02f64).exp() }, 0.1, 1, seed, &[20_000])[0].unwrap();
        let i = robbins_monro::excess_at(&p, &Schedule::InverseTime { rate: 0.05, power: 1.0 }, 0.1, 1, seed, &[20_000])[0].unwrap();
        assert!(e > i, "seed {seed}: {e} vs {i}");
        es.push(e);
        is.push(i);
    }
    assert!(quantile(&es, 0.5) > 30.0 * quantile(&is, 0.5), "{es:?} vs {is:?}");
}

#[test]
fn gallery_defaults_are_the_tutorials_schedules() {
    let g = gallery::Params::default();
    assert_eq!(gallery::KEYS.len(), gallery::TITLES.len());
    let at = |key: &str| gallery::KEYS.iter().position(|k| *k == key).unwrap();
    assert_eq!(gallery::schedule(at("step"), &g), Schedule::Step { milestones: vec![60, 120, 160], gamma: 0.5 });
    assert_eq!(gallery::schedule(at("exponential"), &g), Schedule::Exponential { gamma: (-0.02f64).exp() });
    assert_eq!(gallery::schedule(at("polynomial"), &g), Schedule::InverseTime { rate: 1.0, power: 0.5 });
    assert_eq!(gallery::schedule(at("onecycle"), &g), Schedule::OneCycle { total: 200, pct_start: 0.3, div_factor: 25.0, final_div_factor: 1e4 });
    for i in 0..gallery::KEYS.len() {
        let c = gallery::curve(i, &g);
        assert_eq!(c.len(), g.total, "{}", gallery::KEYS[i]);
        assert!(c.iter().all(|p| p.1.is_finite() && p.1 >= 0.0 && p.1 <= g.eta0 * (1.0 + 1e-12)), "{}", gallery::KEYS[i]);
    }
    // Editing a parameter changes exactly its own schedule's curve.
    let mut edited = g.clone();
    edited.step_gamma = 0.25;
    for i in 0..gallery::KEYS.len() {
        assert_eq!(gallery::curve(i, &g) != gallery::curve(i, &edited), gallery::KEYS[i] == "step", "{}", gallery::KEYS[i]);
    }
    // Milestones out of order are sorted; a warm-up as long as the horizon is cut short.
    let mut odd = g.clone();
    odd.milestones = [160, 60, 120];
    assert_eq!(gallery::schedule(at("step"), &odd), gallery::schedule(at("step"), &g));
    odd.warm_steps = 10_000;
    assert!(gallery::curve(at("warmup"), &odd).iter().all(|p| p.1.is_finite()));
}

#[test]
fn the_race_shares_one_noise_stream_and_the_cosine_beats_the_constant_rate() {
    let p = problem();
    let runs = race::runs(&p, race::ETAS, race::STEPS, race::WARMUP, 7);
    assert_eq!(runs.len(), 4);
    for r in &runs {
        assert_eq!(r.config.seed, 7);
        assert_eq!(r.config.noise, Noise::MiniBatch { batch: race::BATCH, epochs: false });
    }
    // Same seed and noise: every run draws the same mini-batch at every step, whatever θ.
    for t in [0, 1, 250, 499] {
        let first = sample(&runs[0].config.noise, 7, t, p.examples(), 2);
        assert!(runs.iter().all(|r| sample(&r.config.noise, r.config.seed, t, p.examples(), 2) == first));
    }
    // The chapter's claims, over 20 seeds.
    let all = race::smoothed_finals(&p, race::ETAS, race::STEPS, race::WARMUP, race::WINDOW, 1..21);
    let med: Vec<f64> = (0..4).map(|i| quantile(&all.iter().map(|r| r[i]).collect::<Vec<_>>(), 0.5)).collect();
    assert!(med[2] < med[0] / 3.0, "cosine well below constant: {med:?}");
    assert!(med[3] < med[0] / 2.0, "warm-up + cosine below constant: {med:?}");
    assert!(all.iter().filter(|r| r[2] < r[0]).count() >= 17, "cosine wins most seeds");
    // 1/√(t+1) covers the least distance and ends behind the constant rate here.
    let budget = |i: usize| (0..race::STEPS).map(|t| race::schedules(race::STEPS, race::WARMUP)[i].lr(race::ETAS[i], t)).sum::<f64>();
    assert!(budget(1) < budget(2) && budget(1) < budget(0) / 4.0);
    assert!(med[1] > med[0], "{med:?}");
}

#[test]
fn the_range_test_grows_the_rate_geometrically_and_suggests_the_steepest_fall() {
    let p = problem();
    let t = lr_finder::RangeTest::new(p.clone(), 1e-4, 10.0, 100, 1, lr_finder::BETA).finish();
    let s = t.samples();
    assert!((s[0].lr - 1e-4).abs() < 1e-18);
    let ratio = (1e5f64).powf(1.0 / 99.0);
    assert!(s.windows(2).all(|w| (w[1].lr / w[0].lr - ratio).abs() < 1e-9));
    // It stopped early, because the loss blew up past 4× its best smoothed value.
    assert!(t.blew_up() && t.steps() < 100);
    let best = s.iter().map(|x| x.smooth).fold(f64::INFINITY, f64::min);
    assert!(s.last().unwrap().smooth > lr_finder::STOP_FACTOR * best);
    // The smoothing: bias-corrected EMA of the losses.
    let b = lr_finder::BETA;
    let (mut avg, mut k) = (0.0, 0);
    for x in s {
        k += 1;
        avg = b * avg + (1.0 - b) * x.loss;
        assert!((x.smooth - avg / (1.0 - b.powi(k))).abs() < 1e-12);
    }
    // The suggestion is the most negative slope before the minimum, by brute force.
    let g = t.suggestion().expect("a suggestion");
    let slopes = lr_finder::slopes(s);
    let min_i = (0..s.len()).min_by(|&a, &b| s[a].smooth.total_cmp(&s[b].smooth)).unwrap();
    let steep_i = (0..=min_i).min_by(|&a, &b| slopes[a].total_cmp(&slopes[b])).unwrap();
    assert_eq!(g.steepest.0, steep_i);
    assert_eq!(g.minimum.0, min_i);
    assert!(g.steepest.1 < g.minimum.1);
    // The slope there really is a fall, and far steeper than at either end of the sweep.
    assert!(slopes[steep_i] < 0.0 && slopes[steep_i] < 10.0 * slopes[0].min(0.0) - 0.1);
    // Training at the suggestion ends closer to the optimum than at the lowest point's rate.
    let best_loss = p.minimum().unwrap().1;
    let train = |lr: f64| {
        let mut r = lr_finder::demo(&p, lr, 200, 1);
        r.run(200);
        r.loss() - best_loss
    };
    assert!(train(g.steepest.1) * 3.0 < train(g.minimum.1), "{} vs {}", train(g.steepest.1), train(g.minimum.1));
    // A slower sweep suggests a smaller rate.
    let slow = lr_finder::RangeTest::new(p.clone(), 1e-4, 10.0, 400, 1, lr_finder::BETA).finish();
    assert!(slow.suggestion().unwrap().steepest.1 < g.steepest.1);
    // No suggestion from a sweep that never gets going.
    let flat = lr_finder::RangeTest::new(p, 1e-6, 1e-5, 50, 1, lr_finder::BETA).finish();
    assert!(flat.suggestion().is_none() || flat.suggestion().unwrap().steepest.1 <= 1e-5);
}

#[test]
fn largest_eigenvalue_by_power_iteration() {
    // A known spectrum: diag(4, 1, 0.25) rotated.
    let (c, s) = (0.6f64, 0.8f64);
    let q = [[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]];
    let d = [4.0, 1.0, 0.25];
    let mut a = vec![0.0; 9];
    for i in 0..3 {
        for j in 0..3 {
            a[i * 3 + j] = (0..3).map(|k| q[i][k] * d[k] * q[j][k]).sum();
        }
    }
    assert!((scaling::largest_eigenvalue(&a, 3) - 4.0).abs() < 1e-10);
    assert_eq!(scaling::largest_eigenvalue(&[0.0; 4], 2), 0.0);
    // The drug regression: the Rayleigh quotient of any vector stays below λ_max.
    let f = scaling::problem();
    let h = f.hessian(&[0.0; 50]).unwrap();
    let l = scaling::largest_eigenvalue(&h, 50);
    for k in 0..50 {
        assert!(h[k * 50 + k] <= l + 1e-9);
    }
    assert!((scaling::stability_limit(&*f).unwrap() - 2.0 / l).abs() < 1e-15);
}

#[test]
fn the_linear_scaling_rule_holds_below_the_stability_limit_and_breaks_above_it() {
    let f = scaling::problem();
    let p: Problem = f.clone();
    let n = f.examples().unwrap();
    assert_eq!(n, 2000);
    let limit = scaling::stability_limit(&*f).unwrap();
    let rs = scaling::runners(n, 128, 0.01, 8, 5.0);
    assert_eq!((rs[1].batch, rs[1].lr), (1024, 0.08));
    assert_eq!(rs[2].schedule, Schedule::Linear { start: 0.125, end: 1.0, total: scaling::steps_for(5.0, n, 1024) });
    assert!(0.08 < limit);
    let ok = scaling::outcomes(&p, &rs, 30.0, 1);
    assert!(ok.iter().all(|o| o.1 == Status::MaxSteps));
    // Per example, the scaled large batch keeps pace with the small one; unscaled it lags far.
    assert!((ok[1].0 / ok[0].0 - 1.0).abs() < 0.15, "{ok:?}");
    assert!(ok[3].0 > 5.0 * ok[0].0, "{ok:?}");
    // Warm-up costs a little, and no more than that, on this quadratic.
    assert!(ok[2].0 > ok[1].0 && ok[2].0 < 1.5 * ok[1].0, "{ok:?}");
    // Past the limit the scaled batch diverges; warm-up only postpones it.
    let bad = scaling::outcomes(&p, &scaling::runners(n, 128, 0.1, 8, 5.0), 30.0, 1);
    assert!(0.8 > limit);
    assert_eq!(bad[1].1, Status::Diverged);
    assert_eq!(bad[2].1, Status::Diverged);
    assert!(bad[2].2 > bad[1].2, "warm-up diverges later: {bad:?}");
    assert_ne!(bad[0].1, Status::Diverged);
    // Runs advanced together stay within one large batch of each other.
    let mut runs = scaling::runs(&p, &rs, 30.0, 1);
    scaling::advance_to(&mut runs, 10_000);
    assert!(runs.iter().all(|r| r.examples() >= 10_000 && r.examples() < 10_000 + 1024), "{:?}", runs.iter().map(Run::examples).collect::<Vec<_>>());
    // A multiplier that would exceed the data is capped at N.
    assert_eq!(scaling::runners(n, 128, 0.01, 100, 0.0)[1].batch, n);
}

#[test]
fn tail_averaging_starts_where_it_is_told_and_is_the_mean_of_what_follows() {
    let p = problem();
    let start = 30;
    let mut r = Run::new(p.clone(), averaging::config(0.05, 8, 100, start, 3).capacity(4096));
    r.run(100);
    let xs: Vec<Vec<f64>> = r.trajectory().iter().map(|(_, x)| x.to_vec()).collect();
    let avg: Vec<Vec<f64>> = r.average_trajectory().unwrap().iter().map(|(_, x)| x.to_vec()).collect();
    assert_eq!(xs.len(), 101);
    assert_eq!(avg.len(), 101);
    assert_eq!(avg[0], START.to_vec());
    for t in 0..=100 {
        let expect: Vec<f64> = if t <= start {
            xs[t].clone()
        } else {
            (0..2).map(|j| xs[start + 1..=t].iter().map(|x| x[j]).sum::<f64>() / (t - start) as f64).collect()
        };
        assert!((avg[t][0] - expect[0]).abs() < 1e-12 && (avg[t][1] - expect[1]).abs() < 1e-12, "t = {t}");
    }
    // The average never feeds back: the raw run is the same with or without it.
    let mut plain = Run::new(p, sgd_config(0.05, Schedule::Constant, 8, 3, 100));
    plain.run(100);
    assert_eq!(plain.position(), r.position());
}

#[test]
fn averaging_everything_lags_while_tail_averaging_settles_closer_with_less_variance() {
    let p = problem();
    let best = p.minimum().unwrap().1;
    let summary = |start: usize| {
        let v = averaging::final_losses(&p, averaging::LR, averaging::BATCH, averaging::STEPS, start, 50);
        let raw: Vec<f64> = v.iter().map(|x| x.0 - best).collect();
        let avg: Vec<f64> = v.iter().map(|x| x.1 - best).collect();
        (mean(&raw), variance(&raw), mean(&avg), variance(&avg))
    };
    // The source's form (from step 1): the average still remembers the start and ends worse.
    let full = summary(0);
    assert!(full.2 > 3.0 * full.0, "{full:?}");
    // Tail averaging from step 100: closer on average, and far steadier across seeds.
    let tail = summary(100);
    assert!(tail.2 < tail.0 / 3.0, "{tail:?}");
    assert!(tail.3 < tail.1 / 20.0, "{tail:?}");
    // The widget's single run: over its last 100 steps the averaged loss varies less.
    let mut r = Run::new(p.clone(), averaging::config(averaging::LR, averaging::BATCH, averaging::STEPS, 100, 1));
    r.run(averaging::STEPS);
    let (raw_var, avg_var) = averaging::loss_variances(&r, averaging::WINDOW).unwrap();
    assert!(avg_var < raw_var / 10.0, "{avg_var} vs {raw_var}");
    // Not enough steps yet: no variance.
    let fresh = Run::new(p, averaging::config(0.05, 8, 300, 100, 1));
    assert!(averaging::loss_variances(&fresh, 100).is_none());
}
