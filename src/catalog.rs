//! What every bundle, and every native test, knows of every widget: its id, title, parameter
//! specs, bundle and player flag, as plain data (no web imports). Each widget's `ID`, `TITLE`
//! and `SPECS` live in a module of its own here (`catalog::momentum`, …), with the constants
//! those specs need; the widget's code in `src/ui/widgets/` uses them from there.

use crate::params::Spec;

/// A view window: (x range, y range).
pub type View = ((f64, f64), (f64, f64));

/// Which wasm bundle holds a widget or a chapter body. Every bundle but `Main` is fetched
/// lazily, the first time a reader comes near one of its chapters or opens one of its widgets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundle {
    /// The page, the Prologue and Layer 1 (`src/main.rs`).
    Main,
    /// Layers 2–4 (`src/more.rs`).
    More,
    /// Layer 5, adaptive rates (`src/adaptive.rs`).
    Adaptive,
    /// Beyond the layers (`src/beyond.rs`).
    Beyond,
}

impl Bundle {
    /// The lazily fetched bundles.
    pub const LATER: [Bundle; 3] = [Bundle::More, Bundle::Adaptive, Bundle::Beyond];

    /// Its `[[bin]]` name, which is also the stem of its files in `dist/` (`<name>.js`,
    /// `<name>_bg.wasm`).
    pub fn name(self) -> &'static str {
        match self {
            Bundle::Main => "sgd-layers",
            Bundle::More => "sgd-layers-more",
            Bundle::Adaptive => "sgd-layers-adaptive",
            Bundle::Beyond => "sgd-layers-beyond",
        }
    }
}

/// What every bundle knows of every widget (no code): id, title, parameters, bundle.
pub struct WidgetInfo {
    pub id: &'static str,
    pub title: &'static str,
    pub specs: &'static [Spec],
    pub bundle: Bundle,
    /// It animates, with a play bar (Play / Step / Reset) and a step readout. A card deck does
    /// not; test harnesses skip only the play/step checks for such widgets.
    pub player: bool,
}

macro_rules! info {
    ($m:ident, $bundle:ident) => {
        WidgetInfo { id: $m::ID, title: $m::TITLE, specs: $m::SPECS, bundle: Bundle::$bundle, player: true }
    };
    ($m:ident, $bundle:ident, no_player) => {
        WidgetInfo { id: $m::ID, title: $m::TITLE, specs: $m::SPECS, bundle: Bundle::$bundle, player: false }
    };
}

/// Every widget, in tutorial order.
pub const ALL: &[WidgetInfo] = &[
    info!(lr_basics, Main),
    info!(noise_paths, Main),
    info!(batch_size, Main),
    info!(gradient_cloud, Main),
    info!(noise_floor, Main),
    info!(saddle, More),
    info!(nonconvex_1d, More),
    info!(clipping, More),
    info!(momentum, More),
    info!(momentum_weights, More),
    info!(momentum_tuning, More),
    info!(momentum_noise, More),
    info!(schedules, More),
    info!(schedule_race, More),
    info!(robbins_monro, More),
    info!(lr_finder, More),
    info!(batch_scaling, More),
    info!(averaging, More),
    info!(anisotropic, Adaptive),
    info!(accumulation, Adaptive),
    info!(bias_correction, Adaptive),
    info!(adamw, Adaptive),
    info!(optimizer_race, Adaptive),
    info!(drug_sensitivity, Beyond),
    info!(logistic, Beyond),
    info!(variance_reduction, Beyond),
    info!(sharp_flat, Beyond),
    info!(mistakes, Beyond),
    info!(practice, Beyond, no_player),
];

/// Any widget, in whichever bundle.
pub fn info(id: &str) -> Option<&'static WidgetInfo> {
    ALL.iter().find(|w| w.id == id)
}

pub mod lr_basics {
    use crate::params::{Kind, Spec};
    use super::View;

    pub const ID: &str = "lr-basics";
    pub const TITLE: &str = "One knob: the learning rate";
    pub const VIEW: View = ((-1.6, 1.6), (-1.2, 1.2));

