// Browser tests of Layer 5 (anisotropic, accumulation, bias-correction, adamw, optimizer-race)
// on the built site (dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, canvasPrint, readout, setSlider, screenshot, num, value, finished, plotPrint, noNaN, soloWidget, openChapter } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const IDS = ['anisotropic', 'accumulation', 'bias-correction', 'adamw', 'optimizer-race'];

async function play(page, w) {
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
}
const step = (w) => w.getByRole('button', { name: 'Step', exact: true }).click();

/** The position (0–400) of a log slider from min to max at value v. */
const logPos = (v, min, max) => Math.round(Math.log(v / min) / Math.log(max / min) * 400);

test('bias-correction: the factors on the page are 10.0×/1000×, 1.54×/100.5×, 1.0000×/10.50×; without correction the early steps overshoot', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=bias-correction&speed=25');
  const w = await widgetReady(page, 'bias-correction');
  const want = { 1: ['10.0', '1000'], 10: ['1.54', '100.5'], 100: ['1.0000', '10.50'] };
  for (const [t, [a, b]] of Object.entries(want)) {
    assert.equal(await readout(w, `f1-${t}`), a, `1/(1 − β₁ᵗ) at t = ${t}`);
    assert.equal(await readout(w, `f2-${t}`), b, `1/(1 − β₂ᵗ) at t = ${t}`);
  }
  // The live readouts follow the step: t = 1 after one step, t = 10 after ten.
  await step(w);
  assert.equal(await readout(w, 'step'), '1');
  assert.equal(await readout(w, 'factor1'), '10.0');
  assert.equal(await readout(w, 'factor2'), '1000');
  assert.ok(Math.abs(await value(w, 'ratio') - Math.sqrt(10)) < 0.01, 'uncorrected first step is √10 times too long');
  for (let i = 1; i < 10; i++) await step(w);
  assert.equal(await readout(w, 'step'), '10');
  assert.equal(await readout(w, 'factor1'), '1.54');
  assert.equal(await readout(w, 'factor2'), '100.5');
  assert.match(await readout(w, 'verdict'), /with bias correction and .* without/);
  // Toggle the uncorrected run off: one path, a different picture.
  const withBoth = await canvasPrint(w);
  await w.locator('input[name="uncorrected"]').uncheck();
  await page.waitForTimeout(150);
  assert.notEqual(await canvasPrint(w), withBoth, 'the uncorrected path went away');
  assert.match(await readout(w, 'verdict'), /Tick the box/);
  // β₂ changes the factors table.
  await setSlider(w, 'beta2', 0.99);
  await page.waitForTimeout(100);
  assert.equal(await readout(w, 'f2-1'), '100.0');
  await noNaN(w);
  await screenshot(page, 'bias-correction');
  assert.deepEqual(page.errors, []);
});

test('accumulation: AdaGrad’s effective rate only falls while RMSProp’s recovers in the quiet stretch', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=accumulation&speed=5');
  const w = await widgetReady(page, 'accumulation');
  const start = await canvasPrint(w);
  // Step through the first 12 steps: AdaGrad's rate never rises.
  let last = Infinity;
  for (let i = 0; i < 12; i++) {
    await step(w);
    const r = await value(w, 'ada-rate');
    assert.ok(r <= last, `AdaGrad rate rose at step ${i + 1}: ${r} > ${last}`);
    last = r;
  }
  await play(page, w);
  assert.equal(await readout(w, 'step'), '300');
  assert.notEqual(await canvasPrint(w), start, 'the panels were drawn');
  const [a1, a2, r1, r2] = await Promise.all(['ada-100', 'ada-200', 'rms-100', 'rms-200'].map((k) => value(w, k)));
  assert.ok(a2 <= a1, `AdaGrad only falls: ${a1} → ${a2}`);
  assert.ok(r2 > 3 * r1, `RMSProp recovers in the quiet stretch: ${r1} → ${r2}`);
  assert.match(await readout(w, 'verdict'), /Through the quiet stretch/);
  // A longer memory (β = 0.999) recovers much less.
  await setSlider(w, 'beta', 0.999);
  await page.waitForTimeout(200);
  const r2slow = await value(w, 'rms-200');
  assert.ok(r2slow < 0.7 * r2, `β = 0.999 remembers the loud start: ${r2slow} vs ${r2}`);
  // A new seed changes the signal.
  const before = await readout(w, 'rms-100');
  await w.getByRole('button', { name: 'New seed' }).click();
  await finished(page, w);
  assert.notEqual(await readout(w, 'rms-100'), before);
  await noNaN(w);
  await screenshot(page, 'accumulation');
  assert.deepEqual(page.errors, []);
});

