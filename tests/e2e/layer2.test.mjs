// Browser tests of Layer 2 (saddle, nonconvex-1d, clipping) on the built site (dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, canvasPrint, readout, setSlider, screenshot, num, value, finished, plotPrint, noNaN, soloWidget } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Wait until a many-seed panel's progress readout ("k of n") is complete. */
async function panelDone(page, w, name) {
  await page.waitForTimeout(60);
  await page.waitForFunction(([el, name]) => {
    const m = (el.querySelector(`[data-readout="${name}"]`)?.textContent ?? '').match(/^(\d+) of (\d+)$/);
    return m && m[1] === m[2] && m[2] !== '0';
  }, [await w.elementHandle(), name], { timeout: 30000 });
}


/** (seeds below GD, median final loss) from the 1-D widget's many-seed summary. */
async function summary(w) {
  const t = (await readout(w, 'summary')).replace(/−/g, '-');
  const m = t.match(/^(\d+) of \d+ seeds end below GD's loss [\d.]+; median final loss (-?[\d.]+),/);
  assert.ok(m, `summary reads: ${t}`);
  return [Number(m[1]), Number(m[2])];
}


test('saddle: GD settles at the saddle (gradient norm to 0, loss stuck), SGD falls below the saddle\'s value', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=saddle&speed=25');
  const w = await widgetReady(page, 'saddle');
  const gdRow = w.locator('table.runs tbody tr').nth(0);
  assert.equal(await readout(w, 'step'), '0');
  assert.equal(await w.getAttribute('data-status'), 'paused');
  assert.equal(await readout(w, 'gd-state'), 'on the stable line');
  const start = await canvasPrint(w);
  // A few steps in, GD is still moving: a real gradient, the loss falling.
  for (let i = 0; i < 20; i++) await w.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await readout(w, 'step'), '20');
  const earlyGrad = await value(w, 'gd-grad');
  const earlyLoss = await value(w, 'gd-loss');
  assert.ok(earlyGrad > 0.05 && earlyLoss > 1e-3, `GD still sliding at step 20: ‖∇L‖ ${earlyGrad}, loss ${earlyLoss}`);
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
  assert.equal(await readout(w, 'step'), '300');
  assert.equal(await gdRow.getAttribute('data-run-status'), 'converged');
  assert.equal(await readout(w, 'gd-state'), 'stuck at the saddle');
  const grad = await value(w, 'gd-grad');
  const loss = await value(w, 'gd-loss');
  assert.ok(grad < 1e-8, `GD's gradient norm went to 0: ${grad}`);
  assert.ok(Math.abs(loss) < 1e-12, `GD's loss is stuck at the saddle's 0: ${loss}`);
  assert.match(await readout(w, 'verdict'), /GD has stopped at the saddle/);
  const sgd = await value(w, 'sgd-loss');
  assert.ok(sgd < -0.2, `SGD's loss ${sgd} is below the saddle's 0, near the minima's −0.25`);
  assert.match(await readout(w, 'sgd-state'), /^escaped at step \d+$/);
  assert.notEqual(await canvasPrint(w), start, 'the paths were drawn');
  await noNaN(w);
  await screenshot(page, 'saddle-finished');
  // A new seed: SGD escapes again, GD does not change.
  await w.getByRole('button', { name: 'New seed', exact: true }).click();
  await finished(page, w);
  assert.ok(await value(w, 'sgd-loss') < -0.2);
  assert.equal(await readout(w, 'gd-state'), 'stuck at the saddle');
  assert.deepEqual(page.errors, []);
});

test('saddle: started 10⁻⁸ off the stable line, GD escapes too, late', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=saddle&speed=25&offset=1e-8');
  const w = await widgetReady(page, 'saddle');
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
  const state = await readout(w, 'gd-state');
  const k = Number(state.match(/^escaped at step (\d+)$/)?.[1]);
  const j = Number((await readout(w, 'sgd-state')).match(/^escaped at step (\d+)$/)?.[1]);
  assert.ok(k > 150 && j < k, `GD escapes at ${k}, after SGD (${j})`);
  assert.ok(await value(w, 'gd-loss') < -0.2, 'and slides into a minimum');
  assert.match(await readout(w, 'verdict'), /GD escaped too, at step \d+/);
  assert.deepEqual(page.errors, []);
});

