//! Widgets registered by id: the page, `?widget=<id>` embeds and host-page mount points all
//! go through here, and so can test harnesses that walk every widget.

use super::widgets;
use crate::params::{Parsed, Spec, parse, sanitize};
use leptos::prelude::*;

/// A registered widget.
pub struct WidgetDef {
    /// Stable id: `?widget=<id>`, `data-sgd-widget="<id>"`, `data-widget` on its root.
    pub id: &'static str,
    pub title: &'static str,
    /// The parameters it reads from a URL or embed attributes.
    pub specs: &'static [Spec],
    pub render: fn(Parsed) -> AnyView,
}

/// Every widget, in tutorial order.
pub const WIDGETS: &[WidgetDef] = &[
    widgets::lr_basics::DEF,
    widgets::noise_paths::DEF,
    widgets::batch_size::DEF,
    widgets::gradient_cloud::DEF,
    widgets::noise_floor::DEF,
    widgets::saddle::DEF,
    widgets::nonconvex_1d::DEF,
    widgets::clipping::DEF,
];

pub fn find(id: &str) -> Option<&'static WidgetDef> {
    WIDGETS.iter().find(|w| w.id == id)
}

/// A widget by id with parameters, or a clear message listing the valid ids.
pub fn render_widget(id: &str, pairs: &[(String, String)]) -> AnyView {
    match find(id.trim()) {
        Some(def) => (def.render)(parse(def.specs, pairs)),
        None => {
            let ids = WIDGETS.iter().map(|w| w.id).collect::<Vec<_>>().join(", ");
            let shown = sanitize(id);
            view! {
                <div class="unknown-widget" role="alert" data-unknown-widget="">
                    <p><strong>"Unknown widget “"{shown}"”."</strong></p>
                    <p>"Valid ids: "{ids}"."</p>
                </div>
            }
            .into_any()
        }
    }
}

/// A widget in a host page's mount point (its own reactive root, so it needs the theme).
pub fn render_embedded(id: &str, pairs: &[(String, String)]) -> AnyView {
    super::hooks::provide_theme();
    view! { <div class="sgd-embed">{render_widget(id, pairs)}</div> }.into_any()
}
