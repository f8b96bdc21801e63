//! `drug-sensitivity`: a real-sized regression (log IC50 of 2000 cell lines from 50 genes, 10 of
//! them active). SGD, AdaGrad, RMSProp and Adam draw the same mini-batches; the loss against
//! steps and against examples seen, with the least-squares optimum dashed; the recovered
//! coefficients against the truth, and each optimizer's correlation with it.

use crate::core::beyond::drug;
use crate::core::dataset::ACTIVE_GENES;
use crate::core::problem::Objective;
use crate::core::run::Status;
use crate::core::stats::correlation;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Select, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, SeedRow, all_runs, aspect, blank, draw_chart_on, live, numbered, runs_reached, step_runs, use_replayed, use_status, use_reached};
use leptos::prelude::*;
pub use crate::catalog::drug_sensitivity::{ID, SPECS, TITLE};
use crate::catalog::drug_sensitivity::SHOW;

const LR_KEYS: [&str; 4] = ["lr_sgd", "lr_adagrad", "lr_rmsprop", "lr_adam"];
const LABELS: [&str; 4] = ["SGD", "AdaGrad", "RMSProp", "Adam"];

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <DrugSensitivity params=p /> }.into_any()
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    loss: f64,
    corr: f64,
    status: Status,
}

/// Largest absolute value.
fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |a, b| a.max(b.abs()))
}

