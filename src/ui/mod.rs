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

/// The main bundle: mount the page into `#sgd-layers` (the tutorial, or one widget with
/// `?widget=`), and every host-page mount point `<div data-sgd-widget="id" data-…>`.
pub fn start() {
    registry::set_local(registry::MAIN, &[]);
    publish_registry();
    let doc = document();
    if let Some(root) = doc.get_element_by_id("sgd-layers").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        root.set_inner_html("");
        let query = window().location().search().unwrap_or_default();
        std::mem::forget(leptos::mount::mount_to(root, move || app::App(app::AppProps { query })));
        // The chapters did not exist when the browser tried to follow a #anchor in the URL:
        // www/boot.js follows it (and keeps it in view while later chapters fill in above).
        // An anchor inside a later chapter's body: its bundle renders it. Which bundle is not
        // known from the anchor alone, so fetch them all (a rare deep link).
        let hash = window().location().hash().unwrap_or_default();
        if hash.strip_prefix('#').is_some_and(|h| !h.is_empty() && doc.get_element_by_id(h).is_none()) {
            for b in registry::Bundle::LATER {
                load_bundle(b.name());
            }
        }
    }
    mount_points();
}

/// A lazily fetched bundle (`src/more.rs`, `src/adaptive.rs`, `src/beyond.rs`): mount its
/// pending chapter and widget points now, and again whenever a bundle that fetched it calls
/// `window.sgdLayersMount[<name>]()`.
pub fn start_bundle(bundle: registry::Bundle) {
    crate::formulas::register(bundle);
    let (defs, chapters) = registry::contents(bundle);
    registry::set_local(defs, chapters);
    let mount = wasm_bindgen::prelude::Closure::<dyn Fn()>::new(mount_points);
    let key = wasm_bindgen::JsValue::from_str("sgdLayersMount");
    let table = js_sys::Reflect::get(&window(), &key).ok().filter(|t| t.is_object()).unwrap_or_else(|| js_sys::Object::new().into());
    let _ = js_sys::Reflect::set(&table, &bundle.name().into(), mount.as_ref());
    let _ = js_sys::Reflect::set(&window(), &key, &table);
    mount.forget();
    mount_points();
}

/// Fetch a later bundle (once per page, whichever bundle asks) for a chapter or widget a
/// reader is coming near; once it has arrived it mounts every pending point of its own.
pub fn load_later(bundle: registry::Bundle) {
    if bundle != registry::Bundle::Main {
        load_bundle(bundle.name());
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function load_bundle(name) {
  // One table for every bundle on the page, so no bundle is fetched twice.
  const loading = (window.sgdLayersLoading ??= {});
  // The bundles sit next to each other; this snippet is in snippets/<crate>/.
  loading[name] ??= import(new URL(`../../${name}.js`, import.meta.url).href)
    .then((m) => m.default({ module_or_path: new URL(`../../${name}_bg.wasm`, import.meta.url) }))
    // Its exports (memory included) for measurements such as `make soak`.
    .then((w) => { (window.sgdLayersWasm ??= {})[name] = w; return w; });
  loading[name].then(() => window.sgdLayersMount?.[name]?.(), (e) => {
    delete loading[name];
    const why = String(e && e.message || e).slice(0, 80);
    for (const el of document.querySelectorAll(`[data-sgd-bundle="${name}"]:not([data-sgd-mounted])`)) {
      el.textContent = 'This part could not be loaded (' + why + '). Reload the page to try again.';
    }
  });
}
"#)]
extern "C" {
    fn load_bundle(name: &str);
}

/// Mount every `[data-sgd-widget]` and `[data-sgd-chapter]` point not mounted yet whose widget
/// or chapter is in this bundle; fetch the bundle (once) of each widget point that needs another. A point marked `data-sgd-query` takes its
/// parameters from the page URL (a `?widget=` page), otherwise from its `data-*` attributes;
/// `data-sgd-page` makes the widget the page's main content (its title an h2).
pub fn mount_points() {
    let Ok(list) = document().query_selector_all("[data-sgd-widget]:not([data-sgd-mounted])") else { return };
    let mut need: Vec<registry::Bundle> = Vec::new();
    for i in 0..list.length() {
        let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) else { continue };
        let id = el.get_attribute("data-sgd-widget").unwrap_or_default();
        let known = registry::info(id.trim());
        if let Some(w) = known.filter(|_| registry::local(id.trim()).is_none()) {
            // Another bundle's widget: mark the point, so a failed fetch can say so there.
            let _ = el.set_attribute("data-sgd-bundle", w.bundle.name());
            if !need.contains(&w.bundle) {
                need.push(w.bundle);
            }
            continue;
        }
        let pairs = if el.has_attribute("data-sgd-query") {
            crate::params::query_pairs(&window().location().search().unwrap_or_default())
        } else {
            data_attributes(&el)
        };
        let page = el.has_attribute("data-sgd-page");
        let _ = el.set_attribute("data-sgd-mounted", "");
        el.set_inner_html("");
        std::mem::forget(leptos::mount::mount_to(el, move || {
            if page {
                provide_context(components::EmbedPage);
            }
            registry::render_embedded(&id, &pairs)
        }));
    }
    if let Ok(list) = document().query_selector_all("[data-sgd-chapter]:not([data-sgd-mounted])") {
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) else { continue };
            let id = el.get_attribute("data-sgd-chapter").unwrap_or_default();
            let Some(def) = registry::local_chapter(&id) else { continue };
            let _ = el.set_attribute("data-sgd-mounted", "");
            let _ = el.remove_attribute("aria-busy");
            el.set_inner_html("");
            std::mem::forget(leptos::mount::mount_to(el, move || {
                hooks::provide_theme();
                (def.render)()
            }));
        }
    }
    for b in need {
        load_later(b);
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
            (!matches!(key, "sgd-widget" | "sgd-mounted" | "sgd-query" | "sgd-page")).then(|| (key.to_string(), a.value()))
        })
        .collect()
}

/// `window.sgdLayers.widgets`: every registered widget with its parameter specs, so browser
/// harnesses (accessibility, hostile parameters, the monkey) cover new widgets automatically.
fn publish_registry() {
    let widgets: Vec<String> = registry::ALL
        .iter()
        .map(|w| format!("{{\"id\":\"{}\",\"player\":{},\"params\":{}}}", w.id, w.player, crate::params::specs_json(w.specs)))
        .collect();
    let json = format!("{{\"widgets\":[{}]}}", widgets.join(","));
    if let Ok(v) = js_sys::JSON::parse(&json) {
        let _ = js_sys::Reflect::set(&window(), &"sgdLayers".into(), &v);
    }
}
