//! The one component that touches a canvas: stacked layers (a heatmap, a static background of
//! axes and contours, and a moving foreground), sized by devicePixelRatio, with clicks mapped
//! back to data coordinates. The heatmap layer is kept at CSS-pixel resolution: a smooth field
//! loses nothing when the browser scales it, and a HiDPI screen then costs no more to fill.

use crate::plots::{PlotArea, Theme};
use crate::ui::hooks::{perf_enabled, use_theme};
use leptos::prelude::*;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// A canvas layer handed to drawing closures.
pub struct Layer {
    pub canvas: HtmlCanvasElement,
    /// The heatmap layer under the background (background layers only).
    heat: Option<HtmlCanvasElement>,
    /// Device pixels per CSS pixel.
    pub scale: f64,
    pub theme: Theme,
}

impl Layer {
    /// A plotters backend drawing on this layer (in device pixels).
    pub fn backend(&self) -> Option<CanvasBackend> {
        CanvasBackend::with_canvas_object(self.canvas.clone())
    }

    fn context(&self) -> Option<CanvasRenderingContext2d> {
        self.canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
    }

    /// Clear to transparent.
    pub fn clear(&self) {
        if let Some(ctx) = self.context() {
            ctx.clear_rect(0.0, 0.0, self.canvas.width() as f64, self.canvas.height() as f64);
        }
    }

    /// Fill the plotting area with a heatmap: `render(w, h)` returns `w·h·4` RGBA bytes for
    /// the area at CSS-pixel resolution, which go on the heatmap layer in one call; the area is
    /// cleared on this layer so the heatmap shows through.
    pub fn put_heatmap(&self, area: &PlotArea, render: impl FnOnce(u32, u32) -> Vec<u8>) {
        let Some(heat) = &self.heat else { return };
        let k = self.scale.max(1e-6);
        let (x0, y0) = ((area.px.0 as f64 / k).round(), (area.px.1 as f64 / k).round());
        let (x1, y1) = ((area.px.2 as f64 / k).round(), (area.px.3 as f64 / k).round());
        let (w, h) = ((x1 - x0).max(0.0) as u32, (y1 - y0).max(0.0) as u32);
        if w == 0 || h == 0 {
            return;
        }
        if let Some(ctx) = self.context() {
            ctx.clear_rect(area.px.0 as f64, area.px.1 as f64, area.width() as f64, area.height() as f64);
        }
        let rgba = render(w, h);
        let ctx: Option<CanvasRenderingContext2d> = heat.get_context("2d").ok().flatten().and_then(|c| c.dyn_into().ok());
        if let (Some(ctx), true) = (ctx, rgba.len() == (w * h * 4) as usize) {
            ctx.clear_rect(0.0, 0.0, heat.width() as f64, heat.height() as f64);
            if let Ok(img) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), w, h) {
                let _ = ctx.put_image_data(&img, x0, y0);
            }
        }
    }
}

/// A plot: `background` draws the static layer and returns the plotting area (for clicks);
/// `foreground` draws what moves. Each re-runs when the signals it reads change, when the
/// canvas is resized, and when the theme changes. `alt` is the plot's text alternative.
#[component]
pub fn PlotCanvas(
    #[prop(default = 1.5)] aspect: f64,
    background: impl Fn(&Layer) -> Option<PlotArea> + 'static,
    foreground: impl Fn(&Layer) + 'static,
    #[prop(optional)] on_click: Option<Callback<(f64, f64)>>,
    #[prop(into)] alt: Signal<String>,
) -> impl IntoView {
    plot_canvas(aspect, Rc::new(background), Rc::new(foreground), on_click, alt)
}

/// A background drawing closure, shared by the screen and the PNG export.
type Background = Rc<dyn Fn(&Layer) -> Option<PlotArea>>;

