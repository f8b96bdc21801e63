// Teachers' features: links that reproduce a widget, hide flags, the example host page (two
// iframes that resize, two mount points), CSV and PNG export, offline after a first visit, no
// request to another origin and no Content-Security-Policy violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, newPage, widgetReady, readout, setSlider, screenshot, registryWidgets } from './harness.mjs';

let server, browser, widgets, noPlayer;
before(async () => {
  server = await serve();
  browser = await launch();
  const all = await registryWidgets(browser, server.url);
  widgets = all.map((w) => w.id);
  // Widgets without a player (card decks): no Play / Step / Reset.
  noPlayer = new Set(all.filter((w) => w.player === false).map((w) => w.id));
});
after(async () => { await browser?.close(); await server?.close(); });

/** Every readout of a widget, by name. */
const readouts = (w) => w.evaluate((el) => Object.fromEntries([...el.querySelectorAll('[data-readout]')].map((r) => [r.dataset.readout, r.textContent.trim()])));

/** Shown to screen readers only: a 1-pixel clipped box. */
const srOnly = (loc) => loc.evaluate((el) => el.getBoundingClientRect().width <= 1 && el.textContent.trim().length > 0);

/** Collects Content-Security-Policy violations into window.__csp (before any script runs). */
async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

/** Open the widget's Share & export panel and return the link it gives. */
async function copyLink(w) {
  const tools = w.locator('[data-share-tools]').last();
  if (!(await tools.evaluate((d) => d.open))) await tools.locator('summary').click();
  await tools.locator('[data-share="link"]').click();
  const link = await tools.locator('[data-share-link]').inputValue();
  assert.match(link, /index\.html\?widget=/);
  return link;
}

test('a copied link reproduces the same readouts as its source, for every widget', async () => {
  const page = await newPage(browser);
  for (const id of widgets) {
    await page.goto(`${server.url}?widget=${id}`);
    const w = await widgetReady(page, id);
    // Change the first two sliders (as a user would) and the seed if there is a "New seed".
    const sliders = w.locator('input[type="range"]:visible');
    for (let i = 0; i < Math.min(2, await sliders.count()); i++) {
      await sliders.nth(i).focus();
      for (let k = 0; k < 3; k++) await page.keyboard.press(i === 0 ? 'ArrowRight' : 'ArrowLeft');
    }
    const newSeed = w.getByRole('button', { name: 'New seed' });
    if (await newSeed.count()) await newSeed.first().click();
    // Step a fixed number of times from the start, in both (a deck: go to its third card).
    const play = noPlayer.has(id) ? async (x) => {
      for (let k = 0; k < 2; k++) await x.getByRole('button', { name: 'Next →', exact: true }).click();
      return readouts(x);
    } : async (x) => {
      await x.getByRole('button', { name: 'Reset', exact: true }).first().click();
      for (let k = 0; k < 7; k++) await x.getByRole('button', { name: 'Step', exact: true }).first().click();
      await page.waitForTimeout(150);
      return readouts(x);
    };
    const before = await play(w);
    const link = await copyLink(w);
    const copy = await newPage(browser);
    await copy.goto(link);
    const w2 = await widgetReady(copy, id);
    // A deck's link carries its card: the copy opens on it, with no clicks.
    const after = noPlayer.has(id) ? await readouts(w2) : await play(w2);
    if (noPlayer.has(id)) assert.equal(after.card, '3', `${id}: the link opens card 3`);
    assert.deepEqual(after, before, `${id}: ${link}`);
    assert.equal(await w2.locator('[data-notices]').count(), 0, `${id}: the link's values are all accepted`);
    assert.deepEqual(copy.errors, [], id);
    await copy.context().close();
  }
  assert.deepEqual(page.errors, []);
});

