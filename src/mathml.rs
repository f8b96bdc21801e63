//! MathML for the tutorial's formulas, rendered from LaTeX at build time by `build.rs` (the
//! converter then stays out of the wasm). Browsers render MathML natively.

include!(concat!(env!("OUT_DIR"), "/formulas.rs"));

/// The MathML of a formula written as a `tex=` literal anywhere under `src/`; for any other
/// text, the LaTeX source shown as code.
pub fn to_mathml(tex: &str, block: bool) -> String {
    match FORMULAS.iter().find(|f| f.0 == tex) {
        Some(&(_, inline, display)) => (if block { display } else { inline }).to_string(),
        None => {
            let escaped = tex.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            format!("<code>{escaped}</code>")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_formula_in_the_sources_is_rendered_in_both_modes() {
        assert!(FORMULAS.len() >= 7, "found {} formulas", FORMULAS.len());
        for (tex, inline, block) in FORMULAS {
            assert!(inline.starts_with("<math") && !inline.contains("display=\"block\""), "{tex}: {inline}");
            assert!(block.starts_with("<math") && block.contains("display=\"block\""), "{tex}: {block}");
        }
        let step = to_mathml(r"\theta_{t+1} = \theta_t - \alpha\,\nabla L(\theta_t)", true);
        assert!(step.contains("<mi>θ</mi>") || step.contains("θ"), "{step}");
        assert_eq!(to_mathml("x < 1 & y", false), "<code>x &lt; 1 &amp; y</code>");
    }
}
