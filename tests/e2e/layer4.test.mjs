// Browser tests of Layer 4 (schedules, schedule-race, robbins-monro, lr-finder, batch-scaling,
// averaging) on the built site (dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, canvasPrint, readout, setSlider, screenshot, num, value, finished, plotPrint, noNaN, soloWidget } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const IDS = ['schedules', 'schedule-race', 'robbins-monro', 'lr-finder', 'batch-scaling', 'averaging'];

async function play(page, w) {
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
}

/** The position (0–400) of a log slider from min to max at value v. */
const logPos = (v, min, max) => Math.round(Math.log(v / min) / Math.log(max / min) * 400);

test('schedules: editing a parameter redraws its own curve (and only its own), the formula and η(t) follow', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=schedules');
  const w = await widgetReady(page, 'schedules');
  const tiles = w.locator('.gallery .plot');
  assert.equal(await tiles.count(), 11, 'one plot per schedule');
  // Step decay is selected: its controls and PyTorch call are shown.
  assert.equal(await w.locator('button.tile-pick[aria-pressed="true"]').innerText(), 'step decay');
  assert.match(await readout(w, 'torch'), /^MultiStepLR\(milestones=\[60, 120, 160\], gamma=0\.500\)$/);
  const before = await Promise.all([0, 1, 2].map((i) => plotPrint(tiles.nth(i).locator('..'), 0)));
  const overlay = await plotPrint(w.locator('.widget-body'), 0);
  await setSlider(w, 'gamma', 0.25);
  await page.waitForTimeout(150);
  const after = await Promise.all([0, 1, 2].map((i) => plotPrint(tiles.nth(i).locator('..'), 0)));
  assert.notEqual(after[1], before[1], 'the step-decay curve changed');
  assert.equal(after[0], before[0], 'the constant curve did not');
  assert.equal(after[2], before[2], 'the exponential curve did not');
  assert.notEqual(await plotPrint(w.locator('.widget-body'), 0), overlay, 'the overlay changed');
  assert.match(await readout(w, 'torch'), /gamma=0\.250\)$/);
  // η(t) at the end is η₀γ³ = 0.1 · 0.25³.
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
  assert.equal(await readout(w, 'step'), '199');
  assert.ok(Math.abs(await value(w, 'lr') - 0.1 * 0.25 ** 3) < 1e-6, await readout(w, 'lr'));
  // Pick another schedule: its own controls, formula and call appear.
  await w.getByRole('button', { name: 'exponential', exact: true }).click();
  assert.equal(await w.locator('input[name="gamma"]').count(), 0);
  assert.equal(await w.locator('input[name="lambda"]').count(), 1);
  assert.match(await readout(w, 'torch'), /^ExponentialLR\(gamma=exp\(−0\.0200\)\)/);
  assert.ok((await w.locator('[data-readout="formula"] math').count()) === 1, 'the formula is MathML');
  // Step through: η(t) = 0.1·e^(−0.02t).
  await w.getByRole('button', { name: 'Reset', exact: true }).click();
  for (let i = 0; i < 10; i++) await w.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await readout(w, 'step'), '10');
  assert.ok(Math.abs(await value(w, 'lr') - 0.1 * Math.exp(-0.2)) < 1e-5, await readout(w, 'lr'));
  const expTile = await plotPrint(tiles.nth(2).locator('..'), 0);
  await setSlider(w, 'lambda', logPos(0.1, 0.001, 0.5));
  await page.waitForTimeout(150);
  assert.notEqual(await plotPrint(tiles.nth(2).locator('..'), 0), expTile, 'λ redrew the exponential');
  const lambda = Number((await readout(w, 'torch')).match(/exp\(−([\d.]+)\)/)[1]);
  assert.ok(Math.abs(lambda - 0.1) < 0.002, `λ ≈ 0.1: ${lambda}`);
  assert.ok(Math.abs(await value(w, 'lr') - 0.1 * Math.exp(-lambda * 10)) < 1e-5, await readout(w, 'lr'));
  await noNaN(w);
  await screenshot(page, 'schedules-exponential');
  assert.deepEqual(page.errors, []);
});

