// Prints the compressed size of everything a first visit to dist/index.html downloads, and with
// --check fails when it exceeds the budget.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const BUDGET_KB = 300;
const dist = path.resolve(process.argv.find((a) => a.startsWith('--dist='))?.slice(7) ?? 'dist');
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
// index.html, every local file it references, and the wasm its loader fetches.
const refs = new Set(['index.html']);
// Any quoted local path in index.html (href, src, or the loader's import and wasm path).
for (const m of html.matchAll(/["'](?:\.\/)?([\w.\-\/]+\.(?:js|css|wasm|png|svg|woff2?))["']/g)) refs.add(m[1]);
// What the start-up script loads (boot.js names the main bundle's files), and the files the
// bundle's JS imports (wasm-bindgen snippets).
const scanned = new Set();
for (let more = true; more;) {
  more = false;
  for (const f of [...refs].filter((r) => r.endsWith('.js') && !scanned.has(r))) {
    scanned.add(f);
    more = true;
    const p = path.join(dist, f);
    if (!fs.existsSync(p)) continue;
    const text = fs.readFileSync(p, 'utf8');
    if (f === 'boot.js') for (const m of text.matchAll(/url\(['"]([\w.\-]+)['"]\)/g)) if (m[1] !== 'sw.js') refs.add(m[1]);
    for (const m of text.matchAll(/from\s+['"]\.\/(snippets\/[\w.\-\/]+\.js)['"]/g)) refs.add(m[1]);
  }
}
let raw = 0, gz = 0, br = 0;
const rows = [];
for (const f of [...refs].sort()) {
  const p = path.join(dist, f);
  if (!fs.existsSync(p)) continue;
  const buf = fs.readFileSync(p);
  const g = zlib.gzipSync(buf, { level: 9 }).length;
  const b = zlib.brotliCompressSync(buf).length;
  raw += buf.length; gz += g; br += b;
  rows.push([f, buf.length, g, b]);
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + ' KB';
console.log('first visit downloads (dist/):');
for (const [f, r, g, b] of rows) console.log(`  ${f.padEnd(28)} ${kb(r)} raw ${kb(g)} gzip ${kb(b)} brotli`);
console.log(`  ${'total'.padEnd(28)} ${kb(raw)} raw ${kb(gz)} gzip ${kb(br)} brotli   (budget ${BUDGET_KB} KB gzip)`);
for (const ext of ['.wasm', '.js']) {
  if (!rows.some(([f]) => f.endsWith(ext))) { console.error(`size: no ${ext} file found from dist/index.html`); process.exit(1); }
}
// Bundles fetched later (when a reader reaches their chapter), not on the first visit.
for (const f of fs.readdirSync(dist).filter((f) => /^sgd-layers-.+(\.js|_bg\.wasm)$/.test(f) && !refs.has(f)).sort()) {
  const buf = fs.readFileSync(path.join(dist, f));
  console.log(`  later: ${f.padEnd(30)} ${kb(buf.length)} raw ${kb(zlib.gzipSync(buf, { level: 9 }).length)} gzip ${kb(zlib.brotliCompressSync(buf).length)} brotli`);
}
if (process.argv.includes('--check') && gz > BUDGET_KB * 1024) {
  console.error(`size: FAIL — the first load is ${(gz / 1024).toFixed(1)} KB gzip, over the ${BUDGET_KB} KB budget. Run \`make size\` and look at what grew (twiggy top dist/*.wasm).`);
  process.exit(1);
}
