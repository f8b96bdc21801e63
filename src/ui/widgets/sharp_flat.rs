//! `sharp-flat`: a 1-D loss with a sharp, deeper dip and a broad, shallower bowl. Every example
//! is a shifted copy of the shape, so mini-batch losses disagree where the loss curves sharply.
//! SGD and SAM (radius ρ) run from the same evenly spread starts on the same mini-batches; a
//! histogram shows where each ends.

use crate::core::beyond::sharp_flat::{self as sf, Landscape};
use crate::core::problem::{Objective, Problem};
use crate::core::rng::{Rng, rng_at};
use crate::core::run::Run;
use crate::core::stats::{histogram, quantile, variance};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, SeedRow, aspect, blank, draw_chart_on, live, runs_reached, step_runs, use_replayed, use_status, use_reached};
use leptos::prelude::*;
use std::rc::Rc;
pub use crate::catalog::sharp_flat::{ID, SPECS, TITLE};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <SharpFlat params=p /> }.into_any()
}

/// The landscape's examples are fixed (the seed picks the runs' mini-batches).
const DATA_SEED: u64 = 1;
/// Mini-batch loss curves drawn.
const CURVES: usize = 6;
const VIEW: (f64, f64) = (-3.0, 3.0);
const BINS: usize = 30;

struct State {
    land: Rc<Landscape>,
    runs: Vec<Run>,
}

fn advance(s: &mut State, n: usize) -> bool {
    step_runs(&mut s.runs, n)
}
fn reached(s: &State) -> usize {
    runs_reached(&s.runs)
}
fn state_runs(s: &State) -> &[Run] {
    &s.runs
}

/// Where the SGD runs and the SAM runs are now.
fn ends(s: &State) -> (Vec<f64>, Vec<f64>) {
    let all: Vec<f64> = s.runs.iter().map(|r| r.position()[0]).collect();
    let (a, b) = all.split_at(sf::STARTS);
    (a.to_vec(), b.to_vec())
}

