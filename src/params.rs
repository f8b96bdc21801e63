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
