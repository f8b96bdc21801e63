//! Widget parameters from a URL query or a host page's `data-*` attributes.
//!
//! Pure functions (no web imports), tested natively. Every malformed, out-of-range, repeated or
//! unknown value gives a clamped or default value *and* a notice for the reader; nothing panics.

/// The type and range of one parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    /// A real number in [min, max].
    Float { min: f64, max: f64, default: f64 },
    /// An integer in [min, max].
    Int { min: i64, max: i64, default: i64 },
    /// One of a fixed list of words.
    Choice { options: &'static [&'static str], default: usize },
    /// A seed: any unsigned 64-bit integer.
    Seed { default: u64 },
}

/// One parameter of a widget.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spec {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

/// A parsed value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Float(f64),
    Int(i64),
    Choice(usize),
    Seed(u64),
}

impl Value {
    pub fn as_f64(self) -> f64 {
        match self {
            Value::Float(v) => v,
            Value::Int(v) => v as f64,
            Value::Choice(i) => i as f64,
            Value::Seed(s) => s as f64,
        }
    }
}

/// Keys every widget understands besides its own parameters.
pub const GLOBAL_KEYS: &[&str] = &["widget", "hide", "theme"];

/// Parsed parameters with the notices to show.
#[derive(Clone, Debug, PartialEq)]
pub struct Parsed {
    pub values: Vec<(&'static str, Value)>,
    pub notices: Vec<String>,
}

impl Parsed {
    pub fn get(&self, key: &str) -> Option<Value> {
        self.values.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }
    pub fn f64(&self, key: &str) -> f64 {
        self.get(key).map(Value::as_f64).unwrap_or(0.0)
    }
    pub fn int(&self, key: &str) -> i64 {
        match self.get(key) {
            Some(Value::Int(v)) => v,
            Some(v) => v.as_f64() as i64,
            None => 0,
        }
    }
    pub fn seed(&self, key: &str) -> u64 {
        match self.get(key) {
            Some(Value::Seed(s)) => s,
            _ => 0,
        }
    }
    pub fn choice(&self, key: &str) -> usize {
        match self.get(key) {
            Some(Value::Choice(i)) => i,
            _ => 0,
        }
    }
}

/// Make untrusted text safe and short for a notice: printable characters only, at most 24.
pub fn sanitize(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).take(24).collect();
    if s.chars().count() > 24 { format!("{clean}…") } else { clean }
}

/// The default value of a spec.
pub fn default_value(spec: &Spec) -> Value {
    match spec.kind {
        Kind::Float { default, .. } => Value::Float(default),
        Kind::Int { default, .. } => Value::Int(default),
        Kind::Choice { default, .. } => Value::Choice(default),
        Kind::Seed { default } => Value::Seed(default),
    }
}