#[component]
fn SharpFlat(params: Parsed) -> impl IntoView {
    let lr = RwSignal::new(params.f64("lr"));
    let batch = RwSignal::new(params.int("b") as f64);
    let rho = RwSignal::new(params.f64("rho"));
    let tau = RwSignal::new(params.f64("tau"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let b = move || (batch.get().round() as usize).clamp(1, sf::N);

    let make = move || {
        let land = Rc::new(Landscape::new(tau.get_untracked(), DATA_SEED));
        let p: Problem = land.clone();
        let runs = sf::runs(
            &p,
            lr.get_untracked(),
            (batch.get_untracked().round() as usize).clamp(1, sf::N),
            rho.get_untracked(),
            steps.get_untracked().round() as usize,
            sf::STARTS,
            seed.get_untracked(),
        );
        State { land, runs }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        lr.track();
        batch.track();
        rho.track();
        tau.track();
        steps.track();
        seed.track();
    };
    let (state, sim) = use_replayed(root, params.int("speed"), make, advance, reached, track);
    let status = use_status(state, sim, state_runs);
    let step_count = use_reached(state, sim, reached);
    // The border between the basins, and how much mini-batch losses disagree at each minimum
    // (the standard deviation of the loss over 200 mini-batches of B).
    let facts = Memo::new(move |_| {
        sim.tick.track();
        let bb = b();
        state.with_value(|s| {
            let mut rng = rng_at(seed.get_untracked(), 22, 0);
            let spread = |x: f64, rng: &mut Rng| {
                let vals: Vec<f64> = (0..200).map(|_| s.land.batch_value(x, &rand::seq::index::sample(rng, sf::N, bb).into_vec())).collect();
                variance(&vals).sqrt()
            };
            let sharp = spread(sf::SHARP, &mut rng);
            let flat = spread(sf::FLAT, &mut rng);
            (s.land.border(), sharp, flat, s.land.value(&[sf::SHARP]), s.land.value(&[sf::FLAT]))
        })
    });
    let shares = Memo::new(move |_| {
        sim.tick.track();
        let border = facts.with(|f| f.0);
        state.with_value(|s| {
            let (a, c) = ends(s);
            (sf::flat_share(&a, border), sf::flat_share(&c, border))
        })
    });
    // SAM runs resting at neither minimum: how many, and where (the median).
    let stalled = Memo::new(move |_| {
        sim.tick.track();
        state.with_value(|s| {
            let (_, c) = ends(s);
            let away: Vec<f64> = c.into_iter().filter(|x| (x - sf::FLAT).abs() > 0.5 && (x - sf::SHARP).abs() > 0.3).collect();
            (away.len(), quantile(&away, 0.5))
        })
    });

    let landscape_chart = move |layer: &Layer| {
        sim.tick.track();
        let bb = b();
        let series = state.with_value(|s| {
            let xs: Vec<f64> = (0..=240).map(|k| VIEW.0 + (VIEW.1 - VIEW.0) * k as f64 / 240.0).collect();
            let mut rng = rng_at(seed.get(), 23, 0);
            let mut out: Vec<Series> = (0..CURVES)
                .map(|_| {
                    let idx = rand::seq::index::sample(&mut rng, sf::N, bb).into_vec();
                    Series::line(5, xs.iter().map(|&x| (x, s.land.batch_value(x, &idx))).collect())
                })
                .collect();
            out.push(Series::line(2, xs.iter().map(|&x| (x, s.land.value(&[x]))).collect()));
            let (a, c) = ends(s);
            out.push(Series::line(0, a.iter().map(|&x| (x, s.land.value(&[x]))).collect()).with(Mark::Dots));
            out.push(Series::line(1, c.iter().map(|&x| (x, s.land.value(&[x]) + 0.08)).collect()).with(Mark::Dots));
            out
        });
        draw_chart_on(layer, &series, &ChartSpec::new(("θ", "loss"), Axis::linear().range(VIEW.0, VIEW.1), Axis::linear().range(-0.8, 1.8)));
    };
    let hist_chart = move |layer: &Layer| {
        sim.tick.track();
        let w = (VIEW.1 - VIEW.0) / BINS as f64;
        let series = state.with_value(|s| {
            let (a, c) = ends(s);
            let bars = |v: &[f64], off: f64, color: usize| {
                let (centres, counts) = histogram(v, VIEW.0, VIEW.1, BINS);
                Series::line(color, centres.iter().zip(counts).map(|(x, n)| (x + off, n as f64)).collect()).with(Mark::Bars { width: 0.45 * w })
            };
            vec![bars(&a, -0.22 * w, 0), bars(&c, 0.22 * w, 1)]
        });
        draw_chart_on(layer, &series, &ChartSpec::new(("where the run is (θ)", "runs"), Axis::linear().range(VIEW.0, VIEW.1), Axis::linear().range(0.0, sf::STARTS as f64)));
    };

    let verdict = move || {
        let (border, sharp, flat, l_sharp, l_flat) = facts.get();
        let (a, c) = shares.get();
        let t = step_count.get();
        let pct = |v: f64| format!("{}%", (100.0 * v).round());
        let lead = format!(
            "The sharp minimum near θ = {} is the deeper one (loss {} against {}), but there mini-batches of {} disagree: their losses \
             spread by {} (one standard deviation) against {} at the flat minimum near θ = {}. The basins meet at θ ≈ {}.",
            sig(sf::SHARP, 2),
            sig(l_sharp, 2),
            sig(l_flat, 2),
            b(),
            sig(sharp, 2),
            sig(flat, 2),
            sf::FLAT,
            sig(border, 2)
        );
        if t == 0 {
            return format!("{lead} {} SGD runs and {} SAM runs start evenly spread over [{}, {}]. Press Play.", sf::STARTS, sf::STARTS, VIEW.0 + 0.5, VIEW.1 - 0.5);
        }
        let (k, at) = stalled.get();
        let stall = if k > 0 {
            format!(
                " {k} SAM runs rest at neither minimum but near θ = {}: from there the uphill point θ − ρ falls on the dip's wall, whose \
                 slope pushes back. SAM's resting points are not the loss's minima; these sit on the flat side of the border, and a plain \
                 gradient step from there rolls to the flat minimum.",
                sig(at, 2)
            )
        } else {
            String::new()
        };
        format!(
            "{lead} After {t} steps {} of the SGD runs and {} of the SAM runs are in the flat basin. {}{stall}",
            pct(a),
            pct(c),
            if c > a {
                "SAM takes its gradient a distance ρ uphill; inside a dip narrower than ρ that point is on the bowl outside, whose slope leads on to the flat minimum."
            } else {
                "With this radius SAM does not escape the dip more often than SGD: ρ must reach past the dip's walls."
            }
        )
    };

    let alt_bucket = Memo::new(move |_| (step_count.get() / 50, sim.playing.get()));
    let land_alt = Signal::derive(move || {
        alt_bucket.track();
        let (a, c) = shares.get_untracked();
        format!(
            "A loss curve over θ from −3 to 3 with a narrow deep dip at −1 and a broad bowl at 1, {CURVES} thinner mini-batch loss curves that fan out around the dip, and dots where the runs are: {}% of SGD's and {}% of SAM's runs are in the flat basin.",
            (100.0 * a).round(),
            (100.0 * c).round()
        )
    });
    let hist_alt = Signal::derive(move || {
        alt_bucket.track();
        "Histogram of where the SGD runs (left bars) and the SAM runs (right bars) are now.".to_string()
    });

    let landscape_plot = view! { <PlotCanvas aspect=aspect(2.6, 1.5) background=blank foreground=landscape_chart alt=land_alt /> };
    let stalled_text = move || stalled.get().0.to_string();
    let hist_plot = view! { <PlotCanvas aspect=aspect(3.2, 1.8) background=blank foreground=hist_chart alt=hist_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {landscape_plot}
                    <Legend items=vec![(2, "full loss".to_string()), (5, format!("{CURVES} mini-batch losses")), (0, "SGD runs".to_string()), (1, "SAM runs (drawn a little higher)".to_string())] />
                    {hist_plot}
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || step_count.get().to_string())}</span>" of "{live(move || steps.get().round().to_string())}</p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Method"</th><th scope="col">"in the flat basin"</th></tr></thead>
                        <tbody>
                            <tr><td>"SGD"</td><td data-readout="sgd-flat">{live(move || format!("{}%", (100.0 * shares.get().0).round()))}</td></tr>
                            <tr><td>"SAM"</td><td data-readout="sam-flat">{live(move || format!("{}%", (100.0 * shares.get().1).round()))}</td></tr>
                            <tr><td>"SAM runs resting at neither minimum"</td><td data-readout="sam-stalled">{live(stalled_text)}</td></tr>
                        </tbody>
                    </table>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <Slider label="SAM radius ρ" name="rho" value=rho min=0.0 max=1.5 step=0.05 />
                        <Slider label="Learning rate α" name="lr" value=lr min=0.005 max=0.15 step=0.005 />
                        <Slider label="Mini-batch size B" name="b" value=batch min=1.0 max=64.0 step=1.0 />
                        <Slider label="Spread of the examples τ" name="tau" value=tau min=0.0 max=0.4 step=0.01 />
                        <Slider label="Steps" name="steps" value=steps min=50.0 max=2000.0 step=50.0 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "Example n's loss is the shape 0.1(θ − 1)² − 0.8·exp(−(θ + 1)²/(2·0.25²)) shifted by δₙ ~ N(0, τ²), for N = 64 \
                         examples. SGD: θ ← θ − α∇f_S(θ). SAM: θ ← θ − α∇f_S(θ + ρ g/‖g‖) with g = ∇f_S(θ), the same mini-batch S for \
                         both gradients (two gradients a step; in one dimension g/‖g‖ is the sign of g). Both from the same "
                        {sf::STARTS}
                        " starts on the same mini-batches."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
