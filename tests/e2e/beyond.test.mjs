// Browser tests of Beyond the layers (drug-sensitivity, logistic, variance-reduction, sharp-flat) on the built site
// (dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, canvasPrint, readout, setSlider, screenshot, num, value, finished, plotPrint, noNaN, soloWidget, openChapter } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const IDS = ['drug-sensitivity', 'logistic', 'variance-reduction', 'sharp-flat'];

async function play(page, w) {
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
}

/** The position (0–400) of a log slider from min to max at value v. */
const logPos = (v, min, max) => Math.round(Math.log(v / min) / Math.log(max / min) * 400);

test('drug-sensitivity: correlations appear; SGD and Adam pass 0.9 at the defaults; RMSProp at 0.001 is far from done and the note says why; settings change the outcome', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=drug-sensitivity&speed=25');
  const w = await widgetReady(page, 'drug-sensitivity');
  assert.equal(await readout(w, 'step'), '0');
  const start = await canvasPrint(w);
  const coef0 = await plotPrint(w, 2);
  await play(page, w);
  assert.equal(await readout(w, 'step'), '1000');
  assert.notEqual(await canvasPrint(w), start, 'the losses were drawn');
  assert.notEqual(await plotPrint(w, 2), coef0, 'the coefficient bars grew');
  const corr = {}, loss = {};
  for (const k of ['sgd', 'adagrad', 'rmsprop', 'adam']) {
    corr[k] = await value(w, `${k}-corr`);
    loss[k] = await value(w, `${k}-loss`);
  }
  assert.ok(corr.sgd > 0.9 && corr.adam > 0.9, `SGD and Adam recover the genes: ${JSON.stringify(corr)}`);
  assert.ok(corr.rmsprop < 0.9, `RMSProp does not yet: ${corr.rmsprop}`);
  const best = await value(w, 'best');
  assert.ok(loss.sgd < 1.05 * best, `SGD near the optimum ${best}: ${loss.sgd}`);
  assert.ok(loss.rmsprop > 5 * best, `RMSProp far from it: ${loss.rmsprop}`);
  const note = (await readout(w, 'verdict')).replace(/−/g, '-');
  const m = note.match(/can move about α·t = ([\d.]+); its largest coefficient so far is ([\d.]+), but the optimum needs ([\d.]*\d)/);
  assert.ok(m, note);
  const [reach, got, need] = m.slice(1).map(Number);
  assert.ok(Math.abs(reach - 1) < 1e-9 && got < 1.2 * reach && need > 3 * reach, `the step-size limit explains it: ${m[0]}`);
  // Showing another optimizer's coefficients redraws the bars.
  const sgdBars = await plotPrint(w, 2);
  await w.locator('select[name="show"]').selectOption({ label: 'RMSProp' });
  await page.waitForTimeout(100);
  assert.notEqual(await plotPrint(w, 2), sgdBars, 'RMSProp bars differ');
  // Raising RMSProp's α to 0.01 lets it arrive (the replay keeps the step reached).
  await setSlider(w, 'lr_rmsprop', logPos(0.01, 0.0001, 1.0));
  await page.waitForTimeout(300);
  await finished(page, w);
  const faster = await value(w, 'rmsprop-loss');
  assert.ok(faster < loss.rmsprop / 2, `α = 0.01 gets further: ${faster} vs ${loss.rmsprop}`);
  assert.ok(await value(w, 'rmsprop-corr') > 0.9, 'and recovers the genes');
  await noNaN(w);
  await screenshot(page, 'drug-sensitivity');
  assert.deepEqual(page.errors, []);
});

