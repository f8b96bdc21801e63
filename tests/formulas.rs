//! The formulas converted at build time (build.rs) are valid MathML.
use sgd_layers::formulas::{FORMULAS, mathml};

#[test]
fn every_formula_is_mathml_without_errors() {
    assert!(FORMULAS.len() >= 5, "the chapters' formulas were found ({})", FORMULAS.len());
    for (tex, block, inline) in FORMULAS {
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
}
