//! Native tests of URL / embed-attribute parameter parsing.

use sgd_layers::params::{Kind, Spec, Value, parse, parse_value, parse_widget, query_pairs, sanitize};

const SPECS: &[Spec] = &[
    Spec { key: "lr", label: "learning rate", kind: Kind::Float { min: 1e-4, max: 2.0, default: 0.1 } },
    Spec { key: "b", label: "batch size", kind: Kind::Int { min: 1, max: 200, default: 32 } },
    Spec { key: "opt", label: "optimizer", kind: Kind::Choice { options: &["sgd", "adam"], default: 0 } },
    Spec { key: "seed", label: "seed", kind: Kind::Seed { default: 1 } },
];

fn p(q: &str) -> sgd_layers::params::Parsed {
    parse(SPECS, &query_pairs(q))
}

#[test]
fn good_values_pass_without_notice() {
    let r = p("?widget=x&lr=0.3&b=8&opt=ADAM&seed=18446744073709551615");
    assert_eq!(r.notices, Vec::<String>::new());
    assert_eq!(r.get("lr"), Some(Value::Float(0.3)));
    assert_eq!(r.int("b"), 8);
    assert_eq!(r.choice("opt"), 1);
    assert_eq!(r.seed("seed"), u64::MAX);
}

#[test]
fn defaults_when_absent() {
    let r = p("");
    assert_eq!(r.f64("lr"), 0.1);
    assert_eq!(r.int("b"), 32);
    assert!(r.notices.is_empty());
}

#[test]
fn hostile_values_are_clamped_or_ignored_with_a_notice() {
    let cases = [
        ("lr=NaN", 0.1),
        ("lr=inf", 0.1),
        ("lr=-Infinity", 0.1),
        ("lr=1e999", 0.1),
        ("lr=", 0.1),
        ("lr=5", 2.0),
        ("lr=-0.5", 1e-4),
        ("lr=%3Cscript%3E", 0.1),
        ("lr=0x10", 0.1),
        ("lr=%E2%88%9E", 0.1),
    ];
    for (q, want) in cases {
        let r = p(q);
        assert_eq!(r.f64("lr"), want, "{q}");
        assert_eq!(r.notices.len(), 1, "{q}: {:?}", r.notices);
    }
    let r = p("b=99999999999999999999999");
    assert_eq!((r.int("b"), r.notices.len()), (200, 1));
    let r = p("b=-99999999999999999999999");
    assert_eq!((r.int("b"), r.notices.len()), (1, 1));
    let r = p("b=2.5");
    assert_eq!((r.int("b"), r.notices.len()), (32, 1));
    let r = p("b=64.0");
    assert_eq!((r.int("b"), r.notices.len()), (64, 0));
    let r = p("seed=-1");
    assert_eq!((r.seed("seed"), r.notices.len()), (1, 1));
    let r = p("opt=rmsprop");
    assert_eq!((r.choice("opt"), r.notices.len()), (0, 1));
}

#[test]
fn negative_zero_is_plain_zero() {
    let spec = Spec { key: "x", label: "x", kind: Kind::Float { min: -1.0, max: 1.0, default: 0.5 } };
    let Ok(Value::Float(v)) = parse_value(&spec, "-0") else { panic!() };
    assert!(v == 0.0 && v.is_sign_positive());
}

#[test]
fn unknown_and_repeated_keys_are_reported() {
    let r = p("lr=0.2&lr=0.9&zzz=1");
    assert_eq!(r.f64("lr"), 0.2);
    assert_eq!(r.notices.len(), 2, "{:?}", r.notices);
    // Hundreds of unknown keys give a bounded number of notices.
    let q: String = (0..500).map(|i| format!("k{i}=1&")).collect();
    assert!(p(&q).notices.len() <= 20);
}

#[test]
fn notices_never_carry_long_or_control_text() {
    let long = "A".repeat(10_000);
    let r = p(&format!("lr={long}"));
    assert!(r.notices[0].chars().count() < 120);
    assert_eq!(sanitize("a\u{0}b\nc"), "abc");
    let r = p("%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E=1");
    assert_eq!(r.notices.len(), 1);
    // The notice carries the text as text; the UI escapes it (Leptos text nodes).
    assert!(r.notices[0].contains("<img"));
}

#[test]
fn query_decoding() {
    assert_eq!(query_pairs("?a=1+2&b=%41%zz&c"), vec![
        ("a".into(), "1 2".into()),
        ("b".into(), "A%zz".into()),
        ("c".into(), "".into()),
    ]);
    assert_eq!(query_pairs("x=%"), vec![("x".into(), "%".into())]);
    assert_eq!(query_pairs("x=%4"), vec![("x".into(), "%4".into())]);
}

#[test]
fn specs_serialise_to_json_for_harnesses() {
    let j = sgd_layers::params::specs_json(SPECS);
    assert!(j.starts_with("[{\"key\":\"lr\",\"label\":\"learning rate\",\"kind\":\"float\",\"min\":0.0001,\"max\":2,\"default\":0.1}"), "{j}");
    assert!(j.contains("\"kind\":\"choice\",\"options\":[\"sgd\",\"adam\"],\"default\":\"sgd\""));
    assert!(j.contains("\"kind\":\"seed\",\"default\":\"1\""));
    assert!(j.ends_with("}]"));
}

#[test]
fn batch_lists_are_parsed_clamped_and_explained() {
    use sgd_layers::params::parse_batch_list;
    let d = [1, 8, 32];
    assert_eq!(parse_batch_list("1, 8, 32, 128, 200", 200, 6, &d), (vec![1, 8, 32, 128, 200], vec![]));
    assert_eq!(parse_batch_list("32 8;1 N", 200, 6, &d).0, vec![1, 8, 32, 200]);
    let (v, notes) = parse_batch_list("0, 5000, 2.5, x, 8, 8", 200, 6, &d);
    assert_eq!(v, vec![1, 3, 8, 200]);
    assert_eq!(notes.len(), 4, "{notes:?}");
    let (v, notes) = parse_batch_list("1 2 3 4 5 6 7 8", 200, 6, &d);
    assert_eq!((v.len(), notes.len()), (6, 1));
    let (v, notes) = parse_batch_list(" , NaN inf", 200, 6, &d);
    assert_eq!(v, d.to_vec());
    assert_eq!(notes.len(), 3);
    assert!(notes.iter().all(|n| n.chars().count() < 90));
}

#[test]
fn parse_widget_reads_values_and_hide_with_one_list_of_notices() {
    let (parsed, hide) = parse_widget(SPECS, &query_pairs("?widget=x&lr=5&hide=Controls,b,bogus&hide=title&b=8"));
    // The values are what `parse` gives; `hide` keeps known words and parameter names, in
    // order, lowercased; its notices follow the values' notices.
    assert_eq!(parsed.values, parse(SPECS, &query_pairs("?lr=5&b=8")).values);
    assert_eq!(hide, ["controls", "b", "title"]);
    assert_eq!(parsed.notices.len(), 2, "{:?}", parsed.notices);
    assert!(parsed.notices[0].starts_with("learning rate = 5 is out of range"), "{:?}", parsed.notices);
    assert!(parsed.notices[1].starts_with("hide = “bogus”"), "{:?}", parsed.notices);
    // Nothing to say about a clean query.
    let (clean, none) = parse_widget(SPECS, &query_pairs("?lr=0.3"));
    assert!(clean.notices.is_empty() && none.is_empty(), "{:?}", clean.notices);
    assert_eq!(clean.f64("lr"), 0.3);
}