    pub const SPECS: &[Spec] = &[
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.001, max: 1.0, default: 0.1 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 10, max: 1000, default: 100 } },
        Spec { key: "x0", label: "θ₀ first coordinate", kind: Kind::Float { min: VIEW.0.0, max: VIEW.0.1, default: -1.4 } },
        Spec { key: "y0", label: "θ₀ second coordinate", kind: Kind::Float { min: VIEW.1.0, max: VIEW.1.1, default: 0.6 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod noise_paths {
    use crate::params::{Kind, Spec};

    pub const ID: &str = "noise-paths";
    pub const TITLE: &str = "Three ways down the same bowl";
    pub const X_RANGE: (f64, f64) = (-1.5, 3.0);
    pub const Y_RANGE: (f64, f64) = (-1.0, 3.0);

    pub const SPECS: &[Spec] = &[
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 200, default: 32 } },
        Spec { key: "lr_gd", label: "α, full batch", kind: Kind::Float { min: 0.001, max: 2.5, default: 0.3 } },
        Spec { key: "lr_mb", label: "α, mini-batch", kind: Kind::Float { min: 0.001, max: 2.5, default: 0.1 } },
        Spec { key: "lr_one", label: "α, single example", kind: Kind::Float { min: 0.001, max: 2.5, default: 0.02 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 10, max: 2000, default: 150 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "x0", label: "θ₀ intercept", kind: Kind::Float { min: X_RANGE.0, max: X_RANGE.1, default: -0.5 } },
        Spec { key: "y0", label: "θ₀ slope", kind: Kind::Float { min: Y_RANGE.0, max: Y_RANGE.1, default: 2.0 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod batch_size {
    use crate::params::{Kind, Spec};

    pub const ID: &str = "batch-size";
    pub const TITLE: &str = "Batch size: per step or per example?";
    pub const AXES: &[&str] = &["iterations", "examples"];

    pub const SPECS: &[Spec] = &[
        Spec { key: "x", label: "x axis", kind: Kind::Choice { options: AXES, default: 0 } },
        Spec { key: "steps", label: "Iterations", kind: Kind::Int { min: 10, max: 3000, default: 300 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 2 } },
    ];
}

pub mod gradient_cloud {
    use crate::params::{Kind, Spec};
    use super::View;

    pub const ID: &str = "gradient-cloud";
    pub const TITLE: &str = "A cloud of mini-batch gradients";
    pub const VIEW: View = ((-1.5, 3.0), (-1.0, 3.0));

    pub const SPECS: &[Spec] = &[
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 200, default: 8 } },
        Spec { key: "k", label: "Draws K", kind: Kind::Int { min: 10, max: 1000, default: 300 } },
        Spec { key: "x0", label: "θ intercept", kind: Kind::Float { min: VIEW.0.0, max: VIEW.0.1, default: -0.5 } },
        Spec { key: "y0", label: "θ slope", kind: Kind::Float { min: VIEW.1.0, max: VIEW.1.1, default: 2.0 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 5 } },
    ];
}

pub mod noise_floor {
    use crate::params::{Kind, Spec};

    pub const ID: &str = "noise-floor";
    pub const TITLE: &str = "The noise floor of a constant step";

    pub const SPECS: &[Spec] = &[
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 64, default: 1 } },
        Spec { key: "seeds", label: "Seeds per α", kind: Kind::Int { min: 1, max: 8, default: 4 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 300, max: 6000, default: 2000 } },
        Spec { key: "burn", label: "Burn-in steps", kind: Kind::Int { min: 0, max: 1000, default: 200 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 10 } },
    ];
}

pub mod saddle {
    use crate::params::{Kind, Spec};
    use crate::core::layer2::saddle;

    pub const ID: &str = "saddle";
    pub const TITLE: &str = "Stuck on a saddle, or not";
    /// How far off the stable line both runs may start (URL names; the widget holds the values
    /// and labels).
    pub const OFFSET_NAMES: &[&str] = &["0", "1e-8", "1e-4"];

    pub const SPECS: &[Spec] = &[
        Spec { key: "sigma", label: "Noise level σ", kind: Kind::Float { min: 0.001, max: 3.0, default: 0.1 } },
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.01, max: 0.8, default: saddle::LR } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 50, max: 2000, default: 300 } },
        Spec { key: "offset", label: "Start off the line by", kind: Kind::Choice { options: OFFSET_NAMES, default: 0 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod nonconvex_1d {
    use crate::params::{Kind, Spec};
    use crate::core::layer2::curve;

    pub const ID: &str = "nonconvex-1d";
    pub const TITLE: &str = "Does noise find a deeper valley?";

    pub const SPECS: &[Spec] = &[
        Spec { key: "sigma", label: "Noise level σ", kind: Kind::Float { min: 0.0, max: 50.0, default: curve::SIGMA } },
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.001, max: 0.3, default: curve::LR } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 10, max: 1000, default: curve::STEPS as i64 } },
        Spec { key: "seeds", label: "Seeds in the histograms", kind: Kind::Int { min: 20, max: 400, default: 200 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod clipping {
    use crate::params::{Kind, Spec};
    use crate::core::layer2::cliff;
    use super::View;

    pub const ID: &str = "clipping";
    pub const TITLE: &str = "A cliff, and a cap on the step";
    pub const VIEW: View = ((-3.0, 6.0), (-3.0, 3.0));
    pub const MODES: &[&str] = &["none", "norm", "value"];

    pub const SPECS: &[Spec] = &[
        Spec { key: "clip", label: "Clipping", kind: Kind::Choice { options: MODES, default: 0 } },
        Spec { key: "c", label: "Threshold c", kind: Kind::Float { min: 0.1, max: 100.0, default: 1.0 } },
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.01, max: 0.5, default: cliff::LR } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 50, max: 2000, default: 300 } },
        Spec { key: "x0", label: "θ₀ first coordinate", kind: Kind::Float { min: VIEW.0.0, max: VIEW.0.1, default: cliff::START[0] } },
        Spec { key: "y0", label: "θ₀ second coordinate", kind: Kind::Float { min: VIEW.1.0, max: VIEW.1.1, default: cliff::START[1] } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod momentum {
    use crate::params::{Kind, Spec};
    use super::View;

    pub const ID: &str = "momentum";
    pub const TITLE: &str = "The heavy ball in a narrow valley";
    /// One window for every κ, so the valley visibly narrows as κ grows.
    pub const VIEW: View = ((-1.6, 1.6), (-0.5, 0.5));
    pub const ONOFF: &[&str] = &["on", "off"];
    /// Defaults, which the chapter's prose quotes.
    pub const LR: f64 = 0.006;
    pub const BETA: f64 = 0.9;
    pub const STEPS: usize = 150;
    pub const START: [f64; 2] = [-1.5, 0.2];

    pub const SPECS: &[Spec] = &[
        Spec { key: "kappa", label: "Condition number κ", kind: Kind::Float { min: 1.0, max: 1000.0, default: 100.0 } },
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.0001, max: 0.05, default: LR } },
        Spec { key: "beta", label: "Momentum β", kind: Kind::Float { min: 0.0, max: 0.99, default: BETA } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 10, max: 1000, default: STEPS as i64 } },
        Spec { key: "x0", label: "θ₀ first coordinate", kind: Kind::Float { min: VIEW.0.0, max: VIEW.0.1, default: START[0] } },
        Spec { key: "y0", label: "θ₀ second coordinate", kind: Kind::Float { min: VIEW.1.0, max: VIEW.1.1, default: START[1] } },
        Spec { key: "gd", label: "Show gradient descent", kind: Kind::Choice { options: ONOFF, default: 0 } },
        Spec { key: "hb", label: "Show heavy ball", kind: Kind::Choice { options: ONOFF, default: 0 } },
        Spec { key: "nag", label: "Show Nesterov", kind: Kind::Choice { options: ONOFF, default: 0 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod momentum_weights {
    use crate::params::{Kind, Spec};

    pub const ID: &str = "momentum-weights";
    pub const TITLE: &str = "How much each past gradient counts";

    pub const SPECS: &[Spec] = &[
        Spec { key: "lambda", label: "Momentum λ", kind: Kind::Float { min: 0.0, max: 0.99, default: 0.9 } },
        Spec { key: "t", label: "Gradients so far", kind: Kind::Int { min: 1, max: 100, default: 40 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod momentum_tuning {
    use crate::params::{Kind, Spec};

    pub const ID: &str = "momentum-tuning";
    pub const TITLE: &str = "The α–β map of the heavy ball";
    pub const COLOURS: &[&str] = &["loss", "rate"];
    /// The highest β on the map.
    pub const BETA_MAX: f64 = 0.995;

    pub const SPECS: &[Spec] = &[
        Spec { key: "kappa", label: "Condition number κ", kind: Kind::Float { min: 1.0, max: 1000.0, default: 100.0 } },
        Spec { key: "t", label: "Steps T", kind: Kind::Int { min: 10, max: 400, default: 100 } },
        Spec { key: "colour", label: "Colour the map by", kind: Kind::Choice { options: COLOURS, default: 1 } },
        Spec { key: "lr", label: "Learning rate α (as a fraction of 4/L)", kind: Kind::Float { min: 0.005, max: 1.0, default: 0.2 } },
        Spec { key: "beta", label: "Momentum β", kind: Kind::Float { min: 0.0, max: BETA_MAX, default: 0.95 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod momentum_noise {
    use crate::params::{Kind, Spec};

    pub const ID: &str = "momentum-noise";
    pub const TITLE: &str = "Momentum on noisy gradients";
    pub const NOISES: &[&str] = &["batch", "gauss"];
    pub const VIEWS: &[&str] = &["along", "angle"];

    pub const SPECS: &[Spec] = &[
        Spec { key: "noise", label: "Noise", kind: Kind::Choice { options: NOISES, default: 0 } },
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 256, default: 4 } },
        Spec { key: "sigma", label: "Noise σ", kind: Kind::Float { min: 0.1, max: 50.0, default: 5.0 } },
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.0001, max: 0.02, default: 0.0005 } },
        Spec { key: "beta", label: "Momentum β", kind: Kind::Float { min: 0.0, max: 0.99, default: 0.9 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 50, max: 2000, default: 600 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "view", label: "Compare g and v", kind: Kind::Choice { options: VIEWS, default: 0 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 2 } },
    ];
}

pub mod schedules {
    use crate::params::{Kind, Spec};
    use crate::core::layer4::gallery::KEYS;

    pub const ID: &str = "schedules";
    pub const TITLE: &str = "A gallery of learning-rate schedules";

    pub const SPECS: &[Spec] = &[
        Spec { key: "sel", label: "Schedule", kind: Kind::Choice { options: &KEYS, default: 1 } },
        Spec { key: "eta0", label: "Initial rate η₀", kind: Kind::Float { min: 0.001, max: 1.0, default: 0.1 } },
        Spec { key: "t", label: "Horizon T", kind: Kind::Int { min: 20, max: 1000, default: 200 } },
        Spec { key: "m1", label: "First milestone", kind: Kind::Int { min: 0, max: 1000, default: 60 } },
        Spec { key: "m2", label: "Second milestone", kind: Kind::Int { min: 0, max: 1000, default: 120 } },
        Spec { key: "m3", label: "Third milestone", kind: Kind::Int { min: 0, max: 1000, default: 160 } },
        Spec { key: "gamma", label: "Step factor γ", kind: Kind::Float { min: 0.0, max: 1.0, default: 0.5 } },
        Spec { key: "lambda", label: "Decay rate λ", kind: Kind::Float { min: 0.001, max: 0.5, default: 0.02 } },
        Spec { key: "beta", label: "Time scale β", kind: Kind::Float { min: 0.01, max: 10.0, default: 1.0 } },
        Spec { key: "p", label: "Power p", kind: Kind::Float { min: 0.1, max: 2.0, default: 0.5 } },
        Spec { key: "rho", label: "Rate ρ", kind: Kind::Float { min: 0.001, max: 1.0, default: 0.05 } },
        Spec { key: "lin_start", label: "Start factor", kind: Kind::Float { min: 0.01, max: 1.0, default: 1.0 } },
        Spec { key: "lin_end", label: "End factor", kind: Kind::Float { min: 0.0, max: 1.0, default: 0.1 } },
        Spec { key: "pl_power", label: "PolynomialLR power", kind: Kind::Float { min: 0.1, max: 5.0, default: 2.0 } },
        Spec { key: "eta_min", label: "Floor η_min", kind: Kind::Float { min: 0.0, max: 1.0, default: 0.0 } },
        Spec { key: "t0", label: "First period T₀", kind: Kind::Int { min: 1, max: 500, default: 40 } },
        Spec { key: "t_mult", label: "Period factor T_mult", kind: Kind::Int { min: 1, max: 4, default: 2 } },
        Spec { key: "r_min", label: "Restart floor η_min", kind: Kind::Float { min: 0.0, max: 1.0, default: 0.0 } },
        Spec { key: "warm", label: "Warm-up steps", kind: Kind::Int { min: 0, max: 500, default: 20 } },
        Spec { key: "warm_start", label: "Warm-up start factor", kind: Kind::Float { min: 0.001, max: 1.0, default: 0.01 } },
        Spec { key: "pct", label: "Rising share", kind: Kind::Float { min: 0.05, max: 0.95, default: 0.3 } },
        Spec { key: "div", label: "div_factor", kind: Kind::Float { min: 1.0, max: 1000.0, default: 25.0 } },
        Spec { key: "final_div", label: "final_div_factor", kind: Kind::Float { min: 1.0, max: 1e6, default: 1e4 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod schedule_race {
    use crate::params::{Kind, Spec};
    use crate::core::layer4::race;

    pub const ID: &str = "schedule-race";
    pub const TITLE: &str = "Four schedules, one noise stream";

    pub const SPECS: &[Spec] = &[
        Spec { key: "window", label: "Smoothing window", kind: Kind::Int { min: 1, max: 100, default: race::WINDOW as i64 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 100, max: 2000, default: race::STEPS as i64 } },
        Spec { key: "warmup", label: "Warm-up steps", kind: Kind::Int { min: 0, max: 200, default: race::WARMUP as i64 } },
        Spec { key: "eta_const", label: "η, constant", kind: Kind::Float { min: 0.001, max: 1.0, default: race::ETAS[0] } },
        Spec { key: "eta_sqrt", label: "η₀, 1/√(t+1)", kind: Kind::Float { min: 0.001, max: 1.0, default: race::ETAS[1] } },
        Spec { key: "eta_cos", label: "η₀, cosine", kind: Kind::Float { min: 0.001, max: 1.0, default: race::ETAS[2] } },
        Spec { key: "eta_warm", label: "Peak η, warm-up + cosine", kind: Kind::Float { min: 0.001, max: 1.0, default: race::ETAS[3] } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 5 } },
    ];
}

pub mod robbins_monro {
    use crate::params::{Kind, Spec};

    pub const ID: &str = "robbins-monro";
    pub const TITLE: &str = "The Robbins–Monro conditions, live";
    pub const NAMES: &[&str] = &["constant", "inverse", "sqrt", "exponential", "step", "cosine"];

    pub const SPECS: &[Spec] = &[
        Spec { key: "sched", label: "Schedule", kind: Kind::Choice { options: NAMES, default: 1 } },
        Spec { key: "eta0", label: "Initial rate η₀", kind: Kind::Float { min: 0.001, max: 1.0, default: 0.1 } },
        Spec { key: "rho", label: "Rate ρ", kind: Kind::Float { min: 0.001, max: 1.0, default: 0.05 } },
        Spec { key: "lambda", label: "Decay rate λ", kind: Kind::Float { min: 0.001, max: 0.5, default: 0.02 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 1000, max: 100_000, default: 20_000 } },
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 200, default: 1 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 5 } },
    ];
}

pub mod lr_finder {
    use crate::params::{Kind, Spec};
    use crate::core::layer4::lr_finder;

    pub const ID: &str = "lr-finder";
    pub const TITLE: &str = "Finding a learning rate with a range test";

    pub const SPECS: &[Spec] = &[
        Spec { key: "lr_min", label: "Smallest α", kind: Kind::Float { min: 1e-6, max: 0.01, default: lr_finder::LR_MIN } },
        Spec { key: "lr_max", label: "Largest α", kind: Kind::Float { min: 0.1, max: 100.0, default: lr_finder::LR_MAX } },
        Spec { key: "steps", label: "Steps of the test", kind: Kind::Int { min: 20, max: 400, default: lr_finder::STEPS as i64 } },
        Spec { key: "beta", label: "Smoothing β", kind: Kind::Float { min: 0.0, max: 0.98, default: lr_finder::BETA } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod batch_scaling {
    use crate::params::{Kind, Spec};
    use crate::core::layer4::scaling;

    pub const ID: &str = "batch-scaling";
    pub const TITLE: &str = "Bigger batch, bigger step: the linear scaling rule";

    pub const SPECS: &[Spec] = &[
        Spec { key: "k", label: "Batch multiplier k", kind: Kind::Int { min: 2, max: 15, default: scaling::K as i64 } },
        Spec { key: "lr", label: "Small-batch rate α", kind: Kind::Float { min: 0.001, max: 0.2, default: scaling::LR } },
        Spec { key: "warm", label: "Warm-up epochs", kind: Kind::Float { min: 0.0, max: 10.0, default: scaling::WARMUP_EPOCHS } },
        Spec { key: "epochs", label: "Epochs", kind: Kind::Int { min: 5, max: 100, default: scaling::EPOCHS as i64 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 5 } },
    ];
}

pub mod averaging {
    use crate::params::{Kind, Spec};
    use crate::core::layer4::averaging;

    pub const ID: &str = "averaging";
    pub const TITLE: &str = "Averaging the iterates";

    pub const SPECS: &[Spec] = &[
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.001, max: 0.5, default: averaging::LR } },
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 200, default: averaging::BATCH as i64 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 50, max: 2000, default: averaging::STEPS as i64 } },
        Spec { key: "start", label: "Average from step", kind: Kind::Int { min: 0, max: 1000, default: 100 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 2 } },
    ];
}

pub mod anisotropic {
    use crate::params::{Kind, Spec};
    use crate::core::layer5::anisotropic::{ADAGRAD_LR, SGD_LRS};

    pub const ID: &str = "anisotropic";
    pub const TITLE: &str = "One learning rate cannot suit both directions";

    pub const SPECS: &[Spec] = &[
        Spec { key: "lr1", label: "SGD α (1)", kind: Kind::Float { min: 0.0005, max: 0.02, default: SGD_LRS[0] } },
        Spec { key: "lr2", label: "SGD α (2)", kind: Kind::Float { min: 0.0005, max: 0.02, default: SGD_LRS[1] } },
        Spec { key: "lr3", label: "SGD α (3)", kind: Kind::Float { min: 0.0005, max: 0.02, default: SGD_LRS[2] } },
        Spec { key: "ada", label: "AdaGrad α", kind: Kind::Float { min: 0.01, max: 2.0, default: ADAGRAD_LR } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod accumulation {
    use crate::params::{Kind, Spec};
    use crate::core::layer5::accumulation;

    pub const ID: &str = "accumulation";
    pub const TITLE: &str = "What AdaGrad and RMSProp remember";

    pub const SPECS: &[Spec] = &[
        Spec { key: "beta", label: "RMSProp β", kind: Kind::Float { min: 0.5, max: 0.999, default: accumulation::BETA } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 3 } },
    ];
}

pub mod bias_correction {
    use crate::params::{Kind, Spec};
    use crate::core::layer5::bias;

    pub const ID: &str = "bias-correction";
    pub const TITLE: &str = "Adam's bias correction";
    pub const ONOFF: &[&str] = &["on", "off"];

    pub const SPECS: &[Spec] = &[
        Spec { key: "beta1", label: "β₁", kind: Kind::Float { min: 0.5, max: 0.999, default: bias::BETA1 } },
        Spec { key: "beta2", label: "β₂", kind: Kind::Float { min: 0.9, max: 0.9999, default: bias::BETA2 } },
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.01, max: 0.3, default: bias::LR } },
        Spec { key: "uncorrected", label: "Also run Adam without bias correction", kind: Kind::Choice { options: ONOFF, default: 0 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 1 } },
    ];
}

pub mod adamw {
    use crate::params::{Kind, Spec};
    use crate::core::layer5::decay;

    pub const ID: &str = "adamw";
    pub const TITLE: &str = "L2 in Adam's gradient vs AdamW's decoupled decay";

    pub const SPECS: &[Spec] = &[
        Spec { key: "lambda", label: "Weight decay λ", kind: Kind::Float { min: 0.01, max: 2.0, default: decay::LAMBDA } },
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.005, max: 0.2, default: decay::LR } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 4 } },
    ];
}

pub mod optimizer_race {
    use crate::params::{Kind, Spec};

    pub const ID: &str = "optimizer-race";
    pub const TITLE: &str = "Seven optimizers, one noise stream";
    pub const PRESETS: &[&str] = &["rosenbrock", "regression"];
    pub const ONOFF: &[&str] = &["on", "off"];
    /// The rate sliders' maximum; 0 in a URL means "the preset's rate".
    pub const LR_MAX: f64 = 1.0;

    macro_rules! lr_spec {
        ($key:literal, $label:literal) => {
            Spec { key: $key, label: $label, kind: Kind::Float { min: 0.0, max: LR_MAX, default: 0.0 } }
        };
    }
    macro_rules! on_spec {
        ($key:literal, $label:literal) => {
            Spec { key: $key, label: $label, kind: Kind::Choice { options: ONOFF, default: 0 } }
        };
    }

    pub const SPECS: &[Spec] = &[
        Spec { key: "preset", label: "Race", kind: Kind::Choice { options: PRESETS, default: 0 } },
        on_spec!("sgd", "SGD"),
        on_spec!("momentum", "Momentum"),
        on_spec!("nesterov", "Nesterov"),
        on_spec!("adagrad", "AdaGrad"),
        on_spec!("rmsprop", "RMSProp"),
        on_spec!("adam", "Adam"),
        on_spec!("adamw", "AdamW"),
        lr_spec!("lr_sgd", "SGD α (0: the preset's)"),
        lr_spec!("lr_momentum", "Momentum α (0: the preset's)"),
        lr_spec!("lr_nesterov", "Nesterov α (0: the preset's)"),
        lr_spec!("lr_adagrad", "AdaGrad α (0: the preset's)"),
        lr_spec!("lr_rmsprop", "RMSProp α (0: the preset's)"),
        lr_spec!("lr_adam", "Adam α (0: the preset's)"),
        lr_spec!("lr_adamw", "AdamW α (0: the preset's)"),
        Spec { key: "sigma", label: "Gradient noise σ (Rosenbrock)", kind: Kind::Float { min: 0.0, max: 5.0, default: 0.0 } },
        Spec { key: "target", label: "Target loss above the optimum", kind: Kind::Float { min: 1e-8, max: 1.0, default: 1e-3 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Steps per frame (0: automatic)", kind: Kind::Int { min: 0, max: 25, default: 0 } },
    ];
}

pub mod drug_sensitivity {
    use crate::params::{Kind, Spec};
    use crate::core::beyond::drug::{BATCH, LRS, STEPS};

    pub const ID: &str = "drug-sensitivity";
    pub const TITLE: &str = "Drug sensitivity from 50 genes";
    pub const SHOW: [&str; 4] = ["sgd", "adagrad", "rmsprop", "adam"];

    pub const SPECS: &[Spec] = &[
        Spec { key: "lr_sgd", label: "α, SGD", kind: Kind::Float { min: 0.0001, max: 0.1, default: LRS[0] } },
        Spec { key: "lr_adagrad", label: "α, AdaGrad", kind: Kind::Float { min: 0.0001, max: 1.0, default: LRS[1] } },
        Spec { key: "lr_rmsprop", label: "α, RMSProp", kind: Kind::Float { min: 0.0001, max: 1.0, default: LRS[2] } },
        Spec { key: "lr_adam", label: "α, Adam", kind: Kind::Float { min: 0.0001, max: 1.0, default: LRS[3] } },
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 2000, default: BATCH as i64 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 100, max: 5000, default: STEPS as i64 } },
        Spec { key: "show", label: "Coefficients of", kind: Kind::Choice { options: &SHOW, default: 0 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 10 } },
    ];
}

pub mod logistic {
    use crate::params::{Kind, Spec};
    use crate::core::beyond::logistic as lg;

    pub const ID: &str = "logistic";
    pub const TITLE: &str = "Logistic regression: one boundary, three pictures";
    pub const W: ((f64, f64), (f64, f64)) = lg::WEIGHTS;

    pub const SPECS: &[Spec] = &[
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.01, max: 20.0, default: lg::LR } },
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 200, default: lg::BATCH as i64 } },
        Spec { key: "l2", label: "L2 weight λ", kind: Kind::Float { min: lg::L2_RANGE.0, max: lg::L2_RANGE.1, default: lg::L2 } },
        Spec { key: "sep", label: "Class separation", kind: Kind::Float { min: lg::SEP_RANGE.0, max: lg::SEP_RANGE.1, default: lg::SEP } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 20, max: 2000, default: lg::STEPS as i64 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "x0", label: "θ₀ first weight", kind: Kind::Float { min: W.0.0, max: W.0.1, default: lg::START[0] } },
        Spec { key: "y0", label: "θ₀ second weight", kind: Kind::Float { min: W.1.0, max: W.1.1, default: lg::START[1] } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 2 } },
    ];
}

pub mod variance_reduction {
    use crate::params::{Kind, Spec};
    use crate::core::beyond::vr;

    pub const ID: &str = "variance-reduction";
    pub const TITLE: &str = "SVRG and SAGA against SGD's noise floor";

    pub const SPECS: &[Spec] = &[
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.001, max: 0.5, default: vr::LR } },
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 200, default: vr::BATCH as i64 } },
        Spec { key: "m", label: "SVRG snapshot every m steps", kind: Kind::Int { min: 1, max: 2000, default: vr::PERIOD as i64 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 100, max: 5000, default: vr::STEPS as i64 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 25 } },
    ];
}

