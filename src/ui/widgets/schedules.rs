//! `schedules`: a gallery of learning-rate schedules η(t), one small plot each, and all of them
//! overlaid. Pick one to see its formula, its PyTorch call and every parameter; Play moves a
//! cursor along the steps so the rates can be compared at the same t.

use crate::core::layer4::gallery::{self, KEYS, Params, TITLES};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, LogSlider, Math, PlayBar, PlotCanvas, Select, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{aspect, draw_chart_on, live, use_replayed};
use leptos::prelude::*;
pub use crate::catalog::schedules::{ID, SPECS, TITLE};

const N: usize = KEYS.len();

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <Schedules params=p /> }.into_any()
}

/// How schedule `i` is drawn everywhere: its palette colour, dashed for the second six.
fn series(i: usize, points: Vec<(f64, f64)>) -> Series {
    Series::line(i % 6, points).with(if i >= 6 { Mark::Dashed } else { Mark::Line })
}

/// The PyTorch call that gives schedule `i` (on an optimizer whose lr is η₀).
fn torch_call(i: usize, p: &Params) -> String {
    let t = p.total.max(1);
    match KEYS[i] {
        "step" => {
            let mut m = p.milestones.to_vec();
            m.sort_unstable();
            format!("MultiStepLR(milestones={m:?}, gamma={})", sig(p.step_gamma, 3))
        }
        "exponential" => format!("ExponentialLR(gamma=exp(−{})) = ExponentialLR(gamma={})", sig(p.exp_lambda, 3), sig((-p.exp_lambda).exp(), 5)),
        "polynomial" => format!("LambdaLR(lambda t: (1 + {}·t)^−{})", sig(p.poly_beta, 3), sig(p.poly_power, 3)),
        "inverse" => format!("LambdaLR(lambda t: 1/(1 + {}·t))", sig(p.inv_rho, 3)),
        "linear" => format!("LinearLR(start_factor={}, end_factor={}, total_iters={t})", sig(p.lin_start, 3), sig(p.lin_end, 3)),
        "polylr" => format!("PolynomialLR(total_iters={t}, power={})", sig(p.polylr_power, 3)),
        "cosine" => format!("CosineAnnealingLR(T_max={t}, eta_min={})", sig(p.cos_min, 3)),
        "restarts" => format!("CosineAnnealingWarmRestarts(T_0={}, T_mult={}, eta_min={})", p.restart_t0.max(1), p.restart_mult.max(1), sig(p.restart_min, 3)),
        "warmup" => {
            let w = p.warm_steps.min(t - 1);
            format!(
                "SequentialLR([LinearLR(start_factor={}, total_iters={w}), CosineAnnealingLR(T_max={})], milestones=[{w}])",
                sig(p.warm_start, 3),
                (t - w).max(1)
            )
        }
        "onecycle" => format!(
            "OneCycleLR(max_lr={}, total_steps={t}, pct_start={}, div_factor={}, final_div_factor={}, anneal_strategy='cos', cycle_momentum=False)",
            sig(p.eta0, 3),
            sig(p.oc_pct, 3),
            sig(p.oc_div, 3),
            sig(p.oc_final_div, 3)
        ),
        _ => "no scheduler (or ConstantLR(factor=1))".to_string(),
    }
}

/// The formula of schedule `i`, as MathML converted at build time.
fn formula(i: usize) -> AnyView {
    match KEYS[i] {
        "step" => view! { <Math block=true tex=r"\eta_t = \eta_0\,\gamma^{\,\#\{i\,:\,m_i \le t\}}" /> }.into_any(),
        "exponential" => view! { <Math block=true tex=r"\eta_t = \eta_0\,e^{-\lambda t} = \eta_0\,\gamma^{t},\quad \gamma = e^{-\lambda}" /> }.into_any(),
        "polynomial" => view! { <Math block=true tex=r"\eta_t = \eta_0\,(1 + \beta t)^{-p}" /> }.into_any(),
        "inverse" => view! { <Math block=true tex=r"\eta_t = \frac{\eta_0}{1 + \rho t}" /> }.into_any(),
        "linear" => view! { <Math block=true tex=r"\eta_t = \eta_0\left(s + (e - s)\,\frac{\min(t, T)}{T}\right)" /> }.into_any(),
        "polylr" => view! { <Math block=true tex=r"\eta_t = \eta_0\left(1 - \frac{\min(t, T)}{T}\right)^{p}" /> }.into_any(),
        "cosine" => view! { <Math block=true tex=r"\eta_t = \eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})\left(1 + \cos\frac{\pi \min(t, T)}{T}\right)" /> }.into_any(),
        "restarts" => view! { <Math block=true tex=r"\eta_t = \eta_{\min} + \tfrac12(\eta_0 - \eta_{\min})\left(1 + \cos\frac{\pi T_{\mathrm{cur}}}{T_i}\right),\quad T_i = T_0\,T_{\mathrm{mult}}^{\,i}" /> }.into_any(),
        "warmup" => view! { <Math block=true tex=r"\eta_t = \begin{cases} \eta_0\left(s + (1 - s)\,\frac{t}{W}\right) & t < W \\ \tfrac12\,\eta_0\left(1 + \cos\frac{\pi (t - W)}{T - W}\right) & t \ge W \end{cases}" /> }.into_any(),
        "onecycle" => view! { <Math block=true tex=r"\eta:\ \frac{\eta_0}{d} \nearrow \eta_0 \text{ for } t \le pT,\ \text{then } \eta_0 \searrow \frac{\eta_0}{d\,d_f},\ \text{both along half cosines}" /> }.into_any(),
        _ => view! { <Math block=true tex=r"\eta_t = \eta_0" /> }.into_any(),
    }
}

