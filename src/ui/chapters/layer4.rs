//! Layer 4: learning-rate schedules. Turning the rate down (a gallery, a race on one noise
//! stream, the Robbins–Monro conditions), turning it up carefully (warm-up and the linear
//! scaling rule), choosing it (the range test), and averaging instead of decaying. Every number
//! is computed by the core; the heavier ones a frame or two after the chapter mounts, one
//! paragraph at a time, so mounting never stalls the page.

use crate::core::layer4::{averaging, gallery, lr_finder, race, robbins_monro, scaling};
use crate::core::problem::{Objective, Problem};
use crate::core::run::Status;
use crate::core::schedule::Schedule;
use crate::core::stats::{mean, quantile, variance};
use crate::format::sig;
use crate::ui::components::{Lazy, Math};
use crate::ui::widgets::{averaging as averaging_widget, batch_scaling, lr_finder as finder_widget, noise_paths, robbins_monro as rm_widget, schedule_race, schedules};
use leptos::prelude::*;
use std::time::Duration;

/// Seeds over which the race's final losses are summarised.
const RACE_SEEDS: u64 = 20;
/// Seeds over which averaging's final losses are summarised.
const AVG_SEEDS: u64 = 50;
/// Steps of the Robbins–Monro runs the prose quotes, and where it reads them.
const RM_STEPS: [usize; 3] = [1000, 5000, 20_000];
/// The tail-averaging start the prose compares with averaging from the first step.
const TAIL_START: usize = 100;

/// A constant as written in prose: 0.05, 20, 1e-4 → 10⁻⁴ style via `sig`.
fn num(v: f64) -> String {
    crate::plots::fmt_tick(v).replace('-', "−")
}

/// A value computed `delay` after mounting (`None` until then): the chapter's heavier numbers
/// are spread over a few frames instead of blocking the first paint.
pub(super) fn later<T: Send + Sync + 'static>(delay: u64, f: impl FnOnce() -> T + 'static) -> RwSignal<Option<T>> {
    let s = RwSignal::new(None);
    set_timeout(move || { s.try_set(Some(f())); }, Duration::from_millis(delay));
    s
}

/// Jobs run one per timeout, `GAP` ms apart from `start` (each one short, so no frame waits
/// long); `Some` once every one has run.
fn later_all<T: Clone + Send + Sync + 'static>(start: u64, jobs: Vec<Box<dyn FnOnce() -> T>>) -> Signal<Option<Vec<T>>> {
    const GAP: u64 = 25;
    let done: RwSignal<Vec<Option<T>>> = RwSignal::new(vec![None; jobs.len()]);
    for (i, job) in jobs.into_iter().enumerate() {
        set_timeout(
            move || {
                let v = job();
                done.try_update(|d| d[i] = Some(v));
            },
            Duration::from_millis(start + GAP * i as u64),
        );
    }
    Signal::derive(move || done.with(|d| d.iter().cloned().collect::<Option<Vec<T>>>()))
}

/// The first letter upper-cased.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// "…" until a later value arrives.
fn or_wait<T: Clone + Send + Sync + 'static>(s: impl Into<Signal<Option<T>>>, f: impl Fn(T) -> String + Send + Sync + 'static) -> Signal<String> {
    let s: Signal<Option<T>> = s.into();
    Signal::derive(move || s.get().map(&f).unwrap_or_else(|| "…".to_string()))
}

