//! Beyond the layers: data generators, SVRG / SAGA / SAM steps against hand computation, the
//! exact variance of gradient estimates, the drug-sensitivity race and variance reduction.

use sgd_layers::core::beyond::{drug, estimate_variance, vr};
use sgd_layers::core::dataset::{ACTIVE_GENES, Dataset, drug_sensitivity, two_blobs};
use sgd_layers::core::model::{LeastSquares, Logistic};
use sgd_layers::core::optimizer::{Optimizer, OptimizerConfig};
use sgd_layers::core::oracle::{Estimator, Noise, Oracle, epoch_permutation};
use sgd_layers::core::problem::{Objective, Problem, finite_diff_grad};
use sgd_layers::core::stats::{correlation, mean};

/// Three examples in one dimension: x = (1, 2, 3), y = (1, 1, 4). ℓₙ(θ) = ½(xₙθ − yₙ)², so
/// ∇ℓₙ(θ) = xₙ(xₙθ − yₙ): at θ = 0 the per-example gradients are (−1, −2, −12) with mean −5,
/// and ∇ℓₙ(θ) − ∇ℓₙ(0) = xₙ²θ.
fn tiny() -> LeastSquares {
    let data = Dataset { n: 3, d: 1, x: vec![1.0, 2.0, 3.0], y: vec![1.0, 1.0, 4.0], truth: vec![] };
    LeastSquares::new(data, "tiny")
}

#[test]
fn drug_data_has_its_shape_and_active_genes() {
    let d = drug_sensitivity(drug::DATA_SEED);
    assert_eq!((d.n, d.d, d.x.len(), d.y.len(), d.truth.len()), (2000, 50, 100_000, 2000, 50));
    let active: Vec<usize> = (0..50).filter(|&j| d.truth[j] != 0.0).collect();
    assert_eq!(active, ACTIVE_GENES.to_vec());
    assert_eq!(ACTIVE_GENES, [0, 3, 7, 12, 18, 25, 31, 38, 42, 47]);
    // Residual noise of the generating model: σ = 1.5.
    let resid: Vec<f64> = (0..d.n).map(|i| d.y[i] - d.row(i).iter().zip(&d.truth).map(|(a, b)| a * b).sum::<f64>()).collect();
    let sd = (resid.iter().map(|r| r * r).sum::<f64>() / d.n as f64).sqrt();
    assert!((sd - 1.5).abs() < 0.08, "noise sd {sd}");
    // Other seeds give other data with the same active genes.
    let e = drug_sensitivity(7);
    assert_ne!(e.y, d.y);
    assert_eq!((0..50).filter(|&j| e.truth[j] != 0.0).collect::<Vec<_>>(), ACTIVE_GENES.to_vec());
}

#[test]
fn two_blobs_has_two_balanced_classes() {
    let d = two_blobs(3);
    assert_eq!((d.n, d.d, d.x.len()), (200, 2, 400));
    assert_eq!(d.y.iter().filter(|&&y| y == 1.0).count(), 100);
    assert!(d.y.iter().all(|&y| y == 0.0 || y == 1.0));
    // Class means near ±(1.0, 0.6).
    let m1 = mean(&(0..200).filter(|i| d.y[*i] == 1.0).map(|i| d.row(i)[0]).collect::<Vec<_>>());
    assert!((m1 - 1.0).abs() < 0.25, "class-1 mean {m1}");
}

#[test]
fn logistic_loss_and_gradient_match_finite_differences() {
    let f = Logistic::new(two_blobs(3), 0.01);
    for x in [[0.0, 0.0], [1.3, -0.7], [-2.0, 3.0]] {
        let mut g = [0.0; 2];
        f.grad(&x, &mut g);
        let fd = finite_diff_grad(&f, &x, 1e-6);
        for i in 0..2 {
            assert!((g[i] - fd[i]).abs() < 1e-6, "{x:?}: {g:?} vs {fd:?}");
        }
    }
    // At θ = 0 every prediction is ½: the cross-entropy is log 2.
    assert!((f.value(&[0.0, 0.0]) - 2f64.ln()).abs() < 1e-12);
    // Newton's minimiser has zero gradient.
    let (m, _) = f.minimum().unwrap();
    let mut g = [0.0; 2];
    f.grad(&m, &mut g);
    assert!(g[0].abs() < 1e-10 && g[1].abs() < 1e-10);
}

