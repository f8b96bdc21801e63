//! Beyond the layers: a real-sized application (drug sensitivity from gene expression), variance
//! reduction (SVRG, SAGA), and why SGD converges at all. Every number is computed by the core a
//! moment after the chapter mounts.

use super::layer4::{later, or_wait};
use crate::core::beyond::{drug, estimate_variance, vr};
use crate::core::problem::{Objective, Problem};
use crate::core::stats::{correlation, mean};
use crate::format::sig;
use crate::ui::components::{Lazy, Math};
use crate::ui::widgets::{drug_sensitivity, logistic, mistakes, practice, sharp_flat, variance_reduction};
use crate::core::beyond::logistic as lg;
use crate::core::mistakes::{self as mk, Measure, Preset};
use crate::core::beyond::sharp_flat as sf;
use leptos::prelude::*;

/// The drug race at the widget's defaults (seed 1): per optimizer (loss, correlation, largest
/// |coefficient|), the optimum's loss, its correlation and largest |coefficient|.
#[derive(Clone)]
struct DrugNumbers {
    runs: Vec<(f64, f64, f64)>,
    best: f64,
    ols_corr: f64,
    far: f64,
}

fn drug_numbers() -> DrugNumbers {
    let f = drug::problem();
    let (opt, best) = f.minimum().unwrap_or((vec![0.0; 50], 0.0));
    let truth = &f.data.truth;
    let max_abs = |v: &[f64]| v.iter().fold(0.0f64, |a, b| a.max(b.abs()));
    let mut runs = drug::runs(drug::LRS, drug::BATCH, drug::STEPS, 1);
    let runs = runs
        .iter_mut()
        .map(|r| {
            r.run(drug::STEPS);
            (r.loss(), correlation(r.position(), truth), max_abs(r.position()))
        })
        .collect();
    DrugNumbers { runs, best, ols_corr: correlation(&opt, truth), far: max_abs(&opt) }
}

/// Variance reduction at the widget's defaults (seed 1): per method (L − L*, variance, cost),
/// and SGD's floor (mean gap over the last quarter).
#[derive(Clone)]
struct VrNumbers {
    runs: Vec<(f64, f64, u64)>,
    floor: f64,
}

fn vr_numbers() -> VrNumbers {
    let f = vr::problem();
    let p: Problem = f.clone();
    let best = f.minimum().map(|m| m.1).unwrap_or(0.0);
    let mut runs = vr::runs(&p, vr::LR, vr::BATCH, vr::PERIOD, vr::STEPS, 1);
    for r in runs.iter_mut() {
        r.run(vr::STEPS);
    }
    let tail: Vec<f64> = runs[0].trajectory().iter().filter(|(pt, _)| pt.step >= 3 * vr::STEPS / 4).map(|(pt, _)| pt.loss - best).collect();
    VrNumbers {
        runs: runs.iter().map(|r| ((r.loss() - best).max(0.0), estimate_variance(&*p, r.oracle(), r.position(), vr::BATCH).unwrap_or(0.0), r.examples())).collect(),
        floor: mean(&tail),
    }
}

/// Logistic regression at the widget's defaults (seed 1): θ*, L*, the optimum's accuracy, the
/// start's accuracy, and SGD's (loss gap, accuracy, ‖θ‖) after the default steps.
#[derive(Clone)]
struct LogisticNumbers {
    opt: Vec<f64>,
    best: f64,
    best_acc: f64,
    start_acc: f64,
    gap: f64,
    acc: f64,
}

fn logistic_numbers() -> LogisticNumbers {
    let f = lg::problem(lg::SEP, lg::L2);
    let p: Problem = f.clone();
    let (opt, best) = f.minimum().unwrap_or((vec![0.0, 0.0], 0.0));
    let mut r = lg::run(&p, lg::LR, lg::BATCH, lg::STEPS, lg::START, 1);
    r.run(lg::STEPS);
    LogisticNumbers {
        best_acc: lg::accuracy(&f.data, &opt),
        start_acc: lg::accuracy(&f.data, &lg::START),
        gap: (r.loss() - best).max(0.0),
        acc: lg::accuracy(&f.data, r.position()),
        opt,
        best,
    }
}

