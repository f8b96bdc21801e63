//! `lr-finder`: the learning-rate range test. One short SGD run whose rate grows geometrically
//! each step; the loss against the rate, smoothed, with the rate where it falls fastest marked.
//! "Use this α" then trains with that rate (and, for contrast, with the rate at the lowest loss).

use crate::core::layer4::lr_finder::{self, BATCH, RangeTest, STOP_FACTOR, Sample, slopes};
use crate::core::problem::{Objective, Problem};
use crate::core::run::{Run, Status};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series, run_series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{SeedRow, Legend, aspect, blank, draw_chart_on, live, use_replayed};
use super::noise_paths;
use leptos::prelude::*;
pub use crate::catalog::lr_finder::{ID, SPECS, TITLE};

/// Steps of the demonstration runs.
const DEMO_STEPS: usize = 200;

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <LrFinder params=p /> }.into_any()
}

/// The range test, then (once asked) two training runs: at the suggested α and at the α of the
/// lowest loss.
struct Finder {
    test: RangeTest,
    demo: Vec<Run>,
}

impl Finder {
    fn advance(&mut self, n: usize) -> bool {
        if !self.test.is_done() {
            self.test.advance(n);
            return !self.test.is_done();
        }
        self.demo.iter_mut().for_each(|r| {
            r.run(n);
        });
        self.demo.iter().any(|r| !r.status().is_done())
    }
    fn reached(&self) -> usize {
        self.test.steps()
    }
}

