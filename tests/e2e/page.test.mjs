// Browser tests of the built site (dist/) in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, canvasPrint, readout, setSlider, screenshot } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const W = 'noise-paths';

test('the page loads with no console error, every chapter present, no NaN anywhere', async () => {
  const page = await newPage(browser);
  await page.goto(server.url);
  await widgetReady(page, W);
  for (const id of ['prologue', 'layer-1', 'layer-2', 'layer-3', 'layer-4', 'layer-5', 'beyond']) {
    assert.equal(await page.locator(`section#${id}`).count(), 1, id);
  }
  assert.ok(await page.locator('math').count() >= 2, 'formulas are rendered as MathML');
  const text = await page.locator('body').innerText();
  assert.ok(!/NaN|undefined|inf\b/.test(text), 'no NaN in the page');
  assert.match(text, /6\u2009000×/, 'MNIST cost ratio computed');
  await screenshot(page, 'page-light', { fullPage: true });
  assert.deepEqual(page.errors, []);
});

test('a deep link to a chapter lands on it once the page has mounted', async () => {
  const page = await newPage(browser, { reducedMotion: 'reduce' });
  await page.goto(server.url + '#layer-1');
  await page.locator('section#layer-1').waitFor();
  await page.waitForTimeout(300);
  const top = await page.locator('#layer-1').evaluate((el) => el.getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 50, `#layer-1 at the top of the viewport (top ${top})`);
  assert.deepEqual(page.errors, []);
});

test('table-of-contents links reach their sections', async () => {
  const page = await newPage(browser, { reducedMotion: 'reduce' });
  await page.goto(server.url);
  await widgetReady(page, W);
  const links = page.locator('nav.toc a');
  const n = await links.count();
  assert.equal(n, 7);
  for (let i = n - 1; i >= 0; i--) {
    const href = await links.nth(i).getAttribute('href');
    await links.nth(i).click();
    await page.waitForTimeout(150);
    assert.equal(new URL(page.url()).hash, href);
    const { top, atBottom } = await page.locator(href).evaluate((el) => ({
      top: el.getBoundingClientRect().top,
      atBottom: Math.ceil(window.scrollY + window.innerHeight) >= document.documentElement.scrollHeight - 2,
    }));
    // The section's heading is at the top, or (for the last sections) the page is scrolled to its end.
    assert.ok(top >= -5 && (top < 300 || (atBottom && top < 900)), `${href} scrolled into view (top ${top})`);
  }
  assert.deepEqual(page.errors, []);
});

test('noise-paths: Play makes the step count rise and pixels change; Step is one; Reset is zero', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '#layer-1');
  const w = await widgetReady(page, W);
  await w.scrollIntoViewIfNeeded();
  assert.equal(await readout(w, 'step'), '0');
  assert.equal(await w.getAttribute('data-status'), 'paused');
  const before = await canvasPrint(w);
  await w.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(700);
  assert.equal(await w.getAttribute('data-status'), 'running');
  const mid = Number(await readout(w, 'step'));
  assert.ok(mid > 0, `step rose to ${mid}`);
  await w.getByRole('button', { name: 'Pause' }).click();
  assert.equal(await w.getAttribute('data-status'), 'paused');
  await screenshot(page, 'noise-paths-playing');
  assert.notEqual(await canvasPrint(w), before, 'canvas pixels changed');
  const s0 = Number(await readout(w, 'step'));
  await w.getByRole('button', { name: 'Step' }).click();
  assert.equal(Number(await readout(w, 'step')), s0 + 1, 'Step advances by exactly one');
  await w.getByRole('button', { name: 'Reset' }).click();
  assert.equal(await readout(w, 'step'), '0');
  assert.equal(await canvasPrint(w), before, 'Reset redraws the start');
  await screenshot(page, 'noise-paths-played');
  assert.deepEqual(page.errors, []);
});

test('noise-paths: changing B changes the trajectory; the seed replays it exactly', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=noise-paths&speed=25');
  const w = await widgetReady(page, W);
  await w.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => document.querySelector('[data-widget]').dataset.status !== 'running', null, { timeout: 10000 });
  assert.equal(await readout(w, 'step'), '150');
  await screenshot(page, 'noise-paths-finished');
  const loss32 = await readout(w, 'loss');
  const pic32 = await canvasPrint(w);
  await setSlider(w, 'b', 4);
  await page.waitForTimeout(300);
  assert.equal(await readout(w, 'step'), '150', 'the new runs are replayed to the same step');
  assert.match(await readout(w, 'loss'), /Mini-batch B = 4/);
  assert.notEqual(await readout(w, 'loss'), loss32);
  assert.notEqual(await canvasPrint(w), pic32);
  await setSlider(w, 'b', 32);
  await page.waitForTimeout(300);
  assert.equal(await readout(w, 'loss'), loss32, 'same seed, same B: the same numbers');
  // Replay gives the same trajectory; a new seed gives another.
  await w.getByRole('button', { name: 'Same seed again' }).click();
  await page.waitForFunction(() => document.querySelector('[data-widget]').dataset.status !== 'running', null, { timeout: 10000 });
  assert.equal(await readout(w, 'loss'), loss32);
  await w.getByRole('button', { name: 'New seed' }).click();
  await page.waitForFunction(() => document.querySelector('[data-widget]').dataset.status !== 'running', null, { timeout: 10000 });
  assert.notEqual(await readout(w, 'loss'), loss32);
  assert.deepEqual(page.errors, []);
});