/// The body of [`PlotCanvas`], not generic over the drawing closures: one copy in the wasm
/// however many plots the page has.
fn plot_canvas(
    aspect: f64,
    background: Background,
    foreground: Rc<dyn Fn(&Layer)>,
    on_click: Option<Callback<(f64, f64)>>,
    alt: Signal<String>,
) -> impl IntoView {
    let wrap: NodeRef<leptos::html::Div> = NodeRef::new();
    let heat: NodeRef<leptos::html::Canvas> = NodeRef::new();
    let bg: NodeRef<leptos::html::Canvas> = NodeRef::new();
    let fg: NodeRef<leptos::html::Canvas> = NodeRef::new();
    let size = RwSignal::new((0u32, 0u32, 1.0f64));
    let area: StoredValue<Option<PlotArea>> = StoredValue::new(None);
    let theme = use_theme();

    // "Download PNG": the same drawing at twice the CSS size, on fresh canvases.
    if let Some(share) = super::Share::current() {
        let (background, foreground) = (background.clone(), foreground.clone());
        let render = move |name: &str| {
            let Some((pw, _, dpr)) = size.try_get_untracked().filter(|s| s.0 > 0) else { return };
            let Some(theme) = theme.try_get_untracked() else { return };
            let css_w = pw as f64 / dpr;
            let css_h = (css_w / aspect).round();
            let canvas = |w: f64, h: f64| -> Option<HtmlCanvasElement> {
                let c: HtmlCanvasElement = document().create_element("canvas").ok()?.dyn_into().ok()?;
                c.set_width(w.round() as u32);
                c.set_height(h.round() as u32);
                Some(c)
            };
            let (Some(hm), Some(b), Some(f)) = (canvas(css_w, css_h), canvas(2.0 * css_w, 2.0 * css_h), canvas(2.0 * css_w, 2.0 * css_h)) else { return };
            untrack(|| {
                background(&Layer { canvas: b.clone(), heat: Some(hm.clone()), scale: 2.0, theme });
                foreground(&Layer { canvas: f.clone(), heat: None, scale: 2.0, theme });
            });
            let (r, g, bl) = (theme.bg.0, theme.bg.1, theme.bg.2);
            super::save_png(name, &format!("rgb({r},{g},{bl})"), &hm, &b, &f);
        };
        share.add_plot(alt.get_untracked(), Rc::new(render));
    }

    let measure = move || {
        // `try_`: this may run in a later frame, after the widget was removed.
        let (Some(w), Some(hm), Some(b), Some(f)) = (
            wrap.try_get_untracked().flatten(),
            heat.try_get_untracked().flatten(),
            bg.try_get_untracked().flatten(),
            fg.try_get_untracked().flatten(),
        ) else {
            return;
        };
        let dpr = window().device_pixel_ratio().clamp(1.0, 3.0);
        let css_w = (w.client_width() as f64).max(120.0);
        let css_h = (css_w / aspect).round();
        let (pw, ph) = ((css_w * dpr).round() as u32, (css_h * dpr).round() as u32);
        if size.try_get_untracked() != Some((pw, ph, dpr)) {
            for c in [&b, &f] {
                c.set_width(pw);
                c.set_height(ph);
            }
            hm.set_width(css_w.round() as u32);
            hm.set_height(css_h as u32);
            let _ = w.style(("height", format!("{css_h}px")));
            size.try_set((pw, ph, dpr));
        }
    };
    // The first measure (and so the first draw) waits for the next animation frame: the page's
    // text mounts and paints in one task, the plots draw in the next.
    Effect::new(move |_| {
        if wrap.get().is_some() && heat.get().is_some() && bg.get().is_some() && fg.get().is_some() {
            request_animation_frame(measure);
        }
    });
    let handle = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || handle.remove());

    Effect::new(move |_| {
        let (w, _, scale) = size.get();
        let theme = theme.get();
        let (Some(c), Some(hm)) = (bg.get(), heat.get()) else { return };
        if w == 0 {
            return;
        }
        let layer = Layer { canvas: c, heat: Some(hm), scale, theme };
        let perf = perf_enabled().then(|| window().performance()).flatten();
        if let Some(p) = &perf {
            let _ = p.mark("sgd-background-start");
        }
        area.set_value(background(&layer));
        if let Some(p) = &perf {
            let _ = p.measure_with_start_mark("sgd-background", "sgd-background-start");
        }
    });
    Effect::new(move |_| {
        let (w, _, scale) = size.get();
        let theme = theme.get();
        let Some(c) = fg.get() else { return };
        if w == 0 {
            return;
        }
        let layer = Layer { canvas: c, heat: None, scale, theme };
        layer.clear();
        foreground(&layer);
        // Time to the first drawn widget frame after load (one mark per page).
        let perf = window().performance();
        if let Some(p) = perf
            && p.get_entries_by_name("sgd-first-frame").length() == 0 {
                let _ = p.mark("sgd-first-frame");
            }
    });

    let click = move |ev: leptos::ev::MouseEvent| {
        let (Some(cb), Some(c), Some(a)) = (on_click, fg.get_untracked(), area.get_value()) else { return };
        let k = c.width() as f64 / (c.client_width() as f64).max(1.0);
        if let Some(p) = a.to_data(ev.offset_x() as f64 * k, ev.offset_y() as f64 * k) {
            cb.run(p);
        }
    };
    view! {
        <div class="plot" node_ref=wrap role="img" aria-label=move || alt.get()
            class:clickable=on_click.is_some()>
            <canvas node_ref=heat class="layer"></canvas>
            <canvas node_ref=bg class="layer"></canvas>
            <canvas node_ref=fg class="layer" on:click=click></canvas>
        </div>
    }
}
