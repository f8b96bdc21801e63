//! Converts every formula in the chapters and widgets (`tex=r"…"` in `src/ui`) from LaTeX to
//! MathML at build time, so the page ships finished MathML and no TeX parser.

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs")
            && let Ok(text) = std::fs::read_to_string(&p)
        {
            out.push(text);
        }
    }
}

/// The raw strings after `tex=r"` (up to the next `"`) and `tex=r#"` (up to `"#`).
fn formulas(text: &str, found: &mut BTreeSet<String>) {
    for (open, close) in [("tex=r#\"", "\"#"), ("tex=r\"", "\"")] {
        let mut rest = text;
        while let Some(i) = rest.find(open) {
            rest = &rest[i + open.len()..];
            if let Some(j) = rest.find(close) {
                found.insert(rest[..j].to_string());
                rest = &rest[j + close.len()..];
            }
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=src/ui");
    let mut texts = Vec::new();
    sources(Path::new("src/ui"), &mut texts);
    let mut found = BTreeSet::new();
    for t in &texts {
        formulas(t, &mut found);
    }
    let conv = LatexToMathML::new(MathCoreConfig::default()).expect("math-core configuration");
    let mut out = String::from("/// (LaTeX, block MathML, inline MathML) for every formula in the UI sources.\npub static FORMULAS: &[(&str, &str, &str)] = &[\n");
    for tex in &found {
        let convert = |display| match conv.convert_with_local_state(tex, display) {
            Ok(r) => r.mathml,
            Err(e) => panic!("formula {tex:?} does not convert: {e:?}"),
        };
        let (block, inline) = (convert(MathDisplay::Block), convert(MathDisplay::Inline));
        writeln!(out, "    ({tex:?}, {block:?}, {inline:?}),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("formulas.rs");
    std::fs::write(dest, out).unwrap();
}