pub mod sharp_flat {
    use crate::params::{Kind, Spec};
    use crate::core::beyond::sharp_flat as sf;

    pub const ID: &str = "sharp-flat";
    pub const TITLE: &str = "Sharp and flat minima, SGD and SAM";

    pub const SPECS: &[Spec] = &[
        Spec { key: "lr", label: "Learning rate α", kind: Kind::Float { min: 0.005, max: 0.15, default: sf::LR } },
        Spec { key: "b", label: "Mini-batch size B", kind: Kind::Int { min: 1, max: 64, default: sf::BATCH as i64 } },
        Spec { key: "rho", label: "SAM radius ρ", kind: Kind::Float { min: 0.0, max: 1.5, default: sf::RHO } },
        Spec { key: "tau", label: "Spread of the examples τ", kind: Kind::Float { min: 0.0, max: 0.4, default: sf::TAU } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 50, max: 2000, default: sf::STEPS as i64 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 10 } },
    ];
}

pub mod mistakes {
    use crate::params::{Kind, Spec};
    use crate::core::mistakes::Preset;

    pub const ID: &str = "mistakes";
    pub const TITLE: &str = "Common mistakes, and their fixes";
    pub const OFFON: &[&str] = &["on", "off"];

    pub const SPECS: &[Spec] = &[
        Spec { key: "preset", label: "Mistake", kind: Kind::Choice { options: &Preset::KEYS, default: 0 } },
        Spec { key: "fix", label: "Apply the fix", kind: Kind::Choice { options: OFFON, default: 1 } },
        Spec { key: "lr", label: "Learning rate α (0: the preset's)", kind: Kind::Float { min: 0.0, max: 5.0, default: 0.0 } },
        Spec { key: "b", label: "Mini-batch size B (0: the preset's)", kind: Kind::Int { min: 0, max: 200, default: 0 } },
        Spec { key: "steps", label: "Steps (0: the preset's)", kind: Kind::Int { min: 0, max: 3000, default: 0 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 1 } },
        Spec { key: "speed", label: "Speed", kind: Kind::Int { min: 1, max: 25, default: 3 } },
    ];
}

pub mod practice {
    use crate::params::{Kind, Spec};

    pub const ID: &str = "practice";
    pub const TITLE: &str = "Practice: interview questions and problems";
    pub const SETS: [&str; 3] = ["both", "interview", "practice"];
    /// How many cards the deck holds (the widget's `CARDS` array has this length).
    pub const CARDS_LEN: usize = 14;

    pub const SPECS: &[Spec] = &[
        Spec { key: "set", label: "Questions", kind: Kind::Choice { options: &SETS, default: 0 } },
        Spec { key: "card", label: "Card", kind: Kind::Int { min: 1, max: CARDS_LEN as i64, default: 1 } },
    ];
}
