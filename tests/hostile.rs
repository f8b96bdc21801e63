//! The exhaustive hostile-parameter sweep, native: every value of the corpus
//! (tests/hostile-corpus.json, shared with the browser's sampled sweep) in every parameter of
//! every registered widget, through the parse path the page uses (`params::parse_widget`), both
//! as a URL query (percent-encoded, then decoded by `query_pairs`) and as a host page's `data-*`
//! attribute, one parameter at a time and all parameters at once. Each result is checked against
//! an oracle written here, apart from the parser: the value it must clamp to or fall back to, and
//! whether a notice is due.
//!
//! Coverage cannot shrink silently: every parameter must reach each outcome its kind has
//! (accepted, clamped low, clamped high, replaced by the default), or the test fails and names it.

use sgd_layers::catalog::ALL;
use sgd_layers::params::{GLOBAL_KEYS, Kind, Spec, Value, parse_widget, query_pairs, specs_json};
use std::collections::BTreeSet;

/// The shared corpus, long values expanded.
fn corpus() -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(include_str!("hostile-corpus.json")).expect("corpus is JSON");
    json["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            v => v["repeat"].as_str().expect("repeat").repeat(v["times"].as_u64().expect("times") as usize),
        })
        .collect()
}

/// The corpus plus the values a spec itself suggests: its bounds and default as written, just
/// outside its bounds, and its options in other cases.
fn values_for(spec: &Spec, corpus: &[String]) -> Vec<String> {
    let mut v = corpus.to_vec();
    match spec.kind {
        Kind::Float { min, max, default } => {
            let step = ((max - min) * 0.01).max(f64::EPSILON * max.abs().max(min.abs()).max(1.0) * 4.0);
            for x in [min, max, default, min - step, max + step, (min + max) / 2.0] {
                v.push(format!("{x}"));
            }
            v.push(format!(" {default}\t"));
        }
        Kind::Int { min, max, default } => {
            for x in [min as i128, max as i128, default as i128, min as i128 - 1, max as i128 + 1] {
                v.push(x.to_string());
            }
            v.push(format!("{default}.0"));
            v.push(format!("{default}.5"));
        }
        Kind::Choice { options, .. } => {
            for o in options {
                v.push(o.to_string());
                v.push(o.to_uppercase());
                v.push(format!(" {o} "));
                v.push(format!("{o}x"));
            }
        }
        Kind::Seed { default } => {
            v.push(default.to_string());
            v.push(format!("+{default}"));
            v.push(u64::MAX.to_string());
        }
    }
    v
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Accepted,
    Low,
    High,
    Default,
}

/// A plain decimal number as a reader would type it: digits with an optional sign, point and
/// exponent. Nothing else (no `inf`, `NaN`, `0x`, `1_000`, other scripts' digits).
fn plain(t: &str) -> bool {
    let b = t.strip_prefix(['+', '-']).unwrap_or(t);
    let (mant, exp) = match b.find(['e', 'E']) {
        Some(i) => (&b[..i], Some(&b[i + 1..])),
        None => (b, None),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    let mant_ok = digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty());
    let exp_ok = exp.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mant_ok && exp_ok
}

/// What the parser must make of `raw` for `spec`: the value, and how it got there.
fn oracle(spec: &Spec, raw: &str) -> (Value, Outcome) {
    let t = raw.trim();
    match spec.kind {
        Kind::Float { min, max, default } => {
            let x = if plain(t) { t.parse::<f64>().ok().filter(|x| x.is_finite()) } else { None };
            match x {
                None => (Value::Float(default), Outcome::Default),
                Some(x) if x < min => (Value::Float(min), Outcome::Low),
                Some(x) if x > max => (Value::Float(max), Outcome::High),
                Some(x) => (Value::Float(if x == 0.0 { 0.0 } else { x }), Outcome::Accepted),
            }
        }
        Kind::Int { min, max, default } => {
            // A run of digits is a whole number however long; otherwise a plain number that is
            // finite and whole (`64.0`, `1e3`).
            let b = t.strip_prefix('-').unwrap_or(t);
            let whole: Option<i128> = if !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit()) {
                Some(b.parse::<i128>().unwrap_or(i128::MAX) * if t.starts_with('-') { -1 } else { 1 })
            } else if plain(t) {
                t.parse::<f64>().ok().filter(|x| x.is_finite() && x.fract() == 0.0).map(|x| x.clamp(-1e30, 1e30) as i128)
            } else {
                None
            };
            match whole {
                None => (Value::Int(default), Outcome::Default),
                Some(x) if x < min as i128 => (Value::Int(min), Outcome::Low),
                Some(x) if x > max as i128 => (Value::Int(max), Outcome::High),
                Some(x) => (Value::Int(x as i64), Outcome::Accepted),
            }
        }
        Kind::Choice { options, default } => match options.iter().position(|o| o.eq_ignore_ascii_case(t)) {
            Some(i) => (Value::Choice(i), Outcome::Accepted),
            None => (Value::Choice(default), Outcome::Default),
        },
        Kind::Seed { default } => {
            let b = t.strip_prefix('+').unwrap_or(t);
            match b.parse::<u128>() {
                Ok(s) if !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit()) && s <= u64::MAX as u128 => (Value::Seed(s as u64), Outcome::Accepted),
                _ => (Value::Seed(default), Outcome::Default),
            }
        }
    }
}