#[test]
fn svrg_steps_by_hand() {
    let f = tiny();
    let seed = 5;
    let perm = epoch_permutation(seed, 0, 3);
    let mut o = Oracle::new(Noise::MiniBatch { batch: 1, epochs: true }, Estimator::Svrg { period: 10 }, seed);
    let mut g = [0.0];
    // Step 0 at θ = 0 takes the snapshot θ̃ = 0, μ = −5, and ĝ = ∇ℓᵢ(0) − ∇ℓᵢ(0) + μ = −5:
    // three per-example gradients for μ and two for the batch.
    let cost = o.gradient(&f, &[0.0], 0, &mut g);
    assert_eq!(g[0], -5.0);
    assert_eq!(cost, 3 + 2);
    // Step 1 at θ = 0.5: ĝ = 0.5·xⱼ² − 5, i.e. −4.5, −3 or −0.5 for j = 0, 1, 2.
    let cost = o.gradient(&f, &[0.5], 1, &mut g);
    assert_eq!(g[0], [-4.5, -3.0, -0.5][perm[1]]);
    assert_eq!(cost, 2);
    assert_eq!(o.snapshot().unwrap(), (&[0.0][..], &[-5.0][..]));
    // Step 10 refreshes the snapshot at θ = 1: μ = mean xₙ(xₙ − yₙ) = (0 + 2 − 3)/3.
    let cost = o.gradient(&f, &[1.0], 10, &mut g);
    assert_eq!(cost, 5);
    assert!((o.snapshot().unwrap().1[0] + 1.0 / 3.0).abs() < 1e-15);
    assert!((g[0] + 1.0 / 3.0).abs() < 1e-15, "at the snapshot ĝ is μ: {}", g[0]);
}

#[test]
fn saga_steps_by_hand() {
    let f = tiny();
    let seed = 5;
    let perm = epoch_permutation(seed, 0, 3);
    let (j, k) = (perm[1], perm[2]);
    let x = [1.0, 2.0, 3.0];
    let y = [1.0, 1.0, 4.0];
    let mut o = Oracle::new(Noise::MiniBatch { batch: 1, epochs: true }, Estimator::Saga, seed);
    let mut g = [0.0];
    // Step 0 fills the table at θ = 0: φ = (−1, −2, −12), mean −5; ĝ = −5.
    let cost = o.gradient(&f, &[0.0], 0, &mut g);
    assert_eq!((g[0], cost), (-5.0, 4));
    assert_eq!(o.saga_table().unwrap(), (&[-1.0, -2.0, -12.0][..], &[-5.0][..]));
    // Step 1 at θ = 0.5 sees example j: ĝ = −5 + 0.5·xⱼ², and φⱼ becomes xⱼ(0.5xⱼ − yⱼ).
    let cost = o.gradient(&f, &[0.5], 1, &mut g);
    assert_eq!((g[0], cost), ([-4.5, -3.0, -0.5][j], 1));
    let phi_j = x[j] * (0.5 * x[j] - y[j]);
    let (table, m) = o.saga_table().unwrap();
    assert_eq!(table[j], phi_j);
    let old = [-1.0, -2.0, -12.0];
    assert!((m[0] - (-5.0 + (phi_j - old[j]) / 3.0)).abs() < 1e-15);
    // Step 2 at θ = 0.2 sees example k, whose stored gradient is still the one from θ = 0:
    // ĝ = new mean + xₖ(0.2xₖ − yₖ) − φₖ(0) = new mean + 0.2·xₖ².
    o.gradient(&f, &[0.2], 2, &mut g);
    assert!((g[0] - (m0(phi_j, j) + 0.2 * x[k] * x[k])).abs() < 1e-14, "{}", g[0]);

    fn m0(phi_j: f64, j: usize) -> f64 {
        -5.0 + (phi_j - [-1.0, -2.0, -12.0][j]) / 3.0
    }
}