/// SGD and SAM at the widget's defaults (seed 1): the share of each in the flat basin, the
/// basins' border, and the loss at each minimum.
fn sam_numbers() -> (f64, f64, f64, f64, f64) {
    let land = std::rc::Rc::new(sf::Landscape::new(sf::TAU, 1));
    let p: Problem = land.clone();
    let mut runs = sf::runs(&p, sf::LR, sf::BATCH, sf::RHO, sf::STEPS, sf::STARTS, 1);
    for r in runs.iter_mut() {
        r.run(sf::STEPS);
    }
    let ends: Vec<f64> = runs.iter().map(|r| r.position()[0]).collect();
    let border = land.border();
    let (a, b) = ends.split_at(sf::STARTS);
    (sf::flat_share(a, border), sf::flat_share(b, border), border, land.value(&[sf::SHARP]), land.value(&[sf::FLAT]))
}

/// Every mistake preset at its defaults (seed 1): the mistake's and the fix's measures, and
/// the warm-up preset's stability limits 2/λ_max at the start and at the optimum.
#[derive(Clone)]
struct MistakeNumbers {
    runs: Vec<(Measure, Measure)>,
    limit: f64,
    warm_start: f64,
    warm_opt: f64,
}

fn mistake_numbers() -> MistakeNumbers {
    let runs = Preset::ALL
        .iter()
        .map(|&p| {
            let s = p.defaults();
            let mut rs = mk::runs(p, s, 1);
            rs.iter_mut().for_each(|r| {
                r.run(s.steps);
            });
            (mk::measure(p, &rs[0], s.batch), mk::measure(p, &rs[1], s.batch))
        })
        .collect();
    let plain = mk::problem(Preset::TooHigh);
    let q = mk::problem(Preset::NoWarmUp);
    let opt = q.minimum().map(|m| m.0).unwrap_or(vec![0.0, 0.0]);
    MistakeNumbers {
        runs,
        limit: mk::stability_limit(&*plain, &mk::START).unwrap_or(0.0),
        warm_start: mk::stability_limit(&*q, &mk::START).unwrap_or(0.0),
        warm_opt: mk::stability_limit(&*q, &opt).unwrap_or(0.0),
    }
}

