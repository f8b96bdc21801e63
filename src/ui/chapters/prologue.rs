use crate::format::thousands;
use crate::ui::components::Math;
use leptos::prelude::*;

#[component]
pub fn Prologue() -> impl IntoView {
    // The MNIST example: a full gradient touches all N examples, a mini-batch only B.
    let (n, b) = (60_000u64, 10u64);
    let ratio = n / b;
    view! {
        <section id="prologue" class="chapter" aria-labelledby="prologue-h">
            <h2 id="prologue-h">"Prologue: why stochastic gradients"</h2>
            <p>
                "Training a model means minimising an average loss over a data set of N examples, where \
                 each example n contributes its own loss ℓ"<sub>"n"</sub>":"
            </p>
            <Math block=true tex=r"L(\theta) = \frac{1}{N}\sum_{n=1}^{N} \ell_n(\theta)" />
            <p>
                "The exact gradient ∇L needs every example, every step. Stochastic gradient descent \
                 instead averages the gradients of a small random mini-batch of B examples and steps \
                 against that estimate:"
            </p>
            <Math block=true tex=r"\theta_{t+1} = \theta_t - \alpha\,\frac{1}{B}\sum_{n \in \mathcal{B}_t} \nabla \ell_n(\theta_t)" />
            <p>
                "With MNIST's N = "{thousands(n)}" images and B = "{b}", one step reads "
                {thousands(ratio)}"× fewer examples. The price is noise: each step points a little off. \
                 The layers below are about living with that noise, and using it."
            </p>
        </section>
    }
}
