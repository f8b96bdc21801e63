//! Trajectories as CSV, for a learner's or a teacher's own analysis ("Download CSV").

use super::run::Run;

/// One row per recorded point of each run, oldest first: `runner,step,theta_1,…,theta_d,loss,
/// lr,grad_norm,examples`. `lr` is the learning rate of the step that led to the point (0 at the
/// start) and `grad_norm` the norm of the gradient estimate that step used (at the start, of the
/// gradient there); `examples` counts per-example gradients so far. A long run keeps every 2nd, 4th … step (see `Trajectory`); the `step` column
/// says which. Names are quoted when they contain a comma or a quote.
pub fn trajectories_csv(runs: &[(String, &Run)]) -> String {
    let dim = runs.iter().map(|(_, r)| r.position().len()).max().unwrap_or(0);
    let mut out = String::from("runner,step");
    for i in 1..=dim {
        out.push_str(&format!(",theta_{i}"));
    }
    out.push_str(",loss,lr,grad_norm,examples\n");
    for (name, run) in runs {
        let name = if name.contains([',', '"', '\n']) { format!("\"{}\"", name.replace('"', "\"\"")) } else { name.clone() };
        for (p, x) in run.trajectory().iter() {
            out.push_str(&name);
            out.push_str(&format!(",{}", p.step));
            for i in 0..dim {
                match x.get(i) {
                    Some(v) => out.push_str(&format!(",{v}")),
                    None => out.push(','),
                }
            }
            out.push_str(&format!(",{},{},{},{}\n", p.loss, p.lr, p.grad_norm, p.examples));
        }
    }
    out
}
