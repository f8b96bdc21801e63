//! Mount a widget only when it comes near the viewport, so opening the page costs one widget's
//! work instead of all of them. Once mounted it stays mounted. A widget of the second bundle
//! becomes a mount point, and its bundle is fetched then (see [`crate::ui::registry`]).
//! [`LaterChapter`] does the same for a chapter whose text lives in a later bundle.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// A signal that turns true (for good) once `holder` is within `margin` of the viewport.
fn use_near(holder: NodeRef<leptos::html::Div>, margin: &'static str) -> RwSignal<bool> {
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
    // Stop observing once near.
    Effect::new(move |_| {
        if shown.get() {
            observer.update_value(|o| {
                if let Some(o) = o.take() {
                    o.disconnect();
                }
            });
        }
    });
    shown
}

/// A placeholder of about the widget's height until it is within `margin` of the viewport.
#[component]
pub fn Lazy(
    /// The widget id (shown as `data-lazy-widget` on the placeholder, for tests and anchors).
    id: &'static str,
    #[prop(default = "900px")] margin: &'static str,
) -> impl IntoView {
    let holder: NodeRef<leptos::html::Div> = NodeRef::new();
    let shown = use_near(holder, margin);
    view! {
        <Show when=move || shown.get()
            fallback=move || view! { <div class="lazy-widget" data-lazy-widget=id node_ref=holder aria-busy="true">"Loading the widget…"</div> }>
            {move || match crate::ui::registry::local(id) {
                Some(def) => super::render_shared(def, &[]),
                // Another bundle's widget: a mount point it fills once fetched.
                None => {
                    request_animation_frame(crate::ui::mount_points);
                    view! { <div data-sgd-widget=id></div> }.into_any()
                }
            }}
        </Show>
    }
}

/// A chapter whose heading is in this bundle and whose body is in a later one: the section and
/// its heading render at once (so the table of contents and `#anchors` work), and the body is a
/// `data-sgd-chapter` mount point, filled once a reader comes within `margin` of it and
/// `bundle` has arrived.
#[component]
pub fn LaterChapter(
    id: &'static str,
    title: &'static str,
    /// The bundle that renders the body.
    bundle: crate::ui::registry::Bundle,
    #[prop(default = "1200px")] margin: &'static str,
) -> impl IntoView {
    let holder: NodeRef<leptos::html::Div> = NodeRef::new();
    let near = use_near(holder, margin);
    Effect::new(move |_| {
        if near.get() {
            crate::ui::load_later(bundle);
        }
    });
    view! {
        <section id=id class="chapter" aria-labelledby=format!("{id}-h")>
            <h2 id=format!("{id}-h")>{title}</h2>
            <div class="lazy-chapter" data-sgd-chapter=id data-sgd-bundle=bundle.name() node_ref=holder aria-busy="true">"Loading the chapter…"</div>
        </section>
    }
}
