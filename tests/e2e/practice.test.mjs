// Browser tests of the practice cards (Beyond the layers) on the built site (dist/): the
// solution is not in the page before an answer is committed; numbers and choices are judged
// right or wrong with the correct value shown; "Give up" reveals; the score readouts follow;
// the `set` and `card` parameters; `?widget=practice`; the chapter at 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, readout, screenshot, num, noNaN, soloWidget } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const card = (w, key) => w.locator(`[data-card="${key}"]`);
const state = (w, key) => card(w, key).getAttribute('data-state');
const check = (w) => w.getByRole('button', { name: 'Check', exact: true }).click();

/** Go to the card with `key` by its button in the strip. */
async function open(w, key) {
  await card(w, key).click();
  await w.locator(`[data-current-card="${key}"]`).waitFor();
}

test('practice: the solution appears only after an answer; numbers right and wrong; choices right and wrong; give up; score', async () => {
  const { page, w } = await soloWidget(browser, server, 'practice');
  assert.equal(await readout(w, 'answered'), '0');
  assert.equal(await readout(w, 'correct'), '0');
  assert.equal(await readout(w, 'card'), '1');
  assert.equal(await w.locator('[data-card]').count(), 14);
  assert.equal(await w.locator('.playbar').count(), 0, 'a deck has no play bar');

  // A numeric card: the answer to problem 5 (linear scaling) is 0.08.
  await open(w, 'scaled-lr');
  assert.equal(await w.locator('[data-solution]').count(), 0, 'no solution in the page before answering');
  assert.doesNotMatch(await w.innerText(), /Worked solution/);
  // Check with nothing typed: a hint, nothing revealed, nothing counted.
  await check(w);
  assert.match(await w.locator('.card-hint').innerText(), /Type a number first/);
  assert.equal(await w.locator('[data-solution]').count(), 0);
  assert.equal(await readout(w, 'answered'), '0');
  await w.getByLabel(/Your answer/).fill('0.08');
  await w.getByLabel(/Your answer/).press('Enter');
  const sol = w.locator('[data-solution="scaled-lr"]');
  await sol.waitFor();
  assert.equal(await sol.locator('[data-verdict]').getAttribute('data-verdict'), 'right');
  assert.match(await sol.innerText(), /Worked solution/);
  assert.equal(await state(w, 'scaled-lr'), 'right');
  assert.equal(await readout(w, 'answered'), '1');
  assert.equal(await readout(w, 'correct'), '1');
  assert.equal(await w.getByLabel(/Your answer/).count(), 0, 'the answer is committed: no second try');

  // A wrong number: marked wrong, with the correct value (AdaGrad's rate after 100 steps, 0.005).
  await open(w, 'adagrad-rate');
  assert.equal(await w.locator('[data-solution]').count(), 0);
  await w.getByLabel(/Your answer/).fill('0.01');
  await check(w);
  const wrong = w.locator('[data-solution="adagrad-rate"] [data-verdict]');
  assert.equal(await wrong.getAttribute('data-verdict'), 'wrong');
  const shown = (await wrong.innerText()).match(/the answer is (\S+?)\.$/)[1];
  assert.ok(Math.abs(num(shown) - 0.005) < 1e-6, `correct value shown: ${shown}`);
  assert.equal(await state(w, 'adagrad-rate'), 'wrong');
  assert.equal(await readout(w, 'answered'), '2');
  assert.equal(await readout(w, 'correct'), '1');

  // Problem 6: 16 is accepted, and the seeded experiment in the solution measures more than 16
  // (without replacement), close to the finite-population 21.2.
  await open(w, 'variance-ratio');
  await w.getByLabel(/Your answer/).fill('16');
  await check(w);
  const vtext = await w.locator('[data-solution="variance-ratio"]').innerText();
  assert.equal(await state(w, 'variance-ratio'), 'right');
  const measured = num(vtext.match(/measures (\S+?)×/)[1]);
  const fpc = num(vtext.match(/predicts (\S+?)×/)[1]);
  assert.ok(Math.abs(fpc - 21.2) < 0.1 && Math.abs(measured - fpc) < 0.12 * fpc, `measured ${measured}, formula ${fpc}`);

  // A choice card: the wrong pick is marked, every choice gets its reason, and the seed's error
  // is corrected on the card.
  await open(w, 'bias-correction');
  assert.equal(await w.locator('[data-solution]').count(), 0);
  await check(w);
  assert.match(await w.locator('.card-hint').innerText(), /Pick one/);
  await w.getByRole('radio', { name: /within 5 %/ }).check();
  await check(w);
  const bias = w.locator('[data-solution="bias-correction"]');
  assert.equal(await bias.locator('[data-verdict]').getAttribute('data-verdict'), 'wrong');
  assert.match(await bias.locator('[data-verdict]').innerText(), /β₁'s correction fades/);
  assert.equal(await bias.locator('.choice-reasons li').count(), 4);
  assert.match(await bias.locator('.choice-reasons').innerText(), /your pick/);
  const corr = await bias.locator('.correction').innerText();
  assert.match(corr, /Correction to the source/);
  const factors = (await bias.innerText()).match(/At t = 20 they are (\S+) and (\S+)\. The first/).slice(1).map(num);
  assert.ok(Math.abs(factors[0] - 1.138) < 0.01 && factors[1] > 50 && factors[1] < 51, `factors at t = 20: ${factors}`);
  assert.equal(await state(w, 'bias-correction'), 'wrong');

  // A right choice (interview question 7, by keyboard: arrows within the radio group).
  await open(w, 'batch-and-lr');
  await w.getByRole('radio').first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await w.getByRole('radio', { name: /Multiply α by k, with a gradual warm-up/ }).isChecked(), true);
  await check(w);
  assert.equal(await state(w, 'batch-and-lr'), 'right');
  assert.equal(await w.locator('[data-solution="batch-and-lr"] a[href="./#layer-4"]').count(), 1, 'links back to Layer 4 (on the tutorial page)');

  // Give up: counts as answered (not right) and reveals.
  await open(w, 'momentum-gain');
  assert.equal(await w.locator('[data-solution]').count(), 0);
  await w.getByRole('button', { name: 'Give up', exact: true }).click();
  const gave = w.locator('[data-solution="momentum-gain"]');
  assert.match(await gave.locator('[data-verdict]').innerText(), /Given up\. The answer is 10\b/);
  assert.equal(await state(w, 'momentum-gain'), 'wrong');
  assert.equal(await readout(w, 'answered'), '6');
  assert.equal(await readout(w, 'correct'), '3');

  // Previous / Next wrap around the deck; answers stay with their cards.
  await open(w, 'why-minibatch');
  await w.getByRole('button', { name: '← Previous', exact: true }).click();
  assert.equal(await readout(w, 'card'), '14');
  await w.getByRole('button', { name: 'Next →', exact: true }).click();
  assert.equal(await readout(w, 'card'), '1');
  await open(w, 'scaled-lr');
  assert.equal(await w.locator('[data-solution="scaled-lr"] [data-verdict]').getAttribute('data-verdict'), 'right');
  await noNaN(w);
  await screenshot(page, 'practice-answered');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('practice: the set and card parameters, clamped with a notice', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=practice&set=practice&card=3');
  let w = await widgetReady(page, 'practice');
  assert.equal(await w.locator('[data-card]').count(), 7);
  assert.equal(await readout(w, 'card'), '3');
  await w.locator('[data-current-card="adagrad-rate"]').waitFor();
  assert.equal(await w.locator('[data-notices]').count(), 0);
  // Card 12 of the 7 practice problems: the last one, with a notice.
  await page.goto(server.url + '?widget=practice&set=practice&card=12');
  w = await widgetReady(page, 'practice');
  assert.equal(await readout(w, 'card'), '7');
  assert.match(await w.locator('[data-notices]').innerText(), /only 7 cards/);
  // Out of range and malformed.
  await page.goto(server.url + '?widget=practice&card=99&set=all');
  w = await widgetReady(page, 'practice');
  assert.equal(await readout(w, 'card'), '14');
  const notices = await w.locator('[data-notices]').innerText();
  assert.match(notices, /Card = 99 is out of range/);
  assert.match(notices, /Questions = “all” is not one of/);
  // The set select switches the deck and starts it at its first card.
  await w.getByLabel('Questions').selectOption({ label: 'Interview questions' });
  assert.equal(await w.locator('[data-card]').count(), 7);
  assert.equal(await readout(w, 'card'), '1');
  await w.locator('[data-current-card="why-minibatch"]').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('practice: the chapter section at 390 px and in the dark, no horizontal overflow, no NaN, MathML in the solutions', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, colorScheme: 'dark' });
  await page.goto(server.url + '#beyond');
  const w = await widgetReady(page, 'practice');
  // The practice section is the chapter's last (its headings, not the widgets' titles).
  const heads = await page.locator('section#beyond h3:not(.widget h3)').allInnerTexts();
  assert.equal(heads.at(-1), 'Practice', heads.join(' | '));
  await open(w, 'expected-step');
  await w.getByLabel(/Your answer/).fill('1.1');
  await check(w);
  await w.locator('[data-solution="expected-step"] math').first().waitFor();
  assert.equal(await state(w, 'expected-step'), 'right');
  await open(w, 'beta2-factor');
  await w.getByRole('button', { name: 'Give up', exact: true }).click();
  await w.locator('[data-solution="beta2-factor"] .correction').waitFor();
  await w.scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  await noNaN(w);
  await screenshot(page, 'practice-phone-dark', { fullPage: false });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
