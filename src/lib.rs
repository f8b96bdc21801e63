//! SGD Layers: an interactive tutorial on stochastic gradient descent.
//!
//! - [`core`]: the optimizer core, pure Rust (no web imports), tested natively.
//! - [`plots`]: drawing functions over plotters' `DrawingBackend`, and heatmap colouring.
//! - [`params`]: parsing and clamping of widget parameters from URLs and embed attributes.
//! - [`catalog`]: every widget's id, title, parameter specs and bundle, as plain data.
//! - `ui` (wasm only): the Leptos page and its widgets.
pub mod catalog;
pub mod core;
pub mod format;
/// Every formula of the UI as MathML, converted from LaTeX at build time (see build.rs): one
/// table for the main bundle, and one for each later bundle, which only that bundle links.
pub mod formulas {
    include!(concat!(env!("OUT_DIR"), "/formulas.rs"));

    type Table = &'static [(&'static str, &'static str, &'static str)];
    static LATER: std::sync::OnceLock<Table> = std::sync::OnceLock::new();

    /// Make a later bundle's formulas available (its start-up does, through `register`).
    pub fn register_table(table: Table) {
        let _ = LATER.set(table);
    }

    /// Every formula of every table.
    pub fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
        FORMULAS_MAIN.iter().chain(FORMULAS_MORE).chain(FORMULAS_ADAPTIVE).chain(FORMULAS_BEYOND)
    }

    /// The MathML of a formula, if the build converted it (and its table is registered).
    pub fn mathml(tex: &str, block: bool) -> Option<&'static str> {
        FORMULAS_MAIN.iter().chain(LATER.get().copied().unwrap_or_default()).find(|f| f.0 == tex).map(|f| if block { f.1 } else { f.2 })
    }

    /// Register the table of the bundle this is.
    #[cfg(target_arch = "wasm32")]
    pub fn register(bundle: crate::ui::registry::Bundle) {
        use crate::ui::registry::Bundle;
        register_table(match bundle {
            Bundle::Main => &[],
            Bundle::More => FORMULAS_MORE,
            Bundle::Adaptive => FORMULAS_ADAPTIVE,
            Bundle::Beyond => FORMULAS_BEYOND,
        });
    }
}
pub mod params;
pub mod plots;
#[cfg(target_arch = "wasm32")]
pub mod ui;