#[component]
fn LrFinder(params: Parsed) -> impl IntoView {
    let f = noise_paths::problem();
    let problem: Problem = f.clone();
    let best = f.minimum().map(|m| m.1).unwrap_or(0.0);
    let start_loss = f.value(&crate::core::layer4::START);

    let lr_min = RwSignal::new(params.f64("lr_min"));
    let lr_max = RwSignal::new(params.f64("lr_max"));
    let steps = RwSignal::new(params.int("steps") as f64);
    let beta = RwSignal::new(params.f64("beta"));
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());

    let make = {
        let problem = problem.clone();
        move || Finder {
            test: RangeTest::new(
                problem.clone(),
                lr_min.get_untracked(),
                lr_max.get_untracked(),
                steps.get_untracked().round() as usize,
                seed.get_untracked(),
                beta.get_untracked(),
            ),
            demo: Vec::new(),
        }
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        lr_min.track();
        lr_max.track();
        steps.track();
        beta.track();
        seed.track();
    };
    let (finder, sim) = use_replayed(root, params.int("speed"), make, Finder::advance, Finder::reached, track);

    let t_now = Memo::new(move |_| {
        sim.tick.track();
        finder.with_value(Finder::reached)
    });
    let samples = Memo::new(move |_| {
        t_now.track();
        finder.with_value(|f| f.test.samples().to_vec())
    });
    let done = Memo::new(move |_| {
        sim.tick.track();
        finder.with_value(|f| f.test.is_done())
    });
    let suggestion = Memo::new(move |_| lr_finder::suggest(&samples.get()));
    let demo_state = move || {
        sim.tick.track();
        finder.with_value(|f| f.demo.iter().map(|r| (r.config.optimizer.lr, r.loss() - best, r.status(), r.steps())).collect::<Vec<_>>())
    };
    let status = Signal::derive(move || {
        sim.tick.track();
        if sim.playing.get() {
            "running"
        } else if demo_state().iter().any(|d| d.2 == Status::Diverged) {
            "diverged"
        } else {
            "paused"
        }
    });

    let use_it = move |_| {
        let Some(s) = suggestion.get_untracked().filter(|_| done.get_untracked()) else { return };
        let problem = problem.clone();
        let seed = seed.get_untracked();
        finder.update_value(|f| {
            f.demo = vec![lr_finder::demo(&problem, s.steepest.1, DEMO_STEPS, seed), lr_finder::demo(&problem, s.minimum.1, DEMO_STEPS, seed)];
        });
        sim.tick.update(|t| *t += 1);
        sim.play();
    };

    let x_axis = move || Axis::log().range(lr_min.get(), lr_max.get());
    let top = move |s: &[Sample]| s.first().map(|p| p.smooth.max(p.loss)).unwrap_or(start_loss) * 1.15;
    let loss_chart = move |layer: &Layer| {
        let s = samples.get();
        let hi = top(&s);
        let raw: Vec<(f64, f64)> = s.iter().filter(|p| p.loss <= hi).map(|p| (p.lr, p.loss)).collect();
        let smooth: Vec<(f64, f64)> = s.iter().filter(|p| p.smooth <= hi).map(|p| (p.lr, p.smooth)).collect();
        let mut series = vec![Series::line(5, raw).with(Mark::Dots), Series::line(0, smooth)];
        if let Some(g) = suggestion.get() {
            series.push(Series::line(3, vec![(g.minimum.1, s[g.minimum.0].smooth)]).with(Mark::Cross));
            series.push(Series::line(1, vec![(g.steepest.1, s[g.steepest.0].smooth)]).with(Mark::Ring));
        }
        let spec = ChartSpec::new(("learning rate α (log scale)", "loss L(θ)"), x_axis(), Axis::linear().range(0.0, hi)).reference(best, format!("optimum {}", sig(best, 3)));
        draw_chart_on(layer, &series, &spec);
    };
    let slope_chart = move |layer: &Layer| {
        let s = samples.get();
        let d = slopes(&s);
        let pts: Vec<(f64, f64)> = s.iter().zip(&d).map(|(p, v)| (p.lr, *v)).collect();
        let lo = d.iter().copied().fold(0.0f64, f64::min);
        let mut series = vec![Series::line(0, pts)];
        if let Some(g) = suggestion.get() {
            series.push(Series::line(1, vec![(g.steepest.1, d[g.steepest.0])]).with(Mark::Ring));
        }
        let spec = ChartSpec::new(("learning rate α (log scale)", "slope dL/d ln α"), x_axis(), Axis::linear().range(lo * 1.15 - 1e-3, (-lo * 0.6).max(0.05)))
            .reference(0.0, String::new());
        draw_chart_on(layer, &series, &spec);
    };
    let demo_chart = move |layer: &Layer| {
        sim.tick.track();
        let series = finder.with_value(|f| run_series(&f.demo, |p, _| (p.step as f64, p.loss - best)));
        let series: Vec<Series> = series.into_iter().enumerate().map(|(i, s)| Series { color: if i == 0 { 1 } else { 3 }, ..s }).collect();
        let spec = ChartSpec::new(("step", "loss above optimum"), Axis::linear().range(0.0, DEMO_STEPS as f64), Axis::log().range(1e-6, 10.0));
        draw_chart_on(layer, &series, &spec);
    };

    let suggested_text = move || suggestion.get().map(|g| sig(g.steepest.1, 3)).unwrap_or_else(|| "—".to_string());
    let minimum_text = move || suggestion.get().map(|g| sig(g.minimum.1, 3)).unwrap_or_else(|| "—".to_string());
    let verdict = move || {
        let s = samples.get();
        if s.is_empty() {
            return format!(
                "Press Play: {} steps of SGD (B = {BATCH}) from θ₀ = (−0.5, 2), α growing by ×{} per step from {} to {}.",
                steps.get().round(),
                sig((lr_max.get() / lr_min.get()).powf(1.0 / (steps.get().round() - 1.0).max(1.0)), 3),
                sig(lr_min.get(), 2),
                sig(lr_max.get(), 2)
            );
        }
        let stop = if finder.with_value(|f| f.test.blew_up()) {
            format!(" The test stopped early at α = {}, once the smoothed loss passed {STOP_FACTOR}× its lowest value.", sig(s[s.len() - 1].lr, 3))
        } else {
            String::new()
        };
        let head = match suggestion.get() {
            None => "No clear fall yet.".to_string(),
            Some(g) => format!(
                "The smoothed loss falls fastest at α = {} (ring) and is lowest at α = {} (cross). The suggestion is the first: at the lowest point the rate is already nearly too large, since the loss turns up just after it.",
                sig(g.steepest.1, 3),
                sig(g.minimum.1, 3)
            ),
        };
        let demo = demo_state();
        let tail = match demo.as_slice() {
            [a, b, ..] if a.3 > 0 => format!(
                " Training for {} steps: with α = {} the loss is {} above the optimum; with α = {}, {}.",
                a.3,
                sig(a.0, 3),
                if a.2 == Status::Diverged { "diverged".to_string() } else { sig(a.1, 2) },
                sig(b.0, 3),
                if b.2 == Status::Diverged { "diverged".to_string() } else { sig(b.1, 2) }
            ),
            _ if done.get() && suggestion.get().is_some() => " Press “Use this α” to train with it.".to_string(),
            _ => String::new(),
        };
        format!("{head}{stop}{tail}")
    };

    let alt_bucket = Memo::new(move |_| (t_now.get() / 10, done.get()));
    let loss_alt = Signal::derive(move || {
        alt_bucket.track();
        let s = samples.get_untracked();
        format!(
            "Loss against learning rate on a log axis over {} steps of the range test, raw dots and a smoothed line; steepest fall at α = {}, lowest loss at α = {}.",
            s.len(),
            untrack(suggested_text),
            untrack(minimum_text)
        )
    });
    let slope_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("Slope of the smoothed loss per unit of ln α; its most negative point, at α = {}, is the suggestion.", untrack(suggested_text))
    });
    let demo_alt = Signal::derive(move || {
        sim.tick.track();
        let d = demo_state();
        if d.is_empty() {
            "Training runs with the suggested rate appear here after “Use this α”.".to_string()
        } else {
            format!(
                "Loss above the optimum against step for constant α = {} and α = {}: {}.",
                sig(d[0].0, 3),
                sig(d.get(1).map(|x| x.0).unwrap_or(0.0), 3),
                d.iter().map(|x| sig(x.1, 2)).collect::<Vec<_>>().join(" and ")
            )
        }
    });
    // The table is built only while its <details> is open (a hundred rows is real DOM work).
    let open = RwSignal::new(false);
    let on_toggle = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let is_open = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| e.has_attribute("open"));
        open.set(is_open);
    };
    let table = move || {
        if !open.get() {
            return ().into_any();
        }
        if !done.get() {
            return view! { <p class="note">"The numbers appear when the test ends."</p> }.into_any();
        }
        let s = samples.get();
        let d = slopes(&s);
        view! {
            <table class="data" data-readout="table">
                <thead><tr><th scope="col">"Step"</th><th scope="col">"α"</th><th scope="col">"Loss"</th><th scope="col">"Smoothed"</th><th scope="col">"Slope"</th></tr></thead>
                <tbody>
                    {s.iter().zip(d).enumerate().map(|(i, (p, v))| view! {
                        <tr><td>{i}</td><td>{format!("{:.6e}", p.lr)}</td><td>{format!("{:.6e}", p.loss)}</td><td>{format!("{:.6e}", p.smooth)}</td><td>{format!("{v:.4e}")}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };

    // Built outside the shell's children: its handler holds the (non-Send) problem.
    let use_button = view! {
        // aria-disabled rather than disabled: it stays reachable with Tab, and says why it waits.
        <button type="button" class="use-lr" on:click=use_it aria-disabled=move || (suggestion.get().is_none() || !done.get()).to_string()>"Use this α"</button>
    };
    let loss_plot = view! { <PlotCanvas aspect=aspect(2.4, 1.5) background=blank foreground=loss_chart alt=loss_alt /> };
    let slope_plot = view! { <PlotCanvas aspect=aspect(4.0, 2.4) background=blank foreground=slope_chart alt=slope_alt /> };
    let demo_plot = view! { <PlotCanvas aspect=aspect(3.2, 1.8) background=blank foreground=demo_chart alt=demo_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {loss_plot}
                    <Legend items=vec![(5, "loss after each step".to_string()), (0, "smoothed".to_string()), (1, "steepest fall (suggestion)".to_string()), (3, "lowest loss".to_string())] />
                    {slope_plot}
                    <p class="panel-title">"Training with the chosen α"</p>
                    {demo_plot}
                    <Legend items=vec![(1, "suggested α".to_string()), (3, "α at the lowest loss".to_string())] />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{live(move || t_now.get().to_string())}</span>" of "{live(move || steps.get().round().to_string())}
                        <br/>"α now "<span data-readout="lr">{live(move || samples.with(|s| s.last().map(|p| sig(p.lr, 3)).unwrap_or_else(|| sig(lr_min.get(), 3))))}</span>
                        ", loss "<span data-readout="loss">{live(move || samples.with(|s| s.last().map(|p| sig(p.loss, 4)).unwrap_or_else(|| sig(start_loss, 4))))}</span>
                        <br/>"Suggested α "<span data-readout="suggested">{live(suggested_text)}</span>
                        ", lowest loss at α "<span data-readout="minimum-lr">{live(minimum_text)}</span>
                    </p>
                    {use_button}
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        <LogSlider label="Smallest α" name="lr_min" value=lr_min min=1e-6 max=0.01 />
                        <LogSlider label="Largest α" name="lr_max" value=lr_max min=0.1 max=100.0 />
                        <Slider label="Steps of the test" name="steps" value=steps min=20.0 max=400.0 step=10.0 />
                        <Slider label="Smoothing β" name="beta" value=beta min=0.0 max=0.98 step=0.01 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "Step t uses αₜ = α_min·(α_max/α_min)^(t/(n−1)), PyTorch's ExponentialLR with γ > 1. After each step the loss \
                         is measured on all 200 examples; the smoothed loss is an exponential moving average with weight β, divided by \
                         1 − β^(t+1) to undo its start at zero; it lags the raw loss by about β/(1 − β) steps. The slope is a central difference against ln α; the suggestion is its \
                         most negative point before the lowest loss."
                    </p>
                    <details class="numbers" on:toggle=on_toggle>
                        <summary>"The numbers"</summary>
                        {table}
                    </details>
                </div>
            </div>
        </WidgetShell>
    }
}