#[component]
fn DrugSensitivity(params: Parsed) -> impl IntoView {
    let f = drug::problem();
    let (optimum, best) = f.minimum().unwrap_or((vec![0.0; 50], 0.0));
    let truth = f.data.truth.clone();
    let start_loss = f.value(&vec![0.0; f.dim()]);
    let ols_corr = correlation(&optimum, &truth);

    let lrs = LR_KEYS.map(|k| RwSignal::new(params.f64(k)));
    let batch = RwSignal::new(params.int("b") as f64);
    let steps = RwSignal::new(params.int("steps") as f64);
    let show = RwSignal::new(params.choice("show"));
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let max_steps = move || steps.get().round() as usize;

    let make = move || {
        drug::runs(lrs.map(|s| s.get_untracked()), batch.get_untracked().round() as usize, steps.get_untracked().round() as usize, seed.get_untracked())
    };
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let track = move || {
        lrs.iter().for_each(|s| s.track());
        batch.track();
        steps.track();
        seed.track();
    };
    let (runs, sim) = use_replayed(root, params.int("speed"), make, step_runs, runs_reached, track);
    let status = use_status(runs, sim, all_runs);
    let step_count = use_reached(runs, sim, runs_reached);
    let rows = {
        let truth = truth.clone();
        Memo::new(move |_| {
            sim.tick.track();
            runs.with_value(|rs| rs.iter().map(|r| Row { loss: r.loss(), corr: correlation(r.position(), &truth), status: r.status() }).collect::<Vec<_>>())
        })
    };

    let loss_y = Axis::log().range((0.8 * best).max(1e-3), 1.3 * start_loss.max(best + 1.0));
    let loss_chart = move |x_examples: bool| {
        move |layer: &Layer| {
            sim.tick.track();
            let b = batch.get().round().max(1.0);
            let series = runs.with_value(|rs| {
                rs.iter()
                    .enumerate()
                    .map(|(i, r)| Series::line(i, r.trajectory().iter().map(|(p, _)| (if x_examples { p.step as f64 * b } else { p.step as f64 }, p.loss)).collect()))
                    .collect::<Vec<_>>()
            });
            let (label, hi) = if x_examples { ("examples seen", max_steps() as f64 * b) } else { ("step", max_steps() as f64) };
            draw_chart_on(layer, &series, &ChartSpec::new((label, "loss L(θ)"), Axis::linear().range(0.0, hi), loss_y).reference(best, format!("OLS optimum {}", sig(best, 3))));
        }
    };
    let coef_chart = {
        let truth = truth.clone();
        move |layer: &Layer| {
            sim.tick.track();
            let i = show.get().min(3);
            let bars = runs.with_value(|rs| rs[i].position().iter().enumerate().map(|(j, v)| (j as f64, *v)).collect::<Vec<_>>());
            let crosses: Vec<(f64, f64)> = ACTIVE_GENES.iter().map(|&j| (j as f64, truth[j])).collect();
            let lim = max_abs(&truth) * 1.15;
            let series = [Series::line(i, bars).with(Mark::Bars { width: 0.7 }), Series::line(4, crosses).with(Mark::Cross)];
            draw_chart_on(layer, &series, &ChartSpec::new(("gene", "coefficient"), Axis::linear().range(-1.0, 50.0), Axis::linear().range(-lim, lim)));
        }
    };

    let alt_bucket = Memo::new(move |_| (step_count.get() / 50, sim.playing.get()));
    let summary = move || {
        rows.get().iter().zip(LABELS).map(|(r, l)| format!("{l} loss {}, correlation {}", sig(r.loss, 3), sig(r.corr, 3))).collect::<Vec<_>>().join("; ")
    };
    let loss_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("Loss against step on a log scale for SGD, AdaGrad, RMSProp and Adam after {} steps, with the least-squares optimum {} dashed. {}.", step_count.get_untracked(), sig(best, 3), untrack(summary))
    });
    let ex_alt = Signal::derive(move || {
        alt_bucket.track();
        format!("The same losses against the number of examples seen, {} per step.", batch.get().round())
    });
    let coef_alt = {
        let truth = truth.clone();
        Signal::derive(move || {
            alt_bucket.track();
            let i = show.get().min(3);
            let r = rows.get_untracked();
            format!(
                "Bars: the 50 coefficients recovered by {} (correlation {} with the truth). Crosses: the true weights of the active genes {}.",
                LABELS[i],
                r.get(i).map(|r| sig(r.corr, 3)).unwrap_or_default(),
                ACTIVE_GENES.iter().map(|&j| format!("{j} ({})", sig(truth[j], 2))).collect::<Vec<_>>().join(", ")
            )
        })
    };

    // Why a small adaptive rate crawls: each coordinate moves by about α a step at most.
    let far = max_abs(&optimum);
    let honesty = move || {
        let r = rows.get();
        let t = step_count.get();
        let a = lrs[2].get();
        let reach = a * t.max(1) as f64;
        let rms = runs.with_value(|rs| max_abs(rs[2].position()));
        let loss = r.get(2).map(|r| sig(r.loss, 3)).unwrap_or_default();
        if t == 0 {
            return format!(
                "Press Play. The optimizers start at θ = 0; the least-squares optimum has loss {} and its largest coefficient is {}.",
                sig(best, 3),
                sig(far, 3)
            );
        }
        format!(
            "Honesty note: after {t} steps RMSProp at α = {} has loss {loss}, against {} at the optimum. RMSProp divides each gradient \
             coordinate by its own running root-mean-square, so while a coordinate's gradient keeps its sign the step is about α, \
             whatever the gradient's size. In {t} steps a coordinate can move about α·t = {}; its largest coefficient so far is {}, but \
             the optimum needs {}. It is not stuck at a noise floor: it is still walking, at a speed set by α. A learning rate that \
             is too small for the distance to cover, not a bad optimizer.",
            sig(a, 2),
            sig(best, 3),
            sig(reach, 3),
            sig(rms, 3),
            sig(far, 3)
        )
    };

    let theme = crate::ui::hooks::use_theme();
    let lr_max = [0.1, 1.0, 1.0, 1.0];
    let loss_plot = view! { <PlotCanvas aspect=aspect(3.0, 1.6) background=blank foreground=loss_chart(false) alt=loss_alt /> };
    let ex_plot = view! { <PlotCanvas aspect=aspect(3.0, 1.6) background=blank foreground=loss_chart(true) alt=ex_alt /> };
    let coef_plot = view! { <PlotCanvas aspect=aspect(3.0, 1.6) background=blank foreground=coef_chart alt=coef_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {loss_plot}
                    {ex_plot}
                    <Legend items=numbered(&LABELS) />
                    {coef_plot}
                    <p class="legend">{live(move || format!("Bars: the coefficients {} has found so far. ×: the true weight of each of the 10 active genes (the other 40 are 0).", LABELS[show.get().min(3)]))}</p>
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || step_count.get().to_string())}</span>" of "{live(move || max_steps().to_string())}</p>
                    <table class="runs">
                        <thead><tr><th scope="col">"Optimizer"</th><th scope="col">"α"</th><th scope="col">"loss"</th><th scope="col">"corr. with truth"</th></tr></thead>
                        <tbody>
                            {(0..4).map(|i| {
                                let row = move || rows.with(|r| r.get(i).cloned());
                                let key = SHOW[i];
                                view! {
                                    <tr data-run-status=live(move || row().map(|r| r.status.as_str()).unwrap_or("").to_string())>
                                        <td>
                                            <span class="swatch" style=live(move || format!("background:{}", theme.get().series_css(i)))></span>
                                            {LABELS[i]}
                                        </td>
                                        <td>{live(move || sig(lrs[i].get(), 2))}</td>
                                        <td data-readout=format!("{key}-loss")>{live(move || row().map(|r| if r.status == Status::Diverged { "diverged".to_string() } else { sig(r.loss, 3) }).unwrap_or_default())}</td>
                                        <td data-readout=format!("{key}-corr")>{live(move || row().map(|r| sig(r.corr, 3)).unwrap_or_default())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="readouts">"Optimum: loss "<span data-readout="best">{sig(best, 3)}</span>", correlation "<span data-readout="ols-corr">{sig(ols_corr, 3)}</span></p>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(honesty)}</p>
                    <div class="controls">
                        <Select label="Coefficients of" name="show" value=show options=(0..4).map(|i| (i, LABELS[i].to_string())).collect() />
                        {(0..4).map(|i| view! { <LogSlider label=SPECS[i].label name=LR_KEYS[i] value=lrs[i] min=0.0001 max=lr_max[i] /> }).collect_view()}
                        <Slider label="Mini-batch size B" name="b" value=batch min=1.0 max=2000.0 step=1.0 />
                        <Slider label="Steps" name="steps" value=steps min=100.0 max=5000.0 step=100.0 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "Data: N = 2000 cell lines, D = 50 genes whose neighbours correlate with ρ = 0.6, 10 active genes with N(0, 2²) \
                         weights, noise σ = 1.5 (one fixed data set). Loss L(θ) = (1/2N)‖Xθ − y‖². All four start at θ = 0 and draw the \
                         same mini-batches (the seed picks them). PyTorch's defaults otherwise: RMSProp α = 0.99 (its smoothing constant), \
                         ε = 10⁻⁸; Adam β = (0.9, 0.999) with bias correction; AdaGrad ε = 10⁻¹⁰."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
