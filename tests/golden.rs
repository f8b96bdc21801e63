//! Golden tests: the Rust optimizer core against trajectories and learning rates recorded from
//! PyTorch (float64) by `tests/golden/make_golden.py`, stored in `tests/golden/golden.json`.
//!
//! Every case in the JSON is mapped explicitly, by name, to the Rust configuration that should
//! reproduce it; an unknown or missing case name fails the test, and the number of cases
//! checked is asserted, so the test cannot pass on an empty or truncated file.
//!
//! Tolerance: relative 1e-9 with an absolute floor of 1e-12. The Rust core and PyTorch do the
//! same arithmetic in a slightly different order (e.g. AdamW's decay folded into the update,
//! recursive versus closed-form schedules), so agreement is to rounding, not bit for bit.

use serde_json::Value;
use sgd_layers::core::landscape::Landscape;
use sgd_layers::core::optimizer::{Clip, Kind, Optimizer, OptimizerConfig};
use sgd_layers::core::problem::Objective;
use sgd_layers::core::schedule::Schedule;
use std::collections::BTreeSet;

const REL_TOL: f64 = 1e-9;
const ABS_TOL: f64 = 1e-12;

const OPTIMIZER_CASES: [&str; 16] = [
    "sgd",
    "momentum",
    "nesterov",
    "momentum_wd",
    "adagrad",
    "rmsprop",
    "rmsprop_alpha09",
    "adam",
    "adam_l2",
    "adamw",
    "adamw_wd05",
    "adam_betas",
    "sgd_clip_norm",
    "sgd_clip_value",
    "adam_clip_norm",
    "adam_cosine",
];

const SCHEDULE_CASES: [&str; 11] = [
    "multistep",
    "exponential",
    "polynomial",
    "linear",
    "cosine",
    "cosine_restarts_30x2",
    "cosine_restarts_50",
    "inverse_time",
    "inverse_sqrt",
    "warmup_cosine",
    "one_cycle",
];

fn golden() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/golden.json");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"))
}

fn f64_of(v: &Value, what: &str) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{what}: expected a number, got {v}"))
}

fn array<'a>(v: &'a Value, key: &str, case: &str) -> &'a Vec<Value> {
    v.get(key).and_then(Value::as_array).unwrap_or_else(|| panic!("{case}: missing array `{key}`"))
}

fn numbers(v: &Value, key: &str, case: &str) -> Vec<f64> {
    array(v, key, case).iter().map(|x| f64_of(x, &format!("{case}.{key}"))).collect()
}

fn param(case: &Value, key: &str, name: &str) -> Option<f64> {
    case.get("params").and_then(|p| p.get(key)).map(|v| f64_of(v, &format!("{name}.params.{key}")))
}

/// Relative error with the absolute floor folded in: ≤ 1 means within tolerance.
fn scaled_error(rust: f64, torch: f64) -> f64 {
    (rust - torch).abs() / (REL_TOL * rust.abs().max(torch.abs()) + ABS_TOL)
}

/// Plain relative error, for the report.
fn relative_error(rust: f64, torch: f64) -> f64 {
    let d = (rust - torch).abs();
    if d == 0.0 { 0.0 } else { d / rust.abs().max(torch.abs()) }
}

/// Worst errors seen over a case, and the first mismatch.
#[derive(Default)]
struct Tally {
    max_rel: f64,
    max_scaled: f64,
    first_failure: Option<String>,
}

impl Tally {
    // `!(scaled <= 1.0)` on purpose: a NaN error counts as a failure.
    #[allow(clippy::neg_cmp_op_on_partial_ord)]
    fn check(&mut self, rust: f64, torch: f64, at: impl FnOnce() -> String) {
        let rel = relative_error(rust, torch);
        let scaled = scaled_error(rust, torch);
        if !(scaled <= 1.0) && self.first_failure.is_none() {
            self.first_failure =
                Some(format!("{}: rust {rust:e} vs torch {torch:e} (relative error {rel:e})", at()));
        }
        // Relative errors of values at the absolute floor (e.g. an lr of exactly 0) say nothing.
        if torch.abs().max(rust.abs()) > ABS_TOL / REL_TOL {
            self.max_rel = self.max_rel.max(rel);
        }
        self.max_scaled = self.max_scaled.max(if scaled.is_nan() { f64::INFINITY } else { scaled });
    }
}

