//! Converts every formula in the chapters and widgets (`tex=r"…"` in `src/ui`) from LaTeX to
//! MathML at build time, so the page ships finished MathML and no TeX parser. Each later
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
    // Each later bundle's files: its chapters (`<NAME>_CHAPTERS` in chapters/mod.rs) and widgets
    // (`<NAME>` in registry.rs). Their formulas go in a table of their own, which only that
    // bundle links, so they never weigh on a first visit. A formula also used by a file of the
    // main bundle stays in the main table.
    let later = ["MORE", "ADAPTIVE", "BEYOND"];
    let owner = |path: &str| {
        later.iter().position(|name| {
            listed("src/ui/chapters/mod.rs", &format!("{name}_CHAPTERS"), "render: ", "::body")
                .iter()
                .any(|m| path.ends_with(&format!("src/ui/chapters/{m}.rs")))
                || listed("src/ui/registry.rs", name, "widgets::", "::DEF").iter().any(|m| path.ends_with(&format!("src/ui/widgets/{m}.rs")))
        })
    };
    let mut main_set = BTreeSet::new();
    let mut later_sets = vec![BTreeSet::new(); later.len()];
    for (path, text) in &files {
        formulas(text, owner(path).map_or(&mut main_set, |i| &mut later_sets[i]));
    }
    let mut tables = vec![("FORMULAS_MAIN".to_string(), main_set.clone())];
    for (name, set) in later.iter().zip(later_sets) {
        tables.push((format!("FORMULAS_{name}"), set.difference(&main_set).cloned().collect()));
    }
    let conv = LatexToMathML::new(MathCoreConfig::default()).expect("math-core configuration");
    let mut out = String::new();
    for (name, set) in &tables {
        writeln!(out, "/// (LaTeX, block MathML, inline MathML) of a bundle's formulas.\npub static {name}: &[(&str, &str, &str)] = &[").unwrap();
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
