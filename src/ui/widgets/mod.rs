//! The embeddable widgets. Each is registered by id in [`crate::ui::registry`].

pub(crate) mod common;
pub mod clipping;
pub mod lr_basics;
pub mod noise_paths;
pub mod nonconvex_1d;
pub mod saddle;