/// L(θ) = ½(3θ₁² + 4θ₂²): ∇L = (3θ₁, 4θ₂).
struct Bowl;
impl Objective for Bowl {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        0.5 * (3.0 * x[0] * x[0] + 4.0 * x[1] * x[1])
    }
    fn grad(&self, x: &[f64], g: &mut [f64]) {
        g[0] = 3.0 * x[0];
        g[1] = 4.0 * x[1];
    }
    fn name(&self) -> &str {
        "bowl"
    }
}

#[test]
fn sam_step_by_hand() {
    // At θ = (1, 1): g = (3, 4), ‖g‖ = 5, ε = ρg/‖g‖ = 0.5·(0.6, 0.8) = (0.3, 0.4); the SAM
    // gradient is ∇L(1.3, 1.4) = (3.9, 5.6), and SGD at α = 0.1 moves to (0.61, 0.44).
    let mut o = Oracle::new(Noise::Exact, Estimator::Sam { rho: 0.5 }, 0);
    let mut g = [0.0; 2];
    o.gradient(&Bowl, &[1.0, 1.0], 0, &mut g);
    assert!((g[0] - 3.9).abs() < 1e-14 && (g[1] - 5.6).abs() < 1e-14, "{g:?}");
    let mut theta = [1.0, 1.0];
    Optimizer::new(OptimizerConfig::sgd(0.1), 2).step(&mut theta, &g, 0.1);
    assert!((theta[0] - 0.61).abs() < 1e-14 && (theta[1] - 0.44).abs() < 1e-14, "{theta:?}");
    // On a finite sum it uses one mini-batch for both gradients and costs two per example:
    // tiny data at θ = 0 with the full batch: g = −5, ε = −ρ, ∇L(−ρ) = −ρ·14/3 − 5.
    let mut o = Oracle::new(Noise::Exact, Estimator::Sam { rho: 0.1 }, 0);
    let mut g = [0.0];
    let cost = o.gradient(&tiny(), &[0.0], 0, &mut g);
    assert!((g[0] - (-0.1 * 14.0 / 3.0 - 5.0)).abs() < 1e-14, "{}", g[0]);
    assert_eq!(cost, 6);
    // ρ = 0 is the plain gradient.
    let mut o = Oracle::new(Noise::Exact, Estimator::Sam { rho: 0.0 }, 0);
    let mut g = [0.0; 2];
    o.gradient(&Bowl, &[1.0, 1.0], 0, &mut g);
    assert_eq!(g, [3.0, 4.0]);
}

#[test]
fn estimate_variance_matches_the_spread_of_sampled_gradients() {
    let f = vr::problem();
    let x = [0.3, 1.1];
    for (batch, est) in [(1, Estimator::Plain), (4, Estimator::Plain), (1, Estimator::Svrg { period: 1_000_000 })] {
        let mut o = Oracle::new(Noise::MiniBatch { batch, epochs: false }, est, 9);
        let mut g = [0.0; 2];
        // Take the SVRG snapshot at another point (0, 1), then measure at x.
        o.gradient(&*f, &[0.0, 1.0], 0, &mut g);
        let exact = estimate_variance(&*f, &o, &x, batch).unwrap();
        let mut full = [0.0; 2];
        f.grad(&x, &mut full);
        let draws = 20_000;
        let mut acc = 0.0;
        for t in 1..=draws {
            o.gradient(&*f, &x, t, &mut g);
            acc += (g[0] - full[0]).powi(2) + (g[1] - full[1]).powi(2);
        }
        let mc = acc / draws as f64;
        assert!((mc / exact - 1.0).abs() < 0.05, "batch {batch}: Monte Carlo {mc} vs exact {exact}");
    }
    // SVRG with the snapshot at x itself has zero variance.
    let mut o = Oracle::new(Noise::MiniBatch { batch: 1, epochs: false }, Estimator::Svrg { period: 10 }, 9);
    o.gradient(&*f, &x, 0, &mut [0.0; 2]);
    assert!(estimate_variance(&*f, &o, &x, 1).unwrap() < 1e-24);
    // The full batch has zero variance.
    let o = Oracle::new(Noise::MiniBatch { batch: 200, epochs: false }, Estimator::Plain, 9);
    assert!(estimate_variance(&*f, &o, &x, 200).unwrap().abs() < 1e-20);
}

