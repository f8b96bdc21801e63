//! Mount a widget only when it comes near the viewport, so opening the page costs one widget's
//! work instead of all of them. Once mounted it stays mounted. A widget of the second bundle
//! becomes a mount point, and its bundle is fetched then (see [`crate::ui::registry`]).
//! [`LaterChapter`] does the same for a chapter whose text lives in a later bundle.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// A signal that turns true (for good) once `holder` is within `margin` (in px) of the viewport.
///
/// Only a settled layout counts: observing starts two frames after the placeholder mounts (by
/// then the chapters above it have been laid out), and every "near" the observer reports is
/// measured again when it arrives. A placeholder that only looked near for a moment, while the
/// page above it was still filling in or on a slow device whose observer reports late, does not
/// count. A later chapter's bundle costs a reader hundreds of kilobytes, so this matters.
fn use_near(holder: NodeRef<leptos::html::Div>, margin: &'static str) -> RwSignal<bool> {
    let shown = RwSignal::new(false);
    let observer: StoredValue<Option<SendWrapper<web_sys::IntersectionObserver>>, LocalStorage> = StoredValue::new_local(None);
    let margin_px: f64 = margin.trim_end_matches("px").trim().parse().unwrap_or(0.0);
    Effect::new(move |_| {
        let Some(el) = holder.get() else { return };
        if shown.get_untracked() || observer.with_value(|o| o.is_some()) {
            return;
        }
        let el: web_sys::Element = el.into();
        request_animation_frame(move || {
            request_animation_frame(move || {
                if shown.try_get_untracked() != Some(false) || !el.is_connected() {
                    return;
                }
                let target = el.clone();
                let cb = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
                    let reported = entries
                        .iter()
                        .filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
                        .any(|e| e.is_intersecting());
                    if reported && within(&target, margin_px) {
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
                    Err(_) => {
                        shown.try_set(true);
                    }
                }
                cb.forget();
            });
        });
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

/// Whether `el` is, in the current layout, within `margin` px of the viewport (measured now,
/// not when the observer computed its entry).
fn within(el: &web_sys::Element, margin: f64) -> bool {
    let r = el.get_bounding_client_rect();
    let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    r.height() + r.width() > 0.0 && r.top() <= height + margin && r.bottom() >= -margin
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
