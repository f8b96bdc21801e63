// The later bundles are fetched only when a reader really comes near their chapters, also on a
// slow device: Chromium's CPU throttled 6× (CDP Emulation.setCPUThrottlingRate) on a slow
// network (CDP Network.emulateNetworkConditions). FIRST_VISIT_RUNS sets how many first visits
// (make test runs 3; `make test-first-visit` runs 20 in a row).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, newPage, widgetReady, readout } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const LATER = /^sgd-layers-(more|adaptive|beyond)(_bg\.wasm|\.js)$/;
// Alternating networks: a slow 3G-like link and a "Fast 4G" one (bytes per second, ms).
const NETWORKS = [
  { name: '1.6 Mbit/s, 300 ms RTT', downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8, latency: 300 },
  { name: '9 Mbit/s, 170 ms RTT', downloadThroughput: 9e6 / 8, uploadThroughput: 1.5e6 / 8, latency: 170 },
];

/**
 * A page on a slow device: CPU throttled `rate`×, the given network. Records the page's own
 * requests. The service worker is blocked here: it caches the whole site for offline use once
 * the page has loaded (teachers.test.mjs tests that), and this test is about what the page
 * itself fetches while a reader stays at the top.
 */
async function slowPage(rate, net) {
  const page = await newPage(browser, { serviceWorkers: 'block' });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...net });
  page.fetched = [];
  page.on('request', (r) => page.fetched.push(new URL(r.url()).pathname.split('/').pop()));
  return page;
}

test('a first visit that stays at the top fetches no later bundle, on a 6× throttled CPU and a slow network, every time', async () => {
  const runs = Math.max(1, Number(process.env.FIRST_VISIT_RUNS) || 3);
  for (let run = 0; run < runs; run++) {
    const net = NETWORKS[run % NETWORKS.length];
    const page = await slowPage(6, net);
    await page.goto(server.url);
    // No scrolling: wait for the main bundle's page and the first widget's drawing, as a reader
    // who only looks would see them.
    await page.locator('[data-widget="lr-basics"] canvas').first().waitFor({ timeout: 60000 });
    // Then let it settle: the widgets near the top mount, the service worker installs.
    await page.waitForLoadState('load');
    await page.waitForTimeout(2500);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'the reader has not scrolled');
    assert.ok(page.fetched.includes('sgd-layers_bg.wasm'), `run ${run + 1}: the main bundle`);
    const later = page.fetched.filter((f) => LATER.test(f));
    assert.deepEqual(later, [], `run ${run + 1} of ${runs} (${net.name}): no later bundle on a first visit; fetched ${page.fetched.join(' ')}`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('on the same slow device, scrolling to Layer 2 fetches its bundle once for all its widgets, and they work', async () => {
  const page = await slowPage(6, NETWORKS[1]);
  await page.goto(server.url);
  await page.locator('[data-widget="lr-basics"] canvas').first().waitFor({ timeout: 60000 });
  assert.ok(!page.fetched.some((f) => LATER.test(f)));
  // A reader who scrolls to Layer 2 and stays there while it loads.
  await page.locator('#layer-2').scrollIntoViewIfNeeded();
  await page.locator('[data-sgd-chapter="layer-2"][data-sgd-mounted]').waitFor({ timeout: 60000 });
  await page.locator('#layer-2').scrollIntoViewIfNeeded();
  await page.waitForTimeout(1500);
  assert.ok(!page.fetched.some((f) => /^sgd-layers-(adaptive|beyond)/.test(f)), `only Layer 2's bundle: ${page.fetched.join(' ')}`);
  const w = await widgetReady(page, 'saddle');
  assert.equal(page.fetched.filter((f) => f === 'sgd-layers-more_bg.wasm').length, 1);
  await w.getByRole('button', { name: 'Step', exact: true }).click();
  assert.equal(await readout(w, 'step'), '1', 'a widget of the second bundle works on the page');
  await widgetReady(page, 'clipping');
  assert.equal(page.fetched.filter((f) => f === 'sgd-layers-more_bg.wasm').length, 1, 'fetched once for all its widgets');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
