//! `practice`: the interview questions and practice problems of Beyond the layers as cards.
//! The learner commits to an answer (a number, accepted within a stated tolerance, or one of
//! several choices) or gives up; only then are the verdict and the worked solution put into the
//! page. Every numeric answer and every number in a solution comes from `core::practice`,
//! computed when the widget mounts. A card deck has no play bar: it registers as a widget
//! without a player (see `WidgetInfo::player`).

use crate::core::practice::{self as pr, Answers, accepts, adagrad, adam, batches, parse_answer, quad};
use crate::core::layer4::scaling;
use crate::format::sig;
use crate::params::{Field, Parsed};
use crate::ui::components::{EmbedPage, Math, Select, Share, WidgetShell};
use crate::ui::registry::WidgetDef;
use leptos::prelude::*;
pub use crate::catalog::practice::{ID, SPECS, TITLE};
use crate::catalog::practice::{CARDS_LEN, SETS};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <Practice params=p /> }.into_any()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    Interview,
    Problem,
}

/// How a card is answered.
#[derive(Clone, Copy)]
enum Answer {
    /// A number, accepted within a relative tolerance.
    Number { value: fn(&Answers) -> f64, tol: f64, digits: usize },
    /// One of several choices: (text, why it is right or wrong), and the right one.
    Choice { options: &'static [(&'static str, &'static str)], right: usize },
}

struct Card {
    key: &'static str,
    set: Group,
    title: &'static str,
    /// The chapter where the idea is shown live: (anchor, link text).
    link: Option<(&'static str, &'static str)>,
    question: fn(&Answers) -> AnyView,
    answer: Answer,
    solution: fn(&Answers) -> AnyView,
}

/// What the learner did with a card.
#[derive(Clone, PartialEq)]
struct Outcome {
    right: bool,
    gave_up: bool,
    /// The number typed or the index of the choice picked (none when given up).
    given: Option<String>,
    picked: Option<usize>,
}

/// A number to `digits` significant digits without trailing zeros ("0.08", not "0.0800").
fn num(v: f64, digits: usize) -> String {
    let t = sig(v, digits);
    if t.contains('.') && !t.contains('×') { t.trim_end_matches('0').trim_end_matches('.').to_string() } else { t }
}

fn p(text: String) -> AnyView {
    view! { <p>{text}</p> }.into_any()
}

// ---------------------------------------------------------------- interview questions

fn q_minibatch(_: &Answers) -> AnyView {
    p("Why is stochastic gradient descent on mini-batches preferred over full-batch gradient descent for training deep networks?".into())
}
fn s_minibatch(_: &Answers) -> AnyView {
    view! {
        <p>"A full gradient costs one pass over the whole data set for a single update. A mini-batch gradient costs B examples and is an \
            unbiased estimate of the same gradient, so with millions of examples SGD makes thousands of useful updates in the time \
            gradient descent makes one, and it needs memory for B examples only. Its noise is not all bad: it shakes the iterate \
            off saddle points and out of narrow minima. What it is not: more accurate (the full gradient is exact), or convergent \
            to the exact minimum at a constant rate (it stalls at a noise floor; that is what Layer 4's schedules are for)."</p>
    }
    .into_any()
}

fn q_choose_lr(_: &Answers) -> AnyView {
    p("What does the learning rate control, and how would you choose it for a new model?".into())
}
fn s_choose_lr(_: &Answers) -> AnyView {
    view! {
        <p>"α sets the step length: too large and the loss oscillates or diverges (on a quadratic, gradient descent diverges once α \
            passes 2/λ_max), too small and progress crawls. A practical recipe: a learning-rate range test (raise α geometrically over \
            a short run and watch where the loss falls fastest and where it blows up), start somewhat below the blow-up, then decay \
            with a schedule (step, cosine, or warm-up then decay). Sensible starting points are 10⁻³ for Adam and around 0.1 for SGD \
            with momentum, but the right scale for SGD depends on the curvature of the loss, so there is no single number."</p>
    }
    .into_any()
}

fn q_bias(_: &Answers) -> AnyView {
    p(format!(
        "Adam starts its moment estimates at m₀ = v₀ = 0 and divides them by 1 − β₁ᵗ and 1 − β₂ᵗ. With the defaults β₁ = {}, β₂ = {}: for how long does this bias correction matter?",
        adam::BETA1,
        adam::BETA2
    ))
}
fn s_bias(a: &Answers) -> AnyView {
    view! {
        <p>"An exponential average started at zero is too small by a factor 1 − βᵗ, so Adam divides by it:"</p>
        <Math block=true tex=r"\hat m_t = \frac{m_t}{1-\beta_1^{\,t}},\qquad \hat v_t = \frac{v_t}{1-\beta_2^{\,t}}" />
        <p>{format!(
            "At t = 1 the factors are {} and {}. At t = {} they are {} and {}. The first is within 1 % of 1 from step {} on, the second only from step {} on.",
            num(a.first_t1, 3), num(a.second_t1, 4), adam::T_SEED, num(a.first_t20, 3), num(a.second_t20, 3), a.first_fades, a.second_fades
        )}</p>
        <p class="correction">{format!(
            "Correction to the source: it says the correction is “negligible (< 5 %) after about 20 steps”. The numbers above say otherwise: at step {} the β₁ factor is still {} % above 1, and the β₂ factor is about {}. Without it, the first step would be m₁/√v₁ = (1 − β₁)/√(1 − β₂) = √{}/{} ≈ {} times the corrected one, and the early steps erratic.",
            adam::T_SEED, ((a.first_t20 - 1.0) * 100.0).round(), num(a.second_t20, 2), num(a.second_t1, 4), num(a.first_t1, 3), num(a.second_t1.sqrt() / a.first_t1, 3)
        )}</p>
    }
    .into_any()
}

fn q_adamw(_: &Answers) -> AnyView {
    p("Why does AdamW (decoupled weight decay) usually regularise better than Adam with an L2 penalty λ‖θ‖²/2 added to the loss?".into())
}
fn s_adamw(_: &Answers) -> AnyView {
    view! {
        <p>"With an L2 penalty, λθ is added to the gradient before Adam rescales it, so the decay of each weight is divided by √v̂ of \
            that weight: weights with large or noisy gradients are hardly decayed, quiet ones a lot. AdamW leaves the gradient alone \
            and shrinks every weight by the same fraction each step:"</p>
        <Math block=true tex=r"\theta \leftarrow \theta - \alpha\left(\frac{\hat m_t}{\sqrt{\hat v_t}+\varepsilon} + \lambda\,\theta\right)" />
        <p>"(PyTorch's convention: the decay is multiplied by the learning rate.) For plain SGD the two are the same thing, which is \
            why the difference went unnoticed until adaptive methods."</p>
    }
    .into_any()
}

fn q_sgd_adam(_: &Answers) -> AnyView {
    p("When would you pick SGD with momentum over Adam?".into())
}
fn s_sgd_adam(_: &Answers) -> AnyView {
    view! {
        <p>"Adam is forgiving to tune and makes fast early progress. Well-tuned SGD with momentum and a schedule has a long record of \
            matching or beating it on final test accuracy in image classification, at the price of more tuning, and it keeps no \
            second-moment buffer. One proposed reason is that SGD's noise favours flatter minima; it is a tendency, not a law, so \
            compare both on your task. Sparse features point the other way: there, per-coordinate rates (AdaGrad, Adam) help."</p>
    }
    .into_any()
}

fn q_beta2(_: &Answers) -> AnyView {
    p(format!(
        "Adam's second-moment average uses β₂ = {}. What does that mean when the scale of the gradients keeps changing during training (GANs, reinforcement learning)?",
        adam::BETA2
    ))
}
fn s_beta2(a: &Answers) -> AnyView {
    view! {
        <p>{format!(
            "v̂ is an exponential average with a window of about 1/(1 − β₂) = {} steps and a half-life of ln ½ / ln β₂ ≈ {} steps. After the gradient scale changes, \
             v̂ still reflects the old scale for hundreds of steps, so the steps are too small for a while after the scale falls, and too large after it rises. \
             Lowering β₂ to 0.99 (window 100) or 0.95 (window 20) makes v̂ follow faster, at the price of a noisier v̂.",
            num(a.window_short, 4), a.half_life.round()
        )}</p>
        <p class="correction">"About the source's wording “with a very large batch size”: the window is counted in steps, not \
            examples, so a larger batch does not change it; what matters is how fast the gradient statistics drift per step."</p>
    }
    .into_any()
}

fn q_batch_lr(_: &Answers) -> AnyView {
    p("You multiply the mini-batch size by k. What is the usual rule for the learning rate, and what goes with it?".into())
}
fn s_batch_lr(_: &Answers) -> AnyView {
    view! {
        <p>"The linear scaling rule (Goyal et al., 2017): multiply α by k too. A batch k times larger averages away k times the \
            variance, and k steps of size α on small batches move about as far as one step of kα on the big batch, as long as the \
            gradient changes little over those k steps. So progress per example seen, and the noise scale α/B, stay about the same. \
            It needs a gradual warm-up (the early gradients change fast, and kα at once can diverge), and it stops working beyond a \
            critical batch size, where the rate hits the stability limit."</p>
        <p class="correction">"The source says the rule “maintains the same signal-to-noise ratio”. It does not: the bigger batch \
            has a higher signal-to-noise ratio per step; what the rule keeps is the ratio α/B."</p>
    }
    .into_any()
}

// ---------------------------------------------------------------- practice problems

fn q_expected(_: &Answers) -> AnyView {
    view! {
        <p>{format!(
            "Take f(x) = ½·a·x² − b·x with a = {}, b = {}, and a stochastic gradient g = a·x − b + ξ whose noise ξ has mean zero. One SGD step from x₀ = {} with α = {}: what is E[x₁]?",
            quad::A, quad::B, quad::X0, quad::LR
        )}</p>
    }
    .into_any()
}
fn s_expected(a: &Answers) -> AnyView {
    view! {
        <p>"Because E[ξ] = 0, the expected step is the gradient-descent step:"</p>
        <Math block=true tex=r"\mathbb E[x_1] = x_0 - \alpha\,\mathbb E[g] = x_0 - \alpha\,(a x_0 - b)" />
        <p>"that is, E[x₁] = (1 − αa)x₀ + αb."</p>
        <p>{format!(
            "Here (1 − {}·{})·{} + {}·{} = {}. A check with the core: {} single steps with noise σ = {} average to {} (± {} standard error). \
             The noise moves only the spread of x₁, not its mean; in many dimensions the same argument gives E[x₁] = (I − αA)x₀ + αb.",
            quad::LR, quad::A, quad::X0, quad::LR, quad::B, num(a.expected_x1, 4), quad::DRAWS, quad::SIGMA, num(a.noisy_mean, 4), num(a.noisy_se, 1)
        )}</p>
    }
    .into_any()
}

fn q_momentum(_: &Answers) -> AnyView {
    p(format!(
        "On f(x) = x₁² + 100·x₂² plain SGD zig-zags across the steep x₂ direction. Take momentum with β = {} (PyTorch: v ← βv + g, θ ← θ − αv). Along the flat x₁ direction the gradient is nearly constant. After many steps, how many times α·g does one step move?",
        pr::MOMENTUM_BETA
    ))
}
fn s_momentum(a: &Answers) -> AnyView {
    view! {
        <p>"With a constant g the buffer is a geometric series:"</p>
        <Math block=true tex=r"v_t = g\,(1+\beta+\dots+\beta^{t-1}) \to \frac{g}{1-\beta}" />
        <p>{format!(
            "so the step tends to α·g/(1 − β). The core's Momentum optimizer, fed g = 1 for {} steps, holds v = {}. Across the valley the gradient flips sign every \
             step and the same buffer settles at 1/(1 + β) = {}: the zig-zag is damped while the slide along the floor is sped up tenfold.",
            pr::GAIN_STEPS, num(a.gain_along, 5), num(a.gain_across, 3)
        )}</p>
    }
    .into_any()
}

fn q_adagrad(_: &Answers) -> AnyView {
    p(format!(
        "AdaGrad (PyTorch, ε = 10⁻¹⁰) with α = {} sees the same gradient g = {} at every step. What is its effective learning rate α/(√G + ε) after t = {} steps?",
        adagrad::LR, adagrad::G, adagrad::STEPS
    ))
}
fn s_adagrad(a: &Answers) -> AnyView {
    view! {
        <p>"The accumulator adds g² every step, so G = t·g² and"</p>
        <Math block=true tex=r"\frac{\alpha}{\sqrt{G_t}+\varepsilon} = \frac{\alpha}{g\sqrt t} \;\propto\; \frac{1}{\sqrt t}" />
        <p>{format!(
            "Here {}/({}·√{}) = {}, read from the core's AdaGrad accumulator after {} steps (after one step it was {}). The rate only ever shrinks: \
             a weight with consistently large gradients slows to a crawl, which is why AdaGrad can stop too early on long runs.",
            adagrad::LR, adagrad::G, adagrad::STEPS, num(a.adagrad_rate, 4), adagrad::STEPS, num(a.adagrad_first, 3)
        )}</p>
    }
    .into_any()
}

fn q_beta2_factor(_: &Answers) -> AnyView {
    p(format!(
        "Adam's β₂ is raised from {} to {}. What is the bias-correction factor 1/(1 − β₂ᵗ) at step t = {} with β₂ = {}?",
        adam::BETA2, adam::BETA2_LONG, adam::T, adam::BETA2_LONG
    ))
}
fn s_beta2_factor(a: &Answers) -> AnyView {
    view! {
        <p>{format!(
            "With β₂ = {} the factor at t = {} is {}; with β₂ = {} it is {}, because 1 − β₂ᵗ has only come {} % of the way to 1. The window 1/(1 − β₂) grows from {} to {} steps: \
             v̂ gets smoother and slower to follow a change in gradient scale.",
            adam::BETA2, adam::T, num(a.factor_short, 4), adam::BETA2_LONG, num(a.factor_long, 4), (100.0 / a.factor_long).round(), num(a.window_short, 4), num(a.window_long, 5)
        )}</p>
        <p class="correction">"Correction to the source: it calls 0.999 → 0.9999 “doubling β₂”. β₂ barely changes; what changes is \
            1 − β₂, which shrinks tenfold, so the window grows tenfold."</p>
    }
    .into_any()
}

fn q_scaled(_: &Answers) -> AnyView {
    p(format!(
        "A model trains with batch size {} at learning rate {}. You move to batch size {}. What learning rate does the linear scaling rule give?",
        scaling::BATCH, scaling::LR, scaling::BATCH * scaling::K
    ))
}
fn s_scaled(a: &Answers) -> AnyView {
    view! {
        <p>{format!(
            "The batch grows {}×, so α grows {}×: {} × {} = {}. Warm up to it: start near {} and raise α linearly to {} over the first few epochs \
             (Goyal et al. used 5), then follow the usual schedule. Layer 4's batch-scaling widget runs exactly this case, with and without warm-up.",
            scaling::K, scaling::K, scaling::LR, scaling::K, num(a.scaled_lr, 3), scaling::LR, num(a.scaled_lr, 3)
        )}</p>
    }
    .into_any()
}

fn q_variance(_: &Answers) -> AnyView {
    p(format!(
        "The mini-batch grows from {} to {} examples, sampled independently. By what factor does the variance of the mini-batch gradient shrink?",
        batches::SMALL, batches::BIG
    ))
}
fn s_variance(a: &Answers) -> AnyView {
    let v = a.variance;
    view! {
        <p>"The mean of B independent samples has variance σ²/B, so"</p>
        <Math block=true tex=r"\frac{\sigma^2/32}{\sigma^2/512} = \frac{512}{32}" />
        <p>{format!(
            "That is {}×, and the standard deviation shrinks by √{} = {}×. A seeded experiment with the core's mini-batch oracle on the drug-sensitivity data (N = {}, {} draws of each size) measures {}×, more than {}: \
             the oracle draws without replacement, and a batch of {} is over a quarter of the data set. The finite-population factor (N − B)/(N − 1) predicts {}×. \
             Either way, halving the noise's standard deviation costs four times the examples: larger batches give diminishing returns.",
            num(v.independent, 3), num(v.independent, 3), num(v.independent.sqrt(), 3), v.n, batches::DRAWS, num(v.measured, 3), num(v.independent, 3), batches::BIG, num(v.without_replacement, 3)
        )}</p>
    }
    .into_any()
}

fn q_best_of_both(_: &Answers) -> AnyView {
    p("Adam reaches a good training loss five times faster than SGD on an image task, but SGD ends 2 % higher in test accuracy. Which plan tries to get both?".into())
}
fn s_best_of_both(_: &Answers) -> AnyView {
    view! {
        <p>"Two common plans. Switch optimizers: Adam for the fast early phase, then SGD with momentum (and a decaying rate) for the \
            rest, so the end of training is SGD's. Or keep an adaptive method but fix its regularisation: AdamW with decoupled weight \
            decay (0.05–0.1 is common for vision) and a cosine schedule. Either way, judge by validation accuracy, not training loss."</p>
    }
    .into_any()
}

/// The deck; its length is the catalog's `CARDS_LEN` (the `card` parameter's maximum).
static CARDS: [Card; CARDS_LEN] = [
    Card {
        key: "why-minibatch",
        set: Group::Interview,
        title: "Why mini-batches?",
        link: Some(("#layer-1", "Layer 1: noise and mini-batches")),
        question: q_minibatch,
        answer: Answer::Choice {
            options: &[
                ("The mini-batch gradient is more accurate than the full gradient.", "No: it is an unbiased but noisy estimate; the full gradient is exact."),
                ("Each update costs B examples instead of the whole data set, so there are far more updates per second; the noise also helps leave saddles.", "Right: cost per update is the point, and the noise is a bonus."),
                ("With a constant learning rate SGD reaches the exact minimum and gradient descent does not.", "Backwards: with a constant rate SGD stalls at a noise floor; gradient descent converges."),
                ("Gradient descent cannot be used with neural networks.", "It can; each step is just far too expensive on millions of examples."),
            ],
            right: 1,
        },
        solution: s_minibatch,
    },
    Card {
        key: "choose-lr",
        set: Group::Interview,
        title: "Choosing the learning rate",
        link: Some(("#layer-4", "Layer 4: schedules and the range test")),
        question: q_choose_lr,
        answer: Answer::Choice {
            options: &[
                ("The largest value that does not give NaN.", "Just below divergence the loss oscillates; the best rate is usually well below it."),
                ("Always 0.001.", "That is Adam's default; SGD's scale depends on the curvature of the loss."),
                ("Sweep it on a log scale in a short range test, start below where the loss blows up, then decay it with a schedule.", "Right: measure, then schedule."),
                ("As small as possible, since smaller is always safer.", "Too small crawls, and with a fixed budget ends far from the minimum."),
            ],
            right: 2,
        },
        solution: s_choose_lr,
    },
    Card {
        key: "bias-correction",
        set: Group::Interview,
        title: "Adam's bias correction",
        link: Some(("#layer-5", "Layer 5: bias correction")),
        question: q_bias,
        answer: Answer::Choice {
            options: &[
                ("Only at step 1; from step 2 on both factors are 1.", "The factors 1/(1 − βᵗ) approach 1 gradually, never in one step."),
                ("Both factors are within 5 % of 1 after about 20 steps.", "That is the source's claim, and the numbers below refute it."),
                ("β₁'s correction fades within a few dozen steps; β₂'s takes thousands.", "Right: the time scale is 1/(1 − β), 10 steps against 1000."),
                ("It never fades: every step stays divided by 1 − β.", "βᵗ → 0, so the divisor 1 − βᵗ → 1."),
            ],
            right: 2,
        },
        solution: s_bias,
    },
    Card {
        key: "adamw",
        set: Group::Interview,
        title: "AdamW against Adam with L2",
        link: Some(("#layer-5", "Layer 5: L2 against AdamW")),
        question: q_adamw,
        answer: Answer::Choice {
            options: &[
                ("AdamW uses a larger learning rate.", "The rate is the same; the difference is where the decay enters."),
                ("With L2 the decay λθ is divided by √v̂, so weights with large gradients are barely decayed; AdamW shrinks every weight by the same fraction.", "Right: the decay is decoupled from the adaptive scaling."),
                ("AdamW turns off bias correction.", "It keeps Adam's moments and corrections exactly."),
                ("They are the same method under two names.", "They coincide only for plain SGD, not for adaptive methods."),
            ],
            right: 1,
        },
        solution: s_adamw,
    },
    Card {
        key: "sgd-or-adam",
        set: Group::Interview,
        title: "SGD with momentum or Adam?",
        link: Some(("#beyond", "Sharp and flat minima, in this chapter")),
        question: q_sgd_adam,
        answer: Answer::Choice {
            options: &[
                ("Whenever the gradients are sparse.", "Sparse features are where per-coordinate rates (Adam, AdaGrad) help most."),
                ("When there is no time to tune.", "Adam's defaults are the more forgiving ones."),
                ("Never: Adam is better in every respect.", "On image classification, tuned SGD with momentum often ends with better test accuracy."),
                ("When final test accuracy matters on tasks such as image classification, and you can afford to tune the rate and schedule.", "Right: better generalisation there, at the price of tuning."),
            ],
            right: 3,
        },
        solution: s_sgd_adam,
    },
    Card {
        key: "beta2-window",
        set: Group::Interview,
        title: "β₂ and a changing landscape",
        link: Some(("#layer-5", "Layer 5: accumulators")),
        question: q_beta2,
        answer: Answer::Choice {
            options: &[
                ("v̂ averages over roughly the last thousand steps, so it lags when the gradient scale changes; lower β₂ (0.99 or 0.95) follows faster.", "Right: a long window is smooth but slow."),
                ("v̂ becomes the exact variance of the gradient.", "It is a moving average of g², not the variance, and it lags."),
                ("Nothing: β₂ only matters at the first step.", "It sets the averaging window at every step."),
                ("Adam diverges at once.", "Nothing diverges; the steps are just mis-scaled for a while."),
            ],
            right: 0,
        },
        solution: s_beta2,
    },
    Card {
        key: "batch-and-lr",
        set: Group::Interview,
        title: "Batch size and learning rate",
        link: Some(("#layer-4", "Layer 4: scaling the batch")),
        question: q_batch_lr,
        answer: Answer::Choice {
            options: &[
                ("Keep α as it is.", "Then each epoch makes k times fewer steps of the same length: training slows."),
                ("Divide α by k.", "The bigger batch is less noisy, so it can afford a larger step, not a smaller one."),
                ("Multiply α by k, with a gradual warm-up; the rule fails beyond a critical batch size.", "Right: the linear scaling rule."),
                ("Multiply α by k².", "No rule suggests that; it would soon exceed the stability limit."),
            ],
            right: 2,
        },
        solution: s_batch_lr,
    },
    Card {
        key: "expected-step",
        set: Group::Problem,
        title: "SGD in expectation",
        link: Some(("#layer-1", "Layer 1: noisy paths")),
        question: q_expected,
        answer: Answer::Number { value: |a| a.expected_x1, tol: 0.01, digits: 4 },
        solution: s_expected,
    },
    Card {
        key: "momentum-gain",
        set: Group::Problem,
        title: "Why momentum helps",
        link: Some(("#layer-3", "Layer 3: momentum")),
        question: q_momentum,
        answer: Answer::Number { value: |a| a.gain_along, tol: 0.02, digits: 3 },
        solution: s_momentum,
    },
    Card {
        key: "adagrad-rate",
        set: Group::Problem,
        title: "AdaGrad's decaying rate",
        link: Some(("#layer-5", "Layer 5: AdaGrad")),
        question: q_adagrad,
        answer: Answer::Number { value: |a| a.adagrad_rate, tol: 0.02, digits: 3 },
        solution: s_adagrad,
    },
    Card {
        key: "beta2-factor",
        set: Group::Problem,
        title: "Raising β₂",
        link: Some(("#layer-5", "Layer 5: bias correction")),
        question: q_beta2_factor,
        answer: Answer::Number { value: |a| a.factor_long, tol: 0.02, digits: 4 },
        solution: s_beta2_factor,
    },
    Card {
        key: "scaled-lr",
        set: Group::Problem,
        title: "Scaling the batch",
        link: Some(("#layer-4", "Layer 4: scaling the batch")),
        question: q_scaled,
        answer: Answer::Number { value: |a| a.scaled_lr, tol: 0.01, digits: 3 },
        solution: s_scaled,
    },
    Card {
        key: "variance-ratio",
        set: Group::Problem,
        title: "Variance and batch size",
        link: Some(("#layer-1", "Layer 1: batch size")),
        question: q_variance,
        answer: Answer::Number { value: |a| a.variance.independent, tol: 0.02, digits: 3 },
        solution: s_variance,
    },
    Card {
        key: "best-of-both",
        set: Group::Problem,
        title: "Adam's speed, SGD's accuracy",
        link: Some(("#layer-5", "Layer 5: the optimizer race")),
        question: q_best_of_both,
        answer: Answer::Choice {
            options: &[
                ("Train with Adam at a five times larger learning rate.", "A larger rate does not fix where Adam ends up, and may diverge."),
                ("Start with Adam, then switch to SGD with momentum for the last part of training; or use AdamW with decoupled weight decay and a cosine schedule.", "Right: both are used in practice."),
                ("Use SGD without momentum for the whole run.", "That gives up Adam's speed entirely and is slower than SGD with momentum."),
            ],
            right: 1,
        },
        solution: s_best_of_both,
    },
];

/// The cards of a set (indices into `CARDS`), in tutorial order.
fn deck(set: usize) -> Vec<usize> {
    (0..CARDS.len())
        .filter(|&i| match set {
            1 => CARDS[i].set == Group::Interview,
            2 => CARDS[i].set == Group::Problem,
            _ => true,
        })
        .collect()
}

/// "Interview question 3" / "Problem 2": the card's place in its own set, as in the source.
fn kicker(i: usize) -> String {
    let c = &CARDS[i];
    let n = CARDS[..=i].iter().filter(|x| x.set == c.set).count();
    match c.set {
        Group::Interview => format!("Interview question {n}"),
        Group::Problem => format!("Problem {n}"),
    }
}

fn state_word(o: &Option<Outcome>) -> &'static str {
    match o {
        None => "open",
        Some(o) if o.right => "right",
        Some(_) => "wrong",
    }
}

