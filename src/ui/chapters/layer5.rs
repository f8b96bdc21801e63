//! Layer 5: adaptive learning rates. The stretched valley no single α suits, AdaGrad's
//! per-coordinate rates, RMSProp's forgetting, Adam with its bias correction shown explicitly,
//! AdamW's decoupled decay, and a race of seven optimizers on one noise stream. Every number is
//! computed by the core when the chapter mounts (the races a few frames later).

use super::layer4::later;
use crate::core::layer5::{accumulation, anisotropic, bias, decay, race};
use crate::core::optimizer::Kind;
use crate::core::problem::norm;
use crate::format::sig;
use crate::ui::components::{Lazy, Math};
use crate::ui::widgets::{accumulation as accumulation_widget, adamw, anisotropic as anisotropic_widget, bias_correction, optimizer_race};
use leptos::prelude::*;

/// One race with every optimizer at the preset's rates (seed 1, no added noise): per optimizer
/// (label, L − L*, distance, steps to the target).
fn race_summary(p: race::Preset) -> Vec<(&'static str, f64, f64, Option<usize>)> {
    let entries: Vec<(Kind, f64)> = Kind::ALL.iter().copied().zip(p.lrs()).collect();
    let mut r = race::Race::new(p, &entries, 0.0, 1, p.target());
    r.advance(p.steps());
    let d = r.distances();
    (0..r.runs.len()).map(|i| (r.kinds[i].label(), r.runs[i].loss() - r.best, d[i], r.hit[i])).collect()
}

fn hit_text(h: Option<usize>) -> String {
    h.map(|h| format!("step {h}")).unwrap_or_else(|| "never".to_string())
}