/// Parse one raw value against a spec: `Ok` if accepted as is, `Err((value, notice))` if it was
/// clamped or replaced by the default.
pub fn parse_value(spec: &Spec, raw: &str) -> Result<Value, (Value, String)> {
    let raw_t = raw.trim();
    let shown = sanitize(raw);
    match spec.kind {
        Kind::Float { min, max, default } => match raw_t.parse::<f64>() {
            Ok(v) if v.is_finite() => {
                if v < min || v > max {
                    let c = v.clamp(min, max);
                    Err((Value::Float(c), format!("{} = {shown} is out of range [{min}, {max}]; using {c}.", spec.label)))
                } else {
                    Ok(Value::Float(if v == 0.0 { 0.0 } else { v }))
                }
            }
            _ => Err((Value::Float(default), format!("{} = “{shown}” is not a finite number; using {default}.", spec.label))),
        },
        Kind::Int { min, max, default } => {
            let parsed = raw_t.parse::<i64>().ok().or_else(|| {
                raw_t.parse::<f64>().ok().filter(|v| v.is_finite() && v.fract() == 0.0).map(|v| v.clamp(i64::MIN as f64, i64::MAX as f64) as i64)
            });
            match parsed {
                Some(v) if v < min || v > max => {
                    let c = v.clamp(min, max);
                    Err((Value::Int(c), format!("{} = {shown} is out of range [{min}, {max}]; using {c}.", spec.label)))
                }
                Some(v) => Ok(Value::Int(v)),
                None => {
                    // A huge integer beyond i64 is still out of range, not malformed.
                    let digits = raw_t.strip_prefix('-').unwrap_or(raw_t);
                    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                        let c = if raw_t.starts_with('-') { min } else { max };
                        Err((Value::Int(c), format!("{} = {shown} is out of range [{min}, {max}]; using {c}.", spec.label)))
                    } else {
                        Err((Value::Int(default), format!("{} = “{shown}” is not a whole number; using {default}.", spec.label)))
                    }
                }
            }
        }
        Kind::Choice { options, default } => match options.iter().position(|o| o.eq_ignore_ascii_case(raw_t)) {
            Some(i) => Ok(Value::Choice(i)),
            None => Err((
                Value::Choice(default),
                format!("{} = “{shown}” is not one of {}; using {}.", spec.label, options.join(", "), options[default]),
            )),
        },
        Kind::Seed { default } => match raw_t.parse::<u64>() {
            Ok(v) => Ok(Value::Seed(v)),
            Err(_) => Err((Value::Seed(default), format!("{} = “{shown}” is not a seed (0 to 2⁶⁴−1); using {default}.", spec.label))),
        },
    }
}

