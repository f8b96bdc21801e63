//! Formulas as MathML, rendered from LaTeX at build time (see `build.rs` and
//! [`crate::mathml`]); the browser renders MathML natively.

use crate::mathml::to_mathml;
use leptos::prelude::*;

/// A formula. `block` centres it on its own line. Give `tex` as a string literal in the
/// view, so that the build finds it and renders it.
#[component]
pub fn Math(#[prop(into)] tex: String, #[prop(optional)] block: bool) -> impl IntoView {
    let html = to_mathml(&tex, block);
    let class = if block { "math block" } else { "math" };
    view! { <span class=class inner_html=html></span> }
}
