//! Widgets registered by id: the page, `?widget=<id>` embeds and host-page mount points all
//! go through here, and so can test harnesses that walk every widget.
//!
//! The widgets ship in several wasm bundles so a first visit stays small (see [`Bundle`]):
//! `Main` (the page, the Prologue and Layer 1) and later ones, each fetched the first time a
//! reader comes near one of its chapters or opens one of its widgets. [`ALL`] describes every
//! widget of every bundle, as plain data; it, [`Bundle`] and each widget's id, title and specs
//! live in [`crate::catalog`] (native, so tests can walk them) and are re-exported here. Each
//! bundle renders only its own list ([`MAIN`], [`MORE`], [`ADAPTIVE`], [`BEYOND`]), so the
//! other bundles' code is not linked into it.

pub use crate::catalog::{Bundle, WidgetInfo, ALL, info};
use super::widgets;
use crate::params::{Parsed, Spec, sanitize};
use leptos::prelude::*;
use std::sync::OnceLock;

/// A widget this bundle can render.
pub struct WidgetDef {
    /// Stable id: `?widget=<id>`, `data-sgd-widget="<id>"`, `data-widget` on its root.
    pub id: &'static str,
    pub title: &'static str,
    /// The parameters it reads from a URL or embed attributes.
    pub specs: &'static [Spec],
    pub render: fn(Parsed) -> AnyView,
}

/// The widgets and chapter bodies a bundle renders.
pub fn contents(bundle: Bundle) -> (&'static [WidgetDef], &'static [ChapterDef]) {
    use crate::ui::chapters;
    match bundle {
        Bundle::Main => (MAIN, &[]),
        Bundle::More => (MORE, chapters::MORE_CHAPTERS),
        Bundle::Adaptive => (ADAPTIVE, chapters::ADAPTIVE_CHAPTERS),
        Bundle::Beyond => (BEYOND, chapters::BEYOND_CHAPTERS),
    }
}

/// The main bundle's widgets (the Prologue and Layer 1).
pub static MAIN: &[WidgetDef] =
    &[widgets::lr_basics::DEF, widgets::noise_paths::DEF, widgets::batch_size::DEF, widgets::gradient_cloud::DEF, widgets::noise_floor::DEF];

/// The `More` bundle's widgets (Layers 2–4).
pub static MORE: &[WidgetDef] = &[
    widgets::saddle::DEF,
    widgets::nonconvex_1d::DEF,
    widgets::clipping::DEF,
    widgets::momentum::DEF,
    widgets::momentum_weights::DEF,
    widgets::momentum_tuning::DEF,
    widgets::momentum_noise::DEF,
    widgets::schedules::DEF,
    widgets::schedule_race::DEF,
    widgets::robbins_monro::DEF,
    widgets::lr_finder::DEF,
    widgets::batch_scaling::DEF,
    widgets::averaging::DEF,
];

/// The `Adaptive` bundle's widgets (Layer 5).
pub static ADAPTIVE: &[WidgetDef] = &[
    widgets::anisotropic::DEF,
    widgets::accumulation::DEF,
    widgets::bias_correction::DEF,
    widgets::adamw::DEF,
    widgets::optimizer_race::DEF,
];

/// The `Beyond` bundle's widgets (Beyond the layers).
pub static BEYOND: &[WidgetDef] = &[
    widgets::drug_sensitivity::DEF,
    widgets::logistic::DEF,
    widgets::variance_reduction::DEF,
    widgets::sharp_flat::DEF,
    widgets::mistakes::DEF,
    widgets::practice::DEF,
];

/// A chapter body this bundle renders into a `data-sgd-chapter` mount point (the section and
/// heading come from the main bundle's [`crate::ui::components::LaterChapter`]).
pub struct ChapterDef {
    pub id: &'static str,
    pub render: fn() -> AnyView,
}

static LOCAL: OnceLock<&'static [WidgetDef]> = OnceLock::new();
static CHAPTERS: OnceLock<&'static [ChapterDef]> = OnceLock::new();

/// Set once at start-up: the widgets and chapter bodies this bundle renders.
pub fn set_local(defs: &'static [WidgetDef], chapters: &'static [ChapterDef]) {
    let _ = LOCAL.set(defs);
    let _ = CHAPTERS.set(chapters);
}

/// A chapter body of this bundle.
pub fn local_chapter(id: &str) -> Option<&'static ChapterDef> {
    CHAPTERS.get().and_then(|l| l.iter().find(|c| c.id == id))
}

/// A widget of this bundle.
pub fn local(id: &str) -> Option<&'static WidgetDef> {
    LOCAL.get().and_then(|l| l.iter().find(|w| w.id == id))
}

/// The message for an id no bundle knows, listing the valid ids.
pub fn unknown(id: &str) -> AnyView {
    let ids = ALL.iter().map(|w| w.id).collect::<Vec<_>>().join(", ");
    let shown = sanitize(id);
    view! {
        <div class="unknown-widget" role="alert" data-unknown-widget="">
            <p><strong>"Unknown widget “"{shown}"”."</strong></p>
            <p>"Valid ids: "{ids}"."</p>
        </div>
    }
    .into_any()
}

/// A widget of this bundle by id with parameters (the unknown-id message otherwise).
pub fn render_widget(id: &str, pairs: &[(String, String)]) -> AnyView {
    match local(id.trim()) {
        Some(def) => crate::ui::components::render_shared(def, pairs),
        None => unknown(id),
    }
}

/// A widget in a mount point of its own (its own reactive root, so it needs the theme).
pub fn render_embedded(id: &str, pairs: &[(String, String)]) -> AnyView {
    super::hooks::provide_theme();
    view! { <div class="sgd-embed">{render_widget(id, pairs)}</div> }.into_any()
}
