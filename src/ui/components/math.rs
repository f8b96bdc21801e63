//! LaTeX → MathML in Rust (math-core); the browser renders MathML natively.

use leptos::prelude::*;
use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

thread_local! {
    static CONVERTER: Option<LatexToMathML> = LatexToMathML::new(MathCoreConfig::default()).ok();
}

/// MathML for a LaTeX formula; on a conversion error, the LaTeX source as text.
pub fn to_mathml(tex: &str, block: bool) -> String {
    let display = if block { MathDisplay::Block } else { MathDisplay::Inline };
    CONVERTER
        .with(|c| c.as_ref().and_then(|c| c.convert_with_local_state(tex, display).ok()).map(|r| r.mathml))
        .unwrap_or_else(|| {
            let escaped = tex.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            format!("<code>{escaped}</code>")
        })
}

/// A formula. `block` centres it on its own line.
#[component]
pub fn Math(#[prop(into)] tex: String, #[prop(optional)] block: bool) -> impl IntoView {
    let html = to_mathml(&tex, block);
    let class = if block { "math block" } else { "math" };
    view! { <span class=class inner_html=html></span> }
}
