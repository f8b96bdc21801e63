//! The embeddable widgets. Each is registered by id in [`crate::ui::registry`].

pub mod noise_paths;
