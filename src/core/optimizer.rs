//! Named optimizers as short chains of [`Transform`]s, with PyTorch's defaults and update rules.

use super::transform::{State, Transform, UpdateInfo};
use super::problem::norm;

/// The optimizers of the tutorial.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Sgd,
    Momentum,
    Nesterov,
    AdaGrad,
    RmsProp,
    Adam,
    AdamW,
}

impl Kind {
    pub const ALL: [Kind; 7] =
        [Kind::Sgd, Kind::Momentum, Kind::Nesterov, Kind::AdaGrad, Kind::RmsProp, Kind::Adam, Kind::AdamW];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Sgd => "SGD",
            Kind::Momentum => "Momentum",
            Kind::Nesterov => "Nesterov",
            Kind::AdaGrad => "AdaGrad",
            Kind::RmsProp => "RMSProp",
            Kind::Adam => "Adam",
            Kind::AdamW => "AdamW",
        }
    }

    /// Short id for URLs.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Sgd => "sgd",
            Kind::Momentum => "momentum",
            Kind::Nesterov => "nesterov",
            Kind::AdaGrad => "adagrad",
            Kind::RmsProp => "rmsprop",
            Kind::Adam => "adam",
            Kind::AdamW => "adamw",
        }
    }

    pub fn from_id(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == s)
    }
}

/// Gradient clipping, applied to the raw gradient before anything else (as
/// `clip_grad_norm_` / `clip_grad_value_` before `optimizer.step()`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Clip {
    None,
    Norm(f64),
    Value(f64),
}

/// An optimizer's settings. Plain data: fits in a signal and round-trips through a URL.
///
/// `beta` is the momentum coefficient (Momentum, Nesterov), RMSProp's α (smoothing constant),
/// or Adam's β₁; `beta2` is Adam's β₂. `weight_decay` is coupled L2 (added to the gradient) for
/// every kind except AdamW, where it is decoupled.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimizerConfig {
    pub kind: Kind,
    pub lr: f64,
    pub beta: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
    pub bias_correction: bool,
    pub clip: Clip,
}

impl OptimizerConfig {
    /// PyTorch's defaults for `kind` at learning rate `lr`.
    pub fn new(kind: Kind, lr: f64) -> Self {
        let (beta, beta2, eps, wd) = match kind {
            Kind::Sgd => (0.0, 0.0, 0.0, 0.0),
            Kind::Momentum | Kind::Nesterov => (0.9, 0.0, 0.0, 0.0),
            Kind::AdaGrad => (0.0, 0.0, 1e-10, 0.0),
            Kind::RmsProp => (0.99, 0.0, 1e-8, 0.0),
            Kind::Adam => (0.9, 0.999, 1e-8, 0.0),
            Kind::AdamW => (0.9, 0.999, 1e-8, 0.01),
        };
        OptimizerConfig { kind, lr, beta, beta2, eps, weight_decay: wd, bias_correction: true, clip: Clip::None }
    }
    pub fn sgd(lr: f64) -> Self {
        Self::new(Kind::Sgd, lr)
    }
    pub fn momentum(lr: f64, beta: f64) -> Self {
        Self { beta, ..Self::new(Kind::Momentum, lr) }
    }
    pub fn nesterov(lr: f64, beta: f64) -> Self {
        Self { beta, ..Self::new(Kind::Nesterov, lr) }
    }
    pub fn adagrad(lr: f64) -> Self {
        Self::new(Kind::AdaGrad, lr)
    }
    pub fn rmsprop(lr: f64, alpha: f64) -> Self {
        Self { beta: alpha, ..Self::new(Kind::RmsProp, lr) }
    }
    pub fn adam(lr: f64) -> Self {
        Self::new(Kind::Adam, lr)
    }
    pub fn adamw(lr: f64, weight_decay: f64) -> Self {
        Self { weight_decay, ..Self::new(Kind::AdamW, lr) }
    }
    pub fn with_clip(self, clip: Clip) -> Self {
        Self { clip, ..self }
    }
    pub fn with_weight_decay(self, weight_decay: f64) -> Self {
        Self { weight_decay, ..self }
    }
    pub fn with_bias_correction(self, on: bool) -> Self {
        Self { bias_correction: on, ..self }
    }

