//! `optimizer-race`: any subset of SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam and AdamW,
//! each at its own learning rate, racing with an equal budget (the same steps, and so the same
//! gradient evaluations or examples) on one shared noise stream. Two presets: Rosenbrock from
//! (−1, 1) for 5000 steps, and the Layer 1 regression with mini-batches of 16 for 300 steps.

use crate::core::layer5::race::{Preset, Race};
use crate::core::optimizer::Kind as Opt;
use crate::core::run::Status;
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, LogSlider, PlayBar, PlotCanvas, Select, Slider, Toggle, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{SeedRow, on_change, aspect, blank, draw_chart_on, draw_paths, landscape_background, live, use_replayed};
use leptos::prelude::*;
pub use crate::catalog::optimizer_race::{ID, SPECS, TITLE};
use crate::catalog::optimizer_race::LR_MAX;

/// The rate sliders' minimum (their maximum, `LR_MAX`, is in the catalog).
const LR_MIN: f64 = 1e-4;

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <OptimizerRace params=p /> }.into_any()
}

fn preset_of(i: usize) -> Preset {
    if i == 1 { Preset::Regression } else { Preset::Rosenbrock }
}

/// Colour of an optimizer: its place in [`Opt::ALL`]; AdamW shares Adam's colour, dashed
/// (the palette has six colours).
fn colour(k: usize) -> (usize, Mark) {
    if k == 6 { (5, Mark::Dashed) } else { (k, Mark::Line) }
}

/// One row of the final table.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    kind: usize,
    lr: f64,
    excess: f64,
    dist: f64,
    hit: Option<usize>,
    status: Status,
}

fn advance(r: &mut Race, n: usize) -> bool {
    r.advance(n)
}

fn reached(r: &Race) -> usize {
    r.reached()
}

