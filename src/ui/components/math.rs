//! Formulas as MathML, converted from LaTeX at build time (build.rs); the browser renders
//! MathML natively.

use leptos::prelude::*;

/// A formula. `block` puts it on its own line. The TeX must be a literal `tex=r"…"` in a
/// source file under src/ui, so the build finds and converts it; anything else shows as code.
#[component]
pub fn Math(#[prop(into)] tex: String, #[prop(optional)] block: bool) -> impl IntoView {
    let class = if block { "math block" } else { "math" };
    match crate::formulas::mathml(&tex, block) {
        Some(html) => view! { <span class=class inner_html=html></span> }.into_any(),
        None => view! { <code class=class>{tex}</code> }.into_any(),
    }
}
