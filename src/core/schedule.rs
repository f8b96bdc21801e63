//! Learning-rate schedules as plain data: a schedule is a pure function of the step count.
//!
//! `lr(base, t)` is the learning rate used by the optimizer step that follows `t` calls of a
//! PyTorch scheduler's `step()` (t = 0 for the first optimizer step), with `base` the
//! optimizer's initial lr (OneCycle treats `base` as `max_lr`, as PyTorch does).

use std::f64::consts::PI;

#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// η(t) = η₀.
    Constant,
    /// `MultiStepLR`: η₀·γ^(number of milestones ≤ t).
    Step { milestones: Vec<usize>, gamma: f64 },
    /// `ExponentialLR`: η₀·γᵗ (γ = e^(−λ) gives η₀e^(−λt)).
    Exponential { gamma: f64 },
    /// `PolynomialLR`: η₀·(1 − min(t, T)/T)^power.
    Polynomial { total: usize, power: f64 },
    /// η₀·(1 + rate·t)^(−power): power 1 is inverse-time decay η₀/(1 + ρt), power ½ is
    /// η₀/√(1 + t) with rate 1. (PyTorch has no class for it; `LambdaLR` expresses it.)
    InverseTime { rate: f64, power: f64 },
    /// `LinearLR`: the factor moves linearly from `start` to `end` over `total` steps, then stays.
    Linear { start: f64, end: f64, total: usize },
    /// `CosineAnnealingLR` in closed form: η_min + (η₀ − η_min)(1 + cos(πt/T))/2 for t ≤ T.
    /// Convention: after T we hold η_min (PyTorch's recursive form would rise again).
    Cosine { t_max: usize, eta_min: f64 },
    /// `CosineAnnealingWarmRestarts`: cosine over periods T₀, T₀·m, T₀·m², …
    CosineRestarts { t0: usize, t_mult: usize, eta_min: f64 },
    /// Linear warm-up from η₀·`start` to η₀ over `steps` steps, then `then` restarted at 0
    /// (PyTorch: `SequentialLR([LinearLR(start, 1, steps), then], milestones=[steps])`).
    WarmUp { steps: usize, start: f64, then: Box<Schedule> },
    /// `OneCycleLR` (cosine annealing, two phases): from max/div up to max over
    /// pct·total steps, then down to max/(div·final_div).
    OneCycle { total: usize, pct_start: f64, div_factor: f64, final_div_factor: f64 },
}

fn cos_anneal(start: f64, end: f64, pct: f64) -> f64 {
    end + (start - end) / 2.0 * ((PI * pct).cos() + 1.0)
}

impl Schedule {
    /// The learning rate of step `t` (0-based) for initial rate `base`.
    pub fn lr(&self, base: f64, t: usize) -> f64 {
        match self {
            Schedule::Constant => base,
            Schedule::Step { milestones, gamma } => {
                let k = milestones.iter().filter(|&&m| m <= t).count();
                base * gamma.powi(k as i32)
            }
            Schedule::Exponential { gamma } => base * gamma.powf(t as f64),
            Schedule::Polynomial { total, power } => {
                let total = (*total).max(1) as f64;
                base * (1.0 - (t as f64).min(total) / total).powf(*power)
            }
            Schedule::InverseTime { rate, power } => base * (1.0 + rate * t as f64).powf(-power),
            Schedule::Linear { start, end, total } => {
                let frac = if *total == 0 { 1.0 } else { (t as f64 / *total as f64).min(1.0) };
                base * (start + (end - start) * frac)
            }
            Schedule::Cosine { t_max, eta_min } => {
                let tm = (*t_max).max(1);
                let pct = t.min(tm) as f64 / tm as f64;
                cos_anneal(base, *eta_min, pct)
            }
            Schedule::CosineRestarts { t0, t_mult, eta_min } => {
                let (mut ti, mut tc) = ((*t0).max(1), t);
                while tc >= ti {
                    tc -= ti;
                    ti = ti.saturating_mul((*t_mult).max(1));
                }
                cos_anneal(base, *eta_min, tc as f64 / ti as f64)
            }
            Schedule::WarmUp { steps, start, then } => {
                if t < *steps {
                    base * (start + (1.0 - start) * t as f64 / *steps as f64)
                } else {
                    then.lr(base, t - steps)
                }
            }
            Schedule::OneCycle { total, pct_start, div_factor, final_div_factor } => {
                let initial = base / div_factor;
                let min_lr = initial / final_div_factor;
                let up_end = pct_start * *total as f64 - 1.0;
                let down_end = *total as f64 - 1.0;
                let t = (t as f64).min(down_end);
                if t <= up_end {
                    cos_anneal(initial, base, if up_end > 0.0 { t / up_end } else { 1.0 })
                } else {
                    cos_anneal(base, min_lr, (t - up_end) / (down_end - up_end).max(1e-12))
                }
            }
        }
    }

    /// A short name for legends.
    pub fn label(&self) -> String {
        match self {
            Schedule::Constant => "constant".into(),
            Schedule::Step { .. } => "step decay".into(),
            Schedule::Exponential { .. } => "exponential".into(),
            Schedule::Polynomial { .. } => "polynomial".into(),
            Schedule::InverseTime { power, .. } if (*power - 0.5).abs() < 1e-12 => "1/√t".into(),
            Schedule::InverseTime { .. } => "inverse time".into(),
            Schedule::Linear { .. } => "linear".into(),
            Schedule::Cosine { .. } => "cosine".into(),
            Schedule::CosineRestarts { .. } => "cosine with restarts".into(),
            Schedule::WarmUp { then, .. } => format!("warm-up + {}", then.label()),
            Schedule::OneCycle { .. } => "one-cycle".into(),
        }
    }
}
