//! The formulas converted at build time (build.rs) are valid MathML.
use sgd_layers::formulas::{FORMULAS_ADAPTIVE, FORMULAS_BEYOND, FORMULAS_MAIN, FORMULAS_MORE, all, mathml, register_table};

#[test]
fn every_formula_is_mathml_without_errors() {
    assert!(FORMULAS_MAIN.len() >= 5, "the first chapters' formulas were found ({})", FORMULAS_MAIN.len());
    assert!(FORMULAS_ADAPTIVE.len() >= 6, "Layer 5's formulas were found ({})", FORMULAS_ADAPTIVE.len());
    assert!(FORMULAS_BEYOND.len() >= 4, "Beyond the layers' formulas were found ({})", FORMULAS_BEYOND.len());
    assert!(FORMULAS_MORE.len() >= 10, "the later chapters' formulas were found ({})", FORMULAS_MORE.len());
    for (tex, block, inline) in all() {
        for m in [block, inline] {
            assert!(m.starts_with("<math") && m.ends_with("</math>"), "{tex}: {m}");
            assert!(!m.contains("merror"), "{tex} converted with an error: {m}");
        }
        assert!(block.contains("display=\"block\""), "{tex}: block display");
        assert!(!inline.contains("display=\"block\""), "{tex}: inline display");
    }
    let update = r"\theta_{t+1} = \theta_t - \alpha\,\nabla L(\theta_t)";
    let m = mathml(update, true).expect("the gradient-descent update is converted");
    assert!(m.contains("<mi>θ</mi>") && m.contains("∇"), "{m}");
    assert_eq!(mathml("\\notaformula{", true), None);
    // The second bundle's formulas are in their own table, found once it is registered.
    let robbins_monro = r"\sum_{t=0}^{\infty} \eta_t = \infty \qquad\text{and}\qquad \sum_{t=0}^{\infty} \eta_t^2 < \infty";
    assert!(FORMULAS_MORE.iter().any(|f| f.0 == robbins_monro) && !FORMULAS_MAIN.iter().any(|f| f.0 == robbins_monro));
    assert!(!FORMULAS_MAIN.iter().any(|f| FORMULAS_MORE.iter().any(|g| g.0 == f.0)), "no formula in both tables");
    assert_eq!(mathml(robbins_monro, true), None);
    register_table(FORMULAS_MORE);
    assert!(mathml(robbins_monro, true).is_some_and(|m| m.contains("∞")));
    assert!(mathml(update, true).is_some());
}