test('logistic: the boundary turns from the wrong side to the optimum\'s; all three pictures move; separation, λ and B change the outcome', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=logistic&speed=25');
  const w = await widgetReady(page, 'logistic');
  const pct = async (k) => Number((await readout(w, k)).replace('%', ''));
  const prints = async () => [await plotPrint(w, 0), await plotPrint(w, 1), await plotPrint(w, 2)];
  // The start's boundary is turned the wrong way: most points are on the wrong side.
  assert.equal(await readout(w, 'step'), '0');
  const acc0 = await pct('accuracy');
  assert.ok(acc0 < 60, `the start is wrong: ${acc0}%`);
  assert.match(await readout(w, 'verdict'), /still turning: it is \d+° from the optimum's/);
  const p0 = await prints();
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
  assert.equal(await readout(w, 'step'), '300');
  const p1 = await prints();
  for (let i = 0; i < 3; i++) assert.notEqual(p1[i], p0[i], `picture ${i} moved`);
  // SGD ends near the optimum: nearly the same share of points on their side, a small gap.
  const acc = await pct('accuracy'), best = await pct('best-accuracy');
  assert.ok(best > 80 && Math.abs(acc - best) <= 3, `SGD ${acc}% vs optimum ${best}%`);
  const loss = await value(w, 'loss'), L = await value(w, 'best');
  assert.ok(loss >= L && loss - L < 0.02, `loss ${loss} vs ${L}`);
  const v = (await readout(w, 'verdict')).replace(/−/g, '-');
  const m = v.match(/within (\d+)° of the optimum's.*‖θ‖ = (\d+(?:\.\d+)?) against ‖θ\*‖ = (\d+(?:\.\d+)?)/);
  assert.ok(m && Number(m[1]) < 10, v);
  // θ* readout agrees with ‖θ*‖ in the verdict.
  const opt = (await readout(w, 'optimum')).replace(/[()−]/g, (c) => (c === '−' ? '-' : '')).split(',').map(Number);
  assert.ok(Math.abs(Math.hypot(...opt) - Number(m[3])) < 0.02, `‖θ*‖ ${m[3]} from ${opt}`);
  // Classes pushed apart: the optimum gets more points right and moves outwards; the points move.
  await setSlider(w, 'sep', 1.6);
  await page.waitForTimeout(300);
  await finished(page, w);
  assert.ok(await pct('best-accuracy') > best + 5, 'separated classes are easier');
  assert.notEqual(await plotPrint(w, 0), p1[0], 'the points moved');
  const far = (await readout(w, 'optimum')).replace(/[()]/g, '').replace(/−/g, '-').split(',').map(Number);
  assert.ok(Math.hypot(...far) > Math.hypot(...opt), `θ* moves out: ${far} vs ${opt}`);
  // A large λ pulls θ* in towards 0.
  await setSlider(w, 'l2', 400);
  await page.waitForTimeout(300);
  await finished(page, w);
  const tight = (await readout(w, 'optimum')).replace(/[()]/g, '').replace(/−/g, '-').split(',').map(Number);
  assert.ok(Math.hypot(...tight) < 0.5 * Math.hypot(...far), `λ = 1 pulls θ* in: ${tight}`);
  // B = 200 is gradient descent: a different path, to the same optimum.
  const path = await plotPrint(w, 1);
  await setSlider(w, 'b', 200);
  await page.waitForTimeout(300);
  await finished(page, w);
  assert.notEqual(await plotPrint(w, 1), path, 'B changes the path');
  const theta = (await readout(w, 'theta')).replace(/[()]/g, '').replace(/−/g, '-').split(',').map(Number);
  assert.ok(Math.hypot(theta[0] - tight[0], theta[1] - tight[1]) < 0.01, `GD arrives: ${theta} vs ${tight}`);
  // Clicking the weight map starts from there (the start's sliders follow; at 0.8, 0.8 of the
  // plot that is θ₁ > 2 and θ₂ < 0).
  const box = await w.locator('.plot').nth(1).boundingBox();
  await w.locator('.plot').nth(1).locator('canvas').last().click({ position: { x: box.width * 0.8, y: box.height * 0.8 } });
  await page.waitForTimeout(100);
  const x0 = Number(await w.locator('input[name="x0"]').inputValue()), y0 = Number(await w.locator('input[name="y0"]').inputValue());
  assert.ok(x0 > 2 && y0 < 0, `the start moved to the click: (${x0}, ${y0})`);
  await noNaN(w);
  await screenshot(page, 'logistic');
  assert.deepEqual(page.errors, []);
});

test('variance-reduction: SVRG ends below SGD\'s floor, SAGA too; variances and costs show; m changes SVRG\'s cost', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=variance-reduction&speed=25');
  const w = await widgetReady(page, 'variance-reduction');
  const start = await canvasPrint(w);
  await play(page, w);
  assert.equal(await readout(w, 'step'), '3000');
  assert.notEqual(await canvasPrint(w), start);
  const floor = await value(w, 'floor');
  const loss = {}, v = {}, cost = {};
  for (const k of ['sgd', 'svrg', 'saga']) {
    loss[k] = await value(w, `${k}-loss`);
    v[k] = await value(w, `${k}-var`);
    cost[k] = await value(w, `${k}-cost`);
  }
  assert.ok(floor > 1e-4, `SGD has a floor: ${floor}`);
  assert.ok(loss.svrg < floor / 1e4 && loss.saga < floor / 100, `below the floor ${floor}: ${JSON.stringify(loss)}`);
  assert.ok(v.svrg < v.sgd / 1e4 && v.saga < v.sgd / 100, `variance falls: ${JSON.stringify(v)}`);
  // Costs: 1 a step for SGD; 2 a step plus N = 200 per snapshot (every 400 steps) for SVRG; N + 1 a step for SAGA.
  assert.deepEqual([cost.sgd, cost.svrg, cost.saga], [3000, 2 * 3000 + 200 * 8, 3000 + 200]);
  assert.match(await readout(w, 'verdict'), /SGD evaluated 3000 per-example gradients/);
  // A snapshot every 100 steps costs more.
  await setSlider(w, 'm', 100);
  await page.waitForTimeout(300);
  await finished(page, w);
  assert.equal(await value(w, 'svrg-cost'), 2 * 3000 + 200 * 30);
  // Larger α: SGD's floor rises.
  await setSlider(w, 'lr', logPos(0.2, 0.001, 0.5));
  await page.waitForTimeout(300);
  await finished(page, w);
  assert.ok(await value(w, 'floor') > floor, 'a larger α raises the floor');
  await noNaN(w);
  await screenshot(page, 'variance-reduction');
  assert.deepEqual(page.errors, []);
});

