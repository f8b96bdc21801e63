//! `momentum-weights`: how much each past gradient moves θ under momentum λ. Unrolling
//! v ← λv + g, θ ← θ − αv gives θ_{t+1} = θ₀ − α Σᵢ wᵢ∇f(θᵢ) with wᵢ = (1 − λ^{t+1−i})/(1 − λ).
//! Play builds the sum up one gradient per frame; the bars of old gradients climb towards 1/(1 − λ).

use crate::core::momentum::{multiplier, unrolled_weights};
use crate::format::sig;
use crate::params::Parsed;
use crate::plots::{Axis, ChartSpec, Mark, Series};
use crate::ui::components::{Layer, PlayBar, PlotCanvas, Slider, WidgetShell};
use crate::ui::registry::WidgetDef;
use super::common::{Legend, aspect, blank, draw_chart_on, live, use_replayed};
use leptos::prelude::*;
pub use crate::catalog::momentum_weights::{ID, SPECS, TITLE};

pub const DEF: WidgetDef = WidgetDef { id: ID, title: TITLE, specs: SPECS, render };

fn render(p: Parsed) -> AnyView {
    view! { <MomentumWeights params=p /> }.into_any()
}

/// (gradients shown so far, gradients to show).
type Count = (usize, usize);

/// Add `n` gradients; from a full picture, start again from the first (so Play and Step replay
/// the build-up). A replay after a parameter change keeps the count it had reached.
fn grow(c: &mut Count, n: usize) -> bool {
    if n == 0 {
        return c.0 < c.1;
    }
    if c.0 >= c.1 {
        c.0 = 0;
    }
    c.0 = (c.0 + n).clamp(1, c.1.max(1));
    c.0 < c.1
}

fn shown(c: &Count) -> usize {
    c.0
}

#[component]
fn MomentumWeights(params: Parsed) -> impl IntoView {
    let lambda = RwSignal::new(params.f64("lambda"));
    let t = RwSignal::new(params.int("t") as f64);
    let notices = RwSignal::new(params.notices.clone());
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    // Starts with all t gradients; Play builds them up again one per frame.
    let (count, sim) = use_replayed(root, params.int("speed"), move || {
        let t = t.get_untracked().round() as usize;
        (t, t)
    }, grow, shown, move || {
        lambda.track();
        t.track();
    });
    let n = Memo::new(move |_| {
        sim.tick.track();
        count.with_value(|c| c.0)
    });
    // Weights of the gradients 0 … n−1 in θₙ (θ after n steps).
    let weights = Memo::new(move |_| unrolled_weights(lambda.get(), n.get().saturating_sub(1)));
    let status = Signal::derive(move || if sim.playing.get() { "running" } else { "paused" });

    let chart = move |layer: &Layer| {
        let (l, w) = (lambda.get(), weights.get());
        let tmax = t.get().round().max(1.0);
        // θ: the weight in the position. v: the weight in the current velocity, λ^{n−1−i}.
        let last = w.len().saturating_sub(1) as i32;
        let bars = Series::line(0, w.iter().enumerate().map(|(i, wi)| (i as f64, *wi)).collect()).with(Mark::Bars { width: 0.7 });
        let vel = Series::line(1, (0..w.len()).map(|i| (i as f64, l.powi(last - i as i32))).collect()).with(Mark::Dots);
        let top = multiplier(l).min(120.0).max(w.first().copied().unwrap_or(1.0)) * 1.08;
        let spec = ChartSpec::new(("gradient from step i", "weight"), Axis::linear().range(-0.5, tmax - 0.5), Axis::linear().range(0.0, top))
            .reference(multiplier(l), format!("1/(1 − λ) = {}", sig(multiplier(l), 3)));
        draw_chart_on(layer, &[bars, vel], &spec);
    };
    let alt = Signal::derive(move || {
        let w = weights.get();
        format!(
            "Bars: the weight of each of the {} gradients so far in the position, from {} for the oldest down to 1 for the newest; the limit 1/(1 − λ) = {} is dashed. Dots: each gradient's weight in the current velocity, λ to the power of its age.",
            w.len(),
            sig(w.first().copied().unwrap_or(1.0), 3),
            sig(multiplier(lambda.get()), 3)
        )
    });
    let plot = view! { <PlotCanvas aspect=aspect(2.2, 1.4) background=blank foreground=chart alt=alt /> };
    view! {
        <WidgetShell id=ID title=DEF.title status=status notices=notices node_ref=root sim=sim>
            <div class="widget-body two-col">
                <div class="plots">
                    {plot}
                    <Legend items=vec![(0, "weight in the position θ".to_string()), (1, "weight in the velocity v".to_string())] />
                </div>
                <div class="side">
                    <PlayBar sim=sim />
                    <p class="readouts">
                        "Gradients so far "<span data-readout="step">{live(move || n.get().to_string())}</span>
                        <br/>"Oldest gradient's weight "<span data-readout="oldest">{live(move || sig(weights.with(|w| w.first().copied().unwrap_or(1.0)), 4))}</span>
                        <br/>"Newest gradient's weight "<span data-readout="newest">{live(move || sig(weights.with(|w| w.last().copied().unwrap_or(1.0)), 4))}</span>
                        <br/>"Sum of the weights "<span data-readout="sum">{live(move || sig(weights.with(|w| w.iter().sum::<f64>()), 4))}</span>
                        " (plain SGD: "{live(move || n.get().to_string())}")"
                        <br/>"Limit 1/(1 − λ) "<span data-readout="multiplier">{live(move || format!("{}×", sig(multiplier(lambda.get()), 3)))}</span>
                    </p>
                    <div class="controls">
                        <Slider label="Momentum λ" name="lambda" value=lambda min=0.0 max=0.99 step=0.01 />
                        <Slider label="Gradients so far" name="t" value=t min=1.0 max=100.0 step=1.0 />
                    </div>
                    <p class="note">
                        "A gradient that keeps pointing the same way is added in again at every later step, each time \
                         shrunk by λ: in total it moves θ by α(1 + λ + λ² + …) → α/(1 − λ), which is why momentum 0.9 is \
                         said to multiply the step by 10. A gradient that flips sign from step to step mostly cancels \
                         instead. Play builds the sum up again, one gradient per frame."
                    </p>
                </div>
            </div>
        </WidgetShell>
    }
}
