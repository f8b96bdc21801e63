//! `noise-floor`: with a constant learning rate SGD never settles; it hovers in a noise ball
//! whose height grows with α. Many runs (α × seeds) start at the optimum; the loss above the
//! optimum, averaged after a burn-in, is plotted against α with the small-α prediction.

use crate::core::experiments::{FloorRun, batch_variance, floor_prediction};
use crate::core::oracle::Noise;
use crate::core::problem::{Objective, Problem};
use crate::core::run::Status;
use crate::core::stats::{fit_line, mean};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::hooks::use_simulation;
use crate::ui::registry::WidgetDef;
use super::common::{blank, draw_chart_on, on_change, use_reached};
use super::noise_paths;
use leptos::prelude::*;
pub use crate::catalog::noise_floor::{ID, SPECS, TITLE};

/// The learning rates of the sweep.
pub const RATES: [f64; 6] = [0.003, 0.01, 0.03, 0.1, 0.2, 0.4];

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <NoiseFloor params=p /> }.into_any()
}

#[component]
fn NoiseFloor(params: Parsed) -> impl IntoView {
    let f = noise_paths::problem();
    let problem: Problem = f.clone();
    let theta = f.minimum().map(|m| m.0).unwrap_or_else(|| vec![0.0, 0.0]);
    let n = f.examples().unwrap_or(1);

    let b = RwSignal::new(params.int("b") as f64);
    let seeds = RwSignal::new(params.int("seeds") as f64);
    let steps = RwSignal::new(params.int("steps") as f64);
    let burn = RwSignal::new(params.int("burn") as f64);
    let notices = RwSignal::new(params.notices.clone());

    let runs: StoredValue<Vec<FloorRun>, LocalStorage> = StoredValue::new_local(Vec::new());
    let build = move || {
        let batch = b.get_untracked().round() as usize;
        let (s, max, burn_in) = (seeds.get_untracked().round() as u64, steps.get_untracked().round() as usize, burn.get_untracked().round() as usize);
        let list = RATES
            .iter()
            .flat_map(|&lr| (1..=s).map(move |seed| (lr, seed)))
            .map(|(lr, seed)| FloorRun::new(problem.clone(), lr, Noise::MiniBatch { batch, epochs: false }, seed, burn_in, max))
            .collect();
        runs.set_value(list);
    };
    let build = std::rc::Rc::new(build);
    build();
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let advance = move |k: u32| {
        runs.update_value(|rs| rs.iter_mut().for_each(|r| r.advance(k as usize)));
        runs.with_value(|rs| rs.iter().any(|r| !r.status().is_done()))
    };
    let sim = use_simulation(root, advance, {
        let build = build.clone();
        move || build()
    });
    sim.speed.set(params.int("speed").clamp(1, 25) as u32);
    // A new setting starts the sweep again (a floor needs its burn-in from the start).
    on_change(move || { b.track(); seeds.track(); steps.track(); burn.track(); }, move || sim.restart());

    // The prediction α·tr Σ/4 with Σ the mini-batch gradient covariance at the optimum.
    let trace = Memo::new(move |_| batch_variance(&*noise_paths::problem(), &theta, b.get().round() as usize));
    // Per α: (α, mean floor over seeds (None until measured), per-seed floors, any diverged).
    let table = Memo::new(move |_| {
        sim.tick.track();
        runs.with_value(|rs| {
            RATES
                .iter()
                .map(|&lr| {
                    let mine: Vec<&FloorRun> = rs.iter().filter(|r| r.lr == lr).collect();
                    let floors: Vec<f64> = mine.iter().filter_map(|r| r.excess()).collect();
                    let diverged = mine.iter().any(|r| r.status() == Status::Diverged);
                    let m = (!floors.is_empty()).then(|| mean(&floors));
                    (lr, m, floors, diverged)
                })
                .collect::<Vec<_>>()
        })
    });
    let step_count = use_reached(runs, sim, |rs| rs.iter().map(FloorRun::steps).max().unwrap_or(0));
    // Slope of log floor against log α: 1 means the floor grows in proportion to α.
    let slope = Memo::new(move |_| {
        let pts: Vec<(f64, f64)> = table.with(|t| t.iter().filter_map(|(lr, m, _, _)| m.filter(|v| *v > 0.0).map(|v| (lr.ln(), v.ln()))).collect());
        (pts.len() >= 3).then(|| fit_line(&pts.iter().map(|p| p.0).collect::<Vec<_>>(), &pts.iter().map(|p| p.1).collect::<Vec<_>>()).0)
    });
    let status = Signal::derive(move || {
        if sim.playing.get() {
            "running"
        } else if table.with(|t| t.iter().any(|r| r.3)) {
            "diverged"
        } else {
            "paused"
        }
    });

    let chart = move |layer: &Layer| {
        let t = table.get();
        let tr = trace.get();
        let dots: Vec<(f64, f64)> = t.iter().flat_map(|(lr, _, fl, _)| fl.iter().map(move |v| (*lr, *v))).collect();
        let means: Vec<(f64, f64)> = t.iter().filter_map(|(lr, m, _, _)| m.map(|v| (*lr, v))).collect();
        let theory: Vec<(f64, f64)> = [RATES[0], RATES[RATES.len() - 1]].iter().map(|&a| (a, floor_prediction(a, tr))).collect();
        let series = vec![
            Series::line(5, theory).with(Mark::Dashed),
            Series::line(1, dots).with(Mark::Dots),
            Series::line(0, means.clone()),
            Series::line(0, means).with(Mark::Ring),
        ];
        draw_chart_on(layer, &series, &ChartSpec::new(("learning rate α", "L(θ) − L* after burn-in"), Axis::log(), Axis::log()));
    };
    let alt_bucket = Memo::new(move |_| step_count.get() / 200);
    let alt = Signal::derive(move || {
        alt_bucket.track();
        let rows = table.with_untracked(|t| {
            t.iter().map(|(lr, m, _, d)| format!("α = {lr}: {}", if *d { "diverged".into() } else { m.map(|v| sig(v, 2)).unwrap_or("—".into()) })).collect::<Vec<_>>().join(", ")
        });
        format!("Log–log plot of the loss above the optimum against α, per seed and averaged, with the prediction α·tr Σ/4 dashed. {rows}.")
    });

    let plot = view! { <PlotCanvas aspect=1.5 background=blank foreground=chart alt=alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">{plot}</div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step "<span data-readout="step">{move || step_count.get()}</span>" of "{move || steps.get().round()}
                        <br/>"Slope on log–log axes: "<span data-readout="slope">{move || slope.get().map(|s| sig(s, 2)).unwrap_or("—".into())}</span>
                    </p>
                    <table class="runs">
                        <thead><tr><th scope="col">"α"</th><th scope="col">"Floor (mean)"</th><th scope="col">"α·tr Σ/4"</th></tr></thead>
                        <tbody>
                            {RATES.iter().enumerate().map(|(i, &lr)| {
                                let row = move || table.with(|t| (t[i].1, t[i].3));
                                view! {
                                    <tr data-lr=lr.to_string() data-floor=move || row().0.map(|v| v.to_string()).unwrap_or_default()>
                                        <td>{lr}</td>
                                        <td>{move || match row() { (_, true) => "diverged".to_string(), (Some(v), _) => sig(v, 3), _ => "—".to_string() }}</td>
                                        <td>{move || sig(floor_prediction(lr, trace.get()), 3)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <div class="controls">
                        <Slider label="Mini-batch size B" name="b" value=b min=1.0 max=64.0 step=1.0 />
                        <Slider label="Seeds per α" name="seeds" value=seeds min=1.0 max=8.0 step=1.0 />
                        <Slider label="Steps" name="steps" value=steps min=300.0 max=6000.0 step=100.0 />
                        <Slider label="Burn-in steps" name="burn" value=burn min=0.0 max=1000.0 step=50.0 />
                    </div>
                    <p class="note">
                        "Every run starts at θ̂ and takes constant steps θ ← θ − α·g with mini-batches drawn without \
                         replacement from the N = "{n}" points. Dots: one seed's average of L(θ) − L* after the \
                         burn-in; line: their mean; dashed: α·tr Σ/4, where Σ is the mini-batch gradient covariance \
                         at θ̂, the prediction for small α."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
