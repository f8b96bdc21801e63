// A corpus of hostile parameter values, and what the parser must make of them. The corpus is
// tests/hostile-corpus.json, shared with the native sweep (tests/hostile.rs), which feeds every
// value to every parameter of every widget; the browser suites load each widget with a sample.
import fs from 'node:fs';

const corpus = JSON.parse(fs.readFileSync(new URL('../hostile-corpus.json', import.meta.url), 'utf8'));
export const HOSTILE = corpus.values.map((v) => (typeof v === 'string' ? v : v.repeat.repeat(v.times)));

/** Always in a sample: a script tag, an onerror attribute, and a 10 kB value. */
export const ALWAYS = ['<script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=1">', 'A'.repeat(10240)];
for (const v of ALWAYS) if (!HOSTILE.includes(v)) throw new Error(`hostile corpus lacks ${v.slice(0, 30)}`);

/**
 * The values for one load of a widget with these `params`: the ALWAYS values first (every load
 * has them, in its first parameters), then the corpus in turn from a place that moves with
 * `round`, so successive loads (one per widget) walk through the whole corpus.
 */
export function sample(params, round) {
  const rest = HOSTILE.filter((v) => !ALWAYS.includes(v));
  return params.map((_, i) => (i < ALWAYS.length ? ALWAYS[(i + round) % ALWAYS.length] : rest[(round * 5 + i - ALWAYS.length) % rest.length]));
}

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Whether `raw` is a clean value for `spec` (so no notice is due), mirroring the Rust parser. */
export function acceptable(spec, raw) {
  const v = raw.trim();
  switch (spec.kind) {
    case 'float': {
      if (!PLAIN.test(v)) return false;
      const x = Number(v);
      return Number.isFinite(x) && x >= spec.min && x <= spec.max;
    }
    case 'int': {
      if (!PLAIN.test(v)) return false;
      const x = Number(v);
      return Number.isInteger(x) && Math.abs(x) < 2 ** 53 && x >= spec.min && x <= spec.max;
    }
    case 'seed':
      return /^\+?\d+$/.test(v) && BigInt(v) <= 18446744073709551615n;
    case 'choice':
      return spec.options.some((o) => o.toLowerCase() === v.toLowerCase());
    default:
      throw new Error(`unknown kind ${spec.kind}`);
  }
}

/** Escape a value for an HTML attribute. */
export function attr(v) {
  return v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
