use crate::core::problem::Objective;
use crate::format::sig;
use crate::ui::components::Lazy;
use crate::ui::widgets::noise_paths;
use leptos::prelude::*;

#[component]
pub fn Layer1() -> impl IntoView {
    let problem = noise_paths::problem();
    let (theta, best) = problem.minimum().unwrap_or((vec![0.0, 0.0], 0.0));
    let n = problem.examples().unwrap_or(0);
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
                 around θ̂. Click the plot to start somewhere else; change B, the step sizes or the seed."
            </p>
            <Lazy id=noise_paths::ID render=noise_paths::view_default />
        </section>
    }
}
