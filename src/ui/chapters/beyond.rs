//! Beyond the layers: a real-sized application (drug sensitivity from gene expression), variance
//! reduction (SVRG, SAGA), and why SGD converges at all. Every number is computed by the core a
//! moment after the chapter mounts.

use super::layer4::{later, or_wait};
use crate::core::beyond::{drug, estimate_variance, vr};
use crate::core::problem::{Objective, Problem};
use crate::core::stats::{correlation, mean};
use crate::format::sig;
use crate::ui::components::{Lazy, Math};
use crate::ui::widgets::{drug_sensitivity, practice, sharp_flat, variance_reduction};
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

/// The chapter's body (its section and heading are the main bundle's `LaterChapter`).
pub fn body() -> AnyView {
    let dn = later(40, drug_numbers);
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

            <h3>"Practice"</h3>
            <p>
                "Fourteen cards to check yourself: seven questions of the kind asked in interviews, and seven short problems with a                  number for an answer. Commit to an answer first; the worked solution appears once you have checked it, or given up.                  The numbers are computed by the same optimizer code as every widget above, and where the source these questions come                  from got a number wrong, the card says so. Each solution links back to the layer where you can watch the idea happen."
            </p>
            <Lazy id=practice::ID />
        </div>
    }
    .into_any()
}
