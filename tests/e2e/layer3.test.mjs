// Browser tests of Layer 3 (momentum, momentum-weights, momentum-tuning, momentum-noise) on the
// built site (dist/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, canvasPrint, readout, setSlider, screenshot, num, value, finished, plotPrint, noNaN, soloWidget } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const button = (w, name) => w.getByRole('button', { name, exact: true });

/** The numbers of a "(a, b)" pair in a readout's text after `label`. */
function pairAfter(text, label) {
  const m = text.replace(/−/g, '-').match(new RegExp(label.replace(/[()]/g, '\\$&') + '[^(]*\\(([^,]+), ([^)]+)\\)'));
  assert.ok(m, `"${label}" followed by a pair in: ${text}`);
  return [num(m[1]), num(m[2])];
}

test('momentum: heavy ball beats plain gradient descent in the valley, the rule shows the real step, controls matter', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=momentum&speed=25');
  const w = await widgetReady(page, 'momentum');
  assert.equal(await readout(w, 'step'), '0');
  // Before any step: g = ∇L at (−1.5, 0.2) = (2θ₁, 200θ₂) = (−3, 40), and v = g on the first step.
  const rule0 = await readout(w, 'rule-hb');
  assert.deepEqual(pairAfter(rule0, 'g = ∇L(θ) ='), [-3, 40]);
  const vLine = rule0.split('\n').find((l) => l.startsWith('v ←'));
  const pairs = [...vLine.replace(/−/g, '-').matchAll(/\(([^,]+), ([^)]+)\)/g)].map((m) => [num(m[1]), num(m[2])]);
  assert.deepEqual(pairs, [[0, 0], [-3, 40], [-3, 40]], vLine);
  const start = await canvasPrint(w);
  // One step: the rule now starts from the new velocity, and the plot moved.
  await button(w, 'Step').click();
  assert.equal(await readout(w, 'step'), '1');
  const rule1 = await readout(w, 'rule-hb');
  assert.notEqual(rule1, rule0);
  // θ₁ = −1.5 − 0.006·(−3) = −1.482, θ₂ = 0.2 − 0.006·40 = −0.04: the gradient there is (−2.964, −8).
  const [g1, g2] = pairAfter(rule1, 'g = ∇L(θ) =');
  assert.ok(Math.abs(g1 + 2.964) < 0.01 && Math.abs(g2 + 8) < 0.01, `gradient after one step: ${g1}, ${g2}`);
  assert.notEqual(await canvasPrint(w), start);
  await button(w, 'Play').click();
  await finished(page, w);
  assert.equal(await readout(w, 'step'), '150');
  // With the budget spent there is no next update, and the panel says why.
  assert.equal(await readout(w, 'rule-hb'), 'No next update: this run has used all its 150 steps. Press Reset to watch it again.');
  const [gd, hb, nag] = [await value(w, 'loss-0'), await value(w, 'loss-1'), await value(w, 'loss-2')];
  assert.ok(hb < gd / 100, `heavy ball ${hb} far below gradient descent ${gd} after the same 150 steps`);
  assert.ok(nag < gd, `Nesterov ${nag} below gradient descent ${gd}`);
  assert.match(await readout(w, 'verdict'), /heavy ball's loss is [\d.,×⁰-⁹⁻]+ lower/);
  await screenshot(page, 'momentum-1280');
  // The multiplier follows the β slider.
  for (const [beta, shown] of [[0.99, '100×'], [0.5, '2.00×'], [0, '1.00×'], [0.9, '10.0×']]) {
    await setSlider(w, 'beta', beta);
    assert.equal(await readout(w, 'multiplier'), shown, `β = ${beta}`);
  }
  // Hiding a runner changes the picture but keeps its row.
  const before = await canvasPrint(w);
  await w.locator('input[name="nag"]').uncheck();
  assert.notEqual(await canvasPrint(w), before, 'hiding Nesterov redraws');
  assert.ok(Number.isFinite(await value(w, 'loss-2')), 'its loss is still listed');
  // A larger α changes the outcome: at 0.009 Nesterov diverges and says so, with no NaN on screen.
  const lr = w.locator('input[name="lr"]');
  const pos = Math.round(Math.log(0.009 / 0.0001) / Math.log(0.05 / 0.0001) * 400);
  await lr.evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, pos);
  await page.waitForTimeout(100);
  assert.equal(await readout(w, 'loss-2'), 'diverged');
  assert.match(await readout(w, 'rule-nag'), /^No next update: this run diverged at step \d+\.$/);
  assert.equal(await w.locator('table.runs tbody tr').nth(2).getAttribute('data-run-status'), 'diverged');
  await noNaN(w);
  // Clicking the plot moves the start.
  const canvas = w.locator('.plot canvas').last();
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width * 0.75, y: box.height * 0.25 } });
  const x0 = num(await w.locator('input[name="x0"] ~ output').textContent());
  assert.ok(x0 > 0.3, `start moved right: ${x0}`);
  assert.deepEqual(page.errors, []);
});