/// The Rust configuration (and schedule of its learning rate) for each PyTorch optimizer case.
fn optimizer_config(name: &str) -> Option<(OptimizerConfig, Schedule)> {
    let constant = Schedule::Constant;
    let c = match name {
        "sgd" => (OptimizerConfig::new(Kind::Sgd, 1e-3), constant),
        "momentum" => (OptimizerConfig { beta: 0.9, ..OptimizerConfig::new(Kind::Momentum, 1e-3) }, constant),
        "nesterov" => (OptimizerConfig { beta: 0.9, ..OptimizerConfig::new(Kind::Nesterov, 1e-3) }, constant),
        "momentum_wd" => (
            OptimizerConfig { beta: 0.9, weight_decay: 0.1, ..OptimizerConfig::new(Kind::Momentum, 1e-3) },
            constant,
        ),
        "adagrad" => (OptimizerConfig { eps: 1e-10, ..OptimizerConfig::new(Kind::AdaGrad, 0.1) }, constant),
        "rmsprop" => (OptimizerConfig { beta: 0.99, eps: 1e-8, ..OptimizerConfig::new(Kind::RmsProp, 0.01) }, constant),
        "rmsprop_alpha09" => {
            (OptimizerConfig { beta: 0.9, eps: 1e-8, ..OptimizerConfig::new(Kind::RmsProp, 0.01) }, constant)
        }
        "adam" => (adam(0.05, 0.9, 0.999, 1e-8), constant),
        "adam_l2" => (OptimizerConfig { weight_decay: 0.1, ..adam(0.05, 0.9, 0.999, 1e-8) }, constant),
        "adamw" => (
            OptimizerConfig { kind: Kind::AdamW, weight_decay: 0.01, ..adam(0.05, 0.9, 0.999, 1e-8) },
            constant,
        ),
        "adamw_wd05" => (
            OptimizerConfig { kind: Kind::AdamW, weight_decay: 0.5, ..adam(0.05, 0.9, 0.999, 1e-8) },
            constant,
        ),
        "adam_betas" => (adam(0.05, 0.8, 0.99, 1e-6), constant),
        "sgd_clip_norm" => (OptimizerConfig::new(Kind::Sgd, 1e-3).with_clip(Clip::Norm(1.0)), constant),
        "sgd_clip_value" => (OptimizerConfig::new(Kind::Sgd, 1e-3).with_clip(Clip::Value(0.5)), constant),
        "adam_clip_norm" => (adam(0.05, 0.9, 0.999, 1e-8).with_clip(Clip::Norm(1.0)), constant),
        "adam_cosine" => (adam(0.05, 0.9, 0.999, 1e-8), Schedule::Cosine { t_max: 60, eta_min: 0.0 }),
        _ => return None,
    };
    Some(c)
}

fn adam(lr: f64, beta1: f64, beta2: f64, eps: f64) -> OptimizerConfig {
    OptimizerConfig {
        beta: beta1,
        beta2,
        eps,
        weight_decay: 0.0,
        bias_correction: true,
        ..OptimizerConfig::new(Kind::Adam, lr)
    }
}

/// The Rust schedule for each PyTorch scheduler case.
fn schedule(name: &str) -> Option<Schedule> {
    Some(match name {
        "multistep" => Schedule::Step { milestones: vec![60, 120, 160], gamma: 0.5 },
        "exponential" => Schedule::Exponential { gamma: (-0.02f64).exp() },
        "polynomial" => Schedule::Polynomial { total: 150, power: 2.0 },
        "linear" => Schedule::Linear { start: 1.0, end: 0.1, total: 150 },
        "cosine" => Schedule::Cosine { t_max: 200, eta_min: 0.001 },
        "cosine_restarts_30x2" => Schedule::CosineRestarts { t0: 30, t_mult: 2, eta_min: 0.0 },
        "cosine_restarts_50" => Schedule::CosineRestarts { t0: 50, t_mult: 1, eta_min: 0.0 },
        "inverse_time" => Schedule::InverseTime { rate: 0.05, power: 1.0 },
        "inverse_sqrt" => Schedule::InverseTime { rate: 1.0, power: 0.5 },
        "warmup_cosine" => Schedule::WarmUp {
            steps: 20,
            start: 0.01,
            then: Box::new(Schedule::Cosine { t_max: 180, eta_min: 0.0 }),
        },
        "one_cycle" => {
            Schedule::OneCycle { total: 200, pct_start: 0.3, div_factor: 25.0, final_div_factor: 1e4 }
        }
        _ => return None,
    })
}

