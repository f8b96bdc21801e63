// Browser tests of the Prologue and Layer 1 widgets: lr-basics, batch-size, gradient-cloud and
// noise-floor (noise-paths has its own tests in page.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, canvasPrint, readout, setSlider, screenshot } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const sup = { '⁻': '-', '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };
/** A readout as a number: "−2.0×10⁻¹³" → -2e-13. */
const num = (s) => Number(s.trim().replace(/−/g, '-').replace(/×10([⁻⁰-⁹¹²³]+)/u, (_, e) => 'e' + [...e].map((c) => sup[c]).join('')));
const settled = (page) => page.waitForFunction(() => document.querySelector('[data-widget]').dataset.status !== 'running', null, { timeout: 20000 });
const button = (w, name) => w.getByRole('button', { name, exact: true });

test('numbers in readouts parse, superscript exponents included', () => {
  assert.equal(num('2.02×10⁻¹³'), 2.02e-13);
  assert.equal(num('−0.5'), -0.5);
  assert.equal(num('1.5×10⁹'), 1.5e9);
});

test('lr-basics: a good α converges, too big diverges (and says so), too small crawls', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=lr-basics&speed=25');
  const w = await widgetReady(page, 'lr-basics');
  const start = await canvasPrint(w);
  await button(w, 'Step').click();
  assert.equal(await readout(w, 'step'), '1');
  assert.notEqual(await canvasPrint(w), start, 'one step moves the path');
  await button(w, 'Good (0.2)').click();
  await settled(page);
  assert.equal(await w.getAttribute('data-status'), 'converged');
  assert.match(await readout(w, 'verdict'), /^Converged in \d+ steps/);
  const good = Number(await readout(w, 'step'));
  assert.ok(good > 5 && good < 100, `converged in ${good} steps`);

  await button(w, 'Too big (0.3)').click();
  await settled(page);
  assert.equal(await w.getAttribute('data-status'), 'diverged');
  assert.match(await readout(w, 'verdict'), /Diverged after \d+ steps/);
  await screenshot(page, 'lr-basics-diverged');
  const text = await w.innerText();
  assert.ok(!/NaN|inf\b|undefined/.test(text), 'no NaN on screen after a divergence');

  await button(w, 'Too small (0.01)').click();
  await settled(page);
  assert.equal(await readout(w, 'step'), '100');
  assert.equal(await w.getAttribute('data-status'), 'paused');
  assert.ok(num(await readout(w, 'loss')) > 0.01, 'still far from the minimum');
  assert.match(await readout(w, 'verdict'), /too timid/);
  assert.deepEqual(page.errors, []);
});

test('lr-basics: the slider changes the outcome in place; the threshold is 2/λmax', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=lr-basics&speed=25&steps=60');
  const w = await widgetReady(page, 'lr-basics');
  assert.match(await w.innerText(), /α < 2\/8 = 0\.250/);
  await button(w, 'Play').click();
  await settled(page);
  const loss = num(await readout(w, 'loss'));
  const pic = await canvasPrint(w);
  // LogSlider positions: 0..400 over log(0.001)..log(1); at 0.4 each step grows the error 2.2×.
  const pos = (a) => Math.round(Math.log(a / 0.001) / Math.log(1000) * 400);
  await setSlider(w, 'lr', pos(0.05));
  await page.waitForTimeout(200);
  assert.notEqual(num(await readout(w, 'loss')), loss, 'a new α replays the run');
  assert.notEqual(await canvasPrint(w), pic);
  await setSlider(w, 'lr', pos(0.4));
  await page.waitForTimeout(200);
  await button(w, 'Play').click();
  await settled(page);
  assert.equal(await w.getAttribute('data-status'), 'diverged');
  assert.deepEqual(page.errors, []);
});

test('batch-size: plays, the x axis toggles, and the list of sizes is editable', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=batch-size&speed=25');
  const w = await widgetReady(page, 'batch-size');
  assert.equal(await w.locator('table.runs tbody tr').count(), 5);
  const before = await canvasPrint(w);
  await button(w, 'Play').click();
  await settled(page);
  assert.equal(await readout(w, 'step'), '300');
  assert.notEqual(await canvasPrint(w), before);
  const losses = await readout(w, 'loss');
  assert.match(losses, /B = 1: [\d.]+ · B = 8: [\d.]+ · B = 32: [\d.]+ · B = 128: [\d.]+ · B = N: [\d.]+/);
  // After 300 iterations the full batch is at the optimum, single examples are not.
  const vals = [...losses.matchAll(/: ([\d.]+)/g)].map((m) => Number(m[1]));
  assert.ok(vals[0] > vals[4], `B = 1 (${vals[0]}) above full batch (${vals[4]})`);
  // Examples processed: 300 steps × B.
  const cells = await w.locator('table.runs tbody tr td:nth-child(3)').allInnerTexts();
  assert.deepEqual(cells.map((c) => Number(c.replace(/\s/g, ''))), [300, 2400, 9600, 38400, 60000]);

  const byIter = await canvasPrint(w);
  await w.locator('select[name="x"]').selectOption({ label: 'examples processed' });
  await page.waitForTimeout(200);
  assert.notEqual(await canvasPrint(w), byIter, 'switching the x axis redraws');
  assert.equal(await readout(w, 'loss'), losses, 'the same runs, another axis');
  await screenshot(page, 'batch-size-examples');

  const input = w.locator('input[name="batches"]');
  await input.fill('4, 64');
  await input.press('Enter');
  await page.waitForTimeout(300);
  assert.equal(await w.locator('table.runs tbody tr').count(), 2);
  assert.match(await readout(w, 'loss'), /^B = 4: [\d.]+ · B = 64: [\d.]+$/);
  assert.equal(await readout(w, 'step'), '300', 'new sizes are replayed to the same iteration');

  await input.fill('0, banana');
  await input.press('Enter');
  await page.waitForTimeout(300);
  const notes = await w.locator('[data-notices]').innerText();
  assert.match(notes, /not a batch size/);
  assert.match(notes, /Batch size 0/);
  assert.equal(await w.locator('table.runs tbody tr').count(), 1, '0 is clamped to 1; banana is ignored');
  assert.deepEqual(page.errors, []);
});

