//! Side effects that clean up after themselves.

mod simulation;
mod theme;

pub use simulation::{Simulation, perf_enabled, use_simulation};
pub use theme::{provide_theme, use_theme};
