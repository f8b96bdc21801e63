//! Gradient transforms, chained as in optax. Each transform maps an update `u` (initially the
//! gradient) to a new update, given the parameters θ and the step count t (1-based). The
//! optimizer finally applies θ ← θ − lr·u.
//!
//! Conventions follow `torch.optim` exactly; see each variant.

use super::problem::norm;

/// One gradient transform. Plain data.
#[derive(Clone, Debug, PartialEq)]
pub enum Transform {
    /// `torch.nn.utils.clip_grad_norm_`: if ‖u‖ > c, u ← u · c/(‖u‖ + 1e-6).
    ClipNorm(f64),
    /// `torch.nn.utils.clip_grad_value_`: uᵢ ← clamp(uᵢ, −c, c).
    ClipValue(f64),
    /// Coupled L2 decay (`weight_decay` of SGD, Adagrad, RMSprop, Adam): u ← u + λθ.
    WeightDecay(f64),
    /// Heavy ball / Nesterov as in `torch.optim.SGD`: b ← βb + (1 − dampening)u (b ← u on the
    /// first step); u ← b, or u ← u + βb with Nesterov.
    Momentum { beta: f64, dampening: f64, nesterov: bool },
    /// `torch.optim.Adagrad`: G ← G + u²; u ← u / (√G + ε).
    ScaleByAdagrad { eps: f64 },
    /// `torch.optim.RMSprop` (not centred): s ← αs + (1 − α)u²; u ← u / (√s + ε).
    ScaleByRms { alpha: f64, eps: f64 },
    /// `torch.optim.Adam`: m ← β₁m + (1 − β₁)u, v ← β₂v + (1 − β₂)u²,
    /// u ← (m / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + ε). Without bias correction the two
    /// factors are 1 (the bug of several published demos, kept here to show it).
    ScaleByAdam { beta1: f64, beta2: f64, eps: f64, bias_correction: bool },
    /// AdamW's decoupled decay: u ← u + λθ after the adaptive scaling, so that
    /// θ ← θ − lr·u = θ(1 − lr·λ) − lr·(Adam direction).
    DecoupledWeightDecay(f64),
}

/// The state a transform keeps between steps.
#[derive(Clone, Debug, PartialEq)]
pub enum State {
    None,
    Buffer(Vec<f64>),
    Moments(Vec<f64>, Vec<f64>),
}

/// What a chain did to the gradient, for readouts (the clipping widget plots both norms).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct UpdateInfo {
    /// ‖g‖ of the raw gradient estimate.
    pub grad_norm: f64,
    /// ‖g‖ after clipping (equal to `grad_norm` when nothing clipped).
    pub clipped_norm: f64,
}

impl Transform {
    pub fn init(&self, dim: usize) -> State {
        match self {
            Transform::Momentum { .. } | Transform::ScaleByAdagrad { .. } | Transform::ScaleByRms { .. } => {
                State::Buffer(vec![0.0; dim])
            }
            Transform::ScaleByAdam { .. } => State::Moments(vec![0.0; dim], vec![0.0; dim]),
            _ => State::None,
        }
    }

    /// Apply in place. `t` is the 1-based step number.
    pub fn apply(&self, u: &mut [f64], theta: &[f64], t: u64, state: &mut State) {
        match (self, state) {
            (Transform::ClipNorm(c), _) => {
                let n = norm(u);
                let coef = c / (n + 1e-6);
                if coef < 1.0 {
                    u.iter_mut().for_each(|v| *v *= coef);
                }
            }
            (Transform::ClipValue(c), _) => u.iter_mut().for_each(|v| *v = v.clamp(-c.abs(), c.abs())),
            (Transform::WeightDecay(l), _) | (Transform::DecoupledWeightDecay(l), _)
                if *l != 0.0 => {
                    for (v, th) in u.iter_mut().zip(theta) {
                        *v += l * th;
                    }
                }
            (Transform::Momentum { beta, dampening, nesterov }, State::Buffer(b)) => {
                for (v, bi) in u.iter_mut().zip(b.iter_mut()) {
                    *bi = if t <= 1 { *v } else { beta * *bi + (1.0 - dampening) * *v };
                    *v = if *nesterov { *v + beta * *bi } else { *bi };
                }
            }
            (Transform::ScaleByAdagrad { eps }, State::Buffer(sum)) => {
                for (v, s) in u.iter_mut().zip(sum.iter_mut()) {
                    *s += *v * *v;
                    *v /= s.sqrt() + eps;
                }
            }
            (Transform::ScaleByRms { alpha, eps }, State::Buffer(sq)) => {
                for (v, s) in u.iter_mut().zip(sq.iter_mut()) {
                    *s = alpha * *s + (1.0 - alpha) * *v * *v;
                    *v /= s.sqrt() + eps;
                }
            }
            (Transform::ScaleByAdam { beta1, beta2, eps, bias_correction }, State::Moments(m, v2)) => {
                let ti = t.min(i32::MAX as u64) as i32;
                let (bc1, bc2) = if *bias_correction {
                    (1.0 - beta1.powi(ti), 1.0 - beta2.powi(ti))
                } else {
                    (1.0, 1.0)
                };
                let sqrt_bc2 = bc2.sqrt();
                for ((v, mi), vi) in u.iter_mut().zip(m.iter_mut()).zip(v2.iter_mut()) {
                    *mi += (1.0 - beta1) * (*v - *mi);
                    *vi = beta2 * *vi + (1.0 - beta2) * *v * *v;
                    *v = (*mi / bc1) / (vi.sqrt() / sqrt_bc2 + eps);
                }
            }
            // A stateful transform always gets the state its `init` made.
            _ => {}
        }
    }
}

/// Bias-correction factors 1/(1 − β₁ᵗ) and 1/(1 − β₂ᵗ) of Adam at step t.
pub fn bias_correction_factors(beta1: f64, beta2: f64, t: u64) -> (f64, f64) {
    let ti = t.min(i32::MAX as u64) as i32;
    (1.0 / (1.0 - beta1.powi(ti)), 1.0 / (1.0 - beta2.powi(ti)))
}
