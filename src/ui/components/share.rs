//! Sharing and export for every widget, with no code in the widgets themselves.
//!
//! A widget renders inside its own reactive owner holding a [`Share`] (see [`render_shared`]).
//! The controls register what they hold under their parameter names, `PlotCanvas` registers a
//! 2× renderer for each plot, and `use_status` the runs for CSV. The shell's "Share & export"
//! panel turns that into a link that reproduces the widget (`?widget=id&…`, every parameter),
//! an `<iframe>` snippet, a CSV of the trajectories and a PNG of each plot. `hide=` (from the
//! URL or a `data-hide` attribute) hides controls, the title, the play bar or the panel; never
//! a readout.

use crate::params::{Field, Spec, Value, field_value, parse_widget, share_query};
use crate::ui::registry::WidgetDef;
use leptos::prelude::*;
use std::rc::Rc;
use web_sys::HtmlCanvasElement;

/// Renders one plot at twice its CSS size and downloads it under the given file name.
pub type PlotRender = Rc<dyn Fn(&str)>;
/// What a control holds now (`None` once it is gone).
pub type FieldGet = Rc<dyn Fn() -> Option<Field>>;
/// The runs as CSV, given the runners' names.
pub type CsvOf = Rc<dyn Fn(&[String]) -> String>;