#[test]
fn drug_race_recovers_the_genes_at_the_defaults() {
    let f = drug::problem();
    let (opt, best) = f.minimum().unwrap();
    let truth = f.data.truth.clone();
    let mut runs = drug::runs(drug::LRS, drug::BATCH, drug::STEPS, 1);
    for r in runs.iter_mut() {
        r.run(drug::STEPS);
    }
    let corr: Vec<f64> = runs.iter().map(|r| correlation(r.position(), &truth)).collect();
    let loss: Vec<f64> = runs.iter().map(|r| r.loss()).collect();
    println!("optimum loss {best:.4}, OLS correlation {:.4}", correlation(&opt, &truth));
    for (i, k) in drug::KINDS.iter().enumerate() {
        println!("{}: loss {:.4}, corr {:.4}", k.label(), loss[i], corr[i]);
    }
    assert!(corr[0] > 0.9 && corr[3] > 0.9, "SGD and Adam recover the genes: {corr:?}");
    assert!(corr[1] > 0.9, "AdaGrad too: {corr:?}");
    // RMSProp at 0.001 is far from done: its loss is several times the optimum.
    assert!(loss[2] > 2.0 * best, "RMSProp's loss {} vs optimum {best}", loss[2]);
    assert!(loss[2] > 5.0 * best, "RMSProp's loss {} vs optimum {best}", loss[2]);
    // SGD ends close to the optimum; Adam recovers the genes but its loss is still above it.
    assert!(loss[0] < 1.05 * best && loss[3] > loss[0], "{loss:?}");
}

#[test]
fn variance_reduction_ends_below_sgds_floor() {
    let f: Problem = vr::problem();
    let best = f.minimum().unwrap().1;
    let mut runs = vr::runs(&f, vr::LR, vr::BATCH, vr::PERIOD, vr::STEPS, 1);
    for r in runs.iter_mut() {
        r.run(vr::STEPS);
    }
    let excess: Vec<f64> = runs.iter().map(|r| r.loss() - best).collect();
    let var: Vec<f64> = runs.iter().map(|r| estimate_variance(&*f, r.oracle(), r.position(), vr::BATCH).unwrap()).collect();
    let cost: Vec<u64> = runs.iter().map(|r| r.examples()).collect();
    println!("excess {excess:?}\nvariance {var:?}\ncost {cost:?}");
    assert!(excess[0] > 1e-4, "SGD sits on its floor: {}", excess[0]);
    // Both end orders of magnitude below SGD's floor (and SVRG, whose snapshots make the
    // estimate exact as θ settles, at rounding level).
    assert!(excess[1] < 1e-10 && excess[2] < 1e-4 * excess[0], "{excess:?}");
    assert!(var[1] < 1e-6 * var[0] && var[2] < 1e-4 * var[0], "{var:?}");
    // Costs: SGD one gradient a step; SVRG two a step plus N per snapshot; SAGA N once plus one.
    assert_eq!(cost[0], vr::STEPS as u64);
    assert_eq!(cost[1], (2 * vr::STEPS + 200 * vr::STEPS.div_ceil(vr::PERIOD)) as u64);
    assert_eq!(cost[2], (vr::STEPS + 200) as u64);
}


