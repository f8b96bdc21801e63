//! `batch-size`: the same regression trained with several batch sizes, each at its own
//! learning rate; loss against iterations or against examples processed.

use crate::core::experiments::lr_for_batch;
use crate::core::optimizer::OptimizerConfig;
use crate::core::oracle::Noise;
use crate::core::problem::{Objective, Problem};
use crate::core::run::{Run, RunConfig, Status};
use crate::format::{sig, thousands};
use crate::params::{Parsed, parse_batch_list};
use crate::plots::{Axis, ChartSpec, run_series};
use crate::ui::components::{Layer, PlayBar, PlotCanvas, Select, Slider, WidgetShell};
use crate::ui::hooks::use_theme;
use crate::ui::registry::WidgetDef;
use super::common::{all_runs, blank, draw_chart_on, runs_reached, step_runs, use_replayed, use_status, use_reached};
use super::noise_paths;
use leptos::prelude::*;
pub use crate::catalog::batch_size::{ID, SPECS, TITLE};

/// The start of Layer 1's runs.
const START: [f64; 2] = [-0.5, 2.0];
const MAX_RUNS: usize = 6;

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <BatchSize params=p /> }.into_any()
}

/// The batch sizes the tutorial compares: 1, 8, 32, 128 and the whole data set.
pub fn default_batches(n: usize) -> Vec<usize> {
    vec![1, 8, 32, 128, n]
}

fn list_text(list: &[usize], n: usize) -> String {
    list.iter().map(|&b| if b == n { "N".to_string() } else { b.to_string() }).collect::<Vec<_>>().join(", ")
}

