//! The frame every widget shares (id, status, notices) and the play bar.

use super::Select;
use crate::ui::hooks::Simulation;
use leptos::prelude::*;

/// A widget's root: `data-widget`, `data-status`, a title and the parameter notices.
#[component]
pub fn WidgetShell(
    id: &'static str,
    #[prop(into)] title: String,
    #[prop(into)] status: Signal<&'static str>,
    notices: RwSignal<Vec<String>>,
    node_ref: NodeRef<leptos::html::Div>,
    children: Children,
) -> impl IntoView {
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    view! {
        <div class="widget" data-widget=id data-status=move || status.get() node_ref=node_ref
            role="group" aria-labelledby=labelled_by>
            <div class="widget-head">
                <h3 id=heading>{title}</h3>
                <span class="status" data-state=move || status.get()>{move || status.get()}</span>
            </div>
            <Show when=move || !notices.get().is_empty()>
                <div class="notices" role="status" data-notices="">
                    <ul>
                        {move || notices.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                    </ul>
                    <button type="button" class="link" on:click=move |_| notices.set(vec![])>"Dismiss"</button>
                </div>
            </Show>
            {children()}
        </div>
    }
}

/// Play / Pause, Step, Reset and speed.
#[component]
pub fn PlayBar(sim: Simulation) -> impl IntoView {
    let speeds: [u32; 5] = [1, 2, 5, 10, 25];
    view! {
        <div class="playbar">
            <button type="button" class="primary" on:click=move |_| sim.toggle()
                aria-pressed=move || sim.playing.get().to_string()>
                {move || if sim.playing.get() { "Pause" } else { "Play" }}
            </button>
            <button type="button" on:click=move |_| sim.step()>"Step"</button>
            <button type="button" on:click=move |_| sim.reset()>"Reset"</button>
            <div class="compact">
                <Select label="Speed" name="speed" value=sim.speed options=speeds
                    .into_iter()
                    .map(|s| (s, format!("{s} step{}/frame", if s == 1 { "" } else { "s" })))
                    .collect() />
            </div>
        </div>
    }
}