struct ShareState {
    id: &'static str,
    specs: &'static [Spec],
    /// The values the widget started with (from the URL, attributes or defaults).
    initial: Vec<(&'static str, Value)>,
    hide: Vec<String>,
    fields: Vec<(&'static str, FieldGet)>,
    csv: Option<CsvOf>,
    names: Vec<String>,
    /// (key, text alternative, renderer) of each plot mounted now.
    plots: Vec<(u32, String, PlotRender)>,
    next_plot: u32,
}

/// A widget's shareable state (in context while the widget renders).
#[derive(Clone, Copy)]
pub struct Share(StoredValue<ShareState, LocalStorage>);

impl Share {
    /// The widget being rendered, if it was rendered through [`render_shared`].
    pub fn current() -> Option<Share> {
        use_context::<Share>()
    }

    pub fn id(&self) -> &'static str {
        self.0.with_value(|s| s.id)
    }

    /// Register a control's value under parameter `name` (ignored if the widget has no such
    /// parameter). Returns whether `hide=` hides this control.
    pub fn field(&self, name: &str, get: FieldGet) -> bool {
        self.0.update_value(|s| {
            if let Some(spec) = s.specs.iter().find(|sp| sp.key == name) {
                s.fields.retain(|(k, _)| *k != spec.key);
                s.fields.push((spec.key, get));
            }
        });
        self.hides_control(name)
    }

    /// Register a value no control shows (a seed drawn by "New seed", a start picked by a click).
    pub fn value(name: &str, get: impl Fn() -> Option<Field> + 'static) {
        if let Some(s) = Share::current() {
            s.field(name, Rc::new(get));
        }
    }

    /// `hide=` lists this control, or all controls.
    pub fn hides_control(&self, name: &str) -> bool {
        self.0.with_value(|s| s.hide.iter().any(|h| h == "controls" || (!name.is_empty() && h == name)))
    }

    /// `hide=` lists this word (`title`, `playbar`, `tools`).
    pub fn hides(&self, word: &str) -> bool {
        self.0.with_value(|s| s.hide.iter().any(|h| h == word))
    }

    /// Every parameter's value now: what its control holds, else what the widget started with.
    pub fn values(&self) -> Vec<(&'static str, Value)> {
        self.0.with_value(|s| {
            s.initial
                .iter()
                .map(|&(key, v)| {
                    let spec = s.specs.iter().find(|sp| sp.key == key);
                    let now = s.fields.iter().find(|(k, _)| *k == key).and_then(|(_, get)| field_value(spec?, get()?));
                    (key, now.unwrap_or(v))
                })
                .collect()
        })
    }

    /// The query of a link that opens this widget alone in this state (with the same `hide`).
    pub fn query(&self) -> String {
        let values = self.values();
        self.0.with_value(|s| {
            let extra: Vec<(&str, String)> = if s.hide.is_empty() { vec![] } else { vec![("hide", s.hide.join(","))] };
            share_query(s.id, s.specs, &values, &extra)
        })
    }

    /// The runs' trajectories as CSV, given the runners' names (see `use_status`).
    pub fn set_csv(&self, csv: CsvOf) {
        self.0.update_value(|s| s.csv = Some(csv));
    }

    /// The runners' names, in run order (from the widget's legend).
    pub fn set_names(&self, names: Vec<String>) {
        self.0.update_value(|s| {
            if s.names.is_empty() {
                s.names = names;
            }
        });
    }

    /// Offer a plot for "PNG of plot N" while it is mounted (a plot inside a `Show` comes and
    /// goes with it).
    pub fn add_plot(&self, alt: String, render: PlotRender) {
        let store = self.0;
        let key = store
            .try_update_value(|s| {
                s.next_plot += 1;
                s.plots.push((s.next_plot, alt, render));
                s.next_plot
            })
            .unwrap_or(0);
        on_cleanup(move || {
            store.try_update_value(|s| s.plots.retain(|p| p.0 != key));
        });
    }

    fn csv(&self) -> Option<String> {
        let (csv, names) = self.0.with_value(|s| (s.csv.clone(), s.names.clone()));
        csv.map(|f| f(&names))
    }
}

/// Render widget `def` with `pairs` (URL query or `data-*` attributes) in an owner of its own,
/// with its [`Share`] in context: two widgets on one page never see each other's.
pub fn render_shared(def: &'static WidgetDef, pairs: &[(String, String)]) -> AnyView {
    let (parsed, hide) = parse_widget(def.specs, pairs);
    let owner = Owner::new();
    let view = owner.with(move || {
        let state = ShareState {
            id: def.id,
            specs: def.specs,
            initial: parsed.values.clone(),
            hide,
            fields: Vec::new(),
            csv: None,
            names: Vec::new(),
            plots: Vec::new(),
            next_plot: 0,
        };
        provide_context(Share(StoredValue::new_local(state)));
        (def.render)(parsed)
    });
    // Built and mounted under the widget's owner too, so controls inside `Show`s and other
    // reactive parts find its Share; the mounted view keeps the owner alive.
    leptos::tachys::reactive_graph::OwnedView::new_with_owner(view, owner).into_any()
}

#[wasm_bindgen::prelude::wasm_bindgen(inline_js = r#"
export function site_url() {
  // This snippet sits in snippets/<crate>/ of the site; the tutorial page is two levels up.
  return new URL('../../index.html', import.meta.url).href;
}
export function copy_text(text, done) {
  const ok = navigator.clipboard && window.isSecureContext
    ? navigator.clipboard.writeText(text).then(() => true, () => false)
    : Promise.resolve(false);
  ok.then((v) => done(v));
}
function save(blob, name) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}
export function save_text(name, mime, text) {
  save(new Blob([text], { type: mime }), name);
}
export function save_png(name, fill, heat, back, front) {
  const out = document.createElement('canvas');
  out.width = back.width;
  out.height = back.height;
  const ctx = out.getContext('2d');
  ctx.fillStyle = fill;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(heat, 0, 0, out.width, out.height);
  ctx.drawImage(back, 0, 0);
  ctx.drawImage(front, 0, 0);
  out.toBlob((b) => b && save(b, name), 'image/png');
}
"#)]
extern "C" {
    fn site_url() -> String;
    fn copy_text(text: &str, done: &wasm_bindgen::JsValue);
    fn save_text(name: &str, mime: &str, text: &str);
    /// Composite a plot's three layers (heatmap scaled up, background, foreground) on `fill`
    /// and download it as a PNG.
    pub fn save_png(name: &str, fill: &str, heat: &HtmlCanvasElement, back: &HtmlCanvasElement, front: &HtmlCanvasElement);
}

