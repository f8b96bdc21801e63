//! SGD Layers: an interactive tutorial on stochastic gradient descent.
//!
//! - [`core`]: the optimizer core, pure Rust (no web imports), tested natively.
//! - [`plots`]: drawing functions over plotters' `DrawingBackend`, and heatmap colouring.
//! - [`mathml`]: the formulas, rendered from LaTeX to MathML at build time.
//! - [`params`]: parsing and clamping of widget parameters from URLs and embed attributes.
//! - `ui` (wasm only): the Leptos page and its widgets.
pub mod core;
pub mod format;
pub mod mathml;
pub mod params;
pub mod plots;
#[cfg(target_arch = "wasm32")]
pub mod ui;
