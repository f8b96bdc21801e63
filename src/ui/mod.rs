//! The Leptos (client-side rendered) page, its widgets and the plumbing they share.

pub mod app;
pub mod bench;
pub mod chapters;
pub mod components;
pub mod hooks;
pub mod registry;
pub mod widgets;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mount the page into `#sgd-layers` (the tutorial, or one widget with `?widget=`), and every
/// host-page mount point `<div data-sgd-widget="id" data-…>`.
pub fn start() {
    publish_registry();
    let doc = document();
    if let Some(root) = doc.get_element_by_id("sgd-layers").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        root.set_inner_html("");
        let query = window().location().search().unwrap_or_default();
        std::mem::forget(leptos::mount::mount_to(root, move || app::App(app::AppProps { query })));
        // The chapters did not exist when the browser tried to follow a #anchor in the URL:
        // follow it now that they do.
        let hash = window().location().hash().unwrap_or_default();
        if let Some(target) = hash.strip_prefix('#').filter(|h| !h.is_empty()).and_then(|h| doc.get_element_by_id(h)) {
            request_animation_frame(move || target.scroll_into_view());
        }
    }
    if let Ok(list) = doc.query_selector_all("[data-sgd-widget]") {
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) else { continue };
            let id = el.get_attribute("data-sgd-widget").unwrap_or_default();
            let pairs = data_attributes(&el);
            el.set_inner_html("");
            std::mem::forget(leptos::mount::mount_to(el, move || registry::render_embedded(&id, &pairs)));
        }
    }
}

/// The `data-*` attributes of a mount point (except `data-sgd-widget`) as parameter pairs.
fn data_attributes(el: &web_sys::Element) -> Vec<(String, String)> {
    let attrs = el.attributes();
    (0..attrs.length())
        .filter_map(|i| attrs.item(i))
        .filter_map(|a| {
            let name = a.name();
            let key = name.strip_prefix("data-")?;
            (key != "sgd-widget").then(|| (key.to_string(), a.value()))
        })
        .collect()
}

/// `window.sgdLayers.widgets`: every registered widget with its parameter specs, so browser
/// harnesses (accessibility, hostile parameters, the monkey) cover new widgets automatically.
fn publish_registry() {
    let widgets: Vec<String> = registry::WIDGETS
        .iter()
        .map(|w| format!("{{\"id\":\"{}\",\"params\":{}}}", w.id, crate::params::specs_json(w.specs)))
        .collect();
    let json = format!("{{\"widgets\":[{}]}}", widgets.join(","));
    if let Ok(v) = js_sys::JSON::parse(&json) {
        let _ = js_sys::Reflect::set(&window(), &"sgdLayers".into(), &v);
    }
}
