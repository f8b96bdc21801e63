//! Light / dark theme from `prefers-color-scheme`, shared through context.

use crate::plots::Theme;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Whether dark mode is on; follows the system setting live.
#[derive(Clone, Copy)]
pub struct DarkMode(pub RwSignal<bool>);

/// Install the theme context at the root of a mounted tree.
pub fn provide_theme() {
    let dark = RwSignal::new(false);
    if let Ok(Some(mq)) = window().match_media("(prefers-color-scheme: dark)") {
        dark.set(mq.matches());
        let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if let Some(m) = ev.dyn_ref::<web_sys::MediaQueryList>() {
                dark.set(m.matches());
            }
        });
        // One listener per mounted tree for the page's lifetime.
        let _ = mq.add_event_listener_with_callback("change", cb.as_ref().unchecked_ref());
        cb.forget();
    }
    provide_context(DarkMode(dark));
}

/// The current plot theme (reactive).
pub fn use_theme() -> Signal<Theme> {
    let dark = use_context::<DarkMode>().map(|d| d.0);
    Signal::derive(move || Theme::new(dark.map(|d| d.get()).unwrap_or(false)))
}
