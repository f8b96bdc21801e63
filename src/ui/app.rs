//! The tutorial page: title, table of contents and chapters; or a single widget for an iframe.

use super::chapters;
use super::hooks::provide_theme;
use super::registry::{Bundle, render_widget};
use crate::params::query_pairs;
use leptos::prelude::*;

/// The chapters, in order: (anchor, title).
pub const CHAPTERS: &[(&str, &str)] = &[
    ("prologue", "Prologue: why stochastic gradients"),
    ("layer-1", "Layer 1 · Noise: mini-batches"),
    ("layer-2", "Layer 2 · Saddles and explosions"),
    ("layer-3", "Layer 3 · Momentum"),
    ("layer-4", "Layer 4 · Learning-rate schedules"),
    ("layer-5", "Layer 5 · Adaptive rates"),
    ("beyond", "Beyond the layers"),
];

#[component]
pub fn App(query: String) -> impl IntoView {
    provide_theme();
    let pairs = query_pairs(&query);
    if let Some((_, id)) = pairs.iter().find(|(k, _)| k == "widget") {
        let id = id.clone();
        let title = super::registry::info(id.trim()).map(|w| w.title).unwrap_or("unknown widget");
        provide_context(super::components::EmbedPage);
        // A widget of the other bundle: a mount point that bundle fills (with the URL's
        // parameters), fetched once the point exists.
        let body = if super::registry::local(id.trim()).is_none() && super::registry::info(id.trim()).is_some() {
            request_animation_frame(super::mount_points);
            view! { <div data-sgd-widget=id.trim().to_string() data-sgd-query="" data-sgd-page=""></div> }.into_any()
        } else {
            render_widget(&id, &pairs)
        };
        return view! {
            <main class="embed">
                <h1 class="sr-only">{format!("SGD Layers: {title}")}</h1>
                {body}
            </main>
        }
        .into_any();
    }
    // The masthead is static HTML in index.html (it paints before the wasm arrives); the page's
    // grid continues with the table of contents, the chapters and the footer.
    view! {
            <nav class="toc" aria-label="Table of contents">
                <h2>"Contents"</h2>
                <ol>
                    {CHAPTERS.iter().map(|(id, title)| view! { <li><a href=format!("#{id}")>{*title}</a></li> }).collect_view()}
                </ol>
            </nav>
            <main class="chapters">
                <chapters::Prologue />
                <chapters::Layer1 />
                <super::components::LaterChapter id=CHAPTERS[2].0 title=CHAPTERS[2].1 bundle=Bundle::More />
                <super::components::LaterChapter id=CHAPTERS[3].0 title=CHAPTERS[3].1 bundle=Bundle::More />
                <super::components::LaterChapter id=CHAPTERS[4].0 title=CHAPTERS[4].1 bundle=Bundle::More />
                <super::components::LaterChapter id=CHAPTERS[5].0 title=CHAPTERS[5].1 bundle=Bundle::Adaptive />
                <super::components::LaterChapter id=CHAPTERS[6].0 title=CHAPTERS[6].1 bundle=Bundle::Beyond />
            </main>
            <footer class="colophon">
                <p>"SGD Layers runs entirely in your browser; nothing is fetched from the internet. Optimizers follow PyTorch's update conventions."</p>
            </footer>
    }
    .into_any()
}
