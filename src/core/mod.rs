//! The optimizer core: pure Rust, no web imports.
//!
//! Everything the tutorial computes lives here: landscapes and finite-sum models ([`problem`],
//! [`landscape`], [`model`], [`dataset`]), gradient oracles with seeded noise ([`oracle`]),
//! optimizers as chains of gradient transforms ([`transform`], [`optimizer`]), learning-rate
//! schedules ([`schedule`]), runs with bounded trajectories ([`run`]), many-seed sweeps
//! ([`sweep`]), stationary points ([`critical`]), and plot support ([`grid`], [`contour`], [`stats`]).
//!
//! A teacher can script it natively:
//! ```
//! use sgd_layers::core::{landscape::Landscape, optimizer::OptimizerConfig, run::{Run, RunConfig}};
//! let f = Landscape::Quadratic { kappa: 10.0 }.into_problem();
//! let cfg = RunConfig::new(OptimizerConfig::sgd(0.05), vec![1.0, 1.0]).max_steps(500);
//! let mut run = Run::new(f, cfg);
//! run.run(500);
//! assert!(run.loss() < 1e-6);
//! ```
pub mod beyond;
pub mod contour;
pub mod critical;
pub mod dataset;
pub mod experiments;
pub mod export;
pub mod grid;
pub mod landscape;
pub mod layer2;
pub mod layer4;
pub mod layer5;
pub mod mistakes;
pub mod model;
pub mod momentum;
pub mod optimizer;
pub mod practice;
pub mod oracle;
pub mod problem;
pub mod rng;
pub mod run;
pub mod schedule;
pub mod stats;
pub mod sweep;
pub mod transform;
