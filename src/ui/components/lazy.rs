//! Mount a widget only when it comes near the viewport, so opening the page costs one widget's
//! work instead of all of them. Once mounted it stays mounted. A widget of the second bundle
//! becomes a mount point, and the bundle is fetched then (see [`crate::ui::registry`]).

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// A placeholder of about the widget's height until it is within `margin` of the viewport.
#[component]
pub fn Lazy(
    /// The widget id (shown as `data-lazy-widget` on the placeholder, for tests and anchors).
    id: &'static str,
    #[prop(default = "900px")] margin: &'static str,
) -> impl IntoView {
    let holder: NodeRef<leptos::html::Div> = NodeRef::new();
    let shown = RwSignal::new(false);
    let observer: StoredValue<Option<SendWrapper<web_sys::IntersectionObserver>>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(el) = holder.get() else { return };
        if shown.get_untracked() || observer.with_value(|o| o.is_some()) {
            return;
        }
        let cb = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let near = entries
                .iter()
                .filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
                .any(|e| e.is_intersecting());
            if near {
                shown.try_set(true);
            }
        });
        let init = web_sys::IntersectionObserverInit::new();
        init.set_root_margin(margin);
        match web_sys::IntersectionObserver::new_with_options(cb.as_ref().unchecked_ref(), &init) {
            Ok(obs) => {
                obs.observe(&el);
                observer.set_value(Some(SendWrapper::new(obs)));
            }
            // No IntersectionObserver: mount at once.
            Err(_) => shown.set(true),
        }
        cb.forget();
    });
    // Stop observing once mounted.
    Effect::new(move |_| {
        if shown.get() {
            observer.update_value(|o| {
                if let Some(o) = o.take() {
                    o.disconnect();
                }
            });
        }
    });
    view! {
        <Show when=move || shown.get()
            fallback=move || view! { <div class="lazy-widget" data-lazy-widget=id node_ref=holder aria-busy="true">"Loading the widget…"</div> }>
            {move || match crate::ui::registry::local(id) {
                Some(def) => (def.render)(crate::params::parse(def.specs, &[])),
                // Another bundle's widget: a mount point it fills once fetched.
                None => {
                    request_animation_frame(crate::ui::mount_points);
                    view! { <div data-sgd-widget=id></div> }.into_any()
                }
            }}
        </Show>
    }
}