test('schedule-race: played to the end, the cosine settles below the constant rate; the window and the seed change the outcome', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=schedule-race&speed=25');
  const w = await widgetReady(page, 'schedule-race');
  assert.equal(await readout(w, 'step'), '0');
  const start = await canvasPrint(w);
  await play(page, w);
  assert.equal(await readout(w, 'step'), '500');
  assert.notEqual(await canvasPrint(w), start, 'the losses were drawn');
  const smooth = {};
  for (const k of ['const', 'sqrt', 'cos', 'warm']) smooth[k] = await value(w, `${k}-smooth`);
  assert.ok(smooth.cos < smooth.const / 2 && smooth.warm < smooth.const, `cosines below constant: ${JSON.stringify(smooth)}`);
  // η(t) at the end: constant 0.05, 0.1/√(500), cosine and warm-up + cosine at 0.
  assert.equal(await value(w, 'const-lr'), 0.05);
  assert.ok(Math.abs(await value(w, 'sqrt-lr') - 0.1 / Math.sqrt(501)) < 5e-5);
  assert.equal(await value(w, 'cos-lr'), 0);
  assert.match(await readout(w, 'verdict'), /After 500 steps .* ends lowest/);
  // A window of 1 is no smoothing: smoothed equals the last raw value.
  const smoothPlot = await plotPrint(w, 1);
  await setSlider(w, 'window', 1);
  await page.waitForTimeout(100);
  for (const k of ['const', 'cos']) assert.equal(await readout(w, `${k}-smooth`), await readout(w, `${k}-loss`), k);
  assert.notEqual(await plotPrint(w, 1), smoothPlot, 'the smoothed plot redrew');
  // A new seed is a new noise stream: different numbers.
  const raw = await readout(w, 'const-loss');
  await w.getByRole('button', { name: 'New seed', exact: true }).click();
  await finished(page, w);
  assert.notEqual(await readout(w, 'const-loss'), raw);
  await noNaN(w);
  await screenshot(page, 'schedule-race-finished');
  assert.deepEqual(page.errors, []);
});

test('robbins-monro: the verdict flips between 1/t and exponential decay, and the exponential run stalls', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=robbins-monro&speed=25');
  const w = await widgetReady(page, 'robbins-monro');
  assert.equal(await readout(w, 'conditions'), 'Both conditions hold');
  assert.equal(await readout(w, 'sum-limit'), 'grows without bound');
  assert.match(await readout(w, 'sq-limit'), /^converges to 0\.205/);
  const start = await canvasPrint(w);
  await play(page, w);
  assert.equal(await readout(w, 'step'), '20000');
  assert.notEqual(await canvasPrint(w), start);
  const inverse = await value(w, 'loss');
  assert.ok(inverse < (await value(w, 'baseline-loss')) / 10, `1/t well below the constant rate: ${inverse}`);
  assert.match(await readout(w, 'verdict'), /SGD converges/);

  await w.locator('select[name="sched"]').selectOption({ label: 'exponential' });
  assert.equal(await readout(w, 'conditions'), 'The first condition fails');
  assert.match(await readout(w, 'sum-limit'), /^converges to 5\.05/);
  await w.getByRole('button', { name: 'Reset', exact: true }).click();
  await play(page, w);
  const expo = await value(w, 'loss');
  // Σηₜ has reached its limit: nothing is left to move with.
  assert.ok(Math.abs(await value(w, 'sum') - 5.05) < 0.01, await readout(w, 'sum'));
  assert.ok(expo > 50 * inverse, `exponential stalls far short: ${expo} vs ${inverse}`);
  assert.match(await readout(w, 'verdict'), /stalls short of the optimum/);
  await screenshot(page, 'robbins-monro-exponential');

  await w.locator('select[name="sched"]').selectOption({ label: 'constant' });
  assert.equal(await readout(w, 'conditions'), 'The second condition fails');
  await w.locator('select[name="sched"]').selectOption({ label: '1/√t' });
  assert.equal(await readout(w, 'conditions'), 'The second condition fails');
  assert.match(await readout(w, 'verdict'), /sufficient for convergence, not necessary/);
  await noNaN(w);
  assert.deepEqual(page.errors, []);
});