test('anisotropic: SGD is too slow below 1/κ and unstable above it; AdaGrad converges and its rates are live', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=anisotropic&speed=10');
  const w = await widgetReady(page, 'anisotropic');
  assert.equal(await readout(w, 'rate-x'), '—');
  await step(w);
  const x1 = await value(w, 'rate-x');
  const y1 = await value(w, 'rate-y');
  assert.ok(x1 > 5 * y1, `the flat direction gets the larger rate: ${x1} vs ${y1}`);
  await play(page, w);
  const loss = await Promise.all([0, 1, 2, 3].map((i) => readout(w, `loss-${i}`)));
  assert.ok(num(loss[3]) < 1e-8, `AdaGrad converged: ${loss[3]}`);
  assert.ok(num(loss[0]) > 0.1 && num(loss[1]) > 1e-3, `SGD below 1/κ is slow: ${loss}`);
  assert.ok(loss[2] === 'diverged' || num(loss[2]) > 10, `SGD above 1/κ blows up: ${loss[2]}`);
  const x2 = await value(w, 'rate-x');
  assert.ok(x2 < x1, 'AdaGrad rates fall');
  // AdaGrad's α changes its outcome.
  const bars = await canvasPrint(w);
  await setSlider(w, 'ada', logPos(0.02, 0.01, 2.0));
  await page.waitForTimeout(200);
  assert.ok(num(await readout(w, 'loss-3')) > 1e-6, 'a small AdaGrad α is slow too');
  assert.notEqual(await canvasPrint(w), bars);
  await noNaN(w);
  await screenshot(page, 'anisotropic');
  assert.deepEqual(page.errors, []);
});

test('adamw: Adam + L2 settles at the ridge norm, AdamW elsewhere; λ moves them', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=adamw&speed=25');
  const w = await widgetReady(page, 'adamw');
  const start = await canvasPrint(w);
  await play(page, w);
  assert.equal(await readout(w, 'step'), '400');
  assert.notEqual(await canvasPrint(w), start);
  const [n0, n1, n2, ridge] = await Promise.all(['adam-norm', 'l2-norm', 'adamw-norm', 'ridge-norm'].map((k) => value(w, k)));
  assert.ok(Math.abs(n1 - ridge) < 0.1, `Adam + L2 near the ridge norm: ${n1} vs ${ridge}`);
  assert.ok(n2 > n1 + 0.1 && n0 > n2, `norms ordered: ${n0}, ${n2}, ${n1}`);
  const lossPlot = await plotPrint(w, 2);
  await setSlider(w, 'lambda', logPos(0.05, 0.01, 2.0));
  await page.waitForTimeout(300);
  const ridge2 = await value(w, 'ridge-norm');
  assert.ok(ridge2 > ridge, 'a smaller λ shrinks less');
  assert.notEqual(await plotPrint(w, 2), lossPlot);
  await noNaN(w);
  await screenshot(page, 'adamw');
  assert.deepEqual(page.errors, []);
});

