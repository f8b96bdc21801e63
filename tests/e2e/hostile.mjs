// A corpus of hostile parameter values, and what the parser must make of them.

export const HOSTILE = [
  'NaN', 'nan', '-NaN', 'Infinity', '-Infinity', 'inf', '-inf', 'infinity', '1e999', '-1e999',
  '1e-999', '-0', '0', '+0', '', ' ', '\t', '99999999999999999999999999', '-99999999999999999999999999',
  '18446744073709551616', '18446744073709551615', '9223372036854775808', '-9223372036854775809',
  '0x10', '1e', 'e5', '1.2.3', '--1', '++1', '1,5', '١٢٣', '１２', '∞', '½', '💥', '\u0000', '\u202e12',
  '<script>window.__pwned=1</script>', '"><img src=x onerror="window.__pwned=1">',
  "'><svg onload=window.__pwned=1>", 'javascript:alert(1)', '${7*7}', '{{7*7}}', '%00', '%', '%zz',
  'A'.repeat(10240), '9'.repeat(10240), 'true', 'false', 'null', 'undefined', '[]', '{}', '1;2', '0.1 ',
  ' 0.1', '1_000', '1e308', '-1e308', '5e-324', '2.5e-3', '1.0', '-1', '1e3', '.5', '5.',
];

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