test('lr-finder: the suggested α is where the smoothed loss falls fastest, and training with it beats the α of the lowest loss', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=lr-finder&speed=5');
  const w = await widgetReady(page, 'lr-finder');
  const use = w.getByRole('button', { name: 'Use this α', exact: true });
  assert.equal(await use.getAttribute('aria-disabled'), 'true', 'nothing to use before the test');
  // Playwright waits for an aria-disabled button to be enabled; press it as a user can.
  await use.dispatchEvent('click');
  assert.equal(await readout(w, 'step'), '0', 'and pressing it then does nothing');
  assert.equal(await w.getAttribute('data-status'), 'paused');
  const start = await plotPrint(w, 0);
  await play(page, w);
  const n = Number(await readout(w, 'step'));
  assert.ok(n > 50 && n < 100, `stopped early once the loss blew up: ${n}`);
  assert.notEqual(await plotPrint(w, 0), start);
  const suggested = await value(w, 'suggested');
  const lowest = await value(w, 'minimum-lr');
  assert.ok(suggested < lowest, `${suggested} < ${lowest}`);
  // Recompute from the table: the steepest fall of the smoothed loss against ln α, before its minimum.
  await w.locator('details.numbers summary').click();
  await w.locator('[data-readout="table"] tbody tr').first().waitFor();
  const rows = (await w.locator('[data-readout="table"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent))))
    .map((c) => ({ lr: Number(c[1]), loss: Number(c[2]), smooth: Number(c[3]) }));
  assert.equal(rows.length, n);
  const slope = rows.map((_, i) => {
    const a = Math.max(0, i - 1), b = Math.min(rows.length - 1, i + 1);
    return (rows[b].smooth - rows[a].smooth) / (Math.log(rows[b].lr) - Math.log(rows[a].lr));
  });
  const minAt = rows.reduce((m, r, i) => (r.smooth < rows[m].smooth ? i : m), 0);
  const steepAt = slope.slice(0, minAt + 1).reduce((m, s, i) => (s < slope[m] ? i : m), 0);
  assert.ok(Math.abs(rows[steepAt].lr - suggested) / suggested < 0.01, `table says ${rows[steepAt].lr}, widget ${suggested}`);
  assert.ok(Math.abs(rows[minAt].lr - lowest) / lowest < 0.01);
  // The fall there is steeper than anywhere else, and it really is a fall of the loss.
  assert.ok(slope[steepAt] < 0 && slope.every((s) => s >= slope[steepAt]));
  assert.ok(rows[0].smooth - rows[minAt].smooth > 1, 'the loss fell by more than 1 over the sweep');

  assert.equal(await use.getAttribute('aria-disabled'), 'false');
  const demo = await plotPrint(w, 2);
  await use.click();
  await page.waitForTimeout(100);
  await finished(page, w);
  assert.notEqual(await plotPrint(w, 2), demo, 'the training runs were drawn');
  const m = (await readout(w, 'verdict')).match(/with α = ([\d.]+) the loss is ([\d.×⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+) above the optimum; with α = ([\d.]+), ([\d.×⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)\./);
  assert.ok(m, await readout(w, 'verdict'));
  assert.ok(Math.abs(Number(m[1]) - suggested) < 1e-9 && Math.abs(Number(m[3]) - lowest) < 1e-9);
  assert.ok(num(m[2]) < num(m[4]), `suggested α trains better: ${m[2]} vs ${m[4]}`);
  // A slower sweep suggests a smaller rate.
  await setSlider(w, 'steps', 400);
  await play(page, w);
  assert.ok(await value(w, 'suggested') < suggested);
  await noNaN(w);
  await screenshot(page, 'lr-finder-used');
  assert.deepEqual(page.errors, []);
});

test('batch-scaling: k·B at k·α keeps pace with B at α per example; past 2/λ_max it diverges, with or without warm-up', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=batch-scaling&speed=25');
  const w = await widgetReady(page, 'batch-scaling');
  const limit = await value(w, 'limit');
  assert.ok(limit > 0.3 && limit < 0.6, `2/λ_max = ${limit}`);
  assert.equal(await value(w, 'scaled-lr'), 0.08);
  const start = await canvasPrint(w);
  await play(page, w);
  assert.notEqual(await canvasPrint(w), start);
  assert.equal(await readout(w, 'small-steps'), String(Math.round(30 * 2000 / 128)));
  assert.equal(await readout(w, 'scaled-steps'), String(Math.round(30 * 2000 / 1024)));
  const [small, scaled, warm, unscaled] = [await value(w, 'small-loss'), await value(w, 'scaled-loss'), await value(w, 'warmup-loss'), await value(w, 'unscaled-loss')];
  assert.ok(Math.abs(scaled / small - 1) < 0.2, `the rule holds: ${scaled} vs ${small}`);
  assert.ok(unscaled > 5 * small, `unscaled lags: ${unscaled}`);
  assert.ok(warm >= scaled * 0.95 && warm < 2 * scaled, `warm-up costs a little: ${warm}`);
  assert.match(await readout(w, 'verdict'), /the rule holds/);
  await screenshot(page, 'batch-scaling-rule');
  // α = 0.1 makes k·α = 0.8, past the limit.
  await setSlider(w, 'lr', logPos(0.1, 0.001, 0.2));
  await w.getByRole('button', { name: 'Reset', exact: true }).click();
  await play(page, w);
  assert.equal(await w.getAttribute('data-status'), 'diverged');
  assert.equal(await readout(w, 'scaled-loss'), 'diverged');
  assert.equal(await readout(w, 'warmup-loss'), 'diverged');
  assert.ok(Number.isFinite(await value(w, 'small-loss')));
  assert.match(await readout(w, 'verdict'), /above the stability limit/);
  assert.ok(Number(await readout(w, 'warmup-steps')) > Number(await readout(w, 'scaled-steps')), 'warm-up diverges later');
  await noNaN(w);
  await screenshot(page, 'batch-scaling-diverged');
  assert.deepEqual(page.errors, []);
});

test('averaging: the averaged iterate ends with a lower loss variance than the raw one; averaging from step 1 drags the start along', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=averaging&speed=25');
  const w = await widgetReady(page, 'averaging');
  const start = await canvasPrint(w);
  await play(page, w);
  assert.equal(await readout(w, 'step'), '300');
  assert.notEqual(await canvasPrint(w), start);
  const [rawVar, avgVar] = [await value(w, 'raw-var'), await value(w, 'avg-var')];
  assert.ok(avgVar < rawVar / 10, `variance ${avgVar} < ${rawVar}`);
  assert.ok(await value(w, 'avg-loss') < await value(w, 'loss'), 'and it ends closer');
  assert.match(await readout(w, 'verdict'), /varies [\d.]+× less/);
  await screenshot(page, 'averaging-tail');
  // Averaging every iterate (the source's form): the average is still far behind.
  await setSlider(w, 'start', 0);
  await page.waitForTimeout(100);
  assert.equal(await readout(w, 'step'), '300', 'replayed to where it was');
  assert.ok(await value(w, 'avg-loss') > 3 * await value(w, 'loss'), 'the average remembers the start');
  assert.match(await readout(w, 'verdict'), /further from the optimum/);
  // More steps: the burden of the start fades as 1/t.
  const early = await value(w, 'avg-loss');
  await setSlider(w, 'steps', 2000);
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
  assert.ok(await value(w, 'avg-loss') < early / 5);
  await noNaN(w);
  assert.deepEqual(page.errors, []);
});

test('?widget= renders each Layer 4 widget alone; Step, Reset and a control each change it', async () => {
  for (const id of IDS) {
    const { page, w } = await soloWidget(browser, server, id);
    const s0 = await canvasPrint(w);
    for (let i = 0; i < 3; i++) await w.getByRole('button', { name: 'Step', exact: true }).click();
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

test('the Layer 4 chapter computes its numbers, renders its formulas, and fits a phone', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await page.goto(server.url + '#layer-4');
  const section = page.locator('section#layer-4');
  await section.locator('.chapter-body').waitFor();
  assert.ok(await section.locator('.chapter-body math').count() >= 6, 'formulas are MathML');
  await page.waitForFunction(() => {
    const ps = [...document.querySelectorAll('section#layer-4 [data-prose]')];
    return ps.length >= 6 && ps.every((p) => !p.textContent.includes('…'));
  }, null, { timeout: 30000 });
  const prose = async (k) => (await section.locator(`[data-prose="${k}"]`).innerText()).replace(/−/g, '-');
  // The race: medians over seeds, the cosine lowest.
  const race = await prose('race');
  const med = race.match(/in the same order: (\S+), (\S+), (\S+) and (\S+?)\. /);
  assert.ok(med, race);
  const [c, s, cos, wc] = med.slice(1, 5).map(num);
  assert.ok(cos < c && wc < c && s > c, `medians: ${[c, s, cos, wc]}`);
  // Robbins–Monro: 1/t keeps falling, the exponential is frozen.
  const rm = await prose('robbins-monro');
  const inv = rm.match(/L - L\* is ([^,]+), ([^ ]+) and ([^ ]+) with 1\/t/).slice(1).map(num);
  assert.ok(inv[0] > inv[1] && inv[1] > inv[2], `1/t: ${inv}`);
  const ex = rm.match(/Under the exponential it is ([^,]+), ([^ ]+) and ([^:]+):/).slice(1).map(num);
  assert.ok(ex[0] === ex[2] && ex[2] > 10 * inv[2], `exponential: ${ex}`);
  assert.match(await prose('scaling'), /diverged after [\d.]+ epochs, and with warm-up it diverged after [\d.]+ epochs/);
  assert.match(await prose('finder'), /falls fastest at α = [\d.]+ and is lowest at α = [\d.]+/);
  const avg = (await prose('averaging')).replace(/-/g, '−');
  const raw = num(avg.match(/loss ends on average (\S+) above the optimum/)[1]);
  const full = num(avg.match(/The average of every iterate ends (\S+) above it/)[1]);
  const tail = num(avg.match(/the average ends (\S+) above the optimum/)[1]);
  assert.ok(full > raw && tail < raw, `averaging from the start lags, tail averaging wins: ${full}, ${raw}, ${tail}`);
  assert.equal(await section.locator('[data-prose="gallery-table"] tr').count(), 11);
  for (const id of IDS) await widgetReady(page, id);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  const text = await section.innerText();
  assert.ok(!/NaN|undefined|Infinity|\binf\b/.test(text), 'no NaN in the chapter');
  await screenshot(page, 'layer4-phone', { fullPage: false });
  assert.deepEqual(page.errors, []);
});
