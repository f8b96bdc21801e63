// `make bench`: native criterion benchmarks and in-browser measurements of every widget, printed
// and written to BENCHMARKS.md (the soak and Lighthouse sections are kept; they have their own
// targets).
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, newPage, widgetReady, root } from '../tests/e2e/harness.mjs';

const out = path.join(root, 'BENCHMARKS.md');
const quick = process.argv.includes('--quick');

// 1. Native core (criterion).
console.log('[bench] cargo bench (native core)…');
const crit = execSync(`cargo bench --bench core -- ${quick ? '--warm-up-time 1 --measurement-time 2' : ''}`, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const native = [...crit.matchAll(/^(\S+)\s*\n?\s*time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]/gm)].map((m) => [m[1], `${m[2]} ${m[3]}`]);

// 2. In the browser.
const server = await serve();
const browser = await launch();
const pct = (xs, q) => { if (!xs.length) return NaN; const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))]; };
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '—');

async function perfPage(url, opts) {
  const page = await newPage(browser, opts);
  await page.addInitScript(() => {
    window.__SGD_PERF__ = true;
    window.__longTasks = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  return page;
}

// Cold load: time to the first widget frame.
const cold = [];
for (let i = 0; i < 3; i++) {
  const page = await perfPage(server.url);
  await page.waitForFunction(() => performance.getEntriesByName('sgd-first-frame').length > 0, null, { timeout: 20000 });
  cold.push(await page.evaluate(() => performance.getEntriesByName('sgd-first-frame')[0].startTime));
  await page.context().close();
}

const page0 = await perfPage(server.url);
await page0.waitForFunction(() => window.sgdLayers && window.wasmBindings);
// Widgets without a player (the practice deck) do not animate: nothing to time per frame.
const widgets = (await page0.evaluate(() => window.sgdLayers.widgets)).filter((w) => w.player !== false);
const race = await page0.evaluate(() => { window.wasmBindings.sgdBenchRace(200); const ms = window.wasmBindings.sgdBenchRace(5000); return ms; });
const heat = await page0.evaluate(() => { const r = []; for (let i = 0; i < 25; i++) r.push(window.wasmBindings.sgdBenchHeatmap(640, 480)); return r; });
const heatBig = await page0.evaluate(() => { const r = []; for (let i = 0; i < 15; i++) r.push(window.wasmBindings.sgdBenchHeatmap(1120, 900)); return r; });
await page0.context().close();

const rows = [];
const SECONDS = quick ? 2 : 5;
for (const w of widgets) {
  for (const speed of [1, 25]) {
    const page = await perfPage(`${server.url}?widget=${w.id}&speed=${speed}`);
    const el = await widgetReady(page, w.id);
    await page.evaluate(() => { performance.clearMeasures(); window.__longTasks.length = 0; });
    const t0 = Date.now();
    const frames = await page.evaluate(async (seconds) => {
      let n = 0; let run = true;
      const tick = () => { n++; if (run) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      const el = document.querySelector('[data-widget]');
      const play = () => { const b = el.querySelector('.playbar button.primary'); if (b.textContent.trim() === 'Play') b.click(); };
      const reset = () => [...el.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Reset').click();
      play();
      const end = performance.now() + seconds * 1000;
      // Keep it playing: when a run finishes, reset and play again.
      while (performance.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
        if (el.dataset.status !== 'running') { reset(); play(); }
      }
      run = false;
      return n / seconds;
    }, SECONDS);
    const work = await page.evaluate(() => performance.getEntriesByName('sgd-frame').map((e) => e.duration));
    const longTasks = await page.evaluate(() => window.__longTasks.slice());
    // Force a background redraw (resize) and time it.
    await page.evaluate(() => performance.clearMeasures('sgd-background'));
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.waitForTimeout(300);
    const bg = await page.evaluate(() => performance.getEntriesByName('sgd-background').map((e) => e.duration));
    rows.push({ id: w.id, speed, fps: frames, frames: work.length, p50: pct(work, 0.5), p95: pct(work, 0.95), max: Math.max(...work), long: longTasks.length, bg: pct(bg, 0.5), secs: (Date.now() - t0) / 1000 });
    await page.context().close();
  }
}
await browser.close();
await server.close();

const chromium = execSync('/usr/bin/chromium --version 2>/dev/null || echo unknown', { encoding: 'utf8' }).trim();
const racePerSec = (5000 / race) * 1000;
const lines = [];
lines.push('# Benchmarks', '');
lines.push(`Measured with \`make bench\` on ${new Date().toISOString().slice(0, 10)} on this project's 2-core machine (${chromium}, headless). Reproduce: \`make bench\` (or \`node scripts/bench.mjs\` after \`make build\`).`, '');
lines.push('## Native core (criterion, release profile: opt-level "z")', '', '| benchmark | median time |', '|---|---|');
for (const [n, t] of native) lines.push(`| ${n} | ${t} |`);
lines.push('', '## In the browser (wasm, release build)', '');
lines.push(`- Time to the first widget frame after a cold load: ${cold.map((x) => f(x, 0)).join(', ')} ms (3 loads).`);
lines.push(`- Race of all 7 optimizers on Rosenbrock (wasm, no drawing): 5000 steps each in ${f(race, 1)} ms = **${f(racePerSec, 0)} steps/s per optimizer** (target ≥ 1000; at 60 fps that is ${f(racePerSec / 60, 0)} steps per frame each).`);
lines.push(`- Heatmap recompute in wasm (Rosenbrock grid at one sample per 3 px, coloured and upsampled in Rust), 640×480: median **${f(pct(heat, 0.5))} ms**, p95 ${f(pct(heat, 0.95))} ms (target ≤ 5 ms). Widgets draw the heatmap at CSS-pixel resolution on its own layer, so a HiDPI screen costs the same; at 1120×900 it would take ${f(pct(heatBig, 0.5))} ms.`);
lines.push('', `Per widget, playing for ${SECONDS} s at 1 and 25 steps per frame. Frame work is \`performance.measure\` from the start of the animation-frame callback to the end of the effects it wakes (redraws, readouts); long tasks come from a PerformanceObserver; "background" is a full static-layer redraw (axes, heatmap, contours) after a resize.`, '');
lines.push('| widget | steps/frame | fps | frames measured | frame work p50 | p95 | max | long tasks | background redraw |', '|---|---|---|---|---|---|---|---|---|');
for (const r of rows) lines.push(`| ${r.id} | ${r.speed} | ${f(r.fps, 1)} | ${r.frames} | ${f(r.p50)} ms | ${f(r.p95)} ms | ${f(r.max)} ms | ${r.long} | ${f(r.bg)} ms |`);
lines.push('', 'Targets: ≥ 58 fps; p95 frame work ≤ 4 ms; heatmap recompute ≤ 5 ms; 7-optimizer race ≥ 1000 steps/s each.', '');
const body = lines.join('\n');
const keep = fs.existsSync(out) ? fs.readFileSync(out, 'utf8').match(/<!-- extra:start -->[\s\S]*<!-- extra:end -->/)?.[0] : null;
fs.writeFileSync(out, body + '\n' + (keep ?? '<!-- extra:start -->\n<!-- extra:end -->') + '\n');
console.log(body);