/// The answer field of a card not yet answered: a number box or a group of radio buttons.
fn answer_input(c: &'static Card, draft: RwSignal<String>, picked: RwSignal<Option<usize>>) -> AnyView {
    match c.answer {
        Answer::Number { tol, .. } => view! {
            <label class="answer-number">
                <span>{format!("Your answer (accepted within {} %)", num(tol * 100.0, 2))}</span>
                <input type="number" step="any" inputmode="decimal" name="answer" autocomplete="off"
                    prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev)) />
            </label>
        }
        .into_any(),
        Answer::Choice { options, .. } => view! {
            <fieldset class="answer-choice">
                <legend>"Pick one"</legend>
                {options
                    .iter()
                    .enumerate()
                    .map(|(j, (text, _))| view! {
                        <label class="choice">
                            <input type="radio" name=format!("choice-{}", c.key) value=j.to_string()
                                prop:checked=move || picked.get() == Some(j) on:change=move |_| picked.set(Some(j)) />
                            <span>{*text}</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
        }
        .into_any(),
    }
}

#[component]
fn Practice(params: Parsed) -> impl IntoView {
    let answers = StoredValue::new(pr::answers());
    let notices = RwSignal::new(params.notices.clone());
    let set = RwSignal::new(params.choice("set").min(SETS.len() - 1));
    let first = deck(set.get_untracked());
    let asked = params.int("card").max(1) as usize;
    if asked > first.len() {
        notices.update(|n| n.push(format!("There are only {} cards in this set; opening card {} instead of {asked}.", first.len(), first.len())));
    }
    // The position in the current deck.
    let pos = RwSignal::new(asked.min(first.len()) - 1);
    let outcomes = RwSignal::new(vec![None::<Outcome>; CARDS.len()]);
    let draft = RwSignal::new(String::new());
    let picked = RwSignal::new(None::<usize>);
    let hint = RwSignal::new(String::new());
    let root = NodeRef::<leptos::html::Div>::new();
    Share::value("card", move || pos.try_get_untracked().map(|p| Field::Num((p + 1) as f64)));

    let cards = Memo::new(move |_| deck(set.get()));
    let current = Memo::new(move |_| cards.with(|d| d.get(pos.get().min(d.len() - 1)).copied().unwrap_or(0)));
    // A change of set starts its deck at the first card.
    Effect::watch(move || set.get(), move |_, _, _| pos.set(0), false);
    // A new card starts with an empty answer.
    Effect::watch(move || current.get(), move |_, _, _| {
        draft.set(String::new());
        picked.set(None);
        hint.set(String::new());
    }, false);

    let answered = move || cards.with(|d| outcomes.with(|o| d.iter().filter(|&&i| o[i].is_some()).count()));
    let right = move || cards.with(|d| outcomes.with(|o| d.iter().filter(|&&i| o[i].as_ref().is_some_and(|x| x.right)).count()));
    let status = Signal::derive(move || if answered() == cards.with(|d| d.len()) { "done" } else { "ready" });

    let commit = move |gave_up: bool| {
        let i = current.get_untracked();
        if outcomes.with_untracked(|o| o[i].is_some()) {
            return;
        }
        let a = answers.get_value();
        let outcome = match (CARDS[i].answer, gave_up) {
            (_, true) => Outcome { right: false, gave_up: true, given: None, picked: None },
            (Answer::Number { value, tol, .. }, false) => {
                let Some(v) = parse_answer(&draft.get_untracked()) else {
                    hint.set("Type a number first, or give up to see the solution.".into());
                    return;
                };
                Outcome { right: accepts(v, value(&a), tol), gave_up: false, given: Some(draft.get_untracked().trim().to_string()), picked: None }
            }
            (Answer::Choice { right, .. }, false) => {
                let Some(k) = picked.get_untracked() else {
                    hint.set("Pick one of the choices first, or give up to see the solution.".into());
                    return;
                };
                Outcome { right: k == right, gave_up: false, given: None, picked: Some(k) }
            }
        };
        hint.set(String::new());
        outcomes.update(|o| o[i] = Some(outcome));
    };

    let go = move |delta: isize| {
        let n = cards.with_untracked(|d| d.len()) as isize;
        pos.update(|p| *p = ((*p as isize + delta).rem_euclid(n)) as usize);
    };

    let strip = move || {
        cards.get()
            .into_iter()
            .enumerate()
            .map(|(k, i)| {
                let c = &CARDS[i];
                let state = move || outcomes.with(|o| state_word(&o[i]));
                let label = move || format!("Card {}: {} ({})", k + 1, c.title, match state() { "open" => "not answered", "right" => "answered right", _ => "answered, not right" });
                let mark = move || match state() { "right" => "✓", "wrong" => "✗", _ => "" };
                view! {
                    <li>
                        <button type="button" class="card-pick" data-card=c.key data-state=state aria-label=label
                            aria-current=move || (pos.get() == k).then_some("step") on:click=move |_| pos.set(k)>
                            {k + 1}<span aria-hidden="true">{mark}</span>
                        </button>
                    </li>
                }
            })
            .collect_view()
    };

    // On a widget page of its own the widget's title is an h2, in the tutorial an h3.
    let solo = use_context::<EmbedPage>().is_some();
    let card_view = move || {
        let i = current.get();
        let c = &CARDS[i];
        let a = answers.get_value();
        let n = cards.with_untracked(|d| d.len());
        let k = pos.get_untracked().min(n - 1);
        let done = move || outcomes.with(|o| o[i].clone());
        let on_submit = move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            commit(false);
        };
        let verdict = move |o: Outcome| {
            let head = if o.right { "Right." } else if o.gave_up { "Given up." } else { "Not quite." };
            let detail = match c.answer {
                Answer::Number { value, digits, .. } => {
                    let v = num(value(&a), digits);
                    match &o.given {
                        Some(g) => format!(" You answered {g}; the answer is {v}."),
                        None => format!(" The answer is {v}."),
                    }
                }
                Answer::Choice { options, right } => format!(" The answer is: “{}”", options[right].0),
            };
            view! { <p class="card-verdict" data-verdict=if o.right { "right" } else { "wrong" }><strong>{head}</strong>{detail}</p> }
        };
        let reasons = move |o: &Outcome| match c.answer {
            Answer::Choice { options, right } => Some(view! {
                <ul class="choice-reasons">
                    {options
                        .iter()
                        .enumerate()
                        .map(|(j, (text, why))| {
                            let tag = if j == right { "✓ " } else if o.picked == Some(j) { "✗ your pick: " } else { "✗ " };
                            view! { <li class:is-right=j == right><span class="choice-tag">{tag}</span>{*text}" — "<em>{*why}</em></li> }
                        })
                        .collect_view()}
                </ul>
            }),
            Answer::Number { .. } => None,
        };
        view! {
            <article class="practice-card" data-current-card=c.key aria-label=c.title>
                <p class="card-kicker">{kicker(i)}" · card "{k + 1}" of "{n}</p>
                {if solo { view! { <h3>{c.title}</h3> }.into_any() } else { view! { <h4>{c.title}</h4> }.into_any() }}
                {(c.question)(&a)}
                {move || match done() {
                    None => view! {
                        <form class="card-answer" on:submit=on_submit>
                            {answer_input(c, draft, picked)}
                            <div class="card-actions">
                                <button type="submit">"Check"</button>
                                <button type="button" on:click=move |_| commit(true)>"Give up"</button>
                            </div>
                            <p class="card-hint" role="status">{move || hint.get()}</p>
                        </form>
                    }
                    .into_any(),
                    Some(o) => view! {
                        <div class="card-solution" data-solution=c.key>
                            {verdict(o.clone())}
                            {reasons(&o)}
                            {if solo { view! { <h4>"Worked solution"</h4> }.into_any() } else { view! { <h5>"Worked solution"</h5> }.into_any() }}
                            {(c.solution)(&a)}
                            {c.link.map(|(href, text)| {
                                // On a widget page of its own the chapter is on the tutorial page.
                                let href = if solo { format!("./{href}") } else { href.to_string() };
                                view! { <p class="card-link">"See it live: "<a href=href>{text}</a></p> }
                            })}
                        </div>
                    }
                    .into_any(),
                }}
            </article>
        }
    };

    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root>
            <div class="widget-body practice" data-deck="">
                <div class="practice-head">
                    <p class="readouts" aria-live="polite">
                        <span data-readout="answered">{move || answered().to_string()}</span>" of "{move || cards.with(|d| d.len())}" answered, "
                        <span data-readout="correct">{move || right().to_string()}</span>" right · card "
                        <span data-readout="card">{move || (pos.get() + 1).to_string()}</span>
                    </p>
                    <div class="controls practice-set">
                        <Select label="Questions" name="set" value=set
                            options=vec![(0usize, "All 14 cards".to_string()), (1, "Interview questions".to_string()), (2, "Practice problems".to_string())] />
                    </div>
                </div>
                <nav class="practice-nav" aria-label="Cards">
                    <button type="button" on:click=move |_| go(-1)>"← Previous"</button>
                    <ol class="card-strip">{strip}</ol>
                    <button type="button" on:click=move |_| go(1)>"Next →"</button>
                </nav>
                {card_view}
                <p class="note">"Answer first: the worked solution appears once you check an answer or give up. Numbers in the \
                    answers and solutions are computed by the tutorial's own optimizer code when this widget loads."</p>
            </div>
        </WidgetShell>
    }
}
