//! SGD Layers: an interactive tutorial on stochastic gradient descent.
//!
//! - [`core`]: the optimizer core, pure Rust (no web imports), tested natively.
//! - [`plots`]: drawing functions over plotters' `DrawingBackend`, and heatmap colouring.
//! - [`params`]: parsing and clamping of widget parameters from URLs and embed attributes.
//! - `ui` (wasm only): the Leptos page and its widgets.
pub mod core;
pub mod format;
/// Every formula of the UI as MathML, converted from LaTeX at build time (see build.rs): one
/// table for the first bundle, one for the second, which only the second bundle links.
pub mod formulas {
    include!(concat!(env!("OUT_DIR"), "/formulas.rs"));

    type Table = &'static [(&'static str, &'static str, &'static str)];
    static MORE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();

    /// Make the second bundle's formulas available (its start-up calls this).
    pub fn register_more() {
        let _ = MORE.set(FORMULAS_MORE);
    }

    /// Every formula of both tables.
    pub fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
        FORMULAS_MAIN.iter().chain(FORMULAS_MORE)
    }

    /// The MathML of a formula, if the build converted it (and its table is registered).
    pub fn mathml(tex: &str, block: bool) -> Option<&'static str> {
        FORMULAS_MAIN.iter().chain(MORE.get().copied().unwrap_or_default()).find(|f| f.0 == tex).map(|f| if block { f.1 } else { f.2 })
    }
}
pub mod params;
pub mod plots;
#[cfg(target_arch = "wasm32")]
pub mod ui;