/// A race's results as a sentence.
fn race_sentence(rows: &[(&'static str, f64, f64, Option<usize>)], target: f64) -> String {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| rows[i].3.unwrap_or(usize::MAX));
    let reached: Vec<String> = order.iter().filter(|&&i| rows[i].3.is_some()).map(|&i| format!("{} ({})", rows[i].0, hit_text(rows[i].3))).collect();
    let missed: Vec<&str> = order.iter().filter(|&&i| rows[i].3.is_none()).map(|&i| rows[i].0).collect();
    let finals: Vec<String> = rows.iter().map(|r| format!("{} {}", r.0, sig(r.1, 2))).collect();
    format!(
        "In order of reaching L − L* ≤ {}: {}.{} Final L − L*: {}.",
        sig(target, 2),
        reached.join(", "),
        if missed.is_empty() { String::new() } else { format!(" Never within the budget: {}.", missed.join(", ")) },
        finals.join(", ")
    )
}

/// The chapter's body (its section and heading are the main bundle's `LaterChapter`).
pub fn body() -> AnyView {
    // The valley.
    let limit = anisotropic::stability_limit();
    let mut aniso = anisotropic::runs(anisotropic::SGD_LRS, anisotropic::ADAGRAD_LR, anisotropic::STEPS);
    aniso.iter_mut().for_each(|r| {
        r.run(anisotropic::STEPS);
    });
    let aniso_text = format!(
        "Take f = x² + {}y² from ({}, {}). Gradient descent is stable only while α < 1/κ = {}, a limit set by the steep y direction. \
         At α = {} (safely inside) x has only reached {} after {} steps; at α = {}, just under the limit, the loss is {}; at α = {}, \
         just over it, the y coordinate bounces further out at every step (loss {}). AdaGrad with α = {} reaches a loss of {} in {} steps.",
        anisotropic::KAPPA,
        sig(anisotropic::START[0], 2).replace('-', "−"),
        sig(anisotropic::START[1], 2),
        sig(limit, 2),
        sig(anisotropic::SGD_LRS[0], 2),
        sig(aniso[0].position()[0], 2),
        anisotropic::STEPS,
        sig(anisotropic::SGD_LRS[1], 2),
        sig(aniso[1].loss(), 2),
        sig(anisotropic::SGD_LRS[2], 3),
        sig(aniso[2].loss(), 2),
        sig(anisotropic::ADAGRAD_LR, 2),
        sig(aniso[3].loss(), 2),
        aniso[3].steps()
    );

    // AdaGrad under a constant gradient: 1/√t.
    let constant = accumulation::accumulate(&[1.0; 100], accumulation::BETA);
    let ada_text = format!(
        "Under a constant gradient g = 1, G after t steps is t, so the effective rate is α/√t: after 1, 4 and 100 steps the core's AdaGrad \
         gives {}, {} and {} (times α). It only ever falls, and it falls for every coordinate, whether or not the landscape asked for it.",
        sig(constant[0].rate_ada, 3),
        sig(constant[3].rate_ada, 3),
        sig(constant[99].rate_ada, 3)
    );
    let rows = accumulation::accumulate(&accumulation::signal(1), accumulation::BETA);
    let acc_text = format!(
        "With the widget's first seed: at the end of the loud stretch (step 100) the effective rates are {} for AdaGrad and {} for \
         RMSProp (β = {}). At the end of the quiet stretch (step 200) AdaGrad's is {}, lower still, while RMSProp's has climbed to {}, \
         {}× higher, ready for small gradients. When the loud gradients come back RMSProp's rate drops again within a few steps ({} at \
         step 300); AdaGrad's keeps sinking ({}).",
        sig(rows[99].rate_ada, 3),
        sig(rows[99].rate_rms, 3),
        accumulation::BETA,
        sig(rows[199].rate_ada, 3),
        sig(rows[199].rate_rms, 3),
        sig(rows[199].rate_rms / rows[99].rate_rms, 2),
        sig(rows[299].rate_rms, 3),
        sig(rows[299].rate_ada, 3)
    );

    // Bias correction.
    let f = |t: u32| bias::factor_texts(bias::BETA1, bias::BETA2, t);
    let factor_rows = bias_correction::TABLE_T
        .iter()
        .map(|&t| {
            let (a, b) = f(t);
            view! { <tr><td>{t}</td><td data-prose=format!("f1-{t}")>{format!("{a}×")}</td><td data-prose=format!("f2-{t}")>{format!("{b}×")}</td></tr> }
        })
        .collect_view();
    let ratio1 = bias::step_ratio(bias::BETA1, bias::BETA2, 1);
    let (peak_t, peak) = (1..=1000u32).map(|t| (t, bias::step_ratio(bias::BETA1, bias::BETA2, t))).fold((1, 0.0), |a, b| if b.1 > a.1 { b } else { a });
    let bias_text = format!(
        "Leave the corrections out and, under a constant gradient, Adam's step is (1 − β₁ᵗ)/√(1 − β₂ᵗ) times the intended α: {}× at \
         the first step, rising to {}× at step {}, and still {}× at step 100. The first moment is too small, but the second is much \
         too small, and it sits under a square root in the denominator: the uncorrected optimizer takes its largest steps exactly when \
         it knows least.",
        sig(ratio1, 3),
        sig(peak, 3),
        peak_t,
        sig(bias::step_ratio(bias::BETA1, bias::BETA2, 100), 3)
    );

    // Coupled L2 against AdamW.
    let reg = race::Preset::Regression.problem();
    let ridge = decay::ridge(&*reg, decay::LAMBDA).unwrap_or(vec![0.0, 0.0]);
    let opt = crate::core::problem::Objective::minimum(&*reg).map(|m| m.0).unwrap_or(vec![0.0, 0.0]);
    let mut dr = decay::runs(&reg, decay::LR, decay::LAMBDA, decay::STEPS, 1, race::Preset::Regression.start());
    dr.iter_mut().for_each(|r| {
        r.run(decay::STEPS);
    });
    let decay_text = format!(
        "On the Layer 1 regression with λ = {} and α = {}, after {} steps on the same mini-batches: Adam without decay ends at ‖θ‖ = {} \
         (the least-squares solution has {}); Adam + L2 at {}, next to the ridge solution argmin L + (λ/2)‖θ‖², whose norm is {}; \
         AdamW at {}. Same λ, two different regularisers.",
        sig(decay::LAMBDA, 2),
        sig(decay::LR, 2),
        decay::STEPS,
        sig(norm(dr[0].position()), 3),
        sig(norm(&opt), 3),
        sig(norm(dr[1].position()), 3),
        sig(norm(&ridge), 3),
        sig(norm(dr[2].position()), 3)
    );

    // The races (a few frames after mounting).
    let rosen = later(40, || race_summary(race::Preset::Rosenbrock));
    let regr = later(120, || race_summary(race::Preset::Regression));
    let rosen_text = Signal::derive(move || rosen.get().map(|r| race_sentence(&r, race::Preset::Rosenbrock.target())).unwrap_or_else(|| "…".to_string()));
    let regr_text = Signal::derive(move || regr.get().map(|r| race_sentence(&r, race::Preset::Regression.target())).unwrap_or_else(|| "…".to_string()));

    view! {
        <div class="chapter-body">
            <p>
                "Every optimizer so far multiplies the whole gradient by one number, α (scheduled or not). That is fine when the loss \
                 curves about equally in every direction. It is not when one direction is a hundred times steeper than another: the \
                 steep direction caps α, and the flat direction then crawls. Adaptive methods give every coordinate its own rate, \
                 computed from the gradients that coordinate has seen."
            </p>

            <h3>"One rate for a stretched valley"</h3>
            <p>"On a quadratic with curvatures 2 and 2κ, plain gradient descent is stable only for"</p>
            <Math block=true tex=r"f(x, y) = x^2 + \kappa y^2, \qquad \alpha < \frac{2}{\lambda_{\max}} = \frac{1}{\kappa}" />
            <p data-prose="anisotropic">{aniso_text}</p>
            <Lazy id=anisotropic_widget::ID />

            <h3>"AdaGrad: a rate per coordinate"</h3>
            <p>
                "AdaGrad (Duchi, Hazan and Singer, 2011) keeps, for every coordinate i, the sum of its squared gradients and divides \
                 that coordinate's step by the square root:"
            </p>
            <Math block=true tex=r"G_{t,i} = G_{t-1,i} + g_{t,i}^2" />
            <Math block=true tex=r"\theta_{t+1,i} = \theta_{t,i} - \frac{\alpha}{\sqrt{G_{t,i}} + \varepsilon}\, g_{t,i}" />
            <p>
                "A coordinate with large gradients gets a small rate, a coordinate with small gradients a large one, which is what the \
                 valley needed. The bars in the widget above show the two effective rates α/(√G + ε) as it runs. The price is that G \
                 never forgets."
            </p>
            <p data-prose="adagrad">{ada_text}</p>

            <h3>"RMSProp: forget the distant past"</h3>
            <p>
                "RMSProp (Hinton's lecture notes, 2012) replaces the sum by an exponential moving average, so old gradients fade:"
            </p>
            <Math block=true tex=r"s_{t,i} = \beta s_{t-1,i} + (1 - \beta)\, g_{t,i}^2" />
            <Math block=true tex=r"\theta_{t+1,i} = \theta_{t,i} - \frac{\alpha}{\sqrt{s_{t,i}} + \varepsilon}\, g_{t,i}" />
            <p>
                "The average covers roughly the last 1/(1 − β) steps: 10 for β = 0.9, 100 for PyTorch's default 0.99. Below, the \
                 gradient is loud (σ = 2.0) for 100 steps, quiet (σ = 0.2) for 100, then loud again (σ = 1.5). Watch the bottom panel."
            </p>
            <p data-prose="accumulation">{acc_text}</p>
            <Lazy id=accumulation_widget::ID />

            <h3>"Adam, and its bias correction"</h3>
            <p>
                "Adam (Kingma and Ba, 2015) combines momentum's moving average of the gradient with RMSProp's moving average of its \
                 square. Both start at zero, so in the first steps both are too small. Adam divides them by the weight that the \
                 average has had time to build:"
            </p>
            <Math block=true tex=r"m_t = \beta_1 m_{t-1} + (1-\beta_1)\, g_t" />
            <Math block=true tex=r"v_t = \beta_2 v_{t-1} + (1-\beta_2)\, g_t^2" />
            <Math block=true tex=r"\hat m_t = \frac{m_t}{1-\beta_1^t}, \qquad \hat v_t = \frac{v_t}{1-\beta_2^t}" />
            <Math block=true tex=r"\theta_t = \theta_{t-1} - \alpha\,\frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon}" />
            <p>"With PyTorch's β₁ = 0.9 and β₂ = 0.999 the correction factors, computed by the core, are:"</p>
            <table class="data compact" aria-label="Adam's bias-correction factors at steps 1, 10 and 100">
                <thead><tr><th scope="col">"t"</th><th scope="col">"1/(1 − β₁ᵗ)"</th><th scope="col">"1/(1 − β₂ᵗ)"</th></tr></thead>
                <tbody data-prose="factors">{factor_rows}</tbody>
            </table>
            <p>
                "The first factor is gone after a few dozen steps; the second still multiplies v by more than ten at step 100. \
                 Published demos have shipped Adam with the correction left out, or applied the wrong way round. This one is \
                 checked against PyTorch step by step, and the version without correction against a hand computation of the same \
                 recurrences."
            </p>
            <p data-prose="bias">{bias_text}</p>
            <Lazy id=bias_correction::ID />

            <h3>"AdamW: decay the weights, not the gradient"</h3>
            <p>
                "Weight decay is usually added to the gradient as L2 regularisation, g ← g + λθ. With SGD that is the same as shrinking θ \
                 by a factor 1 − αλ each step. With Adam it is not: λθ goes through the division by √v̂ with the rest, so a coordinate \
                 with large gradients hardly decays. Loshchilov and Hutter's AdamW (2019) takes the decay out of the gradient:"
            </p>
            <Math block=true tex=r"\theta_t = \theta_{t-1} - \alpha\left(\frac{\hat m_t}{\sqrt{\hat v_t} + \varepsilon} + \lambda\,\theta_{t-1}\right)" />
            <p data-prose="adamw">{decay_text}</p>
            <Lazy id=adamw::ID />

            <h3>"A fair race"</h3>
            <p>
                "A fair comparison gives every optimizer the same budget and the same luck: the same number of steps (and so of \
                 examples), and the same mini-batch or noise vector at every step. It also gives each its own learning rate, because \
                 a rate good for one is poor for another. The first race is the source's: Rosenbrock's banana valley from (−1, 1), 5000 \
                 steps, exact gradients."
            </p>
            <p data-prose="race-rosenbrock">{rosen_text}</p>
            <p>
                "The second trains the Layer 1 regression on mini-batches of 16 for 300 steps, all optimizers drawing the same batches."
            </p>
            <p data-prose="race-regression">{regr_text}</p>
            <p>
                "No optimizer wins everywhere, and a race says as much about the learning rates as about the methods: try the sliders. \
                 Adaptive methods are forgiving of the first guess for α and of badly scaled coordinates, which is why Adam and AdamW are \
                 the usual defaults; tuned SGD with momentum remains hard to beat on many problems."
            </p>
            <Lazy id=optimizer_race::ID />
        </div>
    }
    .into_any()
}