/// `encodeURIComponent`, as a browser writes a link.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// How a browser hands a `data-*` attribute to the page: the HTML parser turns NUL into U+FFFD.
fn as_attribute(s: &str) -> String {
    s.replace('\0', "\u{FFFD}")
}

/// The notices about the value of `spec` ("<label> = …"; not a repeated-key one).
fn notices_for<'a>(notices: &'a [String], spec: &Spec) -> Vec<&'a String> {
    notices.iter().filter(|n| n.starts_with(&format!("{} = ", spec.label))).collect()
}

/// Check one parsed parameter against the oracle; the failure message names everything.
fn check(where_: &str, spec: &Spec, raw: &str, got: Option<Value>, notices: &[String]) -> Outcome {
    let (want, outcome) = oracle(spec, raw);
    let shown: String = raw.chars().take(30).collect();
    assert_eq!(got, Some(want), "{where_}: {}={shown:?}", spec.key);
    let mine = notices_for(notices, spec);
    assert_eq!(mine.len(), usize::from(outcome != Outcome::Accepted), "{where_}: {}={shown:?}: notices {mine:?}", spec.key);
    for n in mine {
        assert!(!n.chars().any(char::is_control), "{where_}: a notice with a control character: {n:?}");
        assert!(n.chars().count() <= 240, "{where_}: a notice of {} characters", n.chars().count());
    }
    match want {
        Value::Float(x) => assert!(x.is_finite(), "{where_}: {} is not finite", spec.key),
        Value::Int(_) | Value::Choice(_) | Value::Seed(_) => {}
    }
    outcome
}

#[test]
fn every_corpus_value_in_every_parameter_of_every_widget_is_clamped_or_replaced_with_a_notice() {
    let corpus = corpus();
    assert!(corpus.len() >= 60, "the corpus has {} values", corpus.len());
    for must in ["<script>", "onerror", "\u{0}", "1e999", "NaN"] {
        assert!(corpus.iter().any(|v| v.contains(must)), "the corpus has a value with {must:?}");
    }
    assert!(corpus.iter().any(|v| v.len() >= 10_240), "the corpus has a 10 kB value");

    let mut reached: Vec<(String, BTreeSet<Outcome>)> = Vec::new();
    let mut parses = 0usize;
    for w in ALL {
        for spec in w.specs {
            let mut seen = BTreeSet::new();
            for raw in values_for(spec, &corpus) {
                // By URL, alone (with the global keys a link carries).
                let q = format!("?widget={}&hide=&{}={}", w.id, spec.key, encode(&raw));
                let pairs = query_pairs(&q);
                assert_eq!(pairs[2].1, raw, "{}: the query decodes back to the value", w.id);
                let (parsed, _) = parse_widget(w.specs, &pairs);
                seen.insert(check(&format!("{} (URL)", w.id), spec, &raw, parsed.get(spec.key), &parsed.notices));
                // By embed attribute, alone.
                let attr = as_attribute(&raw);
                let (parsed, _) = parse_widget(w.specs, &[(spec.key.to_string(), attr.clone())]);
                check(&format!("{} (data-{})", w.id, spec.key), spec, &attr, parsed.get(spec.key), &parsed.notices);
                parses += 2;
            }
            reached.push((format!("{} {}", w.id, spec.key), seen));
        }
        // All parameters at once, each with the same hostile value, plus a repeat and unknown keys.
        for raw in &corpus {
            let mut q = format!("widget={}", w.id);
            for spec in w.specs {
                q.push_str(&format!("&{}={}", spec.key, encode(raw)));
            }
            q.push_str(&format!("&{}=1&{}=zzz&nonsense=1", encode(&raw.chars().take(40).collect::<String>()), w.specs[0].key));
            let (parsed, _) = parse_widget(w.specs, &query_pairs(&q));
            for spec in w.specs {
                check(&format!("{} (all at once)", w.id), spec, raw, parsed.get(spec.key), &parsed.notices);
            }
            assert!(parsed.notices.iter().any(|n| n.contains("more than once")), "{}: a repeated key is noticed", w.id);
            parses += 1;
        }
    }

    // Every parameter reached every outcome its kind has.
    let mut missing = Vec::new();
    for ((name, seen), spec) in reached.iter().zip(ALL.iter().flat_map(|w| w.specs.iter())) {
        let due: &[Outcome] = match spec.kind {
            Kind::Float { .. } | Kind::Int { .. } => &[Outcome::Accepted, Outcome::Low, Outcome::High, Outcome::Default],
            Kind::Choice { .. } | Kind::Seed { .. } => &[Outcome::Accepted, Outcome::Default],
        };
        for o in due {
            if !seen.contains(o) {
                missing.push(format!("{name}: {o:?}"));
            }
        }
    }
    assert!(missing.is_empty(), "the corpus does not reach these outcomes (add values to tests/hostile-corpus.json or values_for): {missing:?}");
    let params: usize = ALL.iter().map(|w| w.specs.len()).sum();
    assert_eq!(reached.len(), params, "every parameter of every widget was swept");
    assert!(parses > 20_000, "{parses} parses");
}

