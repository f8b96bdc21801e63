//! Analytic test landscapes with exact gradients and Hessians.

use super::problem::{Objective, Problem};
use std::rc::Rc;

/// Constants of the cliff landscape (see [`Landscape::Cliff`]).
pub mod cliff {
    /// Height of the plateau above the valley floor.
    pub const HEIGHT: f64 = 1000.0;
    /// Steepness of the cliff face.
    pub const STEEPNESS: f64 = 4.0;
    /// Position of the cliff face along x.
    pub const EDGE: f64 = 3.0;
    /// Slope of the gentle floor along x.
    pub const FLOOR: f64 = 0.05;
    /// Weight and length scale of the cosh wall C·(cosh(x/L) − 1) on the valley side (x < 0):
    /// gentle near the valley, exponentially steep far out, so a far throw only gets worse.
    pub const WALL: f64 = 0.5;
    pub const WALL_SCALE: f64 = 1.0;
}

/// The analytic landscapes of the tutorial. Plain data: `Clone + PartialEq`, fits in a signal.
#[derive(Clone, Debug, PartialEq)]
pub enum Landscape {
    /// f(x) = x₁² + κ·x₂², condition number κ. κ = 100 is the narrow valley of Layer 3.
    Quadratic { kappa: f64 },
    /// f(x, y) = x²/2 + y⁴/4 − y²/2: a saddle at the origin, minima at (0, ±1) with f = −1/4.
    /// The x axis (y = 0) is the saddle's stable line.
    Saddle,
    /// f(x, y) = (a − x)² + b(y − x²)², minimum at (a, a²).
    Rosenbrock { a: f64, b: f64 },
    /// The 1-D non-convex curve f(θ) = 0.5(θ − 3)² + 2 sin 3θ + 0.3 sin 7θ.
    Wiggly,
    /// A gentle valley with a cliff: f(x, y) = y²/2 + F·x² + H·σ(S(x − E)) + C·(cosh(x/L) − 1)·𝟙(x < 0),
    /// with the constants in [`cliff`] (the wall term is C¹ at x = 0). A plateau of height H for x > E ends in a steep face;
    /// a full gradient step on the face throws the iterate so far that the cosh wall makes
    /// every later step larger, until the numbers overflow.
    Cliff,
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

impl Landscape {
    /// Wrap as a shared [`Problem`].
    pub fn into_problem(self) -> Problem {
        Rc::new(self)
    }

    /// A default view window (x range, y range) for plots. For the 1-D curve the y range is
    /// the range of f.
    pub fn view(&self) -> ((f64, f64), (f64, f64)) {
        match self {
            Landscape::Quadratic { kappa } => {
                let h = (1.0 / kappa.max(1.0)).sqrt().max(0.15) * 1.6;
                ((-1.6, 1.6), (-h, h))
            }
            Landscape::Saddle => ((-2.0, 2.0), (-1.6, 1.6)),
            Landscape::Rosenbrock { a, .. } => ((-2.0, 2.0 * a.abs().max(1.0)), (-1.0, 3.0)),
            Landscape::Wiggly => ((-2.0, 7.0), (-3.0, 18.0)),
            Landscape::Cliff => ((-3.0, 6.0), (-3.0, 3.0)),
        }
    }
}

impl Objective for Landscape {
    fn dim(&self) -> usize {
        match self {
            Landscape::Wiggly => 1,
            _ => 2,
        }
    }

    fn value(&self, p: &[f64]) -> f64 {
        match *self {
            Landscape::Quadratic { kappa } => p[0] * p[0] + kappa * p[1] * p[1],
            Landscape::Saddle => {
                let (x, y) = (p[0], p[1]);
                0.5 * x * x + 0.25 * y.powi(4) - 0.5 * y * y
            }
            Landscape::Rosenbrock { a, b } => {
                let (x, y) = (p[0], p[1]);
                (a - x).powi(2) + b * (y - x * x).powi(2)
            }
            Landscape::Wiggly => {
                let t = p[0];
                0.5 * (t - 3.0).powi(2) + 2.0 * (3.0 * t).sin() + 0.3 * (7.0 * t).sin()
            }
            Landscape::Cliff => {
                use cliff::*;
                let (x, y) = (p[0], p[1]);
                let wall = if x < 0.0 { WALL * ((x / WALL_SCALE).cosh() - 1.0) } else { 0.0 };
                0.5 * y * y + FLOOR * x * x + HEIGHT * sigmoid(STEEPNESS * (x - EDGE)) + wall
            }
        }
    }