/// Fixed axis ranges for a curve, so a foreground cursor lines up with the background.
fn ranges(points: &[(f64, f64)], total: usize) -> (Axis, Axis) {
    let top = points.iter().map(|p| p.1).filter(|v| v.is_finite()).fold(0.0f64, f64::max);
    (Axis::linear().range(0.0, total as f64), Axis::linear().range(0.0, if top > 0.0 { top * 1.08 } else { 1.0 }))
}

#[component]
fn Schedules(params: Parsed) -> impl IntoView {
    let sel = RwSignal::new(params.choice("sel").min(N - 1) as u32);
    let f = |k: &str| RwSignal::new(params.f64(k));
    let eta0 = f("eta0");
    let total = f("t");
    let ms = [f("m1"), f("m2"), f("m3")];
    let gamma = f("gamma");
    let lambda = f("lambda");
    let beta = f("beta");
    let power = f("p");
    let rho = f("rho");
    let lin_start = f("lin_start");
    let lin_end = f("lin_end");
    let pl_power = f("pl_power");
    let eta_min = f("eta_min");
    let t0 = f("t0");
    let t_mult = f("t_mult");
    let r_min = f("r_min");
    let warm = f("warm");
    let warm_start = f("warm_start");
    let pct = f("pct");
    let div = f("div");
    let final_div = f("final_div");
    let notices = RwSignal::new(params.notices.clone());

    let n_of = |s: RwSignal<f64>| s.get().round().max(0.0) as usize;
    let all = Memo::new(move |_| Params {
        eta0: eta0.get(),
        total: n_of(total).max(1),
        milestones: ms.map(n_of),
        step_gamma: gamma.get(),
        exp_lambda: lambda.get(),
        poly_beta: beta.get(),
        poly_power: power.get(),
        inv_rho: rho.get(),
        lin_start: lin_start.get(),
        lin_end: lin_end.get(),
        polylr_power: pl_power.get(),
        cos_min: eta_min.get(),
        restart_t0: n_of(t0).max(1),
        restart_mult: n_of(t_mult).max(1),
        restart_min: r_min.get(),
        warm_steps: n_of(warm),
        warm_start: warm_start.get(),
        oc_pct: pct.get(),
        oc_div: div.get(),
        oc_final_div: final_div.get(),
    });
    // One memo per schedule: a parameter of one schedule redraws only its own plot.
    let curves: [Memo<Vec<(f64, f64)>>; N] = std::array::from_fn(|i| Memo::new(move |_| gallery::curve(i, &all.get())));
    let horizon = move || all.with(|p| p.total);

    // The cursor: Play walks t from 0 to T − 1.
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let advance = |t: &mut (usize, usize), n: usize| {
        t.0 = (t.0 + n).min(t.1.saturating_sub(1));
        t.0 + 1 < t.1
    };
    let (cursor, sim) = use_replayed(root, params.int("speed"), move || (0usize, n_of(total).max(1)), advance, |t: &(usize, usize)| t.0, move || total.track());
    let t_now = Memo::new(move |_| {
        sim.tick.track();
        cursor.with_value(|c| c.0)
    });
    let status = Signal::derive(move || if sim.playing.get() { "running" } else { "paused" });
    let lr_at = move |i: usize| curves[i].with(|c| c.get(t_now.get()).map(|p| p.1).unwrap_or(0.0));

    let tile_aspect = aspect(1.7, 1.5);
    let tile = move |i: usize| {
        let curve = curves[i];
        let background = move |layer: &Layer| {
            let pts = curve.get();
            let (x, y) = ranges(&pts, horizon());
            draw_chart_on(layer, &[series(i, pts)], &ChartSpec::new(("step t", "η"), x, y))
        };
        let foreground = move |layer: &Layer| {
            let t = t_now.get();
            let (x, y, p) = curve.with(|c| {
                let (x, y) = ranges(c, horizon());
                (x, y, c.get(t).copied())
            });
            if let Some(p) = p {
                draw_chart_on(layer, &[Series::line(i % 6, vec![p]).with(Mark::Ring)], &ChartSpec::new(("step t", "η"), x, y).overlay());
            }
        };
        let alt = Signal::derive(move || {
            let c = curve.get();
            let at = |k: usize| c.get(k).map(|p| sig(p.1, 2)).unwrap_or_default();
            let n = c.len();
            format!("η(t) of the {} schedule over {n} steps: {} at t = 0, {} at t = {}, {} at t = {}.", TITLES[i], at(0), at(n / 2), n / 2, at(n.saturating_sub(1)), n.saturating_sub(1))
        });
        let pick = move |_| sel.set(i as u32);
        view! {
            <figure class="tile" class:selected=move || sel.get() as usize == i>
                <figcaption>
                    <button type="button" class="tile-pick" aria-pressed=move || (sel.get() as usize == i).to_string() on:click=pick>{TITLES[i]}</button>
                </figcaption>
                <PlotCanvas aspect=tile_aspect background=background foreground=foreground alt=alt />
            </figure>
        }
    };
    let tiles = (0..N).map(tile).collect_view();

    let overlay_bg = move |layer: &Layer| {
        let mut series_list: Vec<Series> = (0..N).filter(|&i| i != sel.get() as usize).map(|i| series(i, curves[i].get())).collect();
        let s = sel.get() as usize;
        series_list.push(series(s, curves[s].get()));
        let top = series_list.iter().flat_map(|s| s.points.iter().map(|p| p.1)).filter(|v| v.is_finite()).fold(0.0f64, f64::max);
        let spec = ChartSpec::new(("step t", "learning rate η(t)"), Axis::linear().range(0.0, horizon() as f64), Axis::linear().range(0.0, (top * 1.05).max(1e-9)));
        draw_chart_on(layer, &series_list, &spec)
    };
    let overlay_alt = Signal::derive(move || {
        let t = horizon().saturating_sub(1);
        let ends: Vec<String> = (0..N).map(|i| format!("{} {}", TITLES[i], curves[i].with(|c| c.last().map(|p| sig(p.1, 2)).unwrap_or_default()))).collect();
        format!("All {N} schedules overlaid, η(t) against t from 0 to {t}; their rates at t = {t}: {}.", ends.join(", "))
    });

    let selected = move || sel.get() as usize;
    let controls = move || {
        let s = selected();
        match KEYS[s] {
            "step" => view! {
                <Slider label="First milestone" name="m1" value=ms[0] min=0.0 max=1000.0 step=1.0 />
                <Slider label="Second milestone" name="m2" value=ms[1] min=0.0 max=1000.0 step=1.0 />
                <Slider label="Third milestone" name="m3" value=ms[2] min=0.0 max=1000.0 step=1.0 />
                <Slider label="Step factor γ" name="gamma" value=gamma min=0.0 max=1.0 step=0.01 />
            }
            .into_any(),
            "exponential" => view! { <LogSlider label="Decay rate λ" name="lambda" value=lambda min=0.001 max=0.5 /> }.into_any(),
            "polynomial" => view! {
                <LogSlider label="Time scale β" name="beta" value=beta min=0.01 max=10.0 />
                <Slider label="Power p" name="p" value=power min=0.1 max=2.0 step=0.05 />
            }
            .into_any(),
            "inverse" => view! { <LogSlider label="Rate ρ" name="rho" value=rho min=0.001 max=1.0 /> }.into_any(),
            "linear" => view! {
                <Slider label="Start factor s" name="lin_start" value=lin_start min=0.01 max=1.0 step=0.01 />
                <Slider label="End factor e" name="lin_end" value=lin_end min=0.0 max=1.0 step=0.01 />
            }
            .into_any(),
            "polylr" => view! { <Slider label="Power p" name="pl_power" value=pl_power min=0.1 max=5.0 step=0.1 /> }.into_any(),
            "cosine" => view! { <Slider label="Floor η_min" name="eta_min" value=eta_min min=0.0 max=1.0 step=0.001 /> }.into_any(),
            "restarts" => view! {
                <Slider label="First period T₀" name="t0" value=t0 min=1.0 max=500.0 step=1.0 />
                <Slider label="Period factor T_mult" name="t_mult" value=t_mult min=1.0 max=4.0 step=1.0 />
                <Slider label="Floor η_min" name="r_min" value=r_min min=0.0 max=1.0 step=0.001 />
            }
            .into_any(),
            "warmup" => view! {
                <Slider label="Warm-up steps W" name="warm" value=warm min=0.0 max=500.0 step=1.0 />
                <LogSlider label="Start factor s" name="warm_start" value=warm_start min=0.001 max=1.0 />
            }
            .into_any(),
            "onecycle" => view! {
                <Slider label="Rising share p" name="pct" value=pct min=0.05 max=0.95 step=0.01 />
                <LogSlider label="div_factor d" name="div" value=div min=1.0 max=1000.0 />
                <LogSlider label="final_div_factor d_f" name="final_div" value=final_div min=1.0 max=1e6 />
            }
            .into_any(),
            _ => view! { <p class="note">"A constant schedule has no parameter besides η₀."</p> }.into_any(),
        }
    };
    let options: Vec<(u32, String)> = TITLES.iter().enumerate().map(|(i, t)| (i as u32, t.to_string())).collect();
    let selected_lr = move || lr_at(selected());
    let sums = Memo::new(move |_| {
        let t = t_now.get();
        curves[selected()].with(|c| c.iter().take(t + 1).fold((0.0, 0.0), |(a, b), p| (a + p.1, b + p.1 * p.1)))
    });

    let theme = crate::ui::hooks::use_theme();
    let overlay_plot = view! { <PlotCanvas aspect=aspect(2.6, 1.3) background=overlay_bg foreground=|_: &Layer| {} alt=overlay_alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            // On a wide screen the tiles and the formula card share one 4-column grid; on a phone
            // the tiles scroll sideways in two rows and the card follows them.
            <div class="gallery-wrap">
                <div class="gallery">{tiles}</div>
                <div class="tile formula-card">
                    <p class="panel-title">{live(move || TITLES[selected()].to_string())}</p>
                    <div class="formula" data-readout="formula">{move || formula(selected())}</div>
                    <p class="note"><code data-readout="torch">{live(move || all.with(|p| torch_call(selected(), p)))}</code></p>
                </div>
            </div>
            <div class="widget-body two-col side-first">
                <div class="plots">
                    <p class="panel-title">"All together"</p>
                    {overlay_plot}
                    <p class="legend">
                        {(0..N).map(|i| view! {
                            <span class="legend-item">
                                <span class={if i >= 6 { "line-swatch dashed" } else { "line-swatch" }} style=live(move || format!("border-color:{}", theme.get().series_css(i % 6)))></span>
                                {TITLES[i]}
                            </span>
                        }).collect_view()}
                    </p>
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Step t = "<span data-readout="step">{live(move || t_now.get().to_string())}</span>" of "{live(move || horizon().saturating_sub(1).to_string())}
                        <br/>"η(t) of "{live(move || TITLES[selected()].to_string())}": "<span data-readout="lr">{live(move || sig(selected_lr(), 4))}</span>
                        <br/>"Σ η up to t: "<span data-readout="sum">{live(move || sig(sums.get().0, 4))}</span>
                        ", Σ η²: "<span data-readout="sum-sq">{live(move || sig(sums.get().1, 4))}</span>
                    </p>
                    <div class="controls">
                        <Select label="Schedule" name="sel" value=sel options=options />
                        <LogSlider label="Initial rate η₀" name="eta0" value=eta0 min=0.001 max=1.0 />
                        <Slider label="Horizon T" name="t" value=total min=20.0 max=1000.0 step=10.0 />
                        {controls}
                    </div>
                </div>
            </div>
            <p class="note">
                "η(t) is the rate of optimizer step t, counted from 0, exactly as torch.optim.lr_scheduler gives it when scheduler.step() \
                 follows every optimizer.step() (checked against PyTorch in the tests). Two conventions differ from PyTorch: after T, cosine \
                 annealing holds η_min (PyTorch's recursive form would climb back up) and one-cycle holds its last rate (PyTorch raises an \
                 error). η₀ is the optimizer's lr; one-cycle reads it as max_lr."
            </p>
        </WidgetShell>
    }
}
