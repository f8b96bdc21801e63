//! Layer 3: momentum. The narrow valley, the heavy ball and Nesterov, why 1/(1 − β), the best
//! α and β for a quadratic, and momentum on noisy gradients. Every number is computed by the
//! core when the chapter mounts (a few thousand optimizer steps in all).

use crate::core::landscape::Landscape;
use crate::core::momentum::{gd_optimal, multiplier, optimal, rate, steps_per_decade};
use crate::core::problem::curvatures;
use crate::core::run::Status;
use crate::format::sig;
use crate::ui::components::{Lazy, Math};
use crate::ui::widgets::momentum::{BETA, LR, START, STEPS};
use crate::ui::widgets::{momentum, momentum_noise, momentum_tuning, momentum_weights};
use leptos::prelude::*;


/// The chapter's body (its section and heading are the main bundle's `LaterChapter`).
pub fn body() -> AnyView {
    let valley = Landscape::Quadratic { kappa: 100.0 };
    let (mu, l) = curvatures(&valley, &[0.0, 0.0]).unwrap_or((2.0, 200.0));
    let limit = 2.0 / l;
    // Nesterov tolerates less α: at a step that still zig-zags hard, it blows up.
    const HARD: f64 = 0.009;
    let steep = 1.0 - HARD * l;
    let flat = 1.0 - HARD * mu;
    // The momentum widget's three runs at its defaults.
    let mut runs = momentum::runs(100.0, LR, BETA, STEPS, START);
    runs.iter_mut().for_each(|r| {
        r.run(STEPS);
    });
    let mut hard = momentum::runs(100.0, HARD, BETA, STEPS, START);
    hard.iter_mut().for_each(|r| {
        r.run(STEPS);
    });
    let hard_text = match hard.iter().map(|r| r.status() == Status::Diverged).collect::<Vec<_>>()[..] {
        [false, false, true] => format!(
            " Nesterov is the more fragile of the two at large α: at α = {} (β = {}) it diverges after {} steps while the heavy ball and gradient descent carry on.",
            sig(HARD, 3),
            sig(BETA, 3),
            hard[2].steps()
        ),
        _ => String::new(),
    };
    let loss = |i: usize| runs.get(i).filter(|r| r.status() != Status::Diverged).map(|r| r.loss()).unwrap_or(f64::NAN);
    let (gd_loss, hb_loss, nag_loss) = (loss(0), loss(1), loss(2));
    let hb_rate = rate(LR, BETA, mu, l);
    // The β table.
    let betas = [0.0, 0.5, 0.9, 0.99];
    // Tuning.
    let (a_star, b_star) = optimal(mu, l);
    let r_star = rate(a_star, b_star, mu, l);
    let (gd_a, gd_r) = gd_optimal(mu, l);
    let (dec_star, dec_gd) = (steps_per_decade(r_star), steps_per_decade(gd_r));
    // Noise, at the noise widget's defaults.
    let mut race = momentum_noise::race(false, 4, 5.0, 0.0005, BETA, 600, 1);
    while race.advance(200) {}
    let mean = |k: usize| race.mean_loss(k).filter(|_| race.runs[k].status() != Status::Diverged);
    let (m_sgd, m_mom, m_eff) = (mean(0), mean(1), mean(2));
    let (turn_g, turn_v) = race.mean_turns().unwrap_or((f64::NAN, f64::NAN));
    let opt = |v: Option<f64>| v.map(|v| sig(v, 3)).unwrap_or_else(|| "diverged".to_string());
    let noise_text = match (m_sgd, m_mom, m_eff) {
        (Some(s), Some(m), Some(e)) => format!(
            "In the widget's default run (mini-batches of 4, α = 0.0005, β = 0.9, 600 steps), the mean loss over the second half \
             is {} for plain SGD at α, which is still crawling along the valley; {} for momentum; and {} for plain SGD at \
             α/(1 − β) = 0.005. The gradient's direction turns {}° per step on average, the velocity's {}°.",
            sig(s, 3),
            sig(m, 3),
            sig(e, 3),
            sig(turn_g, 3),
            sig(turn_v, 3)
        ),
        _ => format!("In the widget's default run: SGD {}, momentum {}, SGD at α/(1 − β) {}.", opt(m_sgd), opt(m_mom), opt(m_eff)),
    };
    let beats = m_mom.zip(m_eff).is_some_and(|(m, e)| m < e);

    view! {
        <div class="chapter-body">
            <p>
                "Plain gradient descent has one step size for every direction. In a long, narrow valley that is a bad deal. Take"
            </p>
            <Math block=true tex=r"L(\theta) = \theta_1^2 + 100\,\theta_2^2" />
            <p>
                "Its curvatures (the Hessian's eigenvalues) are μ = "{sig(mu, 3)}" along the valley and L = "{sig(l, 3)}
                 " across it. A step is stable only while α < 2/L = "{sig(limit, 3)}". At α = "{sig(HARD, 3)}
                ", each step multiplies the across-valley error by 1 − αL = "{sig(steep, 3)}": it flips sign every step and shrinks \
                 slowly, the zig-zag. Along the valley the factor is 1 − αμ = "{sig(flat, 3)}", so it takes "
                {sig(steps_per_decade(flat), 3)}" steps to cut that error tenfold. Any α small enough for the steep direction is \
                 far too small for the flat one. At α = "{sig(LR, 3)}" the zig-zag dies out faster (a factor "
                {sig(1.0 - LR * l, 3)}"), and the flat direction is slower still: "{sig(steps_per_decade(1.0 - LR * mu), 3)}" steps per factor of ten."
            </p>

            <h3>"The heavy ball"</h3>
            <p>
                "Momentum gives the iterate a memory. Instead of stepping along the gradient, it steps along a velocity that \
                 accumulates past gradients. This tutorial uses PyTorch's convention (torch.optim.SGD with momentum = β):"
            </p>
            <Math block=true tex=r"v_{t+1} = \beta\, v_t + g_t, \qquad \theta_{t+1} = \theta_t - \alpha\, v_{t+1}" />
            <p>
                "with v = g on the first step. Many slides write it as v ← λv − α∇L, θ ← θ + v. With a constant α the two \
                 give the same iterates (λ = β, and their v is −α times ours); they part ways once α follows a schedule, because \
                 PyTorch applies the new α to the whole velocity at once. Nesterov's variant looks ahead: it steps along \
                 g + βv instead of v, which is PyTorch's form of taking the gradient at the point momentum is about to carry \
                 the iterate to:"
            </p>
            <Math block=true tex=r"v_{t+1} = \beta\, v_t + g_t, \qquad \theta_{t+1} = \theta_t - \alpha\,(g_t + \beta\, v_{t+1})" />
            <p>
                "Below, all three start from the same point with α = "{sig(LR, 3)}" and β = "{sig(BETA, 3)}". Across the valley \
                 the gradient flips sign each step, so in the velocity those contributions mostly cancel; along the valley it keeps \
                 its sign and they add up. After "{STEPS}" steps the loss is "{sig(gd_loss, 3)}" for gradient descent, "
                {sig(hb_loss, 3)}" for the heavy ball and "{sig(nag_loss, 3)}" for Nesterov. The heavy ball overshoots and \
                 circles, though: at β = 0.9 its error shrinks by a factor "{sig(hb_rate, 3)}" per step, and a better β exists (below). \
                 The arrows show the step each momentum run takes next, and the panel under the plot writes the update out with \
                 the current numbers."{hard_text}
            </p>
            <Lazy id=momentum::ID />

            <h3>"Why “1/(1 − β)”"</h3>
            <p>
                "Unroll the recursion. Every gradient stays in the velocity, shrunk by β per step, so after t steps"
            </p>
            <Math block=true tex=r"\theta_{t+1} = \theta_0 - \alpha \sum_{i=0}^{t} \frac{1 - \beta^{\,t+1-i}}{1 - \beta}\, \nabla L(\theta_i)" />
            <p>
                "The newest gradient counts once; an old one counts almost 1/(1 − β) times. A gradient that keeps pointing the \
                 same way therefore moves θ about 1/(1 − β) times as far as it would without momentum:"
            </p>
            <table class="data" aria-label="Momentum coefficient and effective step multiplier">
                <thead><tr><th scope="col">"β"</th><th scope="col">"Effective step multiplier 1/(1 − β)"</th></tr></thead>
                <tbody>
                    {betas.into_iter().map(|b| view! {
                        <tr><th scope="row">{sig(b, 2)}</th><td>{format!("{}×", sig(multiplier(b), 3))}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <Lazy id=momentum_weights::ID />

            <h3>"Tuning α and β together"</h3>
            <p>
                "On a quadratic whose curvatures lie between μ and L, the best constant pair is known in closed form (Polyak):"
            </p>
            <Math block=true tex=r"\alpha^{*} = \left(\frac{2}{\sqrt{L} + \sqrt{\mu}}\right)^{2}, \qquad \beta^{*} = \left(\frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1}\right)^{2}, \qquad \kappa = \frac{L}{\mu}" />
            <p>
                "For the valley (κ = "{sig(l / mu, 3)}") that is α* = "{sig(a_star, 3)}" and β* = "{sig(b_star, 3)}
                ". The error then shrinks by "{sig(r_star, 3)}" per step, "{sig(dec_star, 3)}" steps per factor of ten. The best \
                 plain step, α = 2/(μ + L) = "{sig(gd_a, 3)}", only manages "{sig(gd_r, 3)}" per step, "{sig(dec_gd, 3)}
                " steps per factor of ten: momentum is "{sig(dec_gd / dec_star, 3)}" times faster, a dependence on √κ instead of κ. \
                 The map shows every pair at once. Above β* the roots of the error recursion turn complex: the ball circles the \
                 minimum and loses only √β per step. That is the “too much momentum” spiral; click high on the map to see it."
            </p>
            <Lazy id=momentum_tuning::ID />

            <h3>"Momentum with noisy gradients"</h3>
            <p>
                "The classic pictures of momentum use exact gradients. In practice the gradient is a mini-batch estimate, and \
                 the velocity is then also an average of recent noisy gradients. "{noise_text}
            </p>
            <p>
                {if beats {
                    "So the velocity does average the noise: at the same effective step it settles lower than plain SGD. It \
                     is no free lunch, though: compared at the same α, momentum also carries the noise 1/(1 − β) times further, \
                     so a run with momentum needs a smaller α (or a decaying one, Layer 4) to settle as close."
                } else {
                    "In this run momentum did not settle lower than plain SGD at the same effective step: averaging the \
                     direction is not the same as shrinking the step. Compare the two at the same α and at the same α/(1 − β)."
                }}
            </p>
            <Lazy id=momentum_noise::ID />

            <details class="practice">
                <summary>"Practice: why does gradient descent oscillate on θ₁² + 100θ₂², and how does momentum help?"</summary>
                <p>
                    "The gradient is (2θ₁, 200θ₂): the curvature across the valley is "{sig(l / mu, 3)}" times the curvature \
                     along it. (The gradients themselves are only 100 times apart where |θ₁| = |θ₂|.) A step must satisfy \
                     α < 2/L = "{sig(limit, 3)}" to be stable across the valley, and any α above 1/L = "{sig(1.0 / l, 3)}
                    " overshoots the valley floor, so the sign of θ₂ flips every step. Along the valley the same α makes \
                     progress of only αμ ≤ "{sig(2.0 * mu / l, 3)}" of the error per step. Momentum adds the gradients up: across \
                     the valley they alternate in sign and cancel, along it they agree and build to 1/(1 − β) times the step. \
                     With the best pair the error falls "{sig(dec_gd / dec_star, 3)}" times faster than with the best plain step."
                </p>
            </details>
        </div>
    }
    .into_any()
}