test('hide= hides controls, the title or the play bar, and never a readout', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}?widget=momentum`);
  let w = await widgetReady(page, 'momentum');
  const all = Object.keys(await readouts(w));
  assert.ok(all.length >= 3);
  await page.goto(`${server.url}?widget=momentum&hide=beta,title`);
  w = await widgetReady(page, 'momentum');
  assert.equal(await w.locator('input[name="beta"]').isVisible(), false, 'β is hidden');
  assert.equal(await w.locator('input[name="lr"]').isVisible(), true, 'α is not');
  assert.ok(await srOnly(w.locator('h2')), 'the title is hidden');
  assert.equal(await w.getAttribute('aria-labelledby'), 'momentum-title', 'but still names the widget for screen readers');
  await page.goto(`${server.url}?widget=momentum&hide=controls,playbar`);
  w = await widgetReady(page, 'momentum');
  assert.equal(await w.locator('input[type="range"]:visible, input[type="checkbox"]:visible').count(), 0, 'no control shows');
  assert.equal(await w.locator('.playbar').isVisible(), false);
  for (const r of all) assert.ok(await w.locator(`[data-readout="${r}"]`).first().isVisible(), `readout ${r} still shows`);
  // Hidden controls keep their values in the link.
  await page.goto(`${server.url}?widget=momentum&beta=0.5&hide=controls`);
  w = await widgetReady(page, 'momentum');
  const link = await copyLink(w);
  assert.match(link, /[?&]beta=0\.5(&|$)/);
  assert.match(link, /[?&]hide=controls(&|$)/);
  // An unknown word is reported, not obeyed silently.
  await page.goto(`${server.url}?widget=momentum&hide=everything`);
  w = await widgetReady(page, 'momentum');
  assert.match(await w.locator('[data-notices]').innerText(), /hide = “everything”/);
  assert.deepEqual(page.errors, []);
});

test('the example host page: two iframes that resize to their widgets, two independent mount points', async () => {
  const page = await newPage(browser);
  await watchCsp(page);
  await page.goto(server.url + 'embed.html');
  const points = page.locator('[data-sgd-widget="noise-paths"]');
  await page.waitForFunction(() => document.querySelectorAll('[data-sgd-widget] [data-widget] canvas').length >= 2, null, { timeout: 20000 });
  const [a, b] = [points.nth(0).locator('[data-widget]'), points.nth(1).locator('[data-widget]')];
  assert.match(await readout(a, 'loss'), /Mini-batch B = 8/, 'data-b="8" is read');
  assert.match(await readout(b, 'loss'), /Mini-batch B = 64/);
  assert.ok(await srOnly(b.locator('h3')), 'data-hide="title" hides the second one\'s title');
  await a.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await readout(a, 'step'), '1');
  assert.equal(await readout(b, 'step'), '0', 'stepping one leaves the other alone');
  // Each iframe reports its height and the host resizes it (from the 600 px of host.css).
  const frames = page.locator('iframe');
  assert.equal(await frames.count(), 2);
  for (let i = 0; i < 2; i++) await frames.nth(i).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll('iframe')].every((f) => f.style.height && f.style.height !== '600px'), null, { timeout: 20000 });
  for (let i = 0; i < 2; i++) {
    const f = frames.nth(i);
    const outer = (await f.boundingBox()).height;
    const inner = await (await f.elementHandle()).contentFrame().then((fr) => fr.evaluate(() => document.body.getBoundingClientRect().height));
    assert.ok(Math.abs(outer - inner) <= 4, `iframe ${i} fits its widget (${outer} vs ${inner})`);
  }
  const inner = page.frameLocator('iframe').nth(1).locator('[data-widget="momentum"]');
  assert.equal(await inner.locator('input[type="range"]:visible').count(), 0, 'hide=controls in the iframe URL');
  await screenshot(page, 'host-page', { fullPage: true });
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(page.errors, []);
});

test('Download CSV has the right columns and a row per step per runner; Download PNG is a 2× PNG', async () => {
  const page = await newPage(browser, { acceptDownloads: true });
  await page.goto(`${server.url}?widget=momentum`);
  const w = await widgetReady(page, 'momentum');
  for (let k = 0; k < 5; k++) await w.getByRole('button', { name: 'Step', exact: true }).click();
  await w.locator('[data-share-tools] summary').click();
  const [csv] = await Promise.all([page.waitForEvent('download'), w.locator('[data-share="csv"]').click()]);
  assert.equal(csv.suggestedFilename(), 'momentum.csv');
  const lines = fs.readFileSync(await csv.path(), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'runner,step,theta_1,theta_2,loss,lr,grad_norm,examples');
  const rows = lines.slice(1).map((l) => l.split(','));
  for (const name of ['Gradient descent', 'Heavy ball', 'Nesterov']) {
    const mine = rows.filter((r) => r[0] === name);
    assert.deepEqual(mine.map((r) => Number(r[1])), [0, 1, 2, 3, 4, 5], `${name}: the start and 5 steps`);
    for (const r of mine) assert.ok(r.slice(2).every((v) => Number.isFinite(Number(v))), r.join(','));
    assert.equal(Number(mine[5][5]), 0.006, 'the learning rate column');
  }
  const [png] = await Promise.all([page.waitForEvent('download'), w.locator('[data-share="png"]').first().click()]);
  const buf = fs.readFileSync(await png.path());
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG signature');
  const cssWidth = await w.locator('.plot').first().evaluate((el) => el.clientWidth);
  assert.equal(buf.readUInt32BE(16), 2 * cssWidth, 'twice the plot\'s width');
  // It decodes, and it is not blank.
  const colours = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 97) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, buf.toString('base64'));
  assert.ok(colours > 20, `the PNG has a drawing in it (${colours} colours)`);
  assert.deepEqual(page.errors, []);
});

test('after a first visit the site works offline (service worker), later chapters included', async () => {
  const page = await newPage(browser);
  await page.goto(server.url);
  await widgetReady(page, 'lr-basics');
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller, null, { timeout: 20000 });
  await page.context().setOffline(true);
  await page.reload();
  await widgetReady(page, 'lr-basics');
  // A chapter whose bundle was never fetched online comes from the cache too.
  const w = await widgetReady(page, 'momentum');
  await w.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await readout(w, 'step'), '1');
  // And a single-widget link.
  await page.goto(`${server.url}?widget=saddle`);
  await widgetReady(page, 'saddle');
  assert.deepEqual(page.errors, []);
});

test('a whole session requests nothing from another origin and violates no CSP rule', async () => {
  const page = await newPage(browser);
  await watchCsp(page);
  const foreign = [];
  const origin = new URL(server.url).origin;
  page.context().on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !/^(data|blob):/.test(u)) foreign.push(u);
  });
  await page.goto(server.url);
  // Read the whole tutorial: every widget of every chapter mounts and steps once.
  for (const id of widgets) {
    const w = await widgetReady(page, id);
    if (!noPlayer.has(id)) await w.getByRole('button', { name: 'Step', exact: true }).first().click();
  }
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation on the tutorial page');
  await page.goto(`${server.url}?widget=momentum`);
  await widgetReady(page, 'momentum');
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'none on a single-widget page');
  assert.deepEqual(foreign, []);
  assert.deepEqual(page.errors, []);
});

test('dist/ works from a sub-path: the page, a later chapter, the host page, and links that stay under it', async () => {
  const sub = await serve('/courses/ml/sgd/');
  try {
    const page = await newPage(browser);
    await page.goto(sub.url);
    const w = await widgetReady(page, 'momentum');
    await w.getByRole('button', { name: 'Step', exact: true }).click();
    assert.equal(await readout(w, 'step'), '1');
    const link = await copyLink(w);
    assert.ok(link.startsWith(sub.url + 'index.html?widget=momentum&'), link);
    await page.goto(sub.url + 'embed.html');
    await page.waitForFunction(() => document.querySelectorAll('[data-sgd-widget] [data-widget] canvas').length >= 2, null, { timeout: 20000 });
    assert.deepEqual(page.errors, []);
  } finally {
    await sub.close();
  }
});

test('a link to a later chapter lands on it, and stays there while the chapters above fill in', async () => {
  for (const id of ['layer-3', 'layer-5', 'beyond']) {
    const page = await newPage(browser);
    await page.goto(`${server.url}#${id}`);
    await page.locator(`[data-sgd-chapter="${id}"][data-sgd-mounted]`).waitFor({ timeout: 20000 });
    // Let the bodies above (other bundles) and the widgets near it mount.
    await page.waitForTimeout(2500);
    const top = await page.locator(`section#${id}`).evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top >= -5 && top < 60, `#${id} at the top of the window (top ${top})`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});
