use crate::format::{sig, thousands};
use crate::ui::components::{Lazy, Math};
use crate::ui::widgets::lr_basics;
use leptos::prelude::*;

#[component]
pub fn Prologue() -> impl IntoView {
    // The MNIST example: a full gradient touches all N examples, a mini-batch only B.
    let (n, b) = (60_000u64, 10u64);
    let ratio = n / b;
    let limit = lr_basics::max_stable_lr();
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
            <h3>"Gradient descent in one knob"</h3>
            <p>
                "Plain gradient descent moves against the gradient, scaled by the learning rate α:"
            </p>
            <Math block=true tex=r"\theta_{t+1} = \theta_t - \alpha\,\nabla L(\theta_t)" />
            <p>
                "Each step has length α‖∇L‖: long on steep ground, short near the bottom. Too small an α \
                 and the descent crawls; too large and each step overshoots the valley floor, further each \
                 time. On the bowl below that tipping point is α = "{sig(limit, 3)}", two over the largest \
                 curvature. Try the three presets, then drag the slider across that value. Notice too that \
                 gradient descent halts wherever the gradient vanishes; on a bowl that is the bottom, but \
                 Layer 2 shows places where it is not."
            </p>
            <Lazy id=lr_basics::ID />
            <h3>"Why noisy steps still arrive"</h3>
            <p>
                "Replacing ∇L by a noisy estimate is older than deep learning. Robbins and Monro showed in \
                 1951, in “A Stochastic Approximation Method”, that steps against unbiased noisy \
                 measurements still converge when the step sizes shrink in the right way; every optimizer \
                 on this page descends from that idea. What changes is the bill, per step and in total:"
            </p>
            <table class="data" aria-label="Cost of gradient descent against stochastic gradient descent">
                <thead>
                    <tr><th scope="col">"Method"</th><th scope="col">"Cost per iteration"</th><th scope="col">"Iterations to reach accuracy ρ"</th></tr>
                </thead>
                <tbody>
                    <tr><th scope="row">"Gradient descent"</th><td>"O(N·d)"</td><td>"O(κ log 1/ρ)"</td></tr>
                    <tr><th scope="row">"Stochastic gradient descent"</th><td>"O(d)"</td><td>"νκ²/ρ + o(1/ρ)"</td></tr>
                </tbody>
            </table>
            <p class="table-note">
                "N examples, d parameters, κ the condition number, ν a measure of the gradient noise. \
                 Gradient descent needs few, expensive iterations; SGD needs many cheap ones, and wins \
                 whenever N is large and a moderate accuracy is enough, which is the usual case in \
                 machine learning."
            </p>
        </section>
    }
}
