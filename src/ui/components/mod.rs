//! Shared UI pieces: the one canvas component, controls, the play bar, math, widget shell.

mod controls;
mod lazy;
mod math;
mod plot_canvas;
mod share;
mod shell;

pub use controls::{LogSlider, ParamNumber, Select, Slider, Toggle};
pub use lazy::{LaterChapter, Lazy};
pub use math::Math;
pub use plot_canvas::{Layer, PlotCanvas};
pub use share::{Share, ShareTools, render_shared, save_png};
pub use shell::{EmbedPage, PlayBar, WidgetShell};
