//! Every parameter of every registered widget, walked natively: the catalog's ids, specs and
//! defaults are sane, and each widget's defaults (and bounds) survive a trip through a URL by
//! the same parse the browser uses.

use sgd_layers::catalog::{ALL, Bundle, WidgetInfo, info};
use sgd_layers::params::{GLOBAL_KEYS, HIDE_WORDS, Kind, Spec, Value, default_value, parse_widget, value_text};

#[test]
fn ids_are_unique_url_safe_and_found_by_info() {
    assert!(ALL.len() >= 29, "the tutorial's 29 widgets at least");
    for (i, w) in ALL.iter().enumerate() {
        assert!(!w.id.is_empty() && w.id.bytes().all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'-')), "id {:?}", w.id);
        assert!(ALL[..i].iter().all(|o| o.id != w.id), "id {} twice", w.id);
        assert!(!w.title.trim().is_empty(), "{} has no title", w.id);
        assert_eq!(info(w.id).map(|i| (i.id, i.title, i.bundle)), Some((w.id, w.title, w.bundle)));
    }
    assert!(info("no-such-widget").is_none());
    // Only the card deck has no play bar.
    let still: Vec<&str> = ALL.iter().filter(|w| !w.player).map(|w| w.id).collect();
    assert_eq!(still, ["practice"]);
}

#[test]
fn every_spec_is_well_formed() {
    for w in ALL {
        assert!(!w.specs.is_empty(), "{} has no parameters", w.id);
        for (i, s) in w.specs.iter().enumerate() {
            let at = format!("{}.{}", w.id, s.key);
            assert!(w.specs[..i].iter().all(|o| o.key != s.key), "{at}: key twice");
            assert!(!GLOBAL_KEYS.contains(&s.key), "{at}: a global key");
            assert!(!HIDE_WORDS.contains(&s.key), "{at}: a hide word");
            assert!(!s.key.is_empty() && !s.label.trim().is_empty(), "{at}: empty key or label");
            match s.kind {
                Kind::Float { min, max, default } => {
                    assert!(min.is_finite() && max.is_finite() && default.is_finite(), "{at}: not finite");
                    assert!(min <= default && default <= max, "{at}: {min} ≤ {default} ≤ {max} fails");
                }
                Kind::Int { min, max, default } => assert!(min <= default && default <= max, "{at}: {min} ≤ {default} ≤ {max} fails"),
                Kind::Choice { options, default } => {
                    assert!(default < options.len(), "{at}: default {default} of {} options", options.len());
                    for (j, o) in options.iter().enumerate() {
                        assert!(!o.is_empty(), "{at}: empty option");
                        assert!(options[..j].iter().all(|p| !p.eq_ignore_ascii_case(o)), "{at}: option {o} twice");
                    }
                }
                Kind::Seed { .. } => {}
            }
        }
    }
}

/// Write `values` as a URL would (`value_text`), parse them back with `parse_widget`.
fn round_trip(w: &WidgetInfo, values: &[(&'static str, Value)]) {
    let mut pairs = vec![("widget".to_string(), w.id.to_string())];
    for (spec, (_, v)) in w.specs.iter().zip(values) {
        pairs.push((spec.key.to_string(), value_text(spec, *v)));
    }
    let (parsed, hide) = parse_widget(w.specs, &pairs);
    assert!(parsed.notices.is_empty(), "{}: {:?} from {pairs:?}", w.id, parsed.notices);
    assert!(hide.is_empty());
    assert_eq!(parsed.values, values, "{}: {pairs:?}", w.id);
}

/// Each spec's value as `pick` chooses it: its default, its lowest ([`low`]) or highest ([`high`]).
fn values(specs: &[Spec], pick: fn(&Spec) -> Value) -> Vec<(&'static str, Value)> {
    specs.iter().map(|s| (s.key, pick(s))).collect()
}

fn low(s: &Spec) -> Value {
    match s.kind {
        Kind::Float { min, .. } => Value::Float(min),
        Kind::Int { min, .. } => Value::Int(min),
        Kind::Choice { .. } => Value::Choice(0),
        Kind::Seed { .. } => Value::Seed(0),
    }
}

fn high(s: &Spec) -> Value {
    match s.kind {
        Kind::Float { max, .. } => Value::Float(max),
        Kind::Int { max, .. } => Value::Int(max),
        Kind::Choice { options, .. } => Value::Choice(options.len() - 1),
        Kind::Seed { .. } => Value::Seed(u64::MAX),
    }
}

#[test]
fn defaults_and_bounds_round_trip_through_a_url_without_notice() {
    for w in ALL {
        round_trip(w, &values(w.specs, default_value));
        round_trip(w, &values(w.specs, low));
        round_trip(w, &values(w.specs, high));
        // No parameters at all: the defaults, silently.
        let (parsed, _) = parse_widget(w.specs, &[]);
        assert!(parsed.notices.is_empty(), "{}: {:?}", w.id, parsed.notices);
        assert_eq!(parsed.values, values(w.specs, default_value), "{}", w.id);
    }
}

/// The module names in a `pub static <name>` array of registry.rs (as build.rs reads them).
fn listed(text: &str, name: &str) -> Vec<String> {
    let start = text.find(&format!("pub static {name}:")).unwrap_or_else(|| panic!("no {name} in registry.rs"));
    let body = &text[start..];
    let body = &body[..body.find("];").unwrap()];
    body.split("widgets::").skip(1).map(|part| part[..part.find("::DEF").unwrap()].trim().to_string()).collect()
}

#[test]
fn each_bundle_renders_the_widgets_the_catalog_gives_it() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui/registry.rs")).unwrap();
    for (name, bundle) in [("MAIN", Bundle::Main), ("MORE", Bundle::More), ("ADAPTIVE", Bundle::Adaptive), ("BEYOND", Bundle::Beyond)] {
        // Module names are the ids with `_` for `-`.
        let rendered: Vec<String> = listed(&text, name).iter().map(|m| m.replace('_', "-")).collect();
        let given: Vec<&str> = ALL.iter().filter(|w| w.bundle == bundle).map(|w| w.id).collect();
        assert_eq!(rendered, given, "{name}");
    }
}