#[component]
fn OptimizerRace(params: Parsed) -> impl IntoView {
    let preset = RwSignal::new(preset_of(params.choice("preset")));
    let on = Opt::ALL.map(|k| RwSignal::new(params.choice(k.id()) == 0));
    let given = Opt::ALL.map(|k| params.f64(&format!("lr_{}", k.id())));
    let p0 = preset.get_untracked();
    let lrs: [RwSignal<f64>; 7] = std::array::from_fn(|i| RwSignal::new(if given[i] > 0.0 { given[i].max(LR_MIN) } else { p0.lrs()[i] }));
    let sigma = RwSignal::new(params.f64("sigma"));
    let target = RwSignal::new(params.f64("target"));
    let seed = RwSignal::new(params.seed("seed"));
    let notices = RwSignal::new(params.notices.clone());
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let make = move || {
        let p = preset.get_untracked();
        let entries: Vec<(Opt, f64)> = (0..7).filter(|&i| on[i].get_untracked()).map(|i| (Opt::ALL[i], lrs[i].get_untracked())).collect();
        Race::new(p, &entries, sigma.get_untracked(), seed.get_untracked(), target.get_untracked())
    };
    let (race, sim) = use_replayed(root, 25, make, advance, reached, move || {
        preset.track();
        on.iter().for_each(|s| s.track());
        lrs.iter().for_each(|s| s.track());
        sigma.track();
        target.track();
        seed.track();
    });
    // Steps per frame (one of the play bar's choices): the long race at the fastest, about 3 s
    // for 5000 steps at 60 frames a second; the short one slower, so the paths can be followed.
    let speed_for = move |p: Preset| if params.int("speed") > 0 { params.int("speed") as u32 } else if p == Preset::Rosenbrock { 25 } else { 2 };
    sim.speed.set(speed_for(p0));
    // A new preset brings its own rates.
    on_change(move || preset.track(), move || {
        let p = preset.get_untracked();
        for (s, v) in lrs.iter().zip(p.lrs()) {
            s.set(v);
        }
        sim.speed.set(speed_for(p));
    });
    let t = Memo::new(move |_| {
        sim.tick.track();
        race.with_value(reached)
    });
    let rows = Memo::new(move |_| {
        sim.tick.track();
        race.with_value(|r| {
            let d = r.distances();
            r.runs
                .iter()
                .enumerate()
                .map(|(i, run)| Row {
                    kind: Opt::ALL.iter().position(|k| *k == r.kinds[i]).unwrap_or(0),
                    lr: run.config.optimizer.lr,
                    excess: run.loss() - r.best,
                    dist: d[i],
                    hit: r.hit[i],
                    status: run.status(),
                })
                .collect::<Vec<_>>()
        })
    });
    let status = Signal::derive(move || {
        if sim.playing.get() {
            "running"
        } else if rows.with(|r| r.iter().any(|x| x.status == Status::Diverged)) {
            "diverged"
        } else {
            "paused"
        }
    });
    let total = move || preset.get().steps();

    let background = move |layer: &Layer| {
        let p = preset.get();
        let (opt, _) = crate::core::problem::Objective::minimum(&*p.problem()).unwrap_or((vec![0.0, 0.0], 0.0));
        landscape_background(p.problem(), p.view(), ("θ₁", "θ₂"), vec![((opt[0], opt[1]), "min".to_string())])(layer)
    };
    let series_of = move |f: fn(&crate::core::run::Point, &[f64], f64) -> (f64, f64)| {
        race.with_value(|r| {
            r.runs
                .iter()
                .zip(&r.kinds)
                .map(|(run, k)| {
                    let (c, m) = colour(Opt::ALL.iter().position(|x| x == k).unwrap_or(0));
                    Series::line(c, run.trajectory().iter().map(|(p, x)| f(p, x, r.best)).collect()).with(m)
                })
                .collect::<Vec<_>>()
        })
    };
    let foreground = move |layer: &Layer| {
        sim.tick.track();
        let p = preset.get();
        let s = p.start();
        draw_paths(layer, p.view(), &series_of(|_, x, _| (x[0], x[1])), Some((s[0], s[1])));
    };
    let loss_chart = move |layer: &Layer| {
        sim.tick.track();
        let spec = ChartSpec::new(("step", "loss above optimum L − L*"), Axis::linear().range(0.0, total() as f64), Axis::log().range(1e-12, 1e3))
            .reference(target.get(), format!("target {}", sig(target.get(), 2)));
        draw_chart_on(layer, &series_of(|p, _, best| (p.step as f64, p.loss - best)), &spec);
    };

    let budget = move || {
        let p = preset.get();
        let steps = match p.batch() {
            Some(b) => format!(
                "Equal budget: every optimizer takes {} steps on mini-batches of {b}, {} examples each, and step t draws the same batch for all of them.",
                p.steps(), p.steps() * b
            ),
            None if sigma.get() > 0.0 => format!(
                "Equal budget: every optimizer takes {} steps, one gradient each, and at step t every one gets the same noise vector (σ = {}).",
                p.steps(), sig(sigma.get(), 2)
            ),
            None => format!("Equal budget: every optimizer takes {} steps, one exact gradient each.", p.steps()),
        };
        format!("{steps} Target: L − L* ≤ {}.", sig(target.get(), 2))
    };
    let verdict = move || {
        let r = rows.get();
        let k = t.get();
        if r.is_empty() {
            return "Pick at least one optimizer.".to_string();
        }
        if k == 0 {
            return format!("{} Press Play.", budget());
        }
        let name = |x: &Row| Opt::ALL[x.kind].label();
        let fastest = r.iter().filter_map(|x| x.hit.map(|h| (h, x))).min_by_key(|p| p.0);
        let best = r.iter().filter(|x| x.status != Status::Diverged).min_by(|a, b| a.excess.total_cmp(&b.excess));
        let missed: Vec<&str> = r.iter().filter(|x| x.hit.is_none()).map(name).collect();
        let mut out = format!("Step {k} of {}. ", total());
        if let Some((h, x)) = fastest {
            out += &format!("{} reached L − L* ≤ {} first, at step {h}. ", name(x), sig(target.get(), 2));
        }
        if let Some(x) = best {
            out += &format!("{} is lowest now ({}). ", name(x), sig(x.excess, 2));
        }
        if !missed.is_empty() && k >= total() {
            out += &format!("Not reached within the budget: {}.", missed.join(", "));
        }
        out
    };
    let land_alt = Signal::derive(move || format!("Loss contours of the {} race with the paths of {} optimizers after {} steps.", preset.get().id(), rows.with(|r| r.len()), t.get()));
    let loss_alt = Signal::derive(move || {
        format!("Loss above the optimum against step on a log scale: {}.", rows.get().iter().map(|x| format!("{} {}", Opt::ALL[x.kind].label(), sig(x.excess, 2))).collect::<Vec<_>>().join(", "))
    });
    let land_plot = view! { <PlotCanvas aspect=aspect(1.6, 1.2) background=background foreground=foreground alt=land_alt /> };
    let loss_plot = view! { <PlotCanvas aspect=aspect(2.6, 1.6) background=blank foreground=loss_chart alt=loss_alt /> };
    let theme = crate::ui::hooks::use_theme();
    let pick = view! {
        <Select label="Race" name="preset" value=preset options=vec![(Preset::Rosenbrock, "Rosenbrock, 5000 steps".to_string()), (Preset::Regression, "Regression, B = 16, 300 steps".to_string())] />
    };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {land_plot}
                    {loss_plot}
                    <p class="legend">"Colours as in the table; AdamW is drawn dashed in Adam's colour."</p>
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">"Step "<span data-readout="step">{live(move || t.get().to_string())}</span>" of "{live(move || total().to_string())}</p>
                    <p class="budget" data-readout="budget">{live(budget)}</p>
                    <div class="table-scroll">
                    <table class="runs race-table">
                        <thead><tr><th scope="col">"Optimizer"</th><th scope="col">"α"</th><th scope="col">"L − L*"</th><th scope="col">"‖θ − θ*‖"</th><th scope="col">"steps to target"</th></tr></thead>
                        <tbody>
                            {move || rows.get().into_iter().map(|x| {
                                let id = Opt::ALL[x.kind].id();
                                let (c, m) = colour(x.kind);
                                let swatch = if m == Mark::Dashed { "swatch dashed" } else { "swatch" };
                                let hit = match (x.hit, x.status) {
                                    (Some(h), _) => h.to_string(),
                                    (None, Status::Diverged) => "diverged".to_string(),
                                    (None, s) if s.is_done() => "not reached".to_string(),
                                    _ => "—".to_string(),
                                };
                                view! {
                                    <tr data-run-status=x.status.as_str() data-kind=id>
                                        <td><span class=swatch style=format!("background:{}", theme.get_untracked().series_css(c))></span>{Opt::ALL[x.kind].label()}</td>
                                        <td>{sig(x.lr, 2)}</td>
                                        <td data-readout=format!("{id}-loss")>{if x.status == Status::Diverged { "diverged".to_string() } else { sig(x.excess, 2) }}</td>
                                        <td data-readout=format!("{id}-dist")>{sig(x.dist, 2)}</td>
                                        <td data-readout=format!("{id}-hit")>{hit}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                    <p class="verdict" data-readout="verdict" aria-live="polite">{live(verdict)}</p>
                    <div class="controls">
                        {pick}
                        <fieldset class="race-pick">
                            <legend>"Optimizers and their learning rates"</legend>
                            {(0..7).map(|i| view! {
                                <div class="race-entry">
                                    <Toggle label=Opt::ALL[i].label() name=Opt::ALL[i].id() value=on[i] />
                                    <LogSlider label=format!("{} α", Opt::ALL[i].label()) name=format!("lr_{}", Opt::ALL[i].id()) value=lrs[i] min=LR_MIN max=LR_MAX />
                                </div>
                            }).collect_view()}
                        </fieldset>
                        <Slider label="Gradient noise σ (Rosenbrock)" name="sigma" value=sigma min=0.0 max=5.0 step=0.1 />
                        <LogSlider label="Target L − L*" name="target" value=target min=1e-8 max=1.0 />
                        <SeedRow seed=seed sim=sim />
                    </div>
                    <p class="note">
                        "PyTorch's update rules and defaults: momentum and Nesterov with β = 0.9 (v ← βv + g), AdaGrad ε = 10⁻¹⁰, \
                         RMSProp alpha = 0.99 on Rosenbrock and 0.9 on the regression, Adam and AdamW with β = (0.9, 0.999), ε = 10⁻⁸, \
                         AdamW weight_decay = 0.01. The preset rates are the source's where it gives one (Rosenbrock: momentum 0.001, \
                         AdaGrad 0.05, RMSProp 0.001, Adam and AdamW 0.005; regression: SGD 0.05, AdaGrad 0.5, RMSProp 0.01, Adam 0.05); \
                         the rest are ours. Steps to the target count the first step whose full loss is within the target of the optimum."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}

/// The preset select is a choice of words in links, not a number.
impl crate::ui::components::ParamNumber for Preset {
    fn number(&self) -> Option<f64> {
        None
    }
}