/// The recorded settings of an optimizer case must be the ones the mapping uses (guards
/// against a case being renamed or edited on one side only).
fn check_optimizer_params(name: &str, case: &Value, cfg: &OptimizerConfig) {
    let same = |key: &str, ours: f64| {
        if let Some(theirs) = param(case, key, name) {
            assert_eq!(ours, theirs, "{name}: params.{key} is {theirs} in the JSON but {ours} in the mapping");
        }
    };
    assert!(param(case, "lr", name).is_some(), "{name}: params.lr missing");
    same("lr", cfg.lr);
    same("weight_decay", cfg.weight_decay);
    match cfg.kind {
        Kind::Momentum | Kind::Nesterov => same("momentum", cfg.beta),
        Kind::RmsProp => same("alpha", cfg.beta),
        Kind::Adam | Kind::AdamW => {
            same("beta1", cfg.beta);
            same("beta2", cfg.beta2);
        }
        _ => {}
    }
    if cfg.kind != Kind::Sgd && cfg.kind != Kind::Momentum && cfg.kind != Kind::Nesterov {
        same("eps", cfg.eps);
    }
    if cfg.weight_decay == 0.0 {
        assert!(param(case, "weight_decay", name).unwrap_or(0.0) == 0.0, "{name}: weight decay not mapped");
    }
    let clip = case.get("clip").filter(|c| !c.is_null()).map(|c| {
        let kind = c.get("kind").and_then(Value::as_str).unwrap_or_else(|| panic!("{name}: clip.kind"));
        let value = f64_of(c.get("value").unwrap_or(&Value::Null), &format!("{name}.clip.value"));
        match kind {
            "norm" => Clip::Norm(value),
            "value" => Clip::Value(value),
            other => panic!("{name}: unknown clip kind {other}"),
        }
    });
    assert_eq!(clip.unwrap_or(Clip::None), cfg.clip, "{name}: clipping differs from the JSON");
}

#[test]
fn optimizers_match_pytorch() {
    let data = golden();
    let cases = array(&data, "optimizers", "golden.json");
    let rosenbrock = Landscape::Rosenbrock { a: 1.0, b: 100.0 };
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    let mut worst: f64 = 0.0;
    let mut compared = 0usize;
    for case in cases {
        let name = case.get("name").and_then(Value::as_str).expect("optimizer case without a name");
        assert!(seen.insert(name.to_string()), "duplicate optimizer case {name}");
        let (cfg, sched) = optimizer_config(name).unwrap_or_else(|| panic!("unknown optimizer case `{name}`"));
        check_optimizer_params(name, case, &cfg);

        let start = numbers(case, "start", name);
        assert_eq!(start, vec![-1.2, 1.0], "{name}: start");
        let steps = case.get("steps").and_then(Value::as_u64).unwrap_or_else(|| panic!("{name}: steps")) as usize;
        let trajectory = array(case, "trajectory", name);
        let lrs = numbers(case, "lrs", name);
        assert_eq!(steps, 60, "{name}: steps");
        assert_eq!(trajectory.len(), steps, "{name}: trajectory length");
        assert_eq!(lrs.len(), steps, "{name}: lrs length");

        let mut opt = Optimizer::new(cfg.clone(), 2);
        let mut theta = start.clone();
        let mut grad = vec![0.0; 2];
        let mut tally = Tally::default();
        for (t, point) in trajectory.iter().enumerate() {
            let lr = sched.lr(cfg.lr, t);
            tally.check(lr, lrs[t], || format!("lr of step {}", t + 1));
            rosenbrock.grad(&theta, &mut grad);
            opt.step(&mut theta, &grad, lr);
            let expected: Vec<f64> =
                point.as_array().unwrap_or_else(|| panic!("{name}: point {t}")).iter().map(|v| f64_of(v, name)).collect();
            assert_eq!(expected.len(), 2, "{name}: point {t} is not 2-D");
            for i in 0..2 {
                tally.check(theta[i], expected[i], || format!("θ[{i}] after step {}", t + 1));
            }
            compared += 3;
        }
        assert_eq!(opt.steps(), steps as u64);
        println!("{name:>18}: max relative error {:.3e}", tally.max_rel);
        worst = worst.max(tally.max_rel);
        if let Some(f) = tally.first_failure {
            failures.push(format!("{name}: {f}"));
        }
    }
    println!("optimizers: {} cases, {compared} values, max relative error {worst:.3e}", seen.len());
    assert!(failures.is_empty(), "optimizer cases differ from PyTorch:\n{}", failures.join("\n"));
    let expected: BTreeSet<String> = OPTIMIZER_CASES.iter().map(|s| s.to_string()).collect();
    assert_eq!(seen, expected, "the JSON's optimizer cases are not the expected ones");
    assert_eq!(seen.len(), 16, "number of optimizer cases checked");
    assert_eq!(compared, 16 * 60 * 3, "number of values compared");
}

