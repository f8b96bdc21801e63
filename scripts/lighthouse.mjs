// `make lighthouse`: Lighthouse (npm, in bench/) on the built site with the system Chromium;
// records its four category scores in BENCHMARKS.md.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, chromiumPath, root } from '../tests/e2e/harness.mjs';
import { writeSection } from './md-section.mjs';

const bin = path.join(root, 'bench', 'node_modules', '.bin', 'lighthouse');
const server = await serve();
const rows = [];
for (const [name, url, preset] of [
  ['full page, desktop', server.url, 'desktop'],
  ['full page, mobile', server.url, null],
  ['?widget=noise-paths, desktop', `${server.url}?widget=noise-paths`, 'desktop'],
]) {
  const out = path.join(os.tmpdir(), `lh-${Date.now()}.json`);
  const args = [url, '--output=json', `--output-path=${out}`, '--quiet',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync',
    '--only-categories=performance,accessibility,best-practices,seo'];
  if (preset) args.push(`--preset=${preset}`);
  // Asynchronous: the server answering Lighthouse lives in this process.
  await promisify(execFile)(bin, args, { env: { ...process.env, CHROME_PATH: chromiumPath() }, maxBuffer: 1 << 26 });
  const r = JSON.parse(fs.readFileSync(out, 'utf8'));
  const s = (k) => Math.round(r.categories[k].score * 100);
  const a = r.audits;
  rows.push(`| ${name} | ${s('performance')} | ${s('accessibility')} | ${s('best-practices')} | ${s('seo')} | ${a['first-contentful-paint']?.displayValue ?? ''} | ${a['largest-contentful-paint']?.displayValue ?? ''} | ${a['total-blocking-time']?.displayValue ?? ''} |`);
  const failing = Object.values(r.categories).flatMap((c) => c.auditRefs.filter((ref) => ref.weight > 0 && a[ref.id].score !== null && a[ref.id].score < 0.9).map((ref) => `${c.id}: ${ref.id} (${a[ref.id].score})`));
  if (failing.length) console.log(`[lighthouse] ${name} below 0.9: ${failing.join(', ')}`);
}
await server.close();
const body = [
  '## Lighthouse', '',
  `\`make lighthouse\` (lighthouse 13.5.0 from npm, the system Chromium, the release build served on 127.0.0.1). Measured ${new Date().toISOString().slice(0, 10)}. Target ≥ 95 each.`, '',
  '| page | performance | accessibility | best practices | SEO | FCP | LCP | TBT |', '|---|---|---|---|---|---|---|---|', ...rows, '',
].join('\n');
writeSection(path.join(root, 'BENCHMARKS.md'), 'lighthouse', body);
console.log(body);
