//! Layer 2: saddle points (noise as the cure), a bumpy curve (noise helps only within a band),
//! and cliffs (a cap on the step). Every number is computed by the core when the chapter
//! mounts; the many-seed ones are computed a little per frame once their paragraph is on screen.

use crate::core::critical::local_minima_1d;
use crate::core::landscape::Landscape;
use crate::core::layer2::{cliff, curve, saddle};
use crate::core::optimizer::Clip;
use crate::core::oracle::Noise;
use crate::core::problem::{Objective, curvatures};
use crate::core::run::{Run, Status};
use crate::core::stats::quantile;
use crate::core::sweep::{Sweep, gaussian_jobs, hit_times};
use crate::format::sig;
use crate::ui::components::{Lazy, Math};
use crate::ui::widgets::common::use_sweep;
use crate::ui::widgets::{clipping, nonconvex_1d, saddle as saddle_widget};
use leptos::prelude::*;

/// Noise levels whose median escape times the prose quotes, and seeds per level.
const ESCAPE_SIGMAS: [f64; 4] = [0.001, 0.01, 0.1, 1.0];
const ESCAPE_SEEDS: usize = 40;
/// The settings of the curve's table: (σ, α), and seeds per setting.
const CURVE_ROWS: [(f64, f64); 4] = [(curve::SIGMA, curve::LR), (10.0, curve::LR), (40.0, curve::LR), (curve::SIGMA, 0.1)];
const CURVE_SEEDS: usize = 100;
/// Optimizer steps per frame for the chapter's own sweeps.
const BUDGET: u32 = 3000;
/// Steps the clipped runs of the prose take.
const CLIP_STEPS: usize = 300;

/// A constant as written in prose: 0.03, −1, 10.
fn num(v: f64) -> String {
    crate::plots::fmt_tick(v).replace('-', "−")
}

fn curve_table_sweep() -> Sweep {
    let jobs = CURVE_ROWS
        .iter()
        .flat_map(|&(sigma, lr)| gaussian_jobs(&curve::config(lr, curve::STEPS, Noise::Exact, 0), &[sigma], 1, CURVE_SEEDS))
        .collect();
    Sweep::new(curve::problem(), jobs, None)
}