test('sharp-flat: SAM\'s end points favour the flat minimum more than SGD\'s; ρ = 0 makes SAM plain SGD', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=sharp-flat&speed=25');
  const w = await widgetReady(page, 'sharp-flat');
  const hist0 = await plotPrint(w, 1);
  await play(page, w);
  assert.equal(await readout(w, 'step'), '400');
  assert.notEqual(await plotPrint(w, 1), hist0, 'the histogram changed');
  const pct = async (k) => Number((await readout(w, k)).replace('%', ''));
  const sgd = await pct('sgd-flat'), sam = await pct('sam-flat');
  assert.ok(sam > sgd + 10, `SAM ${sam}% vs SGD ${sgd}% in the flat basin`);
  assert.match(await readout(w, 'verdict'), /mini-batches of 4 disagree: their losses spread by [\d.]+ .* against [\d.]+ at the flat minimum/);
  // The spread at the sharp minimum is larger than at the flat one.
  const spread = (await readout(w, 'verdict')).match(/spread by ([\d.]+) .* against ([\d.]+) at the flat/).slice(1).map(Number);
  assert.ok(spread[0] > 10 * spread[1], `mini-batches disagree more at the sharp minimum: ${spread}`);
  const stalled = Number(await readout(w, 'sam-stalled'));
  assert.ok(stalled >= 0 && stalled <= 100);
  // ρ = 0: SAM is SGD, step for step.
  await setSlider(w, 'rho', 0);
  await page.waitForTimeout(300);
  await finished(page, w);
  assert.equal(await pct('sam-flat'), await pct('sgd-flat'), 'ρ = 0 gives the same end points');
  await noNaN(w);
  await screenshot(page, 'sharp-flat');
  assert.deepEqual(page.errors, []);
});