/// The chapter's body (its section and heading are the main bundle's `LaterChapter`).
pub fn body() -> AnyView {
    let f = noise_paths::problem();
    let problem: Problem = f.clone();
    let best = f.minimum().map(|m| m.1).unwrap_or(0.0);

    // The gallery's defaults: η at a few steps and the sum of the rates over the horizon.
    let gp = gallery::Params::default();
    let gallery_rows = (0..gallery::KEYS.len())
        .map(|i| {
            let c = gallery::curve(i, &gp);
            let at = |t: usize| c.get(t).map(|p| p.1).unwrap_or(0.0);
            let total: f64 = c.iter().map(|p| p.1).sum();
            view! {
                <tr><td>{gallery::TITLES[i]}</td><td>{sig(at(gp.total / 4), 2)}</td><td>{sig(at(gp.total / 2), 2)}</td><td>{sig(at(gp.total - 1), 2)}</td><td>{sig(total, 3)}</td></tr>
            }
        })
        .collect_view();
    let exp_end = gallery::curve(2, &gp).last().map(|p| p.1).unwrap_or(0.0);
    let step_end = gallery::curve(1, &gp).last().map(|p| p.1).unwrap_or(0.0);

    // The race: seed 1 (the widget's default) and the spread over seeds, five seeds a job.
    let race_jobs: Vec<Box<dyn FnOnce() -> Vec<[f64; 4]>>> = (0..RACE_SEEDS / 5)
        .map(|k| {
            let p = problem.clone();
            Box::new(move || race::smoothed_finals(&p, race::ETAS, race::STEPS, race::WARMUP, race::WINDOW, 1 + 5 * k..6 + 5 * k)) as Box<dyn FnOnce() -> Vec<[f64; 4]>>
        })
        .collect();
    let race_all = later_all(30, race_jobs);
    let race_one = move || race_all.get().map(|v| v[0][0]);
    let race_many = move || {
        race_all.get().map(|chunks| {
            let all: Vec<[f64; 4]> = chunks.concat();
            let medians: Vec<f64> = (0..4).map(|i| quantile(&all.iter().map(|r| r[i]).collect::<Vec<_>>(), 0.5)).collect();
            // How often each decaying schedule ends below the constant rate.
            let beats: Vec<usize> = (1..4).map(|i| all.iter().filter(|r| r[i] < r[0]).count()).collect();
            (medians, beats)
        })
    };
    // The distance budget of each schedule over the race: Σ η(t).
    let budgets: Vec<f64> = race::schedules(race::STEPS, race::WARMUP)
        .iter()
        .zip(race::ETAS)
        .map(|(s, e)| (0..race::STEPS).map(|t| s.lr(e, t)).sum())
        .collect();
    let race_text = Signal::derive(move || {
        let (Some(one), Some((med, beats))) = (race_one(), race_many()) else { return "…".to_string() };
        let lowest = (0..4).min_by(|&a, &b| med[a].total_cmp(&med[b])).unwrap_or(0);
        let sqrt_behind = med[1] > med[0];
        format!(
            "With the widget's first seed, after {} steps and smoothed over the last {}, the loss above the optimum is {} for the constant \
             rate, {} for 1/√(t+1), {} for the cosine and {} for warm-up + cosine. One seed is one draw, so here are the medians over \
             {RACE_SEEDS} seeds, in the same order: {}, {}, {} and {}. {} ends lowest. Against the constant rate, the cosine ends lower in \
             {} of {RACE_SEEDS} seeds, warm-up + cosine in {}, and 1/√(t+1) in {}. Two things decide the race. One is the noise: the \
             cosines spend their last hundred steps at rates near zero, where the mini-batches can no longer kick the iterate about, while \
             the constant rate jiggles at 0.05 to the end. The other is distance: over the {} steps the rates add up to {} for the constant, \
             {} for 1/√(t+1), {} for the cosine and {} for warm-up + cosine. {}",
            race::STEPS,
            race::WINDOW,
            sig(one[0], 2),
            sig(one[1], 2),
            sig(one[2], 2),
            sig(one[3], 2),
            sig(med[0], 2),
            sig(med[1], 2),
            sig(med[2], 2),
            sig(med[3], 2),
            capitalise(race::LABELS[lowest]),
            beats[1],
            beats[2],
            beats[0],
            race::STEPS,
            sig(budgets[0], 3),
            sig(budgets[1], 3),
            sig(budgets[2], 3),
            sig(budgets[3], 3),
            if sqrt_behind {
                "1/√(t+1) spends its budget in the first few dozen steps and is left with too little: after 500 steps it is still walking in \
                 from the start, and it ends behind even the constant rate. Decaying is not enough; the rate must not fall too fast, which \
                 is the next section's subject."
            } else {
                "1/√(t+1) has the smallest budget of the four, so it spends longer walking in from the start; it is the rate's fall that \
                 helps it at the end."
            }
        )
    });

    // Robbins–Monro: the sums of three schedules and where SGD gets to under each.
    let eta0: f64 = 0.1;
    let rho: f64 = 0.05;
    let lam: f64 = 0.02;
    let inverse = Schedule::InverseTime { rate: rho, power: 1.0 };
    let expo = Schedule::Exponential { gamma: (-lam).exp() };
    let v_inv = robbins_monro::verdict(&inverse, eta0);
    let v_exp = robbins_monro::verdict(&expo, eta0);
    let rm_jobs: Vec<Box<dyn FnOnce() -> Vec<Option<f64>>>> = [Schedule::Constant, inverse.clone(), expo.clone(), Schedule::InverseTime { rate: rho, power: 0.5 }]
        .into_iter()
        .map(|s| {
            let p = problem.clone();
            Box::new(move || robbins_monro::excess_at(&p, &s, eta0, 1, 1, &RM_STEPS)) as Box<dyn FnOnce() -> Vec<Option<f64>>>
        })
        .collect();
    let rm = later_all(150, rm_jobs);
    let fmt_opt = |v: &Option<f64>| v.map(|x| sig(x, 2)).unwrap_or_else(|| "diverged".into());
    let rm_text = or_wait(rm, move |v: Vec<Vec<Option<f64>>>| {
        let (c, i, e, s) = (&v[0], &v[1], &v[2], &v[3]);
        format!(
            "Run SGD with single examples (B = 1) from η₀ = {} under each. After {}, {} and {} steps, L − L* is {}, {} and {} with 1/t: \
             still falling. Under the exponential it is {}, {} and {}: the run froze before step {}, short of the optimum, and it would stay \
             frozen for a million more steps. The constant rate sits at its noise floor ({}, {}, {}). 1/√t breaks the second condition, yet \
             its loss falls too ({} after {} steps): its rate still goes to zero, only slowly. The conditions are sufficient for convergence, \
             not necessary: they are what Robbins and Monro's proof needs, and a rate that falls to zero more slowly still takes \
             the expected loss to the optimum, at about the pace of the rate itself.",
            num(eta0),
            RM_STEPS[0],
            RM_STEPS[1],
            RM_STEPS[2],
            fmt_opt(&i[0]),
            fmt_opt(&i[1]),
            fmt_opt(&i[2]),
            fmt_opt(&e[0]),
            fmt_opt(&e[1]),
            fmt_opt(&e[2]),
            RM_STEPS[0],
            fmt_opt(&c[0]),
            fmt_opt(&c[1]),
            fmt_opt(&c[2]),
            fmt_opt(&s[2]),
            RM_STEPS[2]
        )
    });
    let rm_sums_text = format!(
        "Take η₀ = {} and compare 1/t decay, η₀/(1 + {}t), with exponential decay, η₀e^(−{}t). The exponential's rates add up to \
         η₀/(1 − e^(−{})) = {}: a finite budget, so it fails the first condition. The 1/t rates add up without end (like ln t), while their \
         squares converge, to {}: both conditions hold. The exponential's squares converge too (to {}), but that cannot rescue it.",
        num(eta0),
        num(rho),
        num(lam),
        num(lam),
        sig(v_exp.sum_limit.unwrap_or(0.0), 3),
        sig(v_inv.squares_limit.unwrap_or(0.0), 3),
        sig(v_exp.squares_limit.unwrap_or(0.0), 3)
    );

    // The linear scaling rule on the 50-gene regression.
    // One runner per job; the first job also builds the 50-gene regression (cached for the widget).
    let high_lr = 0.1;
    type Outcome = (f64, Status, f64);
    let scale_jobs: Vec<Box<dyn FnOnce() -> Outcome>> = [(scaling::LR, 0), (scaling::LR, 1), (scaling::LR, 2), (scaling::LR, 3), (high_lr, 1), (high_lr, 2)]
        .into_iter()
        .map(|(lr, i)| {
            Box::new(move || {
                let d = batch_scaling::problem();
                let dp: Problem = d.clone();
                let r = scaling::runners(d.examples().unwrap_or(1), scaling::BATCH, lr, scaling::K, scaling::WARMUP_EPOCHS).swap_remove(i);
                scaling::outcomes(&dp, &[r], scaling::EPOCHS, 1)[0]
            }) as Box<dyn FnOnce() -> Outcome>
        })
        .collect();
    let scale_runs = later_all(260, scale_jobs);
    let scale = RwSignal::new(None);
    Effect::new(move |_| {
        if let Some(o) = scale_runs.get() {
            let d = batch_scaling::problem();
            let limit = scaling::stability_limit(&*d).unwrap_or(f64::INFINITY);
            scale.set(Some((d.examples().unwrap_or(1), limit, o[..4].to_vec(), vec![o[0], o[4], o[5]], high_lr)));
        }
    });
    let scale_text = or_wait(scale, |(n, limit, ok, bad, high_lr)| {
        let fate = |o: &(f64, Status, f64)| if o.1 == Status::Diverged { format!("diverged after {} epochs", sig(o.2, 2)) } else { format!("L − L* = {}", sig(o.0, 2)) };
        let k = scaling::K as f64;
        format!(
            "The widget below tries it on a bigger regression: drug sensitivity from 50 correlated genes, N = {n} cell lines. After {} \
             epochs, B = {} at α = {} reaches {}; B = {} at α = {}, in {}× fewer steps, reaches {}. The rule holds. Without it, B = {} at \
             α = {} gets only to {}. Warm-up over {} epochs ({}) costs a little early progress and changes nothing else, and that is \
             the honest result for this model: its loss is quadratic, so its curvature is the same everywhere, and a rate that is safe at \
             the end is safe from the first step. What the rule cannot survive is a scaled rate past gradient descent's stability limit \
             2/λ_max, here {}. Start from α = {} and the scaled rate is {}: the large batch {}, and with warm-up it {}, later.",
            num(scaling::EPOCHS),
            scaling::BATCH,
            num(scaling::LR),
            fate(&ok[0]),
            scaling::BATCH * scaling::K,
            num(scaling::LR * k),
            scaling::K,
            fate(&ok[1]),
            scaling::BATCH * scaling::K,
            num(scaling::LR),
            fate(&ok[3]),
            num(scaling::WARMUP_EPOCHS),
            fate(&ok[2]),
            sig(limit, 3),
            num(high_lr),
            num(high_lr * k),
            fate(&bad[1]),
            fate(&bad[2])
        )
    });

    // The range test with the widget's defaults, its suggestion used, and a slower sweep.
    let finder = later(450, {
        let p = problem.clone();
        move || {
            let t = lr_finder::RangeTest::new(p.clone(), lr_finder::LR_MIN, lr_finder::LR_MAX, lr_finder::STEPS, 1, lr_finder::BETA).finish();
            let g = t.suggestion()?;
            let train = |lr: f64| {
                let mut r = lr_finder::demo(&p, lr, 200, 1);
                r.run(200);
                (r.status() != Status::Diverged).then(|| r.loss() - best)
            };
            let slow = lr_finder::RangeTest::new(p.clone(), lr_finder::LR_MIN, lr_finder::LR_MAX, 4 * lr_finder::STEPS, 1, lr_finder::BETA).finish();
            let limit = scaling::stability_limit(&*p).unwrap_or(f64::INFINITY);
            Some((g.steepest.1, g.minimum.1, train(g.steepest.1), train(g.minimum.1), slow.suggestion().map(|s| s.steepest.1), limit, t.steps()))
        }
    });
    let finder_text = or_wait(finder, move |r| match r {
        None => "The test found no clear fall with these settings.".to_string(),
        Some((steep, low, a, b, slow, limit, n)) => format!(
            "On the regression, a sweep from α = {} to {} in {} steps stops after {n}, once the loss has clearly turned up. The smoothed \
             loss falls fastest at α = {} and is lowest at α = {}. Trained for 200 steps at the suggestion, SGD ends {} above the optimum; \
             at the lowest point's α it ends at {}. Both settle, but Layer 1's noise floor grows with α, and the larger rate sits in the \
             last stretch before plain gradient descent would diverge, at 2/λ_max = {}. The suggestion is not a law of nature, though: the \
             same sweep spread over {} steps suggests {}, because a slower sweep gives each rate more steps to make progress. It is a \
             starting point, found cheaply, not the best rate.",
            sig(lr_finder::LR_MIN, 1),
            num(lr_finder::LR_MAX),
            lr_finder::STEPS,
            sig(steep, 2),
            sig(low, 2),
            fmt_opt(&a),
            fmt_opt(&b),
            sig(limit, 3),
            4 * lr_finder::STEPS,
            slow.map(|s| sig(s, 2)).unwrap_or_else(|| "nothing".into())
        ),
    });

    // Averaging from the first step (the source's form) against tail averaging, over seeds.
    let avg = later(500, {
        let p = problem.clone();
        move || {
            let summary = |start: usize| {
                let v = averaging::final_losses(&p, averaging::LR, averaging::BATCH, averaging::STEPS, start, AVG_SEEDS);
                let raw: Vec<f64> = v.iter().map(|x| x.0 - best).collect();
                let avg: Vec<f64> = v.iter().map(|x| x.1 - best).collect();
                (mean(&raw), variance(&raw), mean(&avg), variance(&avg))
            };
            (summary(0), summary(TAIL_START))
        }
    });
    let avg_text = or_wait(avg, |(full, tail)| {
        format!(
            "Over {AVG_SEEDS} seeds of that set-up, the raw iterate's loss ends on average {} above the optimum. The average of every \
             iterate ends {} above it, {} times higher: after {} steps it still carries the first few dozen iterates, far up the slope \
             from θ₀. The source's own printed numbers show the same (its averaged loss ends above the raw one), although its text says \
             averaging converges closer. The cure is to average only the tail: starting at step {TAIL_START}, the average ends {} \
             above the optimum, {}× lower than the raw iterate, and its final loss varies {}× less from seed to seed (variance {} \
             against {}).",
            sig(full.0, 2),
            sig(full.2, 2),
            sig(full.2 / full.0.max(1e-300), 2),
            averaging::STEPS,
            sig(tail.2, 2),
            sig(tail.0 / tail.2.max(1e-300), 2),
            sig(tail.1 / tail.3.max(1e-300), 2),
            sig(tail.3, 2),
            sig(tail.1, 2)
        )
    });

    view! {
        <div class="chapter-body">
            <p>
                "Layer 1 ended on a promise. With a constant rate α, SGD does not converge; it reaches a neighbourhood of the optimum and \
                 jiggles there, and the neighbourhood grows with α. Big steps are what you want far from the optimum and exactly what you \
                 do not want near it. A learning-rate schedule is the compromise: start with big steps to cover ground, then press the \
                 brakes so the noise dies down. This layer is about when and how hard to brake, how to start (warm-up), how to pick the \
                 rate in the first place (a range test), and a way to settle without braking at all (averaging)."
            </p>

            <h3>"A gallery of schedules"</h3>
            <p>
                "A schedule is a function η(t) of the step count, multiplied into every update: θ ← θ − η(t)·g. Here they are written \
                 the way PyTorch's torch.optim.lr_scheduler computes them, with t counted from 0 and η₀ the optimizer's lr. Step decay \
                 multiplies the rate by γ at each milestone; exponential decay by a constant factor every step; polynomial and inverse-time \
                 decay divide it by a power of t:"
            </p>
            <Math block=true tex=r"\eta_t = \eta_0\,\gamma^{\,\#\{i\,:\,m_i \le t\}} \qquad \eta_t = \eta_0\,e^{-\lambda t}" />
            <Math block=true tex=r"\eta_t = \eta_0\,(1 + \beta t)^{-p} \qquad \eta_t = \frac{\eta_0}{1 + \rho t}" />
            <p>
                "Cosine annealing glides from η₀ to a floor along half a cosine over T steps; with warm restarts it jumps back up at \
                 the end of each period and starts again, each period T_mult times longer than the last:"
            </p>
            <Math block=true tex=r"\eta_t = \eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})\left(1 + \cos\frac{\pi t}{T}\right)" />
            <p>
                "Warm-up runs the other way first: the rate climbs linearly from a small fraction of η₀ for W steps before the decay \
                 begins. One-cycle (Leslie Smith's policy, popular through fast.ai) climbs for about 30 % of training from η₀/25 to η₀ \
                 and then anneals far below where it started. With η₀ = 0.1 and T = 200 steps, the rates at a quarter, half and the end \
                 of training, and their sum Σ η over all 200 steps (the total distance the steps can cover, in units of the gradient), are:"
            </p>
            <table class="data compact" aria-label="Learning rates of each schedule at several steps, and their sums over 200 steps">
                <thead><tr><th scope="col">"Schedule"</th><th scope="col">"η(50)"</th><th scope="col">"η(100)"</th><th scope="col">"η(199)"</th><th scope="col">"Σ η"</th></tr></thead>
                <tbody data-prose="gallery-table">{gallery_rows}</tbody>
            </table>
            <p>
                {format!(
                    "They differ a lot in how long they stay high. Exponential decay with λ = {} is down to {} by the end, step decay to {}. \
                     Click any plot below to edit its schedule; the formula and the PyTorch call update with it.",
                    num(gp.exp_lambda),
                    sig(exp_end, 2),
                    sig(step_end, 2)
                )}
            </p>
            <Lazy id=schedules::ID />

            <h3>"Four schedules on one noise stream"</h3>
            <p>
                "To compare schedules fairly, give them the same luck. In the race below all four runs train the Layer 1 regression with \
                 mini-batches of 16, and they draw the same mini-batches at every step: the only difference between them is η(t). They \
                 are the source's four: a constant 0.05, 0.1/√(t+1), a cosine from 0.05, and a 20-step warm-up to 0.1 followed by a cosine."
            </p>
            <p data-prose="race">{race_text}</p>
            <Lazy id=schedule_race::ID />

            <h3>"How fast to brake: the Robbins–Monro conditions"</h3>
            <p>
                "Robbins and Monro's 1951 paper, where stochastic approximation began, asked what a step-size sequence needs for the \
                 iterates to converge despite the noise. Two things:"
            </p>
            <Math block=true tex=r"\sum_{t=0}^{\infty} \eta_t = \infty \qquad\text{and}\qquad \sum_{t=0}^{\infty} \eta_t^2 < \infty" />
            <p>
                "The first says the steps must add up to an unlimited distance: however far the start is from the optimum, the run must \
                 be able to get there. The second says the noise must die out: each step adds noise of size about ηₜσ, and independent \
                 noise adds up in variance, as Σηₜ²σ². Constant rates fail the second; rates that shrink too fast fail the first."
            </p>
            <p>{rm_sums_text}</p>
            <p data-prose="robbins-monro">{rm_text}</p>
            <Lazy id=rm_widget::ID />

            <h3>"Braking in reverse: warm-up, and bigger batches"</h3>
            <p>
                "Warm-up starts small on purpose. Two reasons come up in practice. A freshly initialised deep network sits where the \
                 loss is sharply curved and gradients are large, so the full rate would throw it somewhere worse; a few hundred careful \
                 steps carry it to flatter ground, where the full rate is safe. And adaptive methods such as Adam divide by a running \
                 estimate of the squared gradient, which after a handful of steps rests on a handful of samples (Layer 5 looks at that \
                 estimate closely); small early steps keep its errors from doing damage."
            </p>
            <p>
                "Warm-up matters most with large batches. A batch k times larger has k times less gradient variance, so it can afford a \
                 larger step, and the linear scaling rule (Goyal et al., 2017) says how much: multiply the rate by k as well. Then one \
                 large-batch step does about what k small-batch steps did, and the loss per example processed stays the same, while the \
                 number of steps falls k-fold. Their recipe: B = 128 at α = 0.01 becomes B = 1024 at α = 0.08, reached by a linear \
                 warm-up over the first five epochs (W steps) that starts from the small batch's rate:"
            </p>
            <Math block=true tex=r"B \to kB, \qquad \alpha \to k\alpha" />
            <Math block=true tex=r"\eta_t = k\alpha\left(\tfrac1k + \left(1 - \tfrac1k\right)\frac{t}{W}\right) \quad (t < W)" />
            <p data-prose="scaling">{scale_text}</p>
            <Lazy id=batch_scaling::ID />

            <h3>"Choosing the rate: the range test"</h3>
            <p>
                "Every schedule needs its η₀. The learning-rate range test (Leslie Smith; fast.ai's “LR finder”) finds a good one in a \
                 single short run: start with a tiny rate, multiply it by a fixed factor after every step, and record the loss. At first \
                 the rate is too small to matter and the loss stays flat; then it starts to fall; then the rate gets too large and the \
                 loss shoots up. Over n steps from α_min to α_max, step t uses"
            </p>
            <Math block=true tex=r"\alpha_t = \alpha_{\min}\left(\frac{\alpha_{\max}}{\alpha_{\min}}\right)^{t/(n-1)}" />
            <p>
                "Read the curve against log α and pick the rate where the loss falls fastest, not where it is lowest: at the lowest \
                 point the rate is already about to blow up."
            </p>
            <p data-prose="finder">{finder_text}</p>
            <Lazy id=finder_widget::ID />

            <h3>"Settling without braking: iterate averaging"</h3>
            <p>
                "A constant rate makes the iterates jiggle around the optimum, more or less evenly on all sides. Their average then sits \
                 much closer to it than any single iterate. Polyak and Ruppert's averaging keeps a running mean of the iterates, alongside \
                 the run and without changing it:"
            </p>
            <Math block=true tex=r"\bar\theta_t = \frac{1}{t}\sum_{i=1}^{t}\theta_i = \frac{1}{t}\,\theta_t + \left(1 - \frac{1}{t}\right)\bar\theta_{t-1}" />
            <p>
                "Averaging this way reaches the best possible rate for SGD on smooth, strongly convex problems, the rate of an optimizer \
                 that knows the Hessian. The catch is in the first term: the average remembers every iterate, including the ones from \
                 the beginning, far from the optimum, and forgets them only as 1/t. The source's set-up is SGD with B = 8 and α = 0.05 \
                 for 300 steps."
            </p>
            <p data-prose="averaging">{avg_text}</p>
            <p>
                "Tail averaging is what practice uses: stochastic weight averaging starts its average late in training, and an \
                 exponential moving average of the weights forgets old iterates geometrically. In the widget, set “Average from step” \
                 to 0 to see the source's version, and zoom in on the optimum to see how much tighter the average's path is."
            </p>
            <Lazy id=averaging_widget::ID />

            <h3>"In practice"</h3>
            <ul class="practice-list">
                <li>"Pick the peak rate with a range test, at the steepest part of the curve, then schedule down from it."</li>
                <li>"Cosine annealing (with a short warm-up for large models and large batches) is the common default; step decay at \
                     fixed epochs is the classic choice for image classifiers."</li>
                <li>"When the batch grows k-fold, try the rate k-fold with a warm-up, and watch for the point where the larger step \
                     stops being stable."</li>
                <li>"A constant rate plus an average of the last stretch of iterates can come close to a tuned decay, and the \
                     average is ready whenever you stop, with no horizon to fix in advance."</li>
            </ul>
        </div>
    }
    .into_any()
}
