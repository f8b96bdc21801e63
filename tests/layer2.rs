//! Native tests of Layer 2's landscapes and experiments: gradients against finite differences
//! over the whole plotted windows, the positions and kinds of the saddle and the minima, the
//! sweeps that the widgets spread over frames, and the claims the chapter makes.

mod common;
use common::assert_grad_matches;
use proptest::prelude::*;
use sgd_layers::core::critical::{PointKind, classify, local_minima_1d};
use sgd_layers::core::experiments::{end_points, steps_until};
use sgd_layers::core::landscape::{Landscape, cliff as cliff_consts};
use sgd_layers::core::layer2::{cliff, curve, saddle};
use sgd_layers::core::optimizer::Clip;
use sgd_layers::core::oracle::Noise;
use sgd_layers::core::problem::{Objective, curvatures, norm};
use sgd_layers::core::run::{Run, Status};
use sgd_layers::core::stats::quantile;
use sgd_layers::core::sweep::{Sweep, hit_times};


proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Every point of each widget's plotted window, including the cliff's face and plateau
    /// (x from −3 to 6), which the core-wide test does not reach.
    #[test]
    fn layer2_gradients_match_central_differences_over_their_views(u in 0.0f64..1.0, v in 0.0f64..1.0) {
        for l in [Landscape::Saddle, Landscape::Wiggly, Landscape::Cliff] {
            let ((x0, x1), (y0, y1)) = l.view();
            let x = x0 + u * (x1 - x0);
            let p = if l.dim() == 1 { vec![x] } else { vec![x, y0 + v * (y1 - y0)] };
            assert_grad_matches(&l, &p);
        }
    }
}

#[test]
fn cliff_gradient_matches_on_the_face_itself() {
    let e = cliff_consts::EDGE;
    for dx in [-0.5, -0.2, -0.05, 0.0, 0.05, 0.2, 0.5] {
        assert_grad_matches(&Landscape::Cliff, &[e + dx, 0.7]);
    }
    // The steepest point is the edge: H·S/4.
    let mut g = [0.0; 2];
    Landscape::Cliff.grad(&[e, 0.0], &mut g);
    let expect = cliff_consts::HEIGHT * cliff_consts::STEEPNESS / 4.0 + 2.0 * cliff_consts::FLOOR * e;
    assert!((g[0] - expect).abs() < 1e-9, "{g:?}");
}

#[test]
fn saddle_and_minima_sit_where_the_chapter_says() {
    let f = Landscape::Saddle;
    assert_eq!(classify(&f, &[0.0, 0.0], 1e-12), PointKind::Saddle);
    assert_eq!(classify(&f, &[0.0, 1.0], 1e-12), PointKind::Minimum);
    assert_eq!(classify(&f, &[0.0, -1.0], 1e-12), PointKind::Minimum);
    assert_eq!(classify(&f, &[0.3, 0.0], 1e-12), PointKind::Slope);
    // Curvatures: +1 along x everywhere; −1 along y at the saddle, +2 at the minima.
    assert_eq!(curvatures(&f, &[0.0, 0.0]), Some((-1.0, 1.0)));
    assert_eq!(curvatures(&f, &[0.0, 1.0]), Some((1.0, 2.0)));
    assert_eq!(f.value(&[0.0, 0.0]), 0.0);
    assert_eq!(f.value(&[0.0, 1.0]), -0.25);
    assert_eq!(f.value(&[0.0, -1.0]), -0.25);
    assert_eq!(f.minimum(), Some((vec![0.0, 1.0], -0.25)));
    // No other stationary point in the view: scan for small gradients.
    let ((x0, x1), (y0, y1)) = f.view();
    let mut g = [0.0; 2];
    for i in 0..=200 {
        for j in 0..=200 {
            let p = [x0 + (x1 - x0) * i as f64 / 200.0, y0 + (y1 - y0) * j as f64 / 200.0];
            f.grad(&p, &mut g);
            if norm(&g) < 1e-3 {
                assert!(p[0].abs() < 1e-2 && (p[1].abs() < 1e-2 || (p[1].abs() - 1.0).abs() < 1e-2), "stationary near {p:?}");
            }
        }
    }
    // The stable line: on y = 0 the gradient has no y component, so exact steps never leave it.
    for x in [-2.0, -0.4, 0.7, 1.5] {
        f.grad(&[x, 0.0], &mut g);
        assert_eq!(g[1], 0.0);
    }
}

