//! The embeddable widgets. Each is registered by id in [`crate::ui::registry`].

pub mod batch_size;
pub mod clipping;
pub(crate) mod common;
pub mod gradient_cloud;
pub mod lr_basics;
pub mod momentum;
pub mod momentum_noise;
pub mod momentum_tuning;
pub mod momentum_weights;
pub mod noise_floor;
pub mod noise_paths;
pub mod nonconvex_1d;
pub mod saddle;
