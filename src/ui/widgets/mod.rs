//! The embeddable widgets. Each is registered by id in [`crate::ui::registry`].

pub mod accumulation;
pub mod adamw;
pub mod anisotropic;
pub mod averaging;
pub mod batch_scaling;
pub mod batch_size;
pub mod bias_correction;
pub mod clipping;
pub(crate) mod common;
pub mod gradient_cloud;
pub mod lr_basics;
pub mod lr_finder;
pub mod momentum;
pub mod momentum_noise;
pub mod momentum_tuning;
pub mod momentum_weights;
pub mod noise_floor;
pub mod noise_paths;
pub mod nonconvex_1d;
pub mod optimizer_race;
pub mod robbins_monro;
pub mod saddle;
pub mod schedule_race;
pub mod schedules;