test('momentum-weights: the weights are (1 − λ^{t+1−i})/(1 − λ), oldest towards 1/(1 − λ), and follow λ', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=momentum-weights&speed=5');
  const w = await widgetReady(page, 'momentum-weights');
  // It opens on all 40 gradients; Play builds them up again from the first.
  assert.equal(await readout(w, 'step'), '40');
  await w.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await readout(w, 'step'), '1');
  assert.equal(await value(w, 'oldest'), 1);
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await finished(page, w);
  assert.equal(await readout(w, 'step'), '40');
  const oldest = await value(w, 'oldest');
  assert.ok(Math.abs(oldest - (1 - 0.9 ** 40) / 0.1) < 1e-3, `oldest weight ${oldest}`);
  assert.equal(await value(w, 'newest'), 1);
  const sum = await value(w, 'sum');
  let expected = 0;
  for (let i = 0; i < 40; i++) expected += (1 - 0.9 ** (40 - i)) / 0.1;
  assert.ok(Math.abs(sum - expected) / expected < 1e-3, `sum ${sum} vs ${expected}`);
  assert.equal(await readout(w, 'multiplier'), '10.0×');
  const chart = await canvasPrint(w);
  await setSlider(w, 'lambda', 0);
  assert.equal(await value(w, 'oldest'), 1);
  assert.equal(await value(w, 'sum'), 40, 'without momentum every gradient counts once');
  assert.notEqual(await canvasPrint(w), chart);
  await setSlider(w, 'lambda', 0.5);
  assert.ok(Math.abs(await value(w, 'oldest') - 2) < 1e-3);
  // Fewer gradients: the count follows the slider.
  await setSlider(w, 't', 10);
  assert.equal(await readout(w, 'step'), '10');
  await noNaN(w);
  assert.deepEqual(page.errors, []);
});

test('momentum-tuning: α*, β* from the formulas; a click on the map runs that pair; too much β spirals', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=momentum-tuning&speed=25');
  const w = await widgetReady(page, 'momentum-tuning');
  // κ = 100: μ = 2, L = 200.
  const a = await value(w, 'alpha-star');
  const b = await value(w, 'beta-star');
  assert.ok(Math.abs(a - (2 / (Math.sqrt(200) + Math.sqrt(2))) ** 2) < 1e-4, `α* ${a}`);
  assert.ok(Math.abs(b - ((10 - 1) / (10 + 1)) ** 2) < 1e-3, `β* ${b}`);
  assert.ok(Math.abs(await value(w, 'rate-star') - 9 / 11) < 1e-3);
  assert.equal(await readout(w, 'step'), '0');
  const map = w.locator('.plot').first();
  const mapPrint = await plotPrint(w, 0);
  const box = await map.boundingBox();
  // High on the map, small α: a pair with too much β.
  await map.click({ position: { x: box.width * 0.3, y: box.height * 0.1 } });
  const [a1, b1] = [await value(w, 'alpha'), await value(w, 'beta')];
  assert.ok(b1 > 0.85 && a1 > 0.002 && a1 < 0.008, `clicked pair α ${a1}, β ${b1}`);
  await page.waitForTimeout(150);
  assert.ok(Number(await readout(w, 'step')) > 0, 'the click starts the run');
  assert.notEqual(await plotPrint(w, 0), mapPrint, 'the ring moved');
  assert.match(await readout(w, 'verdict'), /Too much β/);
  await finished(page, w);
  const spiralLoss = await value(w, 'loss');
  assert.ok(Math.abs(await value(w, 'rate') - Math.sqrt(b1)) < 2e-3, 'a spiral shrinks by √β per step');
  await screenshot(page, 'momentum-tuning-spiral');
  // The optimal pair by the sliders (α is set as a fraction of 4/L = 0.02): the run replays to
  // the same 100 steps with a far lower loss.
  await setSlider(w, 'lr', 0.82);
  await setSlider(w, 'beta', 0.67);
  await page.waitForTimeout(100);
  assert.equal(await readout(w, 'step'), '100');
  const nearLoss = await value(w, 'loss');
  assert.ok(nearLoss < spiralLoss * 1e-6, `near the optimum ${nearLoss} vs the spiral ${spiralLoss}`);
  assert.match(await readout(w, 'verdict'), /Close to β\*/);
  // The colouring changes the map.
  const before = await plotPrint(w, 0);
  await w.locator('select[name="colour"]').selectOption({ index: 0 });
  await page.waitForTimeout(200);
  assert.notEqual(await plotPrint(w, 0), before);
  await noNaN(w);
  assert.deepEqual(page.errors, []);
});