/// The "Share & export" panel at the foot of a widget: closed, it is one button; open, it
/// offers the link, the iframe snippet, the CSV and the PNGs.
#[component]
pub fn ShareTools(share: Share, root: NodeRef<leptos::html::Div>) -> impl IntoView {
    let open = RwSignal::new(false);
    let link = RwSignal::new(String::new());
    let snippet = RwSignal::new(String::new());
    let said = RwSignal::new(String::new());
    let id = share.id();
    let make_link = move || format!("{}?{}", site_url(), share.query());
    let refresh = move || {
        let url = make_link();
        let height = root.get_untracked().map(|r| r.offset_height()).unwrap_or(600).clamp(200, 4000) + 24;
        let title = crate::ui::registry::info(id).map(|w| w.title).unwrap_or(id);
        snippet.set(format!(
            "<iframe src=\"{}\" title=\"SGD Layers: {}\" width=\"100%\" height=\"{height}\" style=\"border:0\" loading=\"lazy\"></iframe>",
            url.replace('&', "&amp;").replace('"', "&quot;"),
            title.replace('"', "&quot;")
        ));
        link.set(url);
    };
    let copy = move |text: String, what: &'static str| {
        let done = wasm_bindgen::closure::Closure::once_into_js(move |ok: bool| {
            said.try_set(if ok { format!("{what} copied.") } else { format!("Select the {} below and copy it.", what.to_lowercase()) });
        });
        copy_text(&text, &done);
    };
    let on_toggle = move |ev: leptos::ev::Event| {
        let is_open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        if is_open {
            refresh();
        }
        open.set(is_open);
    };
    let has_csv = move || share.0.with_value(|s| s.csv.is_some());
    let plots = move || share.0.with_value(|s| s.plots.iter().map(|p| p.1.clone()).collect::<Vec<_>>());
    let download_csv = move |_| {
        if let Some(text) = share.csv() {
            save_text(&format!("{id}.csv"), "text/csv", &text);
            said.set("CSV downloaded.".to_string());
        }
    };
    let download_png = move |i: usize| {
        let render = share.0.with_value(|s| s.plots.get(i).map(|p| p.2.clone()));
        if let Some(r) = render {
            r(&format!("{id}-plot-{}.png", i + 1));
            said.set(format!("PNG of plot {} downloaded.", i + 1));
        }
    };
    view! {
        <details class="share-tools" data-share-tools="" on:toggle=on_toggle>
            <summary>"Share & export"</summary>
            <Show when=move || open.get()>
                <div class="share-body">
                    <div class="share-row">
                        <button type="button" data-share="link" on:click=move |_| { refresh(); copy(link.get_untracked(), "Link") }>"Copy link"</button>
                        <button type="button" data-share="embed" on:click=move |_| { refresh(); copy(snippet.get_untracked(), "Embed code") }>"Copy embed code"</button>
                        <Show when=has_csv>
                            <button type="button" data-share="csv" on:click=download_csv>"Download CSV"</button>
                        </Show>
                        {plots()
                            .into_iter()
                            .enumerate()
                            .map(|(i, alt)| view! {
                                <button type="button" data-share="png" title=alt on:click=move |_| download_png(i)>{format!("PNG of plot {}", i + 1)}</button>
                            })
                            .collect_view()}
                    </div>
                    <label class="share-field">
                        <span>"Link to this widget in this state"</span>
                        <input type="text" readonly data-share-link="" prop:value=move || link.get() on:focus=move |ev| select_all(&ev) />
                    </label>
                    <label class="share-field">
                        <span>"Embed code for a course page"</span>
                        <textarea readonly rows="3" data-share-snippet="" prop:value=move || snippet.get() on:focus=move |ev| select_all(&ev)></textarea>
                    </label>
                    <p class="share-said" role="status">{move || said.get()}</p>
                </div>
            </Show>
        </details>
    }
}

fn select_all(ev: &leptos::ev::FocusEvent) {
    use wasm_bindgen::JsCast;
    if let Some(t) = ev.target() {
        if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
            i.select();
        } else if let Some(a) = t.dyn_ref::<web_sys::HtmlTextAreaElement>() {
            a.select();
        }
    }
}