#[test]
fn sharp_flat_landscape_and_sam_prefers_the_flat_minimum() {
    use sgd_layers::core::beyond::sharp_flat::{self as sf, Landscape, shape, slope};
    // The shape's slope is its derivative.
    for x in [-2.0, -1.1, -0.7, 0.0, 0.9, 2.0] {
        let fd = (shape(x + 1e-6) - shape(x - 1e-6)) / 2e-6;
        assert!((slope(x) - fd).abs() < 1e-6, "{x}: {} vs {fd}", slope(x));
    }
    let land = Landscape::new(sf::TAU, 1);
    assert_eq!(land.shifts.len(), sf::N);
    assert!(mean(&land.shifts).abs() < 1e-12);
    let fdg = finite_diff_grad(&land, &[-0.8], 1e-6);
    let mut g = [0.0];
    land.grad(&[-0.8], &mut g);
    assert!((g[0] - fdg[0]).abs() < 1e-6);
    let border = land.border();
    assert!(border > sf::SHARP && border < sf::FLAT, "border {border}");
    let f: Problem = std::rc::Rc::new(land.clone());
    let mut runs = sf::runs(&f, sf::LR, sf::BATCH, sf::RHO, sf::STEPS, sf::STARTS, 1);
    for r in runs.iter_mut() {
        r.run(sf::STEPS);
    }
    let ends: Vec<f64> = runs.iter().map(|r| r.position()[0]).collect();
    let (sgd, sam) = ends.split_at(sf::STARTS);
    let (a, b) = (sf::flat_share(sgd, border), sf::flat_share(sam, border));
    println!("border {border:.3}; flat share SGD {a:.2}, SAM {b:.2}; sharp loss {:.3}, flat loss {:.3}", land.value(&[sf::SHARP]), land.value(&[sf::FLAT]));
    assert!(b > a + 0.1, "SAM favours the flat minimum: SGD {a}, SAM {b}");
    // The sharp minimum is the deeper one: SGD's choice is not about depth.
    assert!(land.value(&[sf::SHARP]) < land.value(&[sf::FLAT]));
}

mod logistic_widget {
    use sgd_layers::core::beyond::logistic::{self, BATCH, DATA, L2, L2_RANGE, LR, SEP, SEP_RANGE, START, STEPS, WEIGHTS, accuracy, boundary};
    use sgd_layers::core::dataset::{blobs, two_blobs};
    use sgd_layers::core::problem::{Objective, Problem};

    #[test]
    fn blobs_scale_the_class_means_and_keep_the_noise() {
        assert_eq!(blobs(3, 1.0), two_blobs(3));
        let (a, b) = (blobs(3, 0.5), blobs(3, 1.5));
        // The same draws: the difference of two separations is exactly the shift of the means.
        for i in 0..a.n {
            let s = if a.y[i] > 0.5 { 1.0 } else { -1.0 };
            assert!((b.row(i)[0] - a.row(i)[0] - s * 1.0).abs() < 1e-12);
            assert!((b.row(i)[1] - a.row(i)[1] - s * 0.6).abs() < 1e-12);
        }
        // Sample class means near ±sep·(1, 0.6): 100 points of unit variance, sd of a mean 0.1.
        for sep in [0.3, 1.0, 1.6] {
            let d = blobs(11, sep);
            for (label, sign) in [(1.0, 1.0), (0.0, -1.0)] {
                let rows: Vec<&[f64]> = (0..d.n).filter(|&i| d.y[i] == label).map(|i| d.row(i)).collect();
                assert_eq!(rows.len(), 100);
                let m0 = rows.iter().map(|r| r[0]).sum::<f64>() / 100.0;
                let m1 = rows.iter().map(|r| r[1]).sum::<f64>() / 100.0;
                assert!((m0 - sign * sep).abs() < 0.35 && (m1 - sign * 0.6 * sep).abs() < 0.35, "sep {sep}: means ({m0}, {m1})");
            }
        }
    }

