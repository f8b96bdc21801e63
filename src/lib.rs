//! SGD Layers: an interactive tutorial on stochastic gradient descent.
//!
//! - [`core`]: the optimizer core, pure Rust (no web imports), tested natively.
//! - [`plots`]: drawing functions over plotters' `DrawingBackend`, and heatmap colouring.
//! - [`params`]: parsing and clamping of widget parameters from URLs and embed attributes.
//! - `ui` (wasm only): the Leptos page and its widgets.
pub mod core;
pub mod format;
/// Every formula of the UI as MathML, converted from LaTeX at build time (see build.rs).
pub mod formulas {
    include!(concat!(env!("OUT_DIR"), "/formulas.rs"));

    /// The MathML of a formula, if the build converted it.
    pub fn mathml(tex: &str, block: bool) -> Option<&'static str> {
        FORMULAS.iter().find(|f| f.0 == tex).map(|f| if block { f.1 } else { f.2 })
    }
}
pub mod params;
pub mod plots;
#[cfg(target_arch = "wasm32")]
pub mod ui;