#[test]
fn gradient_descent_stops_at_the_saddle_sgd_escapes_and_falls_below_it() {
    let (lr, start) = (saddle::LR, saddle::START);
    let mut gd = Run::new(saddle::problem(), saddle::config(lr, start, Noise::Exact, 0, 2000));
    gd.run(2000);
    assert_eq!(gd.status(), Status::Converged);
    assert_eq!(classify(&*saddle::problem(), gd.position(), 1e-6), PointKind::Saddle);
    assert!(gd.loss().abs() < 1e-15 && gd.grad_norm() < saddle::TOL);
    assert_eq!(saddle::gd_escape(lr, start, 2000), None, "GD never escapes from the stable line");
    // A hair off the line it does escape, late.
    let late = saddle::gd_escape(lr, [1.5, 1e-8], 2000).expect("escapes");
    assert!(late > 150, "off by 1e-8: escapes at {late}");

    for seed in 1..=20 {
        let mut sgd = Run::new(saddle::problem(), saddle::config(lr, start, Noise::Gaussian { sigma: 0.1 }, seed, 300));
        sgd.run(300);
        assert!(sgd.loss() < -0.15, "seed {seed}: SGD ends at loss {} (saddle 0, minima −¼)", sgd.loss());
        assert!((sgd.position()[1].abs() - 1.0).abs() < 0.3, "seed {seed} ends near a minimum: {:?}", sgd.position());
    }
}

#[test]
fn a_sweep_in_small_budgets_equals_one_done_at_once_and_the_old_helpers() {
    let one = saddle::escape_sweep(0.1, saddle::START, &[0.01, 1.0], 12, 400).finish();
    let mut bit = saddle::escape_sweep(0.1, saddle::START, &[0.01, 1.0], 12, 400);
    let mut calls = 0;
    while bit.advance(7) {
        calls += 1;
        assert!(calls < 10_000);
    }
    assert_eq!(one.outcomes(), bit.outcomes());
    assert_eq!(one.progress(), (24, 24));
    assert!(calls > 20, "the work was spread over {calls} calls");
    for o in one.outcomes() {
        let cfg = one.jobs()[o.job].clone();
        assert_eq!(steps_until(saddle::problem(), cfg, saddle::escaped), o.hit.then_some(o.steps));
    }
    let ends = curve::end_sweep(3.0, 0.03, 300, 10).finish();
    let old = end_points(&curve::problem(), &curve::config(0.03, 300, Noise::Gaussian { sigma: 3.0 }, 0), 1, 10);
    for (o, (x, loss, st)) in ends.outcomes().iter().zip(&old) {
        assert_eq!((&o.position, o.loss, o.status), (x, *loss, *st));
    }
    // An empty sweep is done at once.
    let mut none = Sweep::new(saddle::problem(), vec![], None);
    assert!(!none.advance(10) && none.is_done());
}

#[test]
fn more_noise_escapes_sooner() {
    let sigmas = [0.001, 0.01, 0.1, 1.0];
    let s = saddle::escape_sweep(saddle::LR, saddle::START, &sigmas, 40, 1000).finish();
    let medians: Vec<f64> = s
        .outcomes()
        .chunks(40)
        .map(|group| {
            let (times, misses) = hit_times(group);
            assert_eq!(misses, 0, "every seed escapes within 1000 steps");
            quantile(&times, 0.5)
        })
        .collect();
    assert!(medians.windows(2).all(|w| w[0] > w[1]), "medians fall with σ: {medians:?}");
    assert!(medians[0] > 60.0 && medians[3] < 25.0, "{medians:?}");
}