    /// The transform chain: clip → coupled decay → momentum / adaptive scaling → decoupled decay.
    pub fn chain(&self) -> Vec<Transform> {
        let mut c = Vec::with_capacity(4);
        match self.clip {
            Clip::Norm(v) => c.push(Transform::ClipNorm(v)),
            Clip::Value(v) => c.push(Transform::ClipValue(v)),
            Clip::None => {}
        }
        if self.kind != Kind::AdamW && self.weight_decay != 0.0 {
            c.push(Transform::WeightDecay(self.weight_decay));
        }
        match self.kind {
            Kind::Sgd => {}
            Kind::Momentum | Kind::Nesterov => c.push(Transform::Momentum {
                beta: self.beta,
                dampening: 0.0,
                nesterov: self.kind == Kind::Nesterov,
            }),
            Kind::AdaGrad => c.push(Transform::ScaleByAdagrad { eps: self.eps }),
            Kind::RmsProp => c.push(Transform::ScaleByRms { alpha: self.beta, eps: self.eps }),
            Kind::Adam | Kind::AdamW => c.push(Transform::ScaleByAdam {
                beta1: self.beta,
                beta2: self.beta2,
                eps: self.eps,
                bias_correction: self.bias_correction,
            }),
        }
        if self.kind == Kind::AdamW && self.weight_decay != 0.0 {
            c.push(Transform::DecoupledWeightDecay(self.weight_decay));
        }
        c
    }
}

/// An optimizer: a transform chain with its state.
#[derive(Clone, Debug)]
pub struct Optimizer {
    pub config: OptimizerConfig,
    chain: Vec<Transform>,
    states: Vec<State>,
    t: u64,
    u: Vec<f64>,
}

impl Optimizer {
    pub fn new(config: OptimizerConfig, dim: usize) -> Self {
        let chain = config.chain();
        let states = chain.iter().map(|tr| tr.init(dim)).collect();
        Optimizer { config, chain, states, t: 0, u: vec![0.0; dim] }
    }

    /// Number of steps taken.
    pub fn steps(&self) -> u64 {
        self.t
    }

    /// One step θ ← θ − lr·chain(g) at learning rate `lr` (from a schedule or the config).
    pub fn step(&mut self, theta: &mut [f64], grad: &[f64], lr: f64) -> UpdateInfo {
        self.t += 1;
        self.u.copy_from_slice(grad);
        let grad_norm = norm(grad);
        let mut clipped_norm = grad_norm;
        for (tr, st) in self.chain.iter().zip(self.states.iter_mut()) {
            tr.apply(&mut self.u, theta, self.t, st);
            if matches!(tr, Transform::ClipNorm(_) | Transform::ClipValue(_)) {
                clipped_norm = norm(&self.u);
            }
        }
        for (th, u) in theta.iter_mut().zip(&self.u) {
            *th -= lr * u;
        }
        UpdateInfo { grad_norm, clipped_norm }
    }

    /// The last update direction u (so that θ moved by −lr·u).
    pub fn last_update(&self) -> &[f64] {
        &self.u
    }

    /// The momentum buffer v (after the last step), for momentum and Nesterov.
    pub fn momentum_buffer(&self) -> Option<&[f64]> {
        self.chain.iter().zip(&self.states).find_map(|(tr, st)| match (tr, st) {
            (Transform::Momentum { .. }, State::Buffer(b)) => Some(b.as_slice()),
            _ => None,
        })
    }

    /// The transform states (momentum buffer, accumulators, moments), for per-coordinate
    /// readouts such as AdaGrad's effective learning rate.
    pub fn states(&self) -> &[State] {
        &self.states
    }
}