test('momentum-noise: one noise stream, the velocity averages the gradient noise, settings change the race', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=momentum-noise&speed=25');
  const w = await widgetReady(page, 'momentum-noise');
  const start = await canvasPrint(w);
  await button(w, 'Play').click();
  await finished(page, w);
  assert.equal(await readout(w, 'step'), '600');
  assert.notEqual(await canvasPrint(w), start);
  const [sgd, mom, eff] = [await value(w, 'mean-0'), await value(w, 'mean-1'), await value(w, 'mean-2')];
  assert.ok(mom < sgd / 5, `momentum settles below SGD at the same α: ${mom} vs ${sgd}`);
  assert.ok(mom < eff, `and below SGD at the same effective step: ${mom} vs ${eff}`);
  const turnG = num((await readout(w, 'turn-g')).replace('°', ''));
  const turnV = num((await readout(w, 'turn-v')).replace('°', ''));
  assert.ok(turnG > 1.5 * turnV, `the gradient turns ${turnG}° per step, the velocity ${turnV}°`);
  await screenshot(page, 'momentum-noise-1280');
  // The comparison plot has two views.
  const third = await plotPrint(w, 2);
  await w.locator('select[name="view"]').selectOption({ index: 1 });
  await page.waitForTimeout(150);
  assert.notEqual(await plotPrint(w, 2), third);
  // Another seed and additive noise give other numbers (and the same seed gives the same).
  await w.locator('select[name="noise"]').selectOption({ index: 1 });
  await page.waitForTimeout(150);
  assert.notEqual(await value(w, 'mean-1'), mom);
  const gaussMom = await value(w, 'mean-1');
  await button(w, 'New seed').click();
  await finished(page, w);
  assert.notEqual(await value(w, 'mean-1'), gaussMom);
  // Too large a step for plain SGD at α/(1 − β): marked diverged, no NaN.
  const lr = w.locator('input[name="lr"]');
  await lr.evaluate((el) => { el.value = '330'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  await button(w, 'Reset').click();
  await button(w, 'Play').click();
  await finished(page, w);
  assert.equal(await readout(w, 'mean-2'), 'diverged');
  await noNaN(w);
  assert.deepEqual(page.errors, []);
});

test('?widget= renders each Layer 3 widget alone, and bad parameters are clamped with a notice', async () => {
  for (const id of ['momentum', 'momentum-weights', 'momentum-tuning', 'momentum-noise']) {
    const { page, w } = await soloWidget(browser, server, id);
    assert.deepEqual(page.errors, [], id);
    await page.context().close();
  }
  const page = await newPage(browser);
  await page.goto(`${server.url}?widget=momentum&beta=7&kappa=abc`);
  const w = await widgetReady(page, 'momentum');
  assert.equal(await w.locator('[data-notices] li').count(), 2);
  assert.equal(await readout(w, 'multiplier'), '100×', 'β clamped to 0.99');
  await noNaN(w);
});

test('the Layer 3 chapter computes its numbers, renders its formulas, and fits a phone', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await page.goto(server.url + '#layer-3');
  const section = page.locator('section#layer-3');
  await section.locator('.chapter-body').waitFor();
  assert.ok(await section.locator('math').count() >= 5, 'formulas are MathML');
  const text = await section.innerText();
  // The β table and the optimal pair, computed by the core.
  const cells = await section.locator('table.data tbody td').allInnerTexts();
  assert.deepEqual(cells, ['1.00×', '2.00×', '10.0×', '100×']);
  assert.match(text, /α\* = 0\.0165 and β\* = 0\.669/);
  assert.match(text, /momentum is 10\.\d times faster/);
  // The practice answer is hidden until opened.
  const practice = section.locator('details.practice');
  assert.equal(await practice.getAttribute('open'), null);
  await practice.locator('summary').click();
  assert.match(await practice.innerText(), /α < 2\/L = 0\.01/);
  for (const id of ['momentum', 'momentum-weights', 'momentum-tuning', 'momentum-noise']) await widgetReady(page, id);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  assert.ok(!/NaN|undefined|Infinity|\binf\b/.test(await section.innerText()), 'no NaN in the chapter');
  await page.locator('section#layer-3 h2').scrollIntoViewIfNeeded();
  await screenshot(page, 'layer3-390');
  assert.deepEqual(page.errors, []);
});
