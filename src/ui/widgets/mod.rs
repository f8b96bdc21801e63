//! The embeddable widgets. Each is registered by id in [`crate::ui::registry`].

pub mod batch_size;
mod common;
pub mod gradient_cloud;
pub mod lr_basics;
pub mod noise_floor;
pub mod noise_paths;
