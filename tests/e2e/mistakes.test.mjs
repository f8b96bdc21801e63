// Browser tests of the `mistakes` gallery (Beyond the layers) on the built site (dist/): each
// preset shows its symptom, one click on the fix cures it, a control changes the outcome,
// ?widget= works, and the chapter section reads on a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, canvasPrint, readout, setSlider, screenshot, num, finished, noNaN, soloWidget, openChapter } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const PRESETS = [
  { key: 'too-high', label: 'α too high', symptom: /^diverged at step \d+$/ },
  { key: 'too-low', label: 'α too low', symptom: /^L − L\* at [\d.]+ % of the start's after 300 steps$/ },
  { key: 'no-warmup', label: 'No warm-up', symptom: /^diverged at step \d+$/ },
  { key: 'no-shuffle', label: 'Not shuffled', symptom: /^L − L\* averages \S+ over the last epoch/ },
  { key: 'constant', label: 'Constant α', symptom: /^L − L\* spreads by \S+ \(sd\) over the last tenth/ },
];

async function play(page, w) {
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
}

test('mistakes: every preset shows its symptom, and one click on the fix cures it', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=mistakes&speed=25');
  const w = await widgetReady(page, 'mistakes');
  for (const p of PRESETS) {
    await w.locator('select[name="preset"]').selectOption({ label: p.label });
    await page.waitForTimeout(150);
    await w.getByRole('button', { name: 'Reset' }).click();
    assert.equal(await readout(w, 'step'), '0', p.key);
    await play(page, w);
    const mistake = await readout(w, 'mistake');
    assert.match(mistake, p.symptom, p.key);
    assert.equal(await readout(w, 'mistake-symptom'), 'yes', `${p.key}: ${mistake}`);
    assert.match(await readout(w, 'verdict'), /The mistake shows it/, p.key);
    assert.equal(await readout(w, 'fix'), '', `${p.key}: the fix is hidden until asked for`);
    const before = await canvasPrint(w);
    // One click: the fix appears, cured, and the plots draw it.
    await w.getByLabel('Apply the fix').check();
    await page.waitForTimeout(150);
    assert.equal(await readout(w, 'fix-symptom'), 'no', `${p.key}: ${await readout(w, 'fix')}`);
    assert.match(await readout(w, 'verdict'), /cures it/, p.key);
    assert.doesNotMatch(await readout(w, 'fix'), /diverged/, p.key);
    assert.notEqual(await canvasPrint(w), before, `${p.key}: the fix is drawn`);
    await noNaN(w);
    if (p.key === 'no-warmup') await screenshot(page, 'mistakes-no-warmup');
  }
  assert.deepEqual(page.errors, []);
});

test('mistakes: the measures are numbers that tell mistake from fix; α changes the outcome', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=mistakes&preset=too-low&fix=on&speed=25');
  const w = await widgetReady(page, 'mistakes');
  await play(page, w);
  const pct = async (name) => num((await readout(w, name)).match(/at ([\d.]+) %/)[1]);
  const slow = await pct('mistake');
  const fixed = await pct('fix');
  assert.ok(slow > 30 && fixed < 1, `too low crawls (${slow} %), ×100 arrives (${fixed} %)`);
  const print = await canvasPrint(w);
  // α = 0.01 (log slider from 1e-4 to 5): ten times more, the mistake gets further.
  const pos = Math.round(Math.log(0.01 / 1e-4) / Math.log(5 / 1e-4) * 400);
  await setSlider(w, 'lr', pos);
  await page.waitForTimeout(300);
  await finished(page, w);
  const faster = await pct('mistake');
  assert.ok(faster < slow / 2, `a larger α crawls less: ${faster} vs ${slow}`);
  assert.notEqual(await canvasPrint(w), print);
  // A preset's settings come with it: too high diverges at α = 2.5.
  await w.locator('select[name="preset"]').selectOption({ label: 'α too high' });
  await page.waitForTimeout(200);
  assert.equal(await readout(w, 'fix'), '', 'a new preset shows the mistake alone');
  await w.getByRole('button', { name: 'Reset' }).click();
  await play(page, w);
  assert.match(await readout(w, 'mistake'), /diverged at step/);
  assert.equal(await w.getAttribute('data-status'), 'diverged', 'a diverged run marks the widget diverged');
  await noNaN(w);
  assert.deepEqual(page.errors, []);
});

test('mistakes: ?widget= shows it alone; a bad URL value is clamped with a notice', async () => {
  const { page } = await soloWidget(browser, server, 'mistakes');
  assert.deepEqual(page.errors, []);
  const p2 = await newPage(browser);
  await p2.goto(server.url + '?widget=mistakes&lr=99&preset=nonsense');
  const w = await widgetReady(p2, 'mistakes');
  assert.equal(await w.locator('[data-notices] li').count(), 2);
  const notes = await w.locator('[data-notices]').innerText();
  assert.match(notes, /Learning rate α .*out of range.*using 5/);
  assert.match(notes, /Mistake = .*nonsense.* is not one of too-high, too-low/);
  assert.equal(await w.locator('select[name="preset"] option:checked').innerText(), 'α too high');
  await noNaN(w);
  assert.deepEqual(p2.errors, []);
});

test('the mistakes section computes its numbers and fits a phone', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const section = await openChapter(page, server.url, 'beyond');
  assert.ok(await section.locator('.chapter-body math').count() >= 5, 'formulas are MathML');
  await page.waitForFunction(() => {
    const p = document.querySelector('section#beyond [data-prose="mistakes"]');
    return p && !p.textContent.includes('…');
  }, null, { timeout: 30000 });
  const text = (await section.locator('[data-prose="mistakes"]').innerText()).replace(/−/g, '-');
  const high = text.match(/\(above 2\/λ_max = (\S+)\) SGD diverges at step (\d+)/);
  assert.ok(high && Number(high[2]) > 0, text);
  const low = text.match(/the loss is still at (\S+) % of the start's/);
  assert.ok(num(low[1]) > 30, text);
  const shuf = text.match(/averages (\S+) over the last epoch; reshuffled each epoch, (\S+), (\S+)× less/).slice(1).map(num);
  assert.ok(shuf[0] > 3 * shuf[1], `sorted data stay higher: ${shuf}`);
  const spread = text.match(/spreads by (\S+) over the last tenth of \d+ steps; under a cosine decay by (\S+)\.$/).slice(1).map(num);
  assert.ok(spread[0] > 10 * spread[1], `constant α never settles: ${spread}`);
  const w = await widgetReady(page, 'mistakes');
  await w.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  assert.ok(!/NaN|undefined|Infinity|\binf\b/.test(await section.innerText()), 'no NaN in the chapter');
  await screenshot(page, 'mistakes-phone', { fullPage: false });
  assert.deepEqual(page.errors, []);
});