#[test]
fn the_browser_sample_sees_every_parameter_the_parser_knows() {
    // The browser suites walk `window.sgdLayers.widgets`, which is specs_json of each widget:
    // every key must be in it, so the sampled sweep reaches every parameter too.
    for w in ALL {
        let json: serde_json::Value = serde_json::from_str(&specs_json(w.specs)).expect("specs_json is JSON");
        let keys: Vec<&str> = json.as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
        assert_eq!(keys, w.specs.iter().map(|s| s.key).collect::<Vec<_>>(), "{}", w.id);
        for s in w.specs {
            assert!(!GLOBAL_KEYS.contains(&s.key), "{}: {} is also a global key", w.id, s.key);
        }
    }
}

#[test]
fn the_oracle_itself_tells_good_from_bad() {
    // The oracle is only as good as its own cases: a few by hand, per kind.
    let f = Spec { key: "lr", label: "α", kind: Kind::Float { min: 0.001, max: 2.5, default: 0.1 } };
    assert_eq!(oracle(&f, " 0.5 "), (Value::Float(0.5), Outcome::Accepted));
    assert_eq!(oracle(&f, ".5"), (Value::Float(0.5), Outcome::Accepted));
    assert_eq!(oracle(&f, "5."), (Value::Float(2.5), Outcome::High));
    assert_eq!(oracle(&f, "-1e308"), (Value::Float(0.001), Outcome::Low));
    for bad in ["inf", "NaN", "1e999", "0x10", "1_000", "١٢٣", "1,5", "", "e5", "1e"] {
        assert_eq!(oracle(&f, bad).1, Outcome::Default, "{bad:?}");
    }
    let i = Spec { key: "b", label: "B", kind: Kind::Int { min: 1, max: 200, default: 32 } };
    assert_eq!(oracle(&i, "64.0"), (Value::Int(64), Outcome::Accepted));
    assert_eq!(oracle(&i, "1e3"), (Value::Int(200), Outcome::High));
    assert_eq!(oracle(&i, "2.5"), (Value::Int(32), Outcome::Default));
    assert_eq!(oracle(&i, "-99999999999999999999999999"), (Value::Int(1), Outcome::Low));
    let s = Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 7 } };
    assert_eq!(oracle(&s, "18446744073709551615"), (Value::Seed(u64::MAX), Outcome::Accepted));
    assert_eq!(oracle(&s, "18446744073709551616").1, Outcome::Default);
    assert_eq!(oracle(&s, "-1").1, Outcome::Default);
    let c = Spec { key: "m", label: "Mode", kind: Kind::Choice { options: &["on", "off"], default: 0 } };
    assert_eq!(oracle(&c, " OFF "), (Value::Choice(1), Outcome::Accepted));
    assert_eq!(oracle(&c, "offx").1, Outcome::Default);
    assert!(plain("+1.5e-3") && !plain("1.2.3") && !plain("--1") && !plain("."));
}