test('saddle: the escape-time panel runs many seeds, and more noise escapes sooner', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=saddle');
  const w = await widgetReady(page, 'saddle');
  await panelDone(page, w, 'escape-progress');
  assert.equal(await readout(w, 'escape-progress'), '320 of 320');
  const at01 = await value(w, 'escape-median');
  const panel = await plotPrint(w, 2);
  // The log slider's end is σ = 3; its start σ = 0.001.
  await setSlider(w, 'sigma', 400);
  await panelDone(page, w, 'escape-progress');
  const at3 = await value(w, 'escape-median');
  await setSlider(w, 'sigma', 0);
  await panelDone(page, w, 'escape-progress');
  const at0001 = await value(w, 'escape-median');
  assert.ok(at3 < at01 && at01 < at0001, `median escape falls with σ: ${at0001} (σ 0.001) > ${at01} (σ 0.1) > ${at3} (σ 3)`);
  assert.ok(at0001 > 60 && at3 < 20, `${at0001}, ${at3}`);
  assert.notEqual(await plotPrint(w, 2), panel, 'the panel redrew');
  await screenshot(page, 'saddle-panel-small-sigma');
  assert.deepEqual(page.errors, []);
});

test('nonconvex-1d: the histograms change with σ; σ = 3 jitters in the first dip, σ = 10 finds deeper ones', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=nonconvex-1d&speed=25&seeds=100');
  const w = await widgetReady(page, 'nonconvex-1d');
  await panelDone(page, w, 'hist-progress');
  const [better3, median3] = await summary(w);
  const hist3 = [await plotPrint(w, 1), await plotPrint(w, 2)];
  assert.ok(better3 <= 5 && median3 > 3.6, `σ = 3: ${better3} of 100 below GD, median ${median3}`);
  // The ball: GD stops in the first dip; this seed's noisy run ends a little worse, as in the source.
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
  const gd = await value(w, 'gd-loss');
  assert.ok(Math.abs(gd - 3.612) < 1e-3 && Math.abs(await value(w, 'gd-theta') + 0.277) < 1e-3, `GD ends at loss ${gd}`);
  assert.ok(await value(w, 'noisy-loss') >= gd);
  assert.match(await readout(w, 'verdict'), new RegExp(`of 100 seeds, ${better3} end below GD`));

  await setSlider(w, 'sigma', 10);
  await panelDone(page, w, 'hist-progress');
  const [better10, median10] = await summary(w);
  assert.ok(better10 >= 80 && median10 < 0, `σ = 10: ${better10} of 100 below GD, median ${median10}`);
  assert.notEqual(await plotPrint(w, 1), hist3[0], 'the end-point histogram changed');
  assert.notEqual(await plotPrint(w, 2), hist3[1], 'the final-loss histogram changed');
  await screenshot(page, 'nonconvex-sigma-10');

  await setSlider(w, 'sigma', 40);
  await panelDone(page, w, 'hist-progress');
  const [, median40] = await summary(w);
  assert.ok(median40 > median10 + 2, `too much noise scatters: median ${median40} against ${median10}`);
  await noNaN(w);
  assert.deepEqual(page.errors, []);
});