/// Parse `pairs` (URL query pairs or `data-*` attributes, already percent-decoded) against the
/// widget's specs. Unknown keys and repeats are reported; the first occurrence of a key wins.
pub fn parse(specs: &[Spec], pairs: &[(String, String)]) -> Parsed {
    let mut values: Vec<(&'static str, Value)> = specs.iter().map(|s| (s.key, default_value(s))).collect();
    let mut notices = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (k, v) in pairs {
        let key = k.trim();
        if GLOBAL_KEYS.contains(&key) {
            continue;
        }
        let Some(spec) = specs.iter().find(|s| s.key == key) else {
            if notices.len() < 20 {
                notices.push(format!("Unknown parameter “{}” ignored.", sanitize(key)));
            }
            continue;
        };
        if seen.contains(&spec.key) {
            notices.push(format!("{} given more than once; using the first value.", spec.label));
            continue;
        }
        seen.push(spec.key);
        let value = match parse_value(spec, v) {
            Ok(v) => v,
            Err((v, notice)) => {
                notices.push(notice);
                v
            }
        };
        if let Some(slot) = values.iter_mut().find(|(k, _)| *k == spec.key) {
            slot.1 = value;
        }
    }
    notices.dedup();
    Parsed { values, notices }
}

/// Clamp a value coming from a control (slider, number box) into its spec's range; `None` if it
/// had to change. Controls use it so a typed value obeys the same rules as a URL.
pub fn clamp_f64(spec: &Spec, v: f64) -> (f64, Option<String>) {
    match parse_value(spec, &format!("{v}")) {
        Ok(val) => (val.as_f64(), None),
        Err((val, notice)) => (val.as_f64(), Some(notice)),
    }
}

/// Split a query string (`?a=1&b=2`) into decoded pairs. `+` is a space; invalid percent
/// escapes are kept literally.
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    let q = query.strip_prefix('?').unwrap_or(query);
    q.split('&')
        .filter(|s| !s.is_empty())
        .take(200)
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_num(v: f64) -> String {
    if v.is_finite() { format!("{v}") } else { "null".into() }
}

/// A widget's parameter specs as JSON, for test harnesses that walk every widget:
/// `[{"key":…,"label":…,"kind":"float","min":…,"max":…,"default":…}, …]`.
pub fn specs_json(specs: &[Spec]) -> String {
    let items: Vec<String> = specs
        .iter()
        .map(|s| {
            let head = format!("\"key\":{},\"label\":{}", json_str(s.key), json_str(s.label));
            match s.kind {
                Kind::Float { min, max, default } => format!(
                    "{{{head},\"kind\":\"float\",\"min\":{},\"max\":{},\"default\":{}}}",
                    json_num(min),
                    json_num(max),
                    json_num(default)
                ),
                Kind::Int { min, max, default } => {
                    format!("{{{head},\"kind\":\"int\",\"min\":{min},\"max\":{max},\"default\":{default}}}")
                }
                Kind::Choice { options, default } => format!(
                    "{{{head},\"kind\":\"choice\",\"options\":[{}],\"default\":{}}}",
                    options.iter().map(|o| json_str(o)).collect::<Vec<_>>().join(","),
                    json_str(options[default])
                ),
                Kind::Seed { default } => format!("{{{head},\"kind\":\"seed\",\"default\":\"{default}\"}}"),
            }
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// A list of batch sizes typed by a reader ("1, 8, 32, 128, 200"): whole numbers separated by
/// commas or spaces, each clamped to 1..=n, duplicates dropped, sorted, at most `max_len`.
/// Anything dropped or changed gives a notice. An empty result falls back to `fallback`.
pub fn parse_batch_list(text: &str, n: usize, max_len: usize, fallback: &[usize]) -> (Vec<usize>, Vec<String>) {
    let mut out: Vec<usize> = Vec::new();
    let mut notices = Vec::new();
    for tok in text.split(|c: char| c == ',' || c == ';' || c.is_whitespace()).filter(|t| !t.is_empty()) {
        let value = if tok.eq_ignore_ascii_case("n") || tok.eq_ignore_ascii_case("all") {
            Some(n as f64)
        } else {
            tok.parse::<f64>().ok().filter(|v| v.is_finite())
        };
        match value {
            Some(v) => {
                let b = v.round().clamp(1.0, n as f64) as usize;
                if v.fract() != 0.0 || v < 1.0 || v > n as f64 {
                    notices.push(format!("Batch size {} is not a whole number in 1..{n}; using {b}.", sanitize(tok)));
                }
                if !out.contains(&b) {
                    out.push(b);
                }
            }
            None => notices.push(format!("“{}” is not a batch size; ignored.", sanitize(tok))),
        }
    }
    out.sort_unstable();
    if out.len() > max_len {
        notices.push(format!("At most {max_len} batch sizes; kept the first {max_len}."));
        out.truncate(max_len);
    }
    if out.is_empty() {
        notices.push("No batch sizes given; using the defaults.".to_string());
        out = fallback.to_vec();
    }
    (out, notices)
}

/// What a control holds now, for a link that reproduces the widget (see [`field_text`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Field {
    /// A slider or number.
    Num(f64),
    /// A checkbox.
    On(bool),
    /// A select: the index of the chosen option, and its value if it is a number.
    Index(usize, Option<f64>),
    /// A seed.
    Seed(u64),
}

/// A parameter's value as it is written in a URL: the shortest text that parses back to the
/// same value (`parse_value(spec, &text) == Ok(v)` for any in-range value).
pub fn value_text(spec: &Spec, v: Value) -> String {
    match (spec.kind, v) {
        (Kind::Choice { options, .. }, Value::Choice(i)) => options.get(i).unwrap_or(&options[0]).to_string(),
        (Kind::Int { .. }, v) => format!("{}", v.as_f64().round() as i64),
        (_, Value::Seed(s)) => s.to_string(),
        (_, v) => format!("{}", v.as_f64()),
    }
}

/// The value a control holds, for `spec` (`None` if the control cannot say, for example a NaN).
/// A checkbox on a choice of words is "on"/"yes"/"show" (or the second option) when checked.
pub fn field_value(spec: &Spec, f: Field) -> Option<Value> {
    let v = match (spec.kind, f) {
        (Kind::Float { .. }, Field::Num(x) | Field::Index(_, Some(x))) => Value::Float(x),
        (Kind::Int { .. }, Field::Num(x) | Field::Index(_, Some(x))) => Value::Int(x.round() as i64),
        (Kind::Seed { .. }, Field::Seed(s)) => Value::Seed(s),
        (Kind::Seed { .. }, Field::Num(x)) if x >= 0.0 => Value::Seed(x as u64),
        (Kind::Choice { options, .. }, Field::Index(i, _)) if i < options.len() => Value::Choice(i),
        (Kind::Choice { options, .. }, Field::Num(x)) if x >= 0.0 && (x as usize) < options.len() => Value::Choice(x as usize),
        (Kind::Choice { options, .. }, Field::On(b)) => {
            let yes = options.iter().position(|o| matches!(*o, "on" | "yes" | "show" | "true")).unwrap_or(1.min(options.len() - 1));
            let no = options.iter().position(|o| matches!(*o, "off" | "no" | "hide" | "false")).unwrap_or(0);
            Value::Choice(if b { yes } else { no })
        }
        _ => return None,
    };
    match v {
        Value::Float(x) if !x.is_finite() => None,
        v => Some(v),
    }
}

/// The query (without `?`) that opens widget `id` alone with `values`, in spec order, plus any
/// `extra` global pairs (for example `hide`). Values are plain numbers and option words; any
/// other character is percent-encoded.
pub fn share_query(id: &str, specs: &[Spec], values: &[(&str, Value)], extra: &[(&str, String)]) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b',' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let mut out = format!("widget={}", enc(id));
    for spec in specs {
        if let Some((_, v)) = values.iter().find(|(k, _)| *k == spec.key) {
            out.push_str(&format!("&{}={}", enc(spec.key), enc(&value_text(spec, *v))));
        }
    }
    for (k, v) in extra {
        out.push_str(&format!("&{}={}", enc(k), enc(v)));
    }
    out
}

/// Words `hide=` understands besides a widget's own parameter names.
pub const HIDE_WORDS: &[&str] = &["controls", "title", "playbar", "tools"];

/// The `hide` list of a widget (comma- or space-separated): known words and parameter names,
/// with a notice for anything else.
pub fn parse_hide(specs: &[Spec], pairs: &[(String, String)]) -> (Vec<String>, Vec<String>) {
    let mut hide = Vec::new();
    let mut notices = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k.trim() == "hide") {
        for word in v.split([',', ' ']).map(str::trim).filter(|w| !w.is_empty()) {
            let w = word.to_ascii_lowercase();
            if HIDE_WORDS.contains(&w.as_str()) || specs.iter().any(|s| s.key == w) {
                if !hide.contains(&w) {
                    hide.push(w);
                }
            } else if notices.len() < 5 {
                let keys: Vec<&str> = HIDE_WORDS.iter().copied().chain(specs.iter().map(|s| s.key)).collect();
                notices.push(format!("hide = “{}” is not something this widget can hide ({}); ignored.", sanitize(word), keys.join(", ")));
            }
        }
    }
    (hide, notices)
}

/// Everything a widget reads from `pairs`: its values ([`parse`]) and its `hide` list
/// ([`parse_hide`]), whose notices join the values' notices. The browser renders every widget
/// through this, so a native test of it tests that path.
pub fn parse_widget(specs: &[Spec], pairs: &[(String, String)]) -> (Parsed, Vec<String>) {
    let mut parsed = parse(specs, pairs);
    let (hide, notices) = parse_hide(specs, pairs);
    parsed.notices.extend(notices);
    (parsed, hide)
}

#[cfg(test)]
mod share_tests {
    use super::*;

    const SPECS: &[Spec] = &[
        Spec { key: "lr", label: "α", kind: Kind::Float { min: 0.0001, max: 1.0, default: 0.1 } },
        Spec { key: "steps", label: "Steps", kind: Kind::Int { min: 1, max: 500, default: 100 } },
        Spec { key: "show", label: "Show", kind: Kind::Choice { options: &["on", "off"], default: 0 } },
        Spec { key: "x", label: "x axis", kind: Kind::Choice { options: &["steps", "examples"], default: 0 } },
        Spec { key: "seed", label: "Seed", kind: Kind::Seed { default: 7 } },
    ];

    #[test]
    fn every_value_written_for_a_link_parses_back_to_itself() {
        for lr in [0.0001, 0.1, 0.123456789012345, 1.0 / 3.0, 1.0] {
            let text = value_text(&SPECS[0], Value::Float(lr));
            assert_eq!(parse_value(&SPECS[0], &text), Ok(Value::Float(lr)), "{text}");
        }
        assert_eq!(value_text(&SPECS[1], Value::Int(250)), "250");
        assert_eq!(value_text(&SPECS[3], Value::Choice(1)), "examples");
        assert_eq!(parse_value(&SPECS[4], &value_text(&SPECS[4], Value::Seed(u64::MAX))), Ok(Value::Seed(u64::MAX)));
    }

    #[test]
    fn controls_map_onto_their_specs() {
        assert_eq!(field_value(&SPECS[0], Field::Num(0.25)), Some(Value::Float(0.25)));
        assert_eq!(field_value(&SPECS[0], Field::Num(f64::NAN)), None);
        assert_eq!(field_value(&SPECS[1], Field::Num(99.6)), Some(Value::Int(100)));
        assert_eq!(field_value(&SPECS[1], Field::Index(2, Some(25.0))), Some(Value::Int(25)));
        // A checkbox: checked is "on" whichever position "on" has.
        assert_eq!(field_value(&SPECS[2], Field::On(true)), Some(Value::Choice(0)));
        assert_eq!(field_value(&SPECS[2], Field::On(false)), Some(Value::Choice(1)));
        // Words without on/off: checked is the second option.
        assert_eq!(field_value(&SPECS[3], Field::On(true)), Some(Value::Choice(1)));
        assert_eq!(field_value(&SPECS[3], Field::Index(1, None)), Some(Value::Choice(1)));
        assert_eq!(field_value(&SPECS[3], Field::Index(5, None)), None);
        assert_eq!(field_value(&SPECS[4], Field::Seed(42)), Some(Value::Seed(42)));
        assert_eq!(field_value(&SPECS[4], Field::On(true)), None);
    }

    #[test]
    fn a_share_query_round_trips_through_parse() {
        let values = [("lr", Value::Float(0.037)), ("steps", Value::Int(42)), ("show", Value::Choice(1)), ("x", Value::Choice(1)), ("seed", Value::Seed(123456))];
        let q = share_query("my-widget", SPECS, &values, &[("hide", "controls,title".to_string())]);
        assert_eq!(q, "widget=my-widget&lr=0.037&steps=42&show=off&x=examples&seed=123456&hide=controls,title");
        let parsed = parse(SPECS, &query_pairs(&q));
        assert!(parsed.notices.is_empty(), "{:?}", parsed.notices);
        for (k, v) in values {
            assert_eq!(parsed.get(k), Some(v), "{k}");
        }
        assert_eq!(share_query("a b", &[], &[], &[]), "widget=a%20b");
    }

    #[test]
    fn hide_takes_known_words_and_parameter_names_and_reports_the_rest() {
        let pairs = vec![("hide".to_string(), "Controls, lr title bogus,<b>".to_string())];
        let (hide, notices) = parse_hide(SPECS, &pairs);
        assert_eq!(hide, vec!["controls", "lr", "title"]);
        assert_eq!(notices.len(), 2);
        assert!(notices[0].contains("bogus"), "{notices:?}");
        assert!(parse_hide(SPECS, &[]).0.is_empty());
    }
}
