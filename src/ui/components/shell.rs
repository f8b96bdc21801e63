//! The frame every widget shares (id, status, notices) and the play bar.

use super::{Select, Share, ShareTools};
use wasm_bindgen::JsCast;
use crate::ui::hooks::Simulation;
use leptos::prelude::*;

/// Present when a widget is the whole page (`?widget=`): its title is then an h2 under the
/// page's h1, instead of an h3 under a chapter's h2.
#[derive(Clone, Copy)]
pub struct EmbedPage;

/// A widget's root: `data-widget`, `data-status`, a title and the parameter notices.
#[component]
pub fn WidgetShell(
    id: &'static str,
    #[prop(into)] title: String,
    #[prop(into)] status: Signal<&'static str>,
    notices: RwSignal<Vec<String>>,
    node_ref: NodeRef<leptos::html::Div>,
    /// Space toggles Play/Pause while the widget (not a button or text field in it) has focus.
    #[prop(optional)]
    sim: Option<Simulation>,
    children: Children,
) -> impl IntoView {
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    let share = Share::current();
    // `hide=title` keeps the heading for screen readers (it names the widget's group).
    let title_class = if share.is_some_and(|s| s.hides("title")) { "sr-only" } else { "" };
    let tools = share.filter(|s| !s.hides("tools"));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(sim) = sim else { return };
        if ev.key() != " " || ev.repeat() {
            return;
        }
        let tag = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .map(|e| (e.tag_name(), e.get_attribute("type").unwrap_or_default()))
            .unwrap_or_default();
        // Buttons, selects and text fields keep Space for themselves; sliders do not use it.
        let owns_space = matches!(tag.0.as_str(), "BUTTON" | "SELECT" | "TEXTAREA" | "A")
            || (tag.0 == "INPUT" && tag.1 != "range");
        if !owns_space {
            ev.prevent_default();
            sim.toggle();
        }
    };
    view! {
        <div class="widget" data-widget=id data-status=move || status.get() node_ref=node_ref
            role="group" aria-labelledby=labelled_by tabindex="0" on:keydown=on_key>
            <div class="widget-head">
                {if use_context::<EmbedPage>().is_some() {
                    view! { <h2 id=heading.clone() class=title_class>{title.clone()}</h2> }.into_any()
                } else {
                    view! { <h3 id=heading.clone() class=title_class>{title.clone()}</h3> }.into_any()
                }}
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
            {tools.map(|share| view! { <ShareTools share=share root=node_ref /> })}
        </div>
    }
}

/// Play / Pause, Step, Reset and speed.
#[component]
pub fn PlayBar(sim: Simulation) -> impl IntoView {
    let speeds: [u32; 5] = [1, 2, 5, 10, 25];
    let hidden = Share::current().is_some_and(|s| s.hides("playbar"));
    view! {
        <div class="playbar" class:is-hidden=hidden>
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