#[test]
fn the_curve_has_the_minima_the_chapter_names() {
    let f = Landscape::Wiggly;
    let minima = local_minima_1d(&f, -2.0, 7.0, 2000);
    let (t_star, v_star) = f.minimum().unwrap();
    let best = minima.iter().copied().fold((0.0, f64::INFINITY), |a, b| if b.1 < a.1 { b } else { a });
    assert!((best.0 - t_star[0]).abs() < 1e-9 && (best.1 - v_star).abs() < 1e-12, "{best:?} vs {t_star:?}");
    assert!((best.0 - 3.527).abs() < 1e-3 && (best.1 + 1.82).abs() < 0.01, "global minimum {best:?}");
    for (t, _) in &minima {
        assert_eq!(classify(&f, &[*t], 1e-8), PointKind::Minimum, "θ = {t}");
    }
    let near = |t: f64| minima.iter().find(|m| (m.0 - t).abs() < 0.01).copied();
    assert!(near(1.614).is_some_and(|m| (m.1 + 1.31).abs() < 0.01), "{minima:?}");
    assert!(near(5.607).is_some_and(|m| (m.1 - 1.90).abs() < 0.01), "{minima:?}");
    // Gradient descent from θ = −1 stops in the first basin, at a local minimum with loss 3.61.
    let (t_gd, l_gd) = curve::gd_end(curve::LR, curve::STEPS);
    assert!((t_gd + 0.277).abs() < 1e-3 && (l_gd - 3.612).abs() < 1e-3, "GD ends at {t_gd}, {l_gd}");
    assert!(near(t_gd).is_some(), "GD's end point {t_gd} is one of the minima {minima:?}");
}

#[test]
fn noise_helps_on_the_curve_only_in_a_middle_range() {
    let (_, gd) = curve::gd_end(curve::LR, curve::STEPS);
    let at = |sigma: f64, lr: f64| curve::summarize(curve::end_sweep(sigma, lr, curve::STEPS, 100).finish().outcomes(), gd);
    let small = at(3.0, 0.03);
    let middle = at(10.0, 0.03);
    let large = at(40.0, 0.03);
    let bigger_step = at(3.0, 0.1);
    assert!(small.better <= 5 && small.median_loss > gd, "σ = 3 jitters in the first basin: {small:?}");
    assert!(middle.better >= 90 && middle.median_loss < 0.0, "σ = 10 finds deeper basins: {middle:?}");
    assert!(large.median_loss > middle.median_loss + 2.0, "σ = 40 scatters: {large:?}");
    assert!(bigger_step.better >= 80, "α = 0.1 with σ = 3 escapes: {bigger_step:?}");
    assert_eq!(small.diverged + middle.diverged + large.diverged, 0);
}

#[test]
fn cliff_clipping_bounds_every_step() {
    let w = cliff::run(cliff::LR, Clip::None, cliff::START, 500);
    let (plain, longest) = (&w.run, w.longest);
    assert_eq!(plain.status(), Status::Diverged);
    assert!(longest > 50.0, "the unclipped step off the cliff is {longest} long");
    assert!(w.peak > 100.0, "the face's gradient norm {}", w.peak);
    assert!(plain.trajectory().iter().all(|(p, x)| p.loss.is_finite() && p.grad_norm.is_finite() && x.iter().all(|v| v.is_finite())));
    for c in [0.5, 1.0, 5.0] {
        let cliff::Watched { run: r, longest, peak } = cliff::run(cliff::LR, Clip::Norm(c), cliff::START, 500);
        assert_ne!(r.status(), Status::Diverged, "norm {c}");
        assert!(peak > 900.0, "clipping acted on a gradient of norm {peak}");
        assert!(longest <= cliff::LR * c + 1e-12, "clip by norm {c}: longest step {longest} ≤ αc");
        let cliff::Watched { run: r, longest, .. } = cliff::run(cliff::LR, Clip::Value(c), cliff::START, 500);
        assert_ne!(r.status(), Status::Diverged, "value {c}");
        assert!(longest <= cliff::LR * c * 2f64.sqrt() + 1e-12, "clip by value {c}: longest step {longest} ≤ αc√2");
    }
}