/// The chapter's body (its section and heading are the main bundle's `LaterChapter`).
pub fn body() -> AnyView {
    let dn = later(40, drug_numbers);
    let ln = later(80, logistic_numbers);
    let vn = later(120, vr_numbers);
    let sn = later(200, sam_numbers);
    let sam_text = or_wait(sn, |(a, b, border, ls, lf): (f64, f64, f64, f64, f64)| {
        format!(
            "From {} starts spread evenly over [−2.5, 2.5], with α = {}, mini-batches of {} and ρ = {}, after {} steps {}% of the SGD runs \
             and {}% of the SAM runs sit in the flat basin (past the border at θ ≈ {}). The sharp minimum is the deeper one (loss {} \
             against {}): SAM leaves it anyway, for the minimum that mini-batches agree on. Not every SAM run reaches the flat minimum, though: \
             SAM rests where the gradient at the uphill point vanishes, and with a radius this large some runs rest on the flat side of the \
             border, at a point where θ − ρ lands on the dip's wall. The widget counts them.",
            sf::STARTS,
            sf::LR,
            sf::BATCH,
            sf::RHO,
            sf::STEPS,
            (100.0 * a).round(),
            (100.0 * b).round(),
            sig(border, 2),
            sig(ls, 2),
            sig(lf, 2)
        )
    });
    let n_vr = vr::problem().examples().unwrap_or(0);
    let mn = later(280, mistake_numbers);
    let mistakes_text = or_wait(mn, |m: MistakeNumbers| {
        let r = &m.runs;
        let d = |p: Preset| p.defaults();
        let pct = |x: f64| sig(100.0 * x, 2);
        let at = |x: &Measure| x.diverged_at.map(|t| t.to_string()).unwrap_or_else(|| "—".into());
        format!(
            "With seed 1 and each preset's own settings: at α = {} (above 2/λ_max = {}) SGD diverges at step {}; a tenth of it ends at {} % of \
             the start's L − L*. At α = {} the loss is still at {} % of the start's after {} steps; a hundred times that α gets it to {} %. With \
             B = {} and the scaled α = {} the quartic regression diverges at step {}, because 2/λ_max is only {} where the run starts (it is {} at \
             the optimum); the warm-up walks in on small steps and ends at {} %. On the sorted data, visited in order with α = {} and B = {}, \
             L − L* averages {} over the last epoch; reshuffled each epoch, {}, {}× less. With B = {} and a constant α = {}, L − L* spreads by {} \
             over the last tenth of {} steps; under a cosine decay by {}.",
            d(Preset::TooHigh).lr,
            sig(m.limit, 3),
            at(&r[0].0),
            pct(r[0].1.ratio()),
            d(Preset::TooLow).lr,
            pct(r[1].0.ratio()),
            d(Preset::TooLow).steps,
            pct(r[1].1.ratio()),
            d(Preset::NoWarmUp).batch,
            d(Preset::NoWarmUp).lr,
            at(&r[2].0),
            sig(m.warm_start, 2),
            sig(m.warm_opt, 2),
            pct(r[2].1.ratio()),
            d(Preset::NoShuffle).lr,
            d(Preset::NoShuffle).batch,
            sig(r[3].0.tail_mean, 2),
            sig(r[3].1.tail_mean, 2),
            sig(r[3].0.tail_mean / r[3].1.tail_mean.max(1e-300), 2),
            d(Preset::ConstantLr).batch,
            d(Preset::ConstantLr).lr,
            sig(r[4].0.tail_sd, 2),
            d(Preset::ConstantLr).steps,
            sig(r[4].1.tail_sd, 2)
        )
    });

    let drug_text = or_wait(dn, |d: DrugNumbers| {
        let r = &d.runs;
        format!(
            "With the widget's defaults (B = {}, {} steps, seed 1) the losses after the last step are {} for SGD at α = {}, {} for AdaGrad at \
             {}, {} for RMSProp at {} and {} for Adam at {}; the least-squares optimum is {}. The correlations of the recovered \
             coefficients with the true ones are {}, {}, {} and {} (the optimum itself: {}). SGD, AdaGrad and Adam find the ten genes; \
             SGD is also the one closest to the optimum's loss.",
            drug::BATCH,
            drug::STEPS,
            sig(r[0].0, 3),
            drug::LRS[0],
            sig(r[1].0, 3),
            drug::LRS[1],
            sig(r[2].0, 3),
            drug::LRS[2],
            sig(r[3].0, 3),
            drug::LRS[3],
            sig(d.best, 3),
            sig(r[0].1, 3),
            sig(r[1].1, 3),
            sig(r[2].1, 3),
            sig(r[3].1, 3),
            sig(d.ols_corr, 3)
        )
    });
    let honesty_text = or_wait(dn, |d: DrugNumbers| {
        let r = &d.runs;
        let reach = |i: usize| drug::LRS[i] * drug::STEPS as f64;
        format!(
            "RMSProp is the odd one out: loss {} against {}, correlation {}. It has not failed; it is slow. RMSProp divides every coordinate \
             of the gradient by that coordinate's running root-mean-square, so while a gradient keeps its sign the step is about α, however \
             large the gradient. In {} steps at α = {} a coefficient can travel about α·t = {}, and indeed RMSProp's largest coefficient \
             is {}, while the optimum's largest is {}. Adam normalises the same way and is limited the same way, only less: at α = {} it can \
             travel {}, its largest coefficient is {}, and its loss is still falling at step {}. Run either one longer, or raise its α, \
             and it gets there. An adaptive method's α is a distance per step, not a multiplier on the gradient.",
            sig(r[2].0, 3),
            sig(d.best, 3),
            sig(r[2].1, 3),
            drug::STEPS,
            drug::LRS[2],
            sig(reach(2), 3),
            sig(r[2].2, 3),
            sig(d.far, 3),
            drug::LRS[3],
            sig(reach(3), 3),
            sig(r[3].2, 3),
            drug::STEPS
        )
    });
    let logistic_text = or_wait(ln, |l: LogisticNumbers| {
        format!(
            "With the widget's defaults (α = {}, B = {}, λ = {}, seed 1) SGD starts at θ₀ = ({}, {}), a boundary turned across the classes: \
             only {}% of the points are on their side{}. After {} steps it has {}% right and its loss is {} above the minimum. Newton's \
             method puts the minimum at θ* = ({}, {}) with loss {}, and {}% of the points on their side: the classes overlap, so no \
             line can put every point on its side.",
            lg::LR,
            lg::BATCH,
            lg::L2,
            lg::START[0],
            lg::START[1],
            (100.0 * l.start_acc).round(),
            if (l.start_acc - 0.5).abs() < 0.05 { ", no better than a coin" } else { "" },
            lg::STEPS,
            (100.0 * l.acc).round(),
            sig(l.gap, 2),
            sig(l.opt[0], 3),
            sig(l.opt[1], 3),
            sig(l.best, 3),
            (100.0 * l.best_acc).round()
        )
    });
    let vr_text = or_wait(vn, move |v: VrNumbers| {
        let r = &v.runs;
        format!(
            "On Layer 1's regression with single examples (B = {}), α = {} and a snapshot every m = {} steps, after {} steps: SGD's loss \
             gap averages {} over the last quarter of the run, its noise floor. SVRG ends {} above the optimum and SAGA {}. The variance \
             of the gradient estimates at the end is {} for SGD, {} for SVRG and {} for SAGA. Nothing is free: SGD evaluated {} per-example \
             gradients, SAGA {} (N = {n_vr} more, to fill its table) and SVRG {} (two per step, plus N at every snapshot).",
            vr::BATCH,
            vr::LR,
            vr::PERIOD,
            vr::STEPS,
            sig(v.floor, 2),
            sig(r[1].0, 2),
            sig(r[2].0, 2),
            sig(r[0].1, 2),
            sig(r[1].1, 2),
            sig(r[2].1, 2),
            r[0].2,
            r[2].2,
            r[1].2
        )
    });

    view! {
        <div class="chapter-body">
            <p>
                "The layers used small problems on purpose: two parameters you can see, a loss you can draw. This chapter leaves the \
                 plane. First a regression of the size you meet in a lab, then two ideas that go past plain SGD (removing the noise \
                 instead of waiting it out, and looking for flat minima), and a short argument for why SGD converges at all."
            </p>

            <h3>"A real application: drug sensitivity from gene expression"</h3>
            <p>
                "A cancer drug works on some cell lines and not on others. Measure how much of it each line needs (the log IC50: the log \
                 concentration that halves its growth), measure the expression of 50 genes in each line, and ask which genes predict the \
                 response. Here the data are synthetic, so we know the answer: N = 2000 cell lines, D = 50 genes, neighbouring genes \
                 correlated (ρ = 0.6, as genes on one pathway tend to be), and 10 active genes with weights drawn from N(0, 2²). The \
                 response is"
            </p>
            <Math block=true tex=r"y_n = x_n^\top\theta^\ast + \varepsilon_n,\qquad \varepsilon_n \sim \mathcal N(0,\,1.5^2),\qquad L(\theta) = \frac{1}{2N}\sum_{n=1}^{N}\left(x_n^\top\theta - y_n\right)^2" />
            <p>
                "Four optimizers from Layer 5's toolbox run on it from θ = 0, all on the same mini-batches of 64: SGD, AdaGrad, RMSProp and \
                 Adam, each at a learning rate of its own. Watch the loss against steps and against examples seen (the same curves, \
                 stretched by B), and the bars: the 50 coefficients one optimizer has found, against the ten true weights."
            </p>
            <p data-prose="drug">{drug_text}</p>
            <Lazy id=drug_sensitivity::ID />
            <p data-prose="honesty">{honesty_text}</p>

            <h3>"A category instead of a value: logistic regression"</h3>
            <p>
                "Regression predicts a number. Often the answer is a category instead: does this cell line respond to the drug or not? \
                 Logistic regression turns a linear score into a probability with the sigmoid σ(z) = 1/(1 + e⁻ᶻ), and is trained by \
                 the cross-entropy, the average surprise −log p of the label that was observed:"
            </p>
            <Math block=true tex=r"p_n = \sigma(x_n^\top\theta)" />
            <Math block=true tex=r"\ell_n(\theta) = -y_n\log p_n - (1-y_n)\log(1-p_n)" />
            <Math block=true tex=r"L(\theta) = \frac{1}{N}\sum_{n=1}^{N}\ell_n(\theta) + \frac{\lambda}{2}\|\theta\|^2" />
            <p>
                "Unlike least squares, setting the gradient to zero has no closed-form solution: the optimum has to be found by \
                 iterating, which makes SGD the natural tool rather than a shortcut. The gradient has the same shape as in regression, \
                 the error times the input, so everything in the layers carries over:"
            </p>
            <Math block=true tex=r"\nabla\ell_n(\theta) = (p_n - y_n)\,x_n" />
            <p>
                "The widget draws one run three ways: as the \
                 boundary θᵀx = 0 turning over the points, as a path over the loss's contours in weight space, and as a loss curve."
            </p>
            <Lazy id=logistic::ID />
            <p data-prose="logistic">{logistic_text}</p>
            <p>
                "Two things to try. Push the classes apart: the optimum moves outwards, because when almost every point can be \
                 classified right, the cross-entropy keeps paying for points near the boundary, and a larger θ (a steeper sigmoid) \
                 makes them more certain. Without the λ term the loss of separable classes has no minimum at all: it only keeps \
                 falling as ‖θ‖ grows. Then set B to 200 and compare gradient descent's straight path with SGD's wandering one."
            </p>

            <h3>"Variance reduction: SVRG and SAGA"</h3>
            <p>
                "Layer 1's noise floor comes from one fact: at the optimum the average gradient is zero, but the gradient of one example \
                 is not. SGD keeps sampling those non-zero gradients and keeps moving. Layer 4 shrank the steps to quiet it. Variance \
                 reduction corrects the estimate instead, so that its noise itself goes to zero as θ settles."
            </p>
            <p>
                "SVRG (stochastic variance-reduced gradient) keeps a snapshot θ̃ and its full gradient, refreshed every m steps. Each step \
                 uses the mini-batch S twice, at θ and at θ̃:"
            </p>
            <Math block=true tex=r"\hat g_t = \nabla f_S(\theta_t) - \nabla f_S(\tilde\theta) + \nabla L(\tilde\theta)" />
            <p>
                "Its mean is ∇L(θₜ), since the last two terms cancel on average. Its noise is the difference of two mini-batch gradients at \
                 nearby points, which shrinks as θₜ and θ̃ close in on the optimum. SAGA does the same with memory instead of snapshots: it \
                 keeps the last gradient φₙ seen for every example, and uses"
            </p>
            <Math block=true tex=r"\hat g_t = \frac{1}{|S|}\sum_{n\in S}\left(\nabla f_n(\theta_t) - \varphi_n\right) + \frac{1}{N}\sum_{n=1}^{N}\varphi_n" />
            <p>
                "then stores the fresh gradients. Both converge linearly with a constant α, on a log axis a straight line down where SGD \
                 levels off. Both pay: SVRG with extra gradient evaluations, SAGA with a table of N gradients (fine for 200 examples, not \
                 for a billion)."
            </p>
            <Lazy id=variance_reduction::ID />
            <p data-prose="vr">{vr_text}</p>

            <h3>"Sharp and flat minima, and SAM"</h3>
            <p>
                "A model is trained on one sample of the data and used on another. Picture each example's loss as a copy of one shape, \
                 shifted a little. Where the loss curves gently, the shifted copies agree about where the minimum is and how low it is; \
                 in a narrow dip they disagree a lot, and a new example's loss at the bottom of the dip can be high. Flat minima tend to \
                 generalise better, and SGD's own noise can nudge it out of the sharpest dips. Sharpness-aware minimisation (SAM) \
                 asks for flatness on purpose: take the gradient at the worst nearby point, a distance ρ uphill, and step with that."
            </p>
            <Math block=true tex=r"\theta_{t+1} = \theta_t - \alpha\,\nabla L_S\!\left(\theta_t + \rho\,\frac{\nabla L_S(\theta_t)}{\|\nabla L_S(\theta_t)\|}\right)" />
            <p>
                "Two gradients a step, on the same mini-batch S. In a dip narrower than ρ the uphill point lies outside the dip, so the \
                 step follows the slope there instead of the dip's."
            </p>
            <Lazy id=sharp_flat::ID />
            <p data-prose="sam">{sam_text}</p>

            <h3>"Why SGD converges"</h3>
            <p>
                "Take a β-smooth loss (its gradient changes by at most β‖Δθ‖ when θ moves by Δθ) and an unbiased gradient estimate with variance at most σ². \
                 A Taylor bound on one step, averaged over the mini-batch, gives"
            </p>
            <Math block=true tex=r"\mathbb E\left[L(\theta_{t+1})\mid\theta_t\right] \le L(\theta_t) - \alpha_t\left(1 - \tfrac{\beta\alpha_t}{2}\right)\left\|\nabla L(\theta_t)\right\|^2 + \tfrac{\beta}{2}\,\alpha_t^2\,\sigma^2" />
            <p>
                "Read it as a ledger. The middle term is progress, paid in squared gradient norm; the last is the noise's toll. Without the \
                 toll the loss would be a super-martingale: a random sequence that goes down in expectation, step after step, and such a \
                 sequence bounded below must settle. The toll is why a constant α stops at a floor (progress and toll balance where \
                 ‖∇L‖² is of order βασ²), why a schedule with Σαₜ = ∞ and Σαₜ² < ∞ gets to the optimum (the tolls add up to something \
                 finite while the progress never runs out), and why SVRG and SAGA can keep α constant: their σ² itself goes to zero."
            </p>

            <h3>"Common mistakes"</h3>
            <p>
                "Most failed training runs fail in a few familiar ways. Five of them can be reproduced on Layer 1's two-parameter \
                 regression, each next to its fix on the same mini-batches. Pick a mistake, press Play, read the symptom, then tick \
                 “Apply the fix”."
            </p>
            <ul>
                <li>"α too high: the loss oscillates and blows up. On a quadratic, plain gradient descent is stable only for α below 2/λ_max, \
                     where λ_max is the largest curvature."</li>
                <li>"α too low: nothing goes wrong, slowly. Raise α tenfold until the loss falls fast."</li>
                <li>"A large batch with the linearly scaled α and no warm-up: the first steps blow up. Many losses are sharpest at the \
                     start of training; here a quartic term plays that part, so the stability limit is far lower where the run starts \
                     than near the optimum. A linear warm-up takes small steps while the loss is sharp."</li>
                <li>"Data sorted by the target and never shuffled: every batch pulls towards its own corner of the data, so θ drifts \
                     across each epoch and jumps back at the next. The estimate is unbiased over an epoch, but not step by step."</li>
                <li>"A constant α: the run reaches the noise floor and stays there, kicked about for ever. A decaying α settles."</li>
            </ul>
            <Lazy id=mistakes::ID />
            <p data-prose="mistakes">{mistakes_text}</p>

            <h3>"Practice"</h3>
            <p>
                "Fourteen cards to check yourself: seven questions of the kind asked in interviews, and seven short problems with a \
                 number for an answer. Commit to an answer first; the worked solution appears once you have checked it, or given up. \
                 The numbers are computed by the same optimizer code as every widget above, and where the source these questions come \
                 from got a number wrong, the card says so. Each solution links back to the layer where you can watch the idea happen."
            </p>
            <Lazy id=practice::ID />
        </div>
    }
    .into_any()
}
