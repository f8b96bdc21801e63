//! The embeddable widgets. Each is registered by id in [`crate::ui::registry`].

mod common;
pub mod lr_basics;
pub mod noise_paths;
