use crate::core::experiments::{batch_variance, floor_prediction, per_example_variance};
use crate::core::problem::Objective;
use crate::core::stats::batch_variance_factor;
use crate::format::{sig, thousands};
use crate::ui::components::{Lazy, Math};
use crate::ui::widgets::{batch_size, gradient_cloud, noise_floor, noise_paths};
use leptos::prelude::*;

/// MNIST's training-set size, the running example of the prose.
const MNIST: usize = 60_000;

#[component]
pub fn Layer1() -> impl IntoView {
    let problem = noise_paths::problem();
    let (theta, best) = problem.minimum().unwrap_or((vec![0.0, 0.0], 0.0));
    let n = problem.examples().unwrap_or(0);
    let sigma2 = per_example_variance(&*problem, &theta);
    // The practice question: B from 32 to 512.
    let ratio_iid = 512.0 / 32.0;
    let ratio_wor = batch_variance_factor(32, MNIST) / batch_variance_factor(512, MNIST);
    // Standard deviation of a mini-batch gradient relative to a single example's, on MNIST.
    let rel_sd = |b: usize| batch_variance_factor(b, MNIST).sqrt();
    let trade = [
        ("1", rel_sd(1), "Very noisy; the cheapest step, and the most of them per epoch."),
        ("32–256", rel_sd(256), "The usual trade-off: noise well down, and a batch fills a GPU."),
        ("512–4096", rel_sd(4096), "Close to the exact gradient; each step costs far more."),
        ("All data", rel_sd(MNIST), "Exact, and wasteful: N examples read for one step."),
    ];
    let floor_at = |lr: f64| floor_prediction(lr, batch_variance(&*problem, &theta, 1));
    view! {
        <section id="layer-1" class="chapter" aria-labelledby="layer-1-h">
            <h2 id="layer-1-h">"Layer 1 · Noise: mini-batches"</h2>
            <p>
                "Take the smallest model there is: a straight line y ≈ θ"<sub>"1"</sub>" + θ"<sub>"2"</sub>"z fitted to "
                {n}" noisy points by least squares. Its loss surface is a bowl with one bottom, at θ̂ = ("
                {sig(theta[0], 3)}", "{sig(theta[1], 3)}") where the loss is "{sig(best, 3)}"."
            </p>
            <p>
                "Below, three runs start from the same point. Full-batch gradient descent glides along a \
                 smooth curve. A mini-batch of 32 wobbles around it. A single example per step (the LMS \
                 rule) staggers, and never quite settles: with a constant step size it keeps jittering \
                 around θ̂. Click the plot to start somewhere else; change B, the step sizes or the seed. \
                 “Same seed again” replays the very same mini-batches, so the same path comes back."
            </p>
            <Lazy id=noise_paths::ID />

            <h3>"Cheap steps or good steps?"</h3>
            <p>
                "A mini-batch step costs B examples instead of N. Counted in iterations, bigger batches \
                 win: each step is better aimed. Counted in examples read, which is what a step costs, \
                 small batches win early, because they have taken many steps while full-batch descent has \
                 taken a few. Switch the x axis and watch the order of the curves flip. Edit the list to \
                 try other sizes."
            </p>
            <Lazy id=batch_size::ID />

            <h3>"Right on average, wrong every time"</h3>
            <p>
                "Why does such a noisy step work at all? Because a mini-batch drawn uniformly at random \
                 gives an unbiased estimate: averaged over all possible batches it is exactly ∇L. Its \
                 error shrinks with B. For a batch drawn without replacement the variance is"
            </p>
            <Math block=true tex=r"\mathbb{E}\,\big\|g_B - \nabla L\big\|^2 = \frac{\sigma^2}{B}\cdot\frac{N-B}{N-1}, \qquad \sigma^2 = \frac{1}{N}\sum_{n=1}^{N}\big\|\nabla \ell_n - \nabla L\big\|^2" />
            <p>
                "where σ² is the spread of single-example gradients; at θ̂ on this data set it is "{sig(sigma2, 3)}
                ". Pick a θ on the contours, press Play to draw gradients one batch at a time, and watch \
                 their mean home in on the cross. Then raise B: the cloud tightens, and the measured spread \
                 follows the law on the right, down to zero at B = N."
            </p>
            <Lazy id=gradient_cloud::ID />
            <table class="data" aria-label="Batch size trade-offs">
                <thead>
                    <tr>
                        <th scope="col">"Batch size"</th>
                        <th scope="col">{format!("Gradient noise (std) vs B = 1, N = {}", thousands(MNIST as u64))}</th>
                        <th scope="col">"In practice"</th>
                    </tr>
                </thead>
                <tbody>
                    {trade.into_iter().map(|(b, sd, what)| view! {
                        <tr><th scope="row">{b}</th><td>{format!("{}×", sig(sd, 2))}</td><td>{what}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="table-note">"The noise column is √(1/B · (N − B)/(N − 1)) at the upper end of each range."</p>
            <details class="practice">
                <summary>"Practice: you raise B from 32 to 512. What happens to the gradient noise?"</summary>
                <p>
                    "The variance falls by 512/32 = "{sig(ratio_iid, 3)}"×, so the standard deviation falls \
                     by only √"{sig(ratio_iid, 3)}" = "{sig(ratio_iid.sqrt(), 3)}"×, for "{sig(ratio_iid, 3)}
                    "× the cost per step. Drawing without replacement from N = "{thousands(MNIST as u64)}" \
                     changes little: "{sig(ratio_wor, 4)}"× and "{sig(ratio_wor.sqrt(), 4)}"×."
                </p>
            </details>

            <h3>"The noise floor"</h3>
            <p>
                "Noise has a lasting cost. With a constant α, SGD never settles at θ̂: near the bottom \
                 the true gradient is small but the noise is not, so the iterate hovers in a ball around \
                 the optimum. For a quadratic loss and small α the loss in that ball sits about"
            </p>
            <Math block=true tex=r"\mathbb{E}\,[L(\theta)] - L^\ast \approx \frac{\alpha}{4}\,\operatorname{tr}\Sigma" />
            <p>
                "above the optimum, where Σ is the covariance of the gradient noise at θ̂ (for this loss, \
                 with its factor ½). The figure ασ²/2 quoted in some notes is the mean squared distance \
                 E‖θ − θ̂‖² on a loss of unit curvature, not the loss itself. With single examples that predicts "{sig(floor_at(0.01), 2)}" at \
                 α = 0.01 and "{sig(floor_at(0.1), 2)}" at α = 0.1: ten times the step, ten times the \
                 floor. The sweep below measures it: every run starts at θ̂, and the loss is averaged \
                 after a burn-in. The measured floor follows the line for small α and rises above it for \
                 the largest steps, where the approximation no longer holds. A bigger batch lowers the \
                 floor; only a step size that shrinks towards zero removes it, which is Layer 4's subject."
            </p>
            <Lazy id=noise_floor::ID />
        </section>
    }
}