    #[test]
    fn boundary_is_the_line_clipped_to_the_window() {
        for theta in [[1.9, 1.1], [-1.5, 2.5], [0.0, 3.0], [2.0, 0.0], [1e-3, -4.0]] {
            for c in [0.0, 1.1, -2.0] {
                let [p, q] = boundary(&theta, c, DATA).expect("the line crosses the window");
                for e in [p, q] {
                    assert!((theta[0] * e.0 + theta[1] * e.1 - c).abs() < 1e-9, "on the line");
                    let inside = |v: f64, r: (f64, f64)| v >= r.0 - 1e-9 && v <= r.1 + 1e-9;
                    assert!(inside(e.0, DATA.0) && inside(e.1, DATA.1), "inside");
                    let on_edge = |v: f64, r: (f64, f64)| (v - r.0).abs() < 1e-9 || (v - r.1).abs() < 1e-9;
                    assert!(on_edge(e.0, DATA.0) || on_edge(e.1, DATA.1), "{e:?} on the window's edge");
                }
                assert!(((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt() > 1.0);
            }
        }
        assert!(boundary(&[0.0, 0.0], 0.0, DATA).is_none());
        assert!(boundary(&[f64::NAN, 1.0], 0.0, DATA).is_none());
        // A line that misses the window: x₁ = 10.
        assert!(boundary(&[1.0, 0.0], 10.0, DATA).is_none());
    }

    #[test]
    fn angle_between_weight_vectors() {
        use sgd_layers::core::beyond::logistic::angle_deg;
        assert!((angle_deg(&[1.0, 0.0], &[0.0, 2.0]) - 90.0).abs() < 1e-12);
        assert!(angle_deg(&[1.0, 1.0], &[3.0, 3.0]).abs() < 1e-6);
        assert!((angle_deg(&[1.0, 2.0], &[-2.0, -4.0]) - 180.0).abs() < 1e-5);
        assert!((angle_deg(&[1.0, 0.0], &[1.0, 3f64.sqrt()]) - 60.0).abs() < 1e-9);
        assert_eq!(angle_deg(&[0.0, 0.0], &[1.0, 1.0]), 0.0);
        assert_eq!(angle_deg(&[f64::NAN, 1.0], &[1.0, 1.0]), 0.0);
    }

    #[test]
    fn accuracy_counts_the_sides() {
        let f = logistic::problem(SEP, L2);
        let (opt, _) = f.minimum().unwrap();
        let acc = accuracy(&f.data, &opt);
        // The Bayes rule for these classes is right with probability Φ(‖Δμ‖/2) = Φ(1.166) ≈ 0.878.
        assert!((acc - 0.878).abs() < 0.06, "accuracy {acc}");
        assert!((accuracy(&f.data, &[-opt[0], -opt[1]]) - (1.0 - acc)).abs() < 1e-12);
        // Far-apart classes are nearly all right, overlapping ones much less.
        let far = logistic::problem(SEP_RANGE.1, L2);
        let near = logistic::problem(SEP_RANGE.0, L2);
        assert!(accuracy(&far.data, &far.minimum().unwrap().0) > 0.95);
        assert!(accuracy(&near.data, &near.minimum().unwrap().0) < 0.75);
    }

    #[test]
    fn the_optimum_fits_the_weight_window_over_the_parameter_ranges() {
        for sep in [SEP_RANGE.0, SEP, SEP_RANGE.1] {
            for l2 in [L2_RANGE.0, L2, L2_RANGE.1] {
                let (opt, _) = logistic::problem(sep, l2).minimum().unwrap();
                assert!(opt[0] > WEIGHTS.0.0 && opt[0] < WEIGHTS.0.1 && opt[1] > WEIGHTS.1.0 && opt[1] < WEIGHTS.1.1, "sep {sep}, λ {l2}: {opt:?}");
            }
        }
        // A larger λ pulls the optimum in.
        let n = |l2: f64| logistic::problem(SEP, l2).minimum().unwrap().0.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert!(n(1.0) < n(0.01) && n(0.01) < n(0.001));
    }

    #[test]
    fn sgd_turns_the_boundary_and_settles_near_the_optimum() {
        let f = logistic::problem(SEP, L2);
        let p: Problem = f.clone();
        let (opt, best) = f.minimum().unwrap();
        let start_acc = accuracy(&f.data, &START);
        let mut r = logistic::run(&p, LR, BATCH, STEPS, START, 1);
        r.run(STEPS);
        let x = r.position();
        assert!(start_acc < 0.6, "the start is turned the wrong way: {start_acc}");
        assert!(accuracy(&f.data, x) > 0.83, "after {STEPS} steps: {}", accuracy(&f.data, x));
        assert!(r.loss() - best < 0.02, "gap {}", r.loss() - best);
        // Gradient descent (B = N) at the same α goes all the way.
        let mut gd = logistic::run(&p, LR, 200, 4000, START, 1);
        gd.run(4000);
        let dist = gd.position().iter().zip(&opt).map(|(a, b)| (a - b).powi(2)).sum::<f64>().sqrt();
        assert!(dist < 1e-6, "GD distance {dist}");
    }
}