    fn grad(&self, p: &[f64], g: &mut [f64]) {
        match *self {
            Landscape::Quadratic { kappa } => {
                g[0] = 2.0 * p[0];
                g[1] = 2.0 * kappa * p[1];
            }
            Landscape::Saddle => {
                g[0] = p[0];
                g[1] = p[1].powi(3) - p[1];
            }
            Landscape::Rosenbrock { a, b } => {
                let (x, y) = (p[0], p[1]);
                g[0] = -2.0 * (a - x) - 4.0 * b * x * (y - x * x);
                g[1] = 2.0 * b * (y - x * x);
            }
            Landscape::Wiggly => {
                let t = p[0];
                g[0] = (t - 3.0) + 6.0 * (3.0 * t).cos() + 2.1 * (7.0 * t).cos();
            }
            Landscape::Cliff => {
                use cliff::*;
                let (x, y) = (p[0], p[1]);
                let s = sigmoid(STEEPNESS * (x - EDGE));
                let wall = if x < 0.0 { WALL / WALL_SCALE * (x / WALL_SCALE).sinh() } else { 0.0 };
                g[0] = 2.0 * FLOOR * x + HEIGHT * STEEPNESS * s * (1.0 - s) + wall;
                g[1] = y;
            }
        }
    }

    fn hessian(&self, p: &[f64]) -> Option<Vec<f64>> {
        Some(match *self {
            Landscape::Quadratic { kappa } => vec![2.0, 0.0, 0.0, 2.0 * kappa],
            Landscape::Saddle => vec![1.0, 0.0, 0.0, 3.0 * p[1] * p[1] - 1.0],
            Landscape::Rosenbrock { b, .. } => {
                let (x, y) = (p[0], p[1]);
                let hxy = -4.0 * b * x;
                vec![2.0 - 4.0 * b * (y - 3.0 * x * x), hxy, hxy, 2.0 * b]
            }
            Landscape::Wiggly => {
                let t = p[0];
                vec![1.0 - 18.0 * (3.0 * t).sin() - 14.7 * (7.0 * t).sin()]
            }
            Landscape::Cliff => return None,
        })
    }

    fn minimum(&self) -> Option<(Vec<f64>, f64)> {
        match *self {
            Landscape::Quadratic { .. } => Some((vec![0.0, 0.0], 0.0)),
            Landscape::Saddle => Some((vec![0.0, 1.0], -0.25)),
            Landscape::Rosenbrock { a, .. } => Some((vec![a, a * a], 0.0)),
            Landscape::Wiggly => {
                // Dense scan then Newton polish: the curve has several local minima.
                let mut best = (0.0, f64::INFINITY);
                for i in 0..=4000 {
                    let t = -5.0 + 15.0 * i as f64 / 4000.0;
                    let v = self.value(&[t]);
                    if v < best.1 {
                        best = (t, v);
                    }
                }
                let mut t = best.0;
                for _ in 0..30 {
                    let mut g = [0.0];
                    self.grad(&[t], &mut g);
                    let h = self.hessian(&[t]).unwrap()[0];
                    if h <= 0.0 {
                        break;
                    }
                    t -= g[0] / h;
                }
                Some((vec![t], self.value(&[t])))
            }
            Landscape::Cliff => {
                // On y = 0 the x-gradient rises monotonically through zero left of the edge.
                let gx = |x: f64| {
                    let mut g = [0.0; 2];
                    self.grad(&[x, 0.0], &mut g);
                    g[0]
                };
                let (mut lo, mut hi) = (-3.0, cliff::EDGE);
                for _ in 0..200 {
                    let mid = 0.5 * (lo + hi);
                    if gx(mid) > 0.0 { hi = mid } else { lo = mid }
                }
                let x = 0.5 * (lo + hi);
                Some((vec![x, 0.0], self.value(&[x, 0.0])))
            }
        }
    }

    fn name(&self) -> &str {
        match self {
            Landscape::Quadratic { .. } => "quadratic",
            Landscape::Saddle => "saddle",
            Landscape::Rosenbrock { .. } => "Rosenbrock",
            Landscape::Wiggly => "non-convex curve",
            Landscape::Cliff => "cliff",
        }
    }
}