test('noise-paths: a click on the plot moves θ₀ to the clicked point', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=noise-paths');
  const w = await widgetReady(page, W);
  const before = await readout(w, 'start');
  assert.equal(before, '(−0.500, 2.00)');
  const canvas = w.locator('.plot.clickable canvas').last();
  const box = await canvas.boundingBox();
  await canvas.click({ position: { x: box.width * 0.7, y: box.height * 0.55 } });
  await page.waitForTimeout(300);
  const after = await readout(w, 'start');
  assert.notEqual(after, before);
  const [x, y] = after.replace(/[()]/g, '').replace(/−/g, '-').split(',').map(Number);
  assert.ok(x > 1 && x < 3 && y > -1 && y < 2, `θ₀ = ${after} lies where the click was`);
  assert.equal(await w.getAttribute('data-status'), 'running', 'a click starts the runs from there');
  assert.deepEqual(page.errors, []);
});

test('?widget=noise-paths renders only that widget; an unknown id lists the valid ones', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=noise-paths');
  await widgetReady(page, W);
  assert.equal(await page.locator('[data-widget]').count(), 1);
  assert.equal(await page.locator('nav.toc, section.chapter').count(), 0);
  await screenshot(page, 'embed-noise-paths');
  await page.goto(server.url + '?widget=nope%3Cb%3E');
  const msg = page.locator('[data-unknown-widget]');
  await msg.waitFor();
  const text = await msg.innerText();
  assert.match(text, /Unknown widget/);
  assert.match(text, /noise-paths/);
  assert.equal(await page.locator('b').count(), 0, 'the id is shown as text, not markup');
  assert.deepEqual(page.errors, []);
});

test('malformed and out-of-range URL parameters are clamped with a visible notice', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=noise-paths&b=abc&lr_mb=1e999&steps=-5&x0=NaN&bogus=%22%3E%3Cimg%20src%3Dx%3E');
  const w = await widgetReady(page, W);
  const notices = w.locator('[data-notices]');
  await notices.waitFor();
  const text = await notices.innerText();
  assert.match(text, /Mini-batch size B/);
  assert.match(text, /mini-batch/);
  assert.match(text, /Steps = -5 is out of range/);
  assert.match(text, /Unknown parameter/);
  assert.equal(await w.locator('img').count(), 0, 'no injected element');
  assert.match(await readout(w, 'loss'), /Mini-batch B = 32/, 'malformed B falls back to 32');
  assert.equal(await readout(w, 'start'), '(−0.500, 2.00)');
  assert.deepEqual(page.errors, []);
});

test('a diverging run is stopped and marked diverged, with no NaN on screen', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '?widget=noise-paths&lr_gd=2.5&speed=25');
  const w = await widgetReady(page, W);
  await w.getByRole('button', { name: 'Play' }).click();
  await page.waitForFunction(() => document.querySelector('[data-widget]').dataset.status !== 'running', null, { timeout: 10000 });
  assert.equal(await w.getAttribute('data-status'), 'diverged');
  assert.match(await readout(w, 'loss'), /Full batch \(GD\): diverged/);
  assert.ok(!/NaN|inf\b/.test(await w.innerText()));
  assert.deepEqual(page.errors, []);
});

test('dark theme and a 390 px phone layout render without errors', async () => {
  const page = await newPage(browser, { colorScheme: 'dark', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await page.goto(server.url + '#layer-1');
  const w = await widgetReady(page, W);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(22, 24, 30)');
  const sizes = await w.locator('.plot').first().locator('canvas').evaluateAll((cs) => cs.map((c) => [c.width, c.clientWidth]));
  const [heat, ...sharp] = sizes;
  for (const [width, cssWidth] of sharp) assert.ok(Math.abs(width - 2 * cssWidth) <= 2, `HiDPI backing store (${width} px for ${cssWidth} CSS px)`);
  assert.ok(Math.abs(heat[0] - heat[1]) <= 1, 'the smooth heatmap layer stays at CSS resolution');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow}px)`);
  await w.scrollIntoViewIfNeeded();
  await screenshot(page, 'phone-dark-layer1');
  assert.deepEqual(page.errors, []);
});

test('animation pauses while the widget is off-screen or the tab is hidden, and resumes after', async () => {
  const page = await newPage(browser, { reducedMotion: 'reduce' });
  await page.goto(server.url + '#layer-1');
  const w = await widgetReady(page, W);
  await setSlider(w, 'steps', 2000);
  await w.scrollIntoViewIfNeeded();
  await w.getByRole('button', { name: 'Play', exact: true }).click();
  await page.waitForTimeout(400);
  // Off-screen: the step count freezes while the user still wants it to play.
  await page.locator('#beyond').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  const frozen = Number(await readout(w, 'step'));
  await page.waitForTimeout(700);
  assert.equal(Number(await readout(w, 'step')), frozen, 'no steps while off-screen');
  assert.equal(await w.getAttribute('data-status'), 'running', 'still playing, just paused');
  await w.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500);
  const resumed = Number(await readout(w, 'step'));
  assert.ok(resumed > frozen, `resumes on screen (${frozen} → ${resumed})`);
  // Hidden tab: the same.
  const hide = (h) => page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { value: h, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  }, h);
  await hide(true);
  await page.waitForTimeout(200);
  const hidden = Number(await readout(w, 'step'));
  await page.waitForTimeout(600);
  assert.equal(Number(await readout(w, 'step')), hidden, 'no steps while the tab is hidden');
  await hide(false);
  await page.waitForTimeout(500);
  assert.ok(Number(await readout(w, 'step')) > hidden, 'resumes when the tab is visible');
  assert.deepEqual(page.errors, []);
});

// The first visit's bundles (only the main one, also on a slow device; Layer 2's when a reader
// reaches it): lazy.test.mjs.
