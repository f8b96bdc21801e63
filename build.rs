//! Renders every formula of the tutorial from LaTeX to MathML at build time, so the LaTeX
//! converter (math-core) does not ship in the wasm (it was about 50 KB of the gzipped first
//! load). It finds each `tex=r"…"` (or `tex="…"`) literal under `src/`, converts it in both
//! display modes, and writes a lookup table to `$OUT_DIR/formulas.rs`, which `src/mathml.rs`
//! includes. A formula that does not convert fails the build, naming the file.

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The Rust string literal at the start of `s` (raw `r#"…"#` or plain `"…"`), unescaped.
fn literal(s: &str) -> Option<String> {
    if let Some(rest) = s.strip_prefix('r') {
        let hashes = rest.chars().take_while(|&c| c == '#').count();
        let body = rest[hashes..].strip_prefix('"')?;
        let end = format!("\"{}", "#".repeat(hashes));
        return body.find(&end).map(|i| body[..i].to_string());
    }
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\n' => {
                    // A line continuation: skip the next line's leading whitespace.
                    let rest: String = chars.clone().collect();
                    let skip = rest.len() - rest.trim_start().len();
                    for _ in 0..rest[..skip].chars().count() {
                        chars.next();
                    }
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=build.rs");
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut formulas: Vec<String> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let mut rest = text.as_str();
        while let Some(i) = rest.find("tex=") {
            rest = &rest[i + 4..];
            if let Some(tex) = literal(rest.trim_start())
                && !formulas.contains(&tex)
            {
                formulas.push(tex);
            }
        }
    }
    let converter = LatexToMathML::new(MathCoreConfig::default()).expect("math-core configuration");
    let mut out = String::from("/// (LaTeX, inline MathML, block MathML) for every formula in the sources.\npub static FORMULAS: &[(&str, &str, &str)] = &[\n");
    for tex in &formulas {
        let render = |display| {
            converter
                .convert_with_local_state(tex, display)
                .unwrap_or_else(|e| panic!("formula {tex:?} does not convert to MathML: {e:?}"))
                .mathml
        };
        let (inline, block) = (render(MathDisplay::Inline), render(MathDisplay::Block));
        let _ = writeln!(out, "    ({tex:?}, {inline:?}, {block:?}),");
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("formulas.rs");
    std::fs::write(dest, out).expect("write formulas.rs");
}
