//! Labelled native controls: keyboard-operable, screen-reader friendly.

use super::Share;
use crate::format::sig;
use crate::params::Field;
use leptos::prelude::*;
use std::rc::Rc;

/// Register a control with its widget's [`Share`] (for links); whether `hide=` hides it.
fn shared(name: &str, get: impl Fn() -> Option<Field> + 'static) -> bool {
    Share::current().is_some_and(|s| s.field(name, Rc::new(get)))
}

/// A linear slider. `step` sets the granularity (1 for integers).
#[component]
pub fn Slider(
    #[prop(into)] label: String,
    value: RwSignal<f64>,
    min: f64,
    max: f64,
    #[prop(default = 0.01)] step: f64,
    #[prop(optional, into)] name: String,
) -> impl IntoView {
    let on_input = move |ev: leptos::ev::Event| {
        if let Ok(v) = event_target_value(&ev).parse::<f64>()
            && v.is_finite() {
                value.set(v.clamp(min, max));
            }
    };
    let shown = move || if step >= 1.0 { format!("{}", value.get().round()) } else { sig(value.get(), 3) };
    let hidden = shared(&name, move || value.try_get_untracked().map(Field::Num));
    view! {
        <label class="control" class:is-hidden=hidden>
            <span class="control-label">{label}</span>
            <input type="range" name=name min=min max=max step=step
                prop:value=move || value.get().to_string()
                on:input=on_input />
            <output>{shown}</output>
        </label>
    }
}

/// A slider on a log scale between `min` and `max` (both > 0).
#[component]
pub fn LogSlider(
    #[prop(into)] label: String,
    value: RwSignal<f64>,
    min: f64,
    max: f64,
    #[prop(optional, into)] name: String,
) -> impl IntoView {
    const TICKS: f64 = 400.0;
    let (lmin, lmax) = (min.ln(), max.ln());
    let to_pos = move |v: f64| ((v.max(min).ln() - lmin) / (lmax - lmin) * TICKS).round();
    let on_input = move |ev: leptos::ev::Event| {
        if let Ok(p) = event_target_value(&ev).parse::<f64>()
            && p.is_finite() {
                let v = (lmin + p.clamp(0.0, TICKS) / TICKS * (lmax - lmin)).exp();
                // Round to 3 significant digits so values read cleanly.
                let mag = 10f64.powf(v.log10().floor() - 2.0);
                value.set(((v / mag).round() * mag).clamp(min, max));
            }
    };
    let hidden = shared(&name, move || value.try_get_untracked().map(Field::Num));
    view! {
        <label class="control" class:is-hidden=hidden>
            <span class="control-label">{label}</span>
            <input type="range" name=name min="0" max=TICKS step="1"
                aria-valuetext=move || sig(value.get(), 3)
                prop:value=move || to_pos(value.get()).to_string()
                on:input=on_input />
            <output>{move || sig(value.get(), 3)}</output>
        </label>
    }
}

/// A labelled `<select>` over fixed `(value, text)` options.
#[component]
pub fn Select<T>(
    #[prop(into)] label: String,
    value: RwSignal<T>,
    options: Vec<(T, String)>,
    #[prop(optional, into)] name: String,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + ParamNumber + 'static,
{
    let values: Vec<T> = options.iter().map(|(v, _)| v.clone()).collect();
    let hidden = {
        let values = values.clone();
        shared(&name, move || {
            let now = value.try_get_untracked()?;
            Some(Field::Index(values.iter().position(|v| *v == now)?, now.number()))
        })
    };
    let index = {
        let values = values.clone();
        move || values.iter().position(|v| *v == value.get()).unwrap_or(0)
    };
    let opts = options
        .into_iter()
        .enumerate()
        .map(|(i, (_, text))| view! { <option value=i.to_string()>{text}</option> })
        .collect_view();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(v) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| values.get(i)) {
            value.set(v.clone());
        }
    };
    view! {
        <label class="control" class:is-hidden=hidden>
            <span class="control-label">{label}</span>
            <select name=name prop:value=move || index().to_string() on:change=on_change>
                {opts}
            </select>
        </label>
    }
}

/// A labelled checkbox.
#[component]
pub fn Toggle(#[prop(into)] label: String, value: RwSignal<bool>, #[prop(optional, into)] name: String) -> impl IntoView {
    let hidden = shared(&name, move || value.try_get_untracked().map(Field::On));
    view! {
        <label class="toggle" class:is-hidden=hidden>
            <input type="checkbox" name=name prop:checked=move || value.get() on:change=move |ev| value.set(event_target_checked(&ev)) />
            <span>{label}</span>
        </label>
    }
}

/// A select's value as a number, when it is one (for a link's numeric parameters).
pub trait ParamNumber {
    fn number(&self) -> Option<f64>;
}

impl ParamNumber for f64 {
    fn number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl ParamNumber for u32 {
    fn number(&self) -> Option<f64> {
        Some(*self as f64)
    }
}

impl ParamNumber for usize {
    fn number(&self) -> Option<f64> {
        Some(*self as f64)
    }
}

impl ParamNumber for bool {
    fn number(&self) -> Option<f64> {
        None
    }
}