#[component]
fn BatchSize(params: Parsed) -> impl IntoView {
    let f = noise_paths::problem();
    let problem: Problem = f.clone();
    let n = f.examples().unwrap_or(1);
    let best = f.minimum().map(|m| m.1).unwrap_or(0.0);

    let by_examples = RwSignal::new(params.choice("x") == 1);
    let steps = RwSignal::new(params.int("steps") as f64);
    let seed = params.seed("seed");
    let batches = RwSignal::new(default_batches(n));
    let typed = RwSignal::new(list_text(&default_batches(n), n));
    let notices = RwSignal::new(params.notices.clone());

    let make = move || {
        let max = steps.get_untracked().round() as usize;
        batches
            .get_untracked()
            .into_iter()
            .map(|b| {
                let cfg = RunConfig::new(OptimizerConfig::sgd(lr_for_batch(b, n)), START.to_vec())
                    .noise(Noise::MiniBatch { batch: b, epochs: false })
                    .seed(seed)
                    .max_steps(max);
                Run::new(problem.clone(), cfg)
            })
            .collect::<Vec<Run>>()
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, move || {
        steps.track();
        batches.track();
    });

    let apply_list = move || {
        let (list, notes) = parse_batch_list(&typed.get_untracked(), n, MAX_RUNS, &default_batches(n));
        if !notes.is_empty() {
            notices.set(notes);
        }
        typed.set(list_text(&list, n));
        batches.set(list);
    };

    // One row per run: (B, α, loss, examples, status), once per tick.
    let table = Memo::new(move |_| {
        sim.tick.track();
        runs.with_value(|rs| {
            rs.iter()
                .map(|r| {
                    let b = match r.config.noise { Noise::MiniBatch { batch, .. } => batch, _ => n };
                    (b, r.config.optimizer.lr, r.loss(), r.examples(), r.status())
                })
                .collect::<Vec<_>>()
        })
    });
    let step_count = use_reached(runs, sim, runs_reached);
    let status = use_status(runs, sim, all_runs);
    let loss_text = move || {
        table.with(|t| {
            t.iter()
                .map(|&(b, _, loss, _, st)| {
                    let name = if b == n { "B = N".to_string() } else { format!("B = {b}") };
                    if st == Status::Diverged { format!("{name}: diverged") } else { format!("{name}: {}", sig(loss, 4)) }
                })
                .collect::<Vec<_>>()
                .join(" · ")
        })
    };

    let chart = move |layer: &Layer| {
        sim.tick.track();
        let ex = by_examples.get();
        let series = runs.with_value(|rs| {
            if ex {
                run_series(rs, |p, _| (p.examples as f64, p.loss))
            } else {
                run_series(rs, |p, _| (p.step as f64, p.loss))
            }
        });
        let spec = if ex {
            ChartSpec::new(("examples processed (log scale)", "loss L(θ)"), Axis::log(), Axis::log())
        } else {
            ChartSpec::new(("iteration", "loss L(θ)"), Axis::linear(), Axis::log())
        };
        draw_chart_on(layer, &series, &spec.reference(best, format!("optimum {}", sig(best, 3))));
    };
    let alt_bucket = Memo::new(move |_| (step_count.get() / 20, by_examples.get(), sim.playing.get()));
    let alt = Signal::derive(move || {
        alt_bucket.track();
        format!(
            "Loss (log scale) against {} for batch sizes {}, with the optimum {} dashed. {}",
            if by_examples.get_untracked() { "examples processed (log scale)" } else { "iterations" },
            list_text(&batches.get_untracked(), n),
            sig(best, 3),
            untrack(loss_text)
        )
    });

    let theme = use_theme();
    let plot = view! { <PlotCanvas aspect=1.6 background=blank foreground=chart alt=alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">{plot}</div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Iteration "<span data-readout="step">{move || step_count.get()}</span>" of "{move || steps.get().round()}
                    </p>
                    <table class="runs" data-readout="runs">
                        <thead><tr><th scope="col">"Batch"</th><th scope="col">"α"</th><th scope="col">"Examples"</th><th scope="col">"Loss"</th></tr></thead>
                        <tbody>
                            // Rows are rebuilt only when the list of batch sizes changes.
                            {move || (0..batches.get().len()).map(|i| {
                                let row = move || table.with(|t| t.get(i).copied());
                                view! {
                                    <tr data-run-status=move || row().map(|r| r.4.as_str()).unwrap_or("")>
                                        <td>
                                            <span class="swatch" style=move || format!("background:{}", theme.get().series_css(i))></span>
                                            {move || row().map(|r| if r.0 == n { format!("N = {n}") } else { format!("B = {}", r.0) }).unwrap_or_default()}
                                        </td>
                                        <td>{move || row().map(|r| sig(r.1, 2)).unwrap_or_default()}</td>
                                        <td>{move || row().map(|r| thousands(r.3)).unwrap_or_default()}</td>
                                        <td>{move || row().map(|r| if r.4 == Status::Diverged { "diverged".to_string() } else { sig(r.2, 4) }).unwrap_or_default()}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="sr-only" data-readout="loss">{loss_text}</p>
                    <div class="controls">
                        <Select label="x axis" name="x" value=by_examples
                            options=vec![(false, "iterations".to_string()), (true, "examples processed".to_string())] />
                        <form class="batch-list" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); apply_list(); }>
                            <label class="control-label" for="batch-size-list">"Batch sizes"</label>
                            <input id="batch-size-list" name="batches" type="text" inputmode="numeric"
                                prop:value=move || typed.get()
                                on:input=move |ev| typed.set(event_target_value(&ev))
                                on:change=move |_| apply_list() />
                        </form>
                        <Slider label="Iterations" name="steps" value=steps min=10.0 max=3000.0 step=10.0 />
                    </div>
                    <p class="note">
                        "Up to "{MAX_RUNS}" sizes, separated by commas; “N” is the whole data set (N = "{n}
                        "). Each size has its own α, as in the tutorial's table: 0.01, 0.05, 0.1, 0.2 and 0.3 for \
                         B = 1, 8, 32, 128 and N, interpolated in log B in between. Every mini-batch is drawn \
                         without replacement; the seed is "{seed}"."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