test('gradient-cloud: the mean sits on ∇L, the spread follows 1/B, Play draws the cloud', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=gradient-cloud&k=400&speed=25');
  const w = await widgetReady(page, 'gradient-cloud');
  assert.equal(await readout(w, 'step'), '400');
  const spreadAt = async (b) => {
    await setSlider(w, 'b', b);
    await page.waitForTimeout(150);
    return { measured: num(await readout(w, 'spread')), law: num(await readout(w, 'theory')), bias: num(await readout(w, 'bias')), pic: await canvasPrint(w) };
  };
  const one = await spreadAt(1);
  const big = await spreadAt(64);
  assert.ok(Math.abs(one.measured / one.law - 1) < 0.3, `B = 1: measured ${one.measured}, law ${one.law}`);
  assert.ok(Math.abs(big.measured / big.law - 1) < 0.3, `B = 64: measured ${big.measured}, law ${big.law}`);
  assert.ok(big.measured < one.measured / 20, `the cloud shrinks: ${one.measured} → ${big.measured}`);
  assert.notEqual(big.pic, one.pic);
  const grad = num(await readout(w, 'grad'));
  assert.ok(one.bias < 0.15 * grad && big.bias < 0.05 * grad, `unbiased: |mean − ∇L| ${one.bias}, ${big.bias} vs ‖∇L‖ ${grad}`);

  await button(w, 'Reset').click();
  assert.equal(await readout(w, 'step'), '0');
  await button(w, 'Play').click();
  await page.waitForTimeout(300);
  const mid = Number(await readout(w, 'step'));
  assert.ok(mid > 0, `draws appear while playing (${mid})`);
  await settled(page);
  assert.equal(await readout(w, 'step'), '400');
  await screenshot(page, 'gradient-cloud');

  // A click on the contour plot moves θ: the full gradient changes.
  const plot = w.locator('.plot').first();
  const box = await plot.boundingBox();
  await plot.click({ position: { x: box.width * 0.62, y: box.height * 0.42 } });
  await page.waitForTimeout(200);
  assert.notEqual(num(await readout(w, 'grad')), grad);
  const seed = await readout(w, 'seed');
  await button(w, 'New draws').click();
  assert.notEqual(await readout(w, 'seed'), seed);
  assert.deepEqual(page.errors, []);
});

test('noise-floor: the floor grows with α, and a bigger batch lowers it', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=noise-floor&speed=25&steps=1500&seeds=3');
  const w = await widgetReady(page, 'noise-floor');
  const floors = async () => (await w.locator('tr[data-lr]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.floor))));
  const before = await canvasPrint(w);
  await button(w, 'Play').click();
  await settled(page);
  assert.equal(await readout(w, 'step'), '1500');
  assert.notEqual(await canvasPrint(w), before);
  const b1 = await floors();
  assert.equal(b1.length, 6);
  assert.ok(b1.every((v) => v > 0), `${b1}`);
  for (let i = 1; i < b1.length; i++) assert.ok(b1[i] > b1[i - 1], `floor rises with α: ${b1}`);
  const slope = num(await readout(w, 'slope'));
  assert.ok(slope > 0.8 && slope < 1.6, `log–log slope ${slope}`);
  await screenshot(page, 'noise-floor');

  await setSlider(w, 'b', 16);
  await page.waitForTimeout(200);
  assert.equal(await readout(w, 'step'), '0', 'a new batch size starts the sweep again');
  await button(w, 'Play').click();
  await settled(page);
  const b16 = await floors();
  for (let i = 0; i < 4; i++) assert.ok(b16[i] < b1[i] / 4, `B = 16 lowers the floor at α = ${[0.003, 0.01, 0.03, 0.1][i]}: ${b1[i]} → ${b16[i]}`);
  assert.deepEqual(page.errors, []);
});

test('the Prologue and Layer 1 read top to bottom at 1280 and 390 px, with numbers from the core', async () => {
  for (const width of [1280, 390]) {
    const page = await newPage(browser, { viewport: { width, height: 900 }, reducedMotion: 'reduce' });
    await page.goto(server.url);
    for (const id of ['lr-basics', 'noise-paths', 'batch-size', 'gradient-cloud', 'noise-floor']) await widgetReady(page, id);
    await page.locator('#layer-1 .practice summary').click();
    const text = await page.locator('#prologue').innerText() + await page.locator('#layer-1').innerText();
    assert.match(text, /tipping point is α = 0\.250/);
    assert.match(text, /Robbins and Monro/);
    assert.match(text, /512\/32 = 16\.0×/);
    assert.match(text, /√16\.0 = 4\.00×/);
    assert.ok(!/NaN|undefined|inf\b/.test(text));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal scroll at ${width}px (${overflow})`);
    await screenshot(page, `layer1-${width}`, { fullPage: true });
    assert.deepEqual(page.errors, []);
  }
});