test('optimizer-race: the table fills in for every selected optimizer, the budget is explicit, and frames stay short', async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => { window.__SGD_PERF__ = true; });
  await page.goto(server.url + '?widget=optimizer-race');
  const w = await widgetReady(page, 'optimizer-race');
  assert.match(await readout(w, 'budget'), /every optimizer takes 5000 steps/);
  assert.equal(await w.locator('tbody tr').count(), 7);
  const start = await canvasPrint(w);
  await page.evaluate(() => performance.clearMeasures());
  await play(page, w);
  assert.equal(await readout(w, 'step'), '5000');
  assert.notEqual(await canvasPrint(w), start);
  const frames = await page.evaluate(() => performance.getEntriesByName('sgd-frame').map((e) => e.duration));
  frames.sort((a, b) => a - b);
  const median = frames[Math.floor(frames.length / 2)];
  const p95 = frames[Math.floor(frames.length * 0.95)];
  console.log(`optimizer-race, 7 runners × 25 steps a frame: ${frames.length} frames, median ${median.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms, max ${frames[frames.length - 1].toFixed(2)} ms`);
  assert.ok(frames.length > 150 && median < 16, `frames: median ${median} ms`);
  const ids = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'];
  for (const id of ids) {
    for (const k of ['loss', 'dist', 'hit']) assert.ok((await readout(w, `${id}-${k}`)).length > 0, `${id}-${k} filled`);
    assert.ok(Number.isFinite(await value(w, `${id}-loss`)), id);
  }
  assert.ok(num(await readout(w, 'adam-hit')) > 0 && num(await readout(w, 'momentum-hit')) > 0);
  assert.equal(await readout(w, 'sgd-hit'), 'not reached');
  // Deselect two: the table has five rows, still all filled after replay.
  await w.locator('input[name="sgd"]').uncheck();
  await w.locator('input[name="adagrad"]').uncheck();
  await page.waitForTimeout(300);
  assert.equal(await w.locator('tbody tr').count(), 5);
  // The regression preset: mini-batches of 16, 300 steps, 4800 examples each.
  await w.locator('select[name="preset"]').selectOption({ index: 1 });
  await w.getByRole('button', { name: 'Reset', exact: true }).click();
  assert.match(await readout(w, 'budget'), /300 steps on mini-batches of 16, 4800 examples each/);
  await w.locator('input[name="sgd"]').check();
  await w.locator('input[name="adagrad"]').check();
  await play(page, w);
  assert.equal(await readout(w, 'step'), '300');
  for (const id of ids) assert.ok(num(await readout(w, `${id}-hit`)) > 0, `${id} reached the target`);
  // A rate slider changes that optimizer's result.
  const adam = await readout(w, 'adam-loss');
  await setSlider(w, 'lr_adam', logPos(0.001, 1e-4, 1.0));
  await page.waitForTimeout(300);
  assert.notEqual(await readout(w, 'adam-loss'), adam);
  await noNaN(w);
  await screenshot(page, 'optimizer-race');
  assert.deepEqual(page.errors, []);
});

test('?widget= renders each Layer 5 widget alone; Step, Reset and a control each change it', async () => {
  for (const id of IDS) {
    const { page, w } = await soloWidget(browser, server, id);
    const s0 = await canvasPrint(w);
    for (let i = 0; i < 3; i++) await step(w);
    assert.equal(await readout(w, 'step'), '3', id);
    await page.waitForTimeout(50);
    assert.notEqual(await canvasPrint(w), s0, `${id}: stepping redraws`);
    await w.getByRole('button', { name: 'Reset', exact: true }).click();
    assert.equal(await readout(w, 'step'), '0', id);
    await noNaN(w);
    assert.deepEqual(page.errors, [], id);
    await page.context().close();
  }
});

test('the Layer 5 chapter computes its numbers, renders its formulas, and fits a phone', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const section = await openChapter(page, server.url, 'layer-5');
  assert.ok(await section.locator('.chapter-body math').count() >= 10, 'formulas are MathML');
  await page.waitForFunction(() => {
    const ps = [...document.querySelectorAll('section#layer-5 [data-prose]')];
    return ps.length >= 8 && ps.every((p) => !p.textContent.includes('…'));
  }, null, { timeout: 30000 });
  const prose = async (k) => (await section.locator(`[data-prose="${k}"]`).innerText()).replace(/−/g, '-');
  const want = { 1: ['10.0×', '1000×'], 10: ['1.54×', '100.5×'], 100: ['1.0000×', '10.50×'] };
  for (const [t, [a, b]] of Object.entries(want)) {
    assert.equal(await prose(`f1-${t}`), a);
    assert.equal(await prose(`f2-${t}`), b);
  }
  assert.match(await prose('bias'), /3\.16× at the first step/);
  assert.match(await prose('adagrad'), /gives 1\.00, 0\.500 and 0\.100/);
  const acc = await prose('accumulation');
  const m = acc.match(/climbed to (\S+), (\S+)× higher/);
  assert.ok(m && num(m[2]) > 3, acc);
  assert.match(await prose('race-rosenbrock'), /Never within the budget: SGD, AdaGrad/);
  assert.match(await prose('race-regression'), /In order of reaching/);
  for (const id of IDS) await widgetReady(page, id);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  const text = await section.innerText();
  assert.ok(!/NaN|undefined|Infinity|\binf\b/.test(text), 'no NaN in the chapter');
  await screenshot(page, 'layer5-phone', { fullPage: false });
  assert.deepEqual(page.errors, []);
});