/// The chapter's body (its section and heading are the main bundle's `LaterChapter`).
pub fn body() -> AnyView {
    // The saddle: its value, curvatures and minima, and gradient descent stopping on it.
    let sf = saddle::problem();
    let saddle_value = sf.value(&[0.0, 0.0]);
    // The Hessian at the origin is diagonal: its entries are the curvatures along x and y.
    let h = sf.hessian(&[0.0, 0.0]).unwrap_or_else(|| vec![0.0; 4]);
    let (curv_x, curv_y) = (h[0], h[3]);
    let is_saddle = curvatures(&*sf, &[0.0, 0.0]).is_some_and(|(lo, hi)| lo < 0.0 && hi > 0.0);
    let (min_at, min_value) = sf.minimum().unwrap_or((vec![0.0, 1.0], 0.0));
    let mut gd = Run::new(sf.clone(), saddle::config(saddle::LR, saddle::START, Noise::Exact, 0, 2000));
    gd.run(2000);
    let gd_stop = gd.steps();
    let gd_loss = gd.loss();
    let late_offset = 1e-8;
    let late = saddle::gd_escape(saddle::LR, [saddle::START[0], late_offset], 2000);
    let per_decade = 10f64.ln() / (1.0 + saddle::LR).ln();

    let escape_root: NodeRef<leptos::html::Div> = NodeRef::new();
    let escapes = use_sweep(escape_root, BUDGET, || saddle::escape_sweep(saddle::LR, saddle::START, &ESCAPE_SIGMAS, ESCAPE_SEEDS, 1000));
    // Plain closures (no memos): recomputing them is cheap, and each memo type costs wasm.
    let medians = move || {
        escapes.sim.tick.track();
        escapes.sweep.with_value(|s| {
            s.is_done().then(|| {
                s.outcomes()
                    .chunks(ESCAPE_SEEDS)
                    .map(|g| {
                        let (t, misses) = hit_times(g);
                        (misses == 0).then(|| quantile(&t, 0.5))
                    })
                    .collect::<Vec<_>>()
            })
        })
    };
    let median = move |m: &Option<Vec<Option<f64>>>, i: usize| match m {
        None => "…".to_string(),
        Some(m) => m.get(i).copied().flatten().map(|v| sig(v, 2)).unwrap_or_else(|| "more than 1000".into()),
    };
    let escape_text = Signal::derive(move || {
        let m = medians();
        format!(
            "From ({}, 0) with α = {}, x shrinks to nothing, and after {gd_stop} steps the gradient norm is below 10⁻⁸: \
             the run has stopped, at loss {}. That is the saddle's value, not the minima's {}, and nothing in the \
             gradient tells the two apart. Stochastic gradients carry noise, and the equation for y shows what noise \
             does here: any kick off the line is multiplied by 1 + α each step until the run slides into a minimum. \
             Over {ESCAPE_SEEDS} seeds the median time to escape (|y| reaching {}) is {} steps at σ = {}, {} at σ = {}, \
             {} at σ = {} and {} at σ = {}. Each tenfold cut in σ costs only about ln 10 / ln(1 + α) = {} more steps, \
             the time the offset needs to grow tenfold, so even faint noise gets out.",
            num(saddle::START[0]),
            num(saddle::LR),
            sig(gd_loss, 2),
            sig(min_value, 2),
            num(saddle::ESCAPE),
            median(&m, 0),
            num(ESCAPE_SIGMAS[0]),
            median(&m, 1),
            num(ESCAPE_SIGMAS[1]),
            median(&m, 2),
            num(ESCAPE_SIGMAS[2]),
            median(&m, 3),
            num(ESCAPE_SIGMAS[3]),
            sig(per_decade, 3)
        )
    });
    let saddle_text = format!(
        "The origin is {}: f = {} there, and the curvatures are {} along x and {} along y. Its minima are at \
         (0, ±{}), where f = {}. On the x axis the gradient has no y component, so a step that starts on that line \
         stays on it: it is the saddle's stable line. There, gradient descent with step α does this:",
        if is_saddle { "a saddle" } else { "a stationary point" },
        sig(saddle_value, 2),
        num(curv_x),
        num(curv_y),
        num(min_at[1]),
        sig(min_value, 2)
    );
    let late_text = format!(
        "Exactly on the stable line is a special case, though. Started only {} off it, gradient descent escapes too, \
         {}. The practical worry in high dimensions is less being stuck for ever than being slowed down near saddles, \
         and noise shortens the wait. In the widget, watch GD's gradient norm collapse while its loss stays put, and \
         the panel below it, where each dot is one seed's escape time.",
        sig(late_offset, 1),
        match late {
            Some(k) => format!("after {k} steps"),
            None => "though not within 2000 steps".to_string(),
        }
    );

    // The curve: its minima, where gradient descent stops, and many seeds of noise.
    let w = Landscape::Wiggly;
    let (best_at, best) = w.minimum().map(|(t, v)| (t[0], v)).unwrap_or((0.0, 0.0));
    let (range_lo, range_hi) = curve::RANGE;
    let others: Vec<String> = local_minima_1d(&w, range_lo, range_hi, 2000)
        .into_iter()
        .filter(|(t, _)| (t - best_at).abs() > 1e-6)
        .map(|(t, v)| format!("θ = {} (L = {})", sig(t, 3), sig(v, 3)))
        .collect();
    let (gd_theta, gd_curve_loss) = curve::gd_end(curve::LR, curve::STEPS);

    let table_root: NodeRef<leptos::html::Div> = NodeRef::new();
    let table = use_sweep(table_root, BUDGET, curve_table_sweep);
    let curve_text = format!(
        "Its lowest point is θ = {}, where L = {}; between θ = {} and {} it also dips at {}. Gradient descent from \
         θ = {} with α = {} stops in the first dip it meets: after {} steps it sits at θ = {} with L = {}.",
        sig(best_at, 3),
        sig(best, 3),
        num(range_lo),
        num(range_hi),
        others.join(", "),
        num(curve::START),
        num(curve::LR),
        curve::STEPS,
        sig(gd_theta, 3),
        sig(gd_curve_loss, 3)
    );
    let source_text = format!(
        "The source this tutorial draws on set a single noisy run (σ = {}) beside it, and that run ended slightly \
         worse than gradient descent. One run cannot say whether noise helps. Here are {CURVE_SEEDS} seeds for each \
         of four settings, all {} steps from θ = {}:",
        num(curve::SIGMA),
        curve::STEPS,
        num(curve::START)
    );
    // (seeds ending below GD, median final loss) of row i, or "…" while it is computed.
    let cells = move |i: usize| {
        table.sim.tick.track();
        let row = table.sweep.with_value(|s| {
            s.outcomes().chunks(CURVE_SEEDS).nth(i).filter(|g| g.len() == CURVE_SEEDS).map(|g| curve::summarize(g, gd_curve_loss))
        });
        match row {
            Some(s) => (s.better.to_string(), sig(s.median_loss, 3)),
            None => ("…".to_string(), "…".to_string()),
        }
    };
    let band_text = Signal::derive(move || {
        let c: Vec<(String, String)> = (0..CURVE_ROWS.len()).map(cells).collect();
        format!(
            "At σ = {} the noise only jiggles the run around the first dip: {} of {CURVE_SEEDS} end below gradient \
             descent, and the jiggling costs a little loss (median {}). The source's run was typical, not unlucky. At \
             σ = {} the kicks are large enough to cross the ridges, and {} of {CURVE_SEEDS} settle in deeper dips. At \
             σ = {} the run never settles anywhere; the end points scatter and the median final loss rises again, to \
             {}. The step size counts as much as σ: with α = {} and σ = {}, {} of {CURVE_SEEDS} get out, because each \
             kick is α·σ long. So noise helps only within a band, set by the size of each kick against the width and \
             height of the ridges. The widget's histograms show the whole distribution for any σ and α.",
            num(CURVE_ROWS[0].0),
            c[0].0,
            c[0].1,
            num(CURVE_ROWS[1].0),
            c[1].0,
            num(CURVE_ROWS[2].0),
            c[2].1,
            num(CURVE_ROWS[3].1),
            num(CURVE_ROWS[3].0),
            c[3].0
        )
    });
    let rows = CURVE_ROWS
        .iter()
        .enumerate()
        .map(|(i, &(s, a))| {
            let better = Signal::derive(move || format!("{} of {CURVE_SEEDS}", cells(i).0));
            let median = Signal::derive(move || cells(i).1);
            view! { <tr><td>{num(s)}</td><td>{num(a)}</td><td>{better}</td><td>{median}</td></tr> }
        })
        .collect_view();

    // The cliff: a plain run and a clipped one from the same start.
    let plain = cliff::run(cliff::LR, Clip::None, cliff::START, 1000);
    let clip_c = 1.0;
    let clipped = cliff::run(cliff::LR, Clip::Norm(clip_c), cliff::START, CLIP_STEPS);
    let by_value = cliff::run(cliff::LR, Clip::Value(clip_c), cliff::START, CLIP_STEPS);
    let (_, valley) = Landscape::Cliff.minimum().unwrap_or((vec![0.0, 0.0], 0.0));
    let plain_fate = if plain.run.status() == Status::Diverged { "was stopped and marked diverged" } else { "survived" };

    let cliff_text = format!(
        "Some losses have cliffs: a long, gentle slope that ends in a near-vertical face, as in recurrent networks \
         unrolled over many time steps. On the face the gradient is huge, and a gradient step is α‖∇L‖ long, however \
         large ‖∇L‖ is. Below, a plateau ends in a face that drops to a valley. From ({}, {}) with α = {}, plain \
         gradient descent walks to the edge, meets a gradient of norm {} and takes a step {} long. It lands on steep \
         ground far past the valley, where the next gradient is larger still: after {} steps, the next step would carry \
         θ past 10⁶, and the ones after it to infinity and then to “not a number”. The run {plain_fate} there; no value that is not a \
         finite number ever reaches the plot.",
        num(cliff::START[0]),
        num(cliff::START[1]),
        num(cliff::LR),
        sig(plain.peak, 3),
        sig(plain.longest, 3),
        plain.run.steps()
    );
    let clip_text = format!(
        "Either way the rule is: never take a step larger than X, with X = αc by norm and αc√d by value in d \
         dimensions. With c = {} and α = {}, the clipped run's longest step is {} although the face's gradient \
         reaches {}; after {CLIP_STEPS} steps its loss is {}, within {} of the valley's minimum. Clipped by value, \
         the longest step is {} and the loss ends within {} of the minimum too. Clipping is no cure for a step size that is too large everywhere; it \
         bounds the damage of rare huge gradients. In the widget, play the run with clipping off, then switch it on \
         and watch the two lines of the gradient-norm plot part company on the face.",
        num(clip_c),
        num(cliff::LR),
        num(clipped.longest),
        sig(clipped.peak, 3),
        sig(clipped.run.loss(), 4),
        sig(clipped.run.loss() - valley, 1),
        num(by_value.longest),
        sig(by_value.run.loss() - valley, 1)
    );

    view! {
        <div class="chapter-body">
            <p>
                "Layer 1 treated noise as a nuisance to average away. This layer visits two kinds of ground where \
                 the shape of the loss matters more: flat spots that are not minima, where noise is the way out, \
                 and cliffs, where a single enormous gradient wrecks a run unless each step is capped."
            </p>

            <h3>"A saddle: zero gradient, no minimum"</h3>
            <p>
                "A saddle curves up in one direction and down in another. At its centre the gradient is exactly \
                 zero, and gradient descent, which sees nothing but the gradient, has no reason to move. Take"
            </p>
            <Math block=true tex=r"f(x, y) = \tfrac12 x^2 + \tfrac14 y^4 - \tfrac12 y^2" />
            <Math block=true tex=r"\nabla f(x, y) = \begin{pmatrix} x \\ y^3 - y \end{pmatrix}" />
            <p>{saddle_text}</p>
            <Math block=true tex=r"x_{t+1} = (1 - \alpha)\,x_t" />
            <Math block=true tex=r"y_{t+1} = (1 + \alpha)\,y_t - \alpha\,y_t^3" />
            <div class="prose" node_ref=escape_root>
                <p data-prose="escape">{escape_text}</p>
            </div>
            <p>{late_text}</p>
            <Lazy id=saddle_widget::ID />

            <h3>"Noise on a bumpy curve: when it helps"</h3>
            <p>"Can noise also carry a run out of a poor local minimum into a better one? A curve with many dips makes the question concrete:"</p>
            <Math block=true tex=r"L(\theta) = 0.5\,(\theta - 3)^2 + 2\sin 3\theta + 0.3\sin 7\theta" />
            <p>{curve_text}</p>
            <div class="prose" node_ref=table_root>
                <p>{source_text}</p>
                <table class="data" aria-label="Noisy runs on the bumpy curve against gradient descent">
                    <thead>
                        <tr>
                            <th scope="col">"Noise σ"</th><th scope="col">"Step α"</th>
                            <th scope="col">{format!("Seeds ending below GD's {}", sig(gd_curve_loss, 3))}</th><th scope="col">"Median final loss"</th>
                        </tr>
                    </thead>
                    <tbody data-prose="curve-table">{rows}</tbody>
                </table>
                <p data-prose="band">{band_text}</p>
            </div>
            <Lazy id=nonconvex_1d::ID />

            <h3>"Cliffs, and never taking a step larger than X"</h3>
            <p>{cliff_text}</p>
            <p>
                "Clipping caps the gradient before the step. Clipping by global norm (PyTorch's clip_grad_norm_) \
                 scales the whole gradient down when its norm exceeds a threshold c, and keeps its direction:"
            </p>
            <Math block=true tex=r"g \leftarrow g \cdot \min\!\left(1,\ \frac{c}{\lVert g \rVert}\right)" />
            <Math block=true tex=r"\lVert \theta_{t+1} - \theta_t \rVert = \alpha \lVert g \rVert \le \alpha c" />
            <p>"Clipping by value (clip_grad_value_) clamps each coordinate on its own, which can turn the direction:"</p>
            <Math block=true tex=r"g_i \leftarrow \max\bigl(-c,\ \min(c,\ g_i)\bigr)" />
            <Math block=true tex=r"\lVert \theta_{t+1} - \theta_t \rVert \le \alpha c \sqrt{d}" />
            <p>{clip_text}</p>
            <Lazy id=clipping::ID />
        </div>
    }
    .into_any()
}