test('clipping: unclipped, the run is stopped and marked diverged with no NaN on screen; clipped by norm or by value, it survives', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=clipping&speed=25');
  const w = await widgetReady(page, 'clipping');
  assert.equal(await readout(w, 'bound'), 'none');
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
  assert.equal(await w.getAttribute('data-status'), 'diverged');
  assert.match(await readout(w, 'verdict'), /^Diverged after \d+ steps/);
  assert.ok(await value(w, 'longest') > 10, 'an unclipped step off the face is long');
  await noNaN(w);
  await screenshot(page, 'clipping-diverged');
  const diverged = await plotPrint(w, 1);

  const select = w.locator('select[name="clip"]');
  for (const [label, bound] of [['by global norm', 0.1], ['by value', 0.1 * Math.SQRT2]]) {
    await select.selectOption({ label });
    await w.getByRole('button', { name: 'Reset', exact: true }).click();
    await w.getByRole('button', { name: 'Play', exact: true }).click();
    await finished(page, w);
    assert.notEqual(await w.getAttribute('data-status'), 'diverged', label);
    assert.equal(await readout(w, 'step'), '300', `${label}: all 300 steps`);
    const longest = await value(w, 'longest');
    assert.ok(longest <= bound + 1e-3 && longest > bound * 0.5, `${label}: longest step ${longest} ≤ ${bound}`);
    assert.ok(await value(w, 'loss') < 0.01, `${label}: down in the valley`);
    assert.match(await readout(w, 'bound'), /^α·c(·√2)? = /);
    assert.notEqual(await plotPrint(w, 1), diverged, `${label}: the gradient-norm plot changed`);
    await noNaN(w);
  }
  // Clipping acts on the face: mid-run, the gradient before clipping is far above the one after.
  await select.selectOption({ label: 'by global norm' });
  await w.getByRole('button', { name: 'Reset', exact: true }).click();
  let seen = false;
  for (let i = 0; i < 40 && !seen; i++) {
    await w.getByRole('button', { name: 'Step', exact: true }).click();
    seen = (await value(w, 'grad-before')) > 100 && (await value(w, 'grad-after')) <= 1;
  }
  assert.ok(seen, 'a step on the face clipped a gradient above 100 down to c = 1');
  await screenshot(page, 'clipping-norm');
  assert.deepEqual(page.errors, []);
});

test('?widget= renders each Layer 2 widget alone', async () => {
  for (const id of ['saddle', 'nonconvex-1d', 'clipping']) {
    const { page, w } = await soloWidget(browser, server, id);
    assert.deepEqual(page.errors, [], id);
    await page.context().close();
  }
});

test('the Layer 2 chapter computes its numbers, renders its formulas, and fits a phone', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await page.goto(server.url + '#layer-2');
  const section = page.locator('section#layer-2');
  // The chapter's body comes with the second bundle.
  await section.locator('.chapter-body').waitFor();
  assert.ok(await section.locator('math').count() >= 8, 'formulas are MathML');
  // The many-seed numbers are computed once their paragraphs are on screen.
  const escape = section.locator('[data-prose="escape"]');
  await escape.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.querySelector('[data-prose="escape"]').textContent.includes('…'), null, { timeout: 20000 });
  const medians = [...(await escape.innerText()).matchAll(/(\d+) (?:steps )?at σ = /g)].map((m) => Number(m[1]));
  assert.equal(medians.length, 4);
  assert.ok(medians[0] > medians[1] && medians[1] > medians[2] && medians[2] > medians[3], `medians fall with σ: ${medians}`);
  const table = section.locator('[data-prose="curve-table"]');
  await table.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => !document.querySelector('[data-prose="curve-table"]').textContent.includes('…'), null, { timeout: 30000 });
  const better = (await table.locator('tr td:nth-child(3)').allInnerTexts()).map((t) => Number(t.split(' ')[0]));
  assert.ok(better[0] <= 5 && better[1] >= 80 && better[3] >= 80, `seeds below GD: ${better}`);
  // Mount every widget of the chapter, then look for overflow and stray NaN.
  for (const id of ['saddle', 'nonconvex-1d', 'clipping']) await widgetReady(page, id);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  const text = await section.innerText();
  assert.ok(!/NaN|undefined|Infinity|\binf\b/.test(text), 'no NaN in the chapter');
  assert.match(text, /after \d+ steps the gradient norm is below 10⁻⁸/);
  assert.deepEqual(page.errors, []);
});
