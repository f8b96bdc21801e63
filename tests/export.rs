//! "Download CSV": the trajectories file has the right columns, one row per recorded step, and
//! numbers that are the run's own.

use sgd_layers::core::export::trajectories_csv;
use sgd_layers::core::landscape::Landscape;
use sgd_layers::core::optimizer::{Kind, OptimizerConfig};
use sgd_layers::core::run::{Run, RunConfig};

fn run(kind: Kind, steps: usize) -> Run {
    let f = Landscape::Quadratic { kappa: 10.0 }.into_problem();
    let mut r = Run::new(f, RunConfig::new(OptimizerConfig::new(kind, 0.05), vec![1.0, 0.5]).max_steps(steps).tol(0.0));
    r.run(steps);
    r
}

#[test]
fn csv_has_a_row_per_step_per_runner_with_the_runs_numbers() {
    let (a, b) = (run(Kind::Sgd, 5), run(Kind::Momentum, 5));
    let csv = trajectories_csv(&[("SGD".to_string(), &a), ("Heavy ball, β = 0.9".to_string(), &b)]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "runner,step,theta_1,theta_2,loss,lr,grad_norm,examples");
    assert_eq!(lines.len(), 1 + 2 * 6, "the start and 5 steps for each runner");
    let rows: Vec<Vec<String>> = lines[1..7].iter().map(|l| l.split(',').map(str::to_string).collect()).collect();
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row[0], "SGD");
        assert_eq!(row[1], i.to_string());
        let x: Vec<f64> = row[2..4].iter().map(|v| v.parse().unwrap()).collect();
        let loss: f64 = row[4].parse().unwrap();
        assert!((a.problem().value(&x) - loss).abs() <= 1e-12 * loss.abs().max(1.0), "row {i}: loss of its own θ");
        let lr: f64 = row[5].parse().unwrap();
        assert_eq!(lr, if i == 0 { 0.0 } else { 0.05 });
    }
    // The last SGD row is where the run is now.
    let last: Vec<f64> = rows[5][2..4].iter().map(|v| v.parse().unwrap()).collect();
    assert_eq!(last, a.position().to_vec());
    // A name with a comma is quoted, so the columns stay put.
    assert!(lines[7].starts_with("\"Heavy ball, β = 0.9\",0,"), "{}", lines[7]);
}

#[test]
fn no_runs_is_just_the_header() {
    assert_eq!(trajectories_csv(&[]), "runner,step,loss,lr,grad_norm,examples\n");
}
