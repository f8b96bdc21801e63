//! Converts every formula in the chapters and widgets (`tex=r"…"` in `src/ui`) from LaTeX to
//! MathML at build time, so the page ships finished MathML and no TeX parser. The second
//! bundle's formulas get a table of their own (see `main`).

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs")
            && let Ok(text) = std::fs::read_to_string(&p)
        {
            out.push((p.to_string_lossy().replace('\\', "/"), text));
        }
    }
}

/// The module names listed in a `pub static <name>` array of `file`, each found between
/// `before` and `after` (for example `widgets::` … `::DEF`).
fn listed(file: &str, name: &str, before: &str, after: &str) -> Vec<String> {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let Some(start) = text.find(&format!("pub static {name}")) else { return Vec::new() };
    let body = &text[start..];
    let body = &body[..body.find("];").unwrap_or(body.len())];
    body.split(before).skip(1).filter_map(|part| part.find(after).map(|j| part[..j].trim().to_string())).collect()
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
    let mut files = Vec::new();
    sources(Path::new("src/ui"), &mut files);
    // The second bundle's files: its chapters (`LATER`) and widgets (`MORE`). Their formulas go
    // in a table of their own, which only the second bundle links, so they never weigh on a
    // first visit. A formula also used by a file of the first bundle stays in the main table.
    let later = listed("src/ui/chapters/mod.rs", "LATER", "render: ", "::body");
    let more = listed("src/ui/registry.rs", "MORE", "widgets::", "::DEF");
    let in_more = |path: &str| {
        later.iter().any(|m| path.ends_with(&format!("src/ui/chapters/{m}.rs")))
            || more.iter().any(|m| path.ends_with(&format!("src/ui/widgets/{m}.rs")))
    };
    let (mut main_set, mut more_set) = (BTreeSet::new(), BTreeSet::new());
    for (path, text) in &files {
        formulas(text, if in_more(path) { &mut more_set } else { &mut main_set });
    }
    let more_set: BTreeSet<String> = more_set.difference(&main_set).cloned().collect();
    let conv = LatexToMathML::new(MathCoreConfig::default()).expect("math-core configuration");
    let mut out = String::new();
    for (name, set, what) in [("FORMULAS_MAIN", &main_set, "the first bundle's"), ("FORMULAS_MORE", &more_set, "the second bundle's")] {
        writeln!(out, "/// (LaTeX, block MathML, inline MathML) for {what} formulas.\npub static {name}: &[(&str, &str, &str)] = &[").unwrap();
        for tex in set {
            let convert = |display| match conv.convert_with_local_state(tex, display) {
                Ok(r) => r.mathml,
                Err(e) => panic!("formula {tex:?} does not convert: {e:?}"),
            };
            let (block, inline) = (convert(MathDisplay::Block), convert(MathDisplay::Inline));
            writeln!(out, "    ({tex:?}, {block:?}, {inline:?}),").unwrap();
        }
        out.push_str("];\n");
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("formulas.rs");
    std::fs::write(dest, out).unwrap();
}