#[test]
fn schedules_match_pytorch() {
    let data = golden();
    let cases = array(&data, "schedules", "golden.json");
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    let mut worst: f64 = 0.0;
    let mut compared = 0usize;
    for case in cases {
        let name = case.get("name").and_then(Value::as_str).expect("schedule case without a name");
        assert!(seen.insert(name.to_string()), "duplicate schedule case {name}");
        let sched = schedule(name).unwrap_or_else(|| panic!("unknown schedule case `{name}`"));
        let base = f64_of(case.get("base_lr").unwrap_or(&Value::Null), &format!("{name}.base_lr"));
        assert_eq!(base, 0.1, "{name}: base lr");
        let lrs = numbers(case, "lrs", name);
        assert_eq!(lrs.len(), 200, "{name}: number of steps recorded");
        let mut tally = Tally::default();
        for (t, &expected) in lrs.iter().enumerate() {
            tally.check(sched.lr(base, t), expected, || format!("t = {t}"));
            compared += 1;
        }
        println!("{name:>20}: max relative error {:.3e}", tally.max_rel);
        worst = worst.max(tally.max_rel);
        if let Some(f) = tally.first_failure {
            failures.push(format!("{name}: {f}"));
        }
    }
    println!("schedules: {} cases, {compared} values, max relative error {worst:.3e}", seen.len());
    assert!(failures.is_empty(), "schedules differ from PyTorch:\n{}", failures.join("\n"));
    let expected: BTreeSet<String> = SCHEDULE_CASES.iter().map(|s| s.to_string()).collect();
    assert_eq!(seen, expected, "the JSON's schedule cases are not the expected ones");
    assert_eq!(seen.len(), 11, "number of schedule cases checked");
    assert_eq!(compared, 11 * 200, "number of values compared");
}

/// The Layer 4 widgets' own schedules, built by the same core code the widgets call, for each
/// PyTorch case of "tutorial_schedules": (schedule, base lr).
fn tutorial_schedule(name: &str) -> Option<(Schedule, f64)> {
    use sgd_layers::core::layer4::{gallery, lr_finder, race, scaling};
    let race_schedules = race::schedules(race::STEPS, race::WARMUP);
    let g = gallery::Params::default();
    let in_gallery = |key: &str| gallery::schedule(gallery::KEYS.iter().position(|k| *k == key).expect("gallery key"), &g);
    Some(match name {
        "race_sqrt" => (race_schedules[1].clone(), race::ETAS[1]),
        "race_cosine" => (race_schedules[2].clone(), race::ETAS[2]),
        "race_warmup_cosine" => (race_schedules[3].clone(), race::ETAS[3]),
        "gallery_polynomial_lr" => (in_gallery("polylr"), g.eta0),
        "gallery_linear" => (in_gallery("linear"), g.eta0),
        "gallery_cosine" => (in_gallery("cosine"), g.eta0),
        "gallery_restarts_40x2" => (in_gallery("restarts"), g.eta0),
        "finder_growth" => (lr_finder::growth(lr_finder::LR_MIN, lr_finder::LR_MAX, lr_finder::STEPS), lr_finder::LR_MIN),
        "scaling_warmup" => {
            let r = scaling::runners(2000, scaling::BATCH, scaling::LR, scaling::K, scaling::WARMUP_EPOCHS).swap_remove(2);
            (r.schedule, r.lr)
        }
        _ => return None,
    })
}

#[test]
fn tutorial_schedules_match_pytorch() {
    let data = golden();
    let cases = array(&data, "tutorial_schedules", "golden.json");
    let mut seen = BTreeSet::new();
    let mut failures = Vec::new();
    let mut compared = 0usize;
    for case in cases {
        let name = case.get("name").and_then(Value::as_str).expect("schedule case without a name");
        assert!(seen.insert(name.to_string()), "duplicate schedule case {name}");
        let (sched, base) = tutorial_schedule(name).unwrap_or_else(|| panic!("unknown tutorial schedule case `{name}`"));
        let torch_base = f64_of(case.get("base_lr").unwrap_or(&Value::Null), &format!("{name}.base_lr"));
        assert_eq!(base, torch_base, "{name}: base lr");
        let lrs = numbers(case, "lrs", name);
        assert!(lrs.len() >= 60, "{name}: number of steps recorded");
        let mut tally = Tally::default();
        for (t, &expected) in lrs.iter().enumerate() {
            tally.check(sched.lr(base, t), expected, || format!("t = {t}"));
            compared += 1;
        }
        println!("{name:>22}: max relative error {:.3e}", tally.max_rel);
        if let Some(f) = tally.first_failure {
            failures.push(format!("{name}: {f}"));
        }
    }
    assert!(failures.is_empty(), "tutorial schedules differ from PyTorch:\n{}", failures.join("\n"));
    assert_eq!(seen.len(), 9, "number of tutorial schedule cases checked");
    assert_eq!(compared, 3 * 500 + 4 * 200 + 100 + 60, "number of values compared");
}