test('?widget= renders each Beyond widget alone; Step, Reset and a control each change it', async () => {
  for (const id of IDS) {
    const { page, w } = await soloWidget(browser, server, id);
    const s0 = await canvasPrint(w);
    for (let i = 0; i < 3; i++) await w.getByRole('button', { name: 'Step', exact: true }).click();
    assert.equal(await readout(w, 'step'), '3', id);
    await page.waitForTimeout(50);
    assert.notEqual(await canvasPrint(w), s0, `${id}: stepping redraws`);
    const s3 = await canvasPrint(w);
    await setSlider(w, 'b', 7);
    await page.waitForTimeout(100);
    assert.notEqual(await canvasPrint(w), s3, `${id}: B changes the runs`);
    await w.getByRole('button', { name: 'Reset', exact: true }).click();
    assert.equal(await readout(w, 'step'), '0', id);
    await noNaN(w);
    assert.deepEqual(page.errors, [], id);
    await page.context().close();
  }
});

test('the Beyond chapter computes its numbers, renders its formulas, and fits a phone', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const section = await openChapter(page, server.url, 'beyond');
  assert.ok(await section.locator('.chapter-body math').count() >= 5, 'formulas are MathML');
  await page.waitForFunction(() => {
    const ps = [...document.querySelectorAll('section#beyond [data-prose]')];
    return ps.length >= 5 && ps.every((p) => !p.textContent.includes('…'));
  }, null, { timeout: 30000 });
  const prose = async (k) => (await section.locator(`[data-prose="${k}"]`).innerText()).replace(/−/g, '-');
  const drug = await prose('drug');
  const c = drug.match(/with the true ones are (\S+), (\S+), (\S+) and (\S+?) \(/).slice(1).map(num);
  assert.ok(c[0] > 0.9 && c[3] > 0.9 && c[2] < 0.9, `correlations ${c}`);
  const honesty = await prose('honesty');
  const r = honesty.match(/RMSProp is the odd one out: loss (\S+) against (\S+),/).slice(1).map(num);
  assert.ok(r[0] > 5 * r[1], `RMSProp far from done: ${r}`);
  const vr = await prose('vr');
  const floor = num(vr.match(/averages (\S+) over the last quarter/)[1]);
  const svrg = num(vr.match(/SVRG ends (\S+) above the optimum/)[1]);
  assert.ok(svrg < floor / 1e4, `SVRG below SGD's floor: ${svrg} vs ${floor}`);
  const lo = await prose('logistic');
  const la = lo.match(/only (\d+)% of the points are on their side(?:, no better than a coin)?. After (\d+) steps it has (\d+)% right and its loss is (\S+) above the minimum.*and (\d+)% of the points on their side/);
  assert.ok(la, lo);
  assert.ok(Number(la[1]) < 60 && Number(la[3]) > 80 && Math.abs(Number(la[3]) - Number(la[5])) <= 3 && num(la[4]) < 0.02, `logistic: ${la.slice(1)}`);
  const sam = await prose('sam');
  const sh = sam.match(/(\d+)% of the SGD runs and (\d+)% of the SAM runs/).slice(1).map(Number);
  assert.ok(sh[1] > sh[0] + 10, `SAM favours the flat basin: ${sh}`);
  for (const id of IDS) await widgetReady(page, id);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  const text = await section.innerText();
  assert.ok(!/NaN|undefined|Infinity|\binf\b/.test(text), 'no NaN in the chapter');
  await screenshot(page, 'beyond-phone', { fullPage: false });
  assert.deepEqual(page.errors, []);
});
