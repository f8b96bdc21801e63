// `make soak`: every widget playing at top speed (restarted whenever its runs finish) for
// SOAK_SECONDS (default 600). Growth of wasm memory and of the JS heap after a 60 s warm-up must
// stay within 5 MB. Writes its result into BENCHMARKS.md.
import path from 'node:path';
import { serve, launch, newPage, widgetReady, root } from '../tests/e2e/harness.mjs';
import { writeSection } from './md-section.mjs';

const SECONDS = Number(process.env.SOAK_SECONDS || 600);
const WARMUP = Math.min(60, SECONDS / 4);
const LIMIT_MB = 5;
const server = await serve();
const browser = await launch();

const probe = await newPage(browser);
await probe.goto(server.url);
await probe.waitForFunction(() => window.sgdLayers);
// Widgets without a player (the practice deck) do nothing unless clicked: nothing to soak.
const widgets = await probe.evaluate(() => window.sgdLayers.widgets.filter((w) => w.player !== false).map((w) => w.id));
await probe.context().close();

async function measure(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  // Both bundles' linear memories (the second one runs the widgets of Layer 2 onwards).
  const wasm = await page.evaluate(() => (window.__wasm?.memory?.buffer?.byteLength ?? 0) + Object.values(window.sgdLayersWasm ?? {}).reduce((n, w) => n + (w?.memory?.buffer?.byteLength ?? 0), 0));
  return { heap, wasm };
}

const pages = [];
for (const id of widgets) {
  const page = await newPage(browser);
  await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }));
  const top = (await page.evaluate(() => 0)) ?? 0;
  await page.goto(`${server.url}?widget=${id}&speed=25`);
  await widgetReady(page, id);
  await page.evaluate(() => {
    const el = document.querySelector('[data-widget]');
    const btn = (name) => [...el.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
    const keep = () => {
      if (el.dataset.status !== 'running') { btn('Reset').click(); btn('Play').click(); }
      window.__restarts = (window.__restarts || 0) + 1;
    };
    keep();
    setInterval(keep, 250);
  });
  pages.push({ id, page, cdp: await page.context().newCDPSession(page) });
}
console.log(`[soak] ${widgets.length} widget(s) playing for ${SECONDS} s (warm-up ${WARMUP} s)…`);
await new Promise((r) => setTimeout(r, WARMUP * 1000));
for (const p of pages) p.before = await measure(p.page, p.cdp);
await new Promise((r) => setTimeout(r, (SECONDS - WARMUP) * 1000));
const rows = [];
let ok = true;
for (const p of pages) {
  const after = await measure(p.page, p.cdp);
  const steps = await p.page.evaluate(() => document.querySelector('[data-readout="step"]').textContent);
  const dh = (after.heap - p.before.heap) / 2 ** 20, dw = (after.wasm - p.before.wasm) / 2 ** 20;
  const pass = dh <= LIMIT_MB && dw <= LIMIT_MB && p.page.errors.length === 0;
  ok &&= pass;
  rows.push(`| ${p.id} | ${(p.before.heap / 2 ** 20).toFixed(1)} → ${(after.heap / 2 ** 20).toFixed(1)} MB (${dh >= 0 ? '+' : ''}${dh.toFixed(2)}) | ${(p.before.wasm / 2 ** 20).toFixed(1)} → ${(after.wasm / 2 ** 20).toFixed(1)} MB (${dw >= 0 ? '+' : ''}${dw.toFixed(2)}) | ${p.page.errors.length} | ${pass ? 'pass' : 'FAIL'} |`);
}
await browser.close();
await server.close();
const body = [
  '## Soak', '',
  `\`make soak\` (SOAK_SECONDS=${SECONDS}): every widget on its own page at 25 steps per frame, reset and replayed whenever its runs finish, for ${SECONDS / 60} minutes. Memory after a forced GC, at the end of a ${WARMUP} s warm-up and at the end (limit: +${LIMIT_MB} MB). Measured ${new Date().toISOString().slice(0, 10)}.`, '',
  '| widget | JS heap | wasm memory | console errors | verdict |', '|---|---|---|---|---|', ...rows, '',
].join('\n');
writeSection(path.join(root, 'BENCHMARKS.md'), 'soak', body);
console.log(body);
process.exit(ok ? 0 : 1);
