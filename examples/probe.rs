use sgd_layers::core::{landscape::Landscape, optimizer::OptimizerConfig, run::{Run, RunConfig}};
fn main() {
    for lr in [0.02, 0.05, 0.1, 0.2, 0.3] {
    let mut r = Run::new(Landscape::Cliff.into_problem(), RunConfig::new(OptimizerConfig::sgd(lr), vec![5.0, 1.5]).max_steps(500));
    r.run(500);
    println!("lr {lr} status {:?} steps {}", r.status(), r.steps());
    for (p, x) in r.trajectory().iter().take(8) { println!("{} {:.3} {:.3} loss {:.3} g {:.1}", p.step, x[0], x[1], p.loss, p.grad_norm); }
    }
}
