// Shared browser-test harness: serves dist/ on 127.0.0.1 and drives Debian's Chromium with
// playwright-core (no browser download). Collects console errors and page errors per page.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const dist = path.join(root, 'dist');
export const shots = path.join(here, 'screenshots');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json',
};

/** Serve dist/ (optionally under a sub-path prefix). Resolves to { url, close }. */
export function serve(prefix = '/') {
  // Large header limit: the hostile-parameter tests send 10 kB values in every parameter.
  const server = http.createServer({ maxHeaderSize: 1 << 20 }, (req, res) => {
    const u = new URL(req.url, 'http://x');
    let p = decodeURIComponent(u.pathname);
    if (!p.startsWith(prefix)) { res.writeHead(404); return res.end('not found'); }
    p = p.slice(prefix.length);
    if (p === '' || p.endsWith('/')) p += 'index.html';
    const file = path.join(dist, p);
    if (!file.startsWith(dist) || !fs.existsSync(file)) { res.writeHead(404); return res.end('not found'); }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    resolve({ url: `http://127.0.0.1:${server.address().port}${prefix}`, close: () => new Promise((r) => server.close(r)) });
  }));
}

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (p && fs.existsSync(p)) return p;
  }
  throw new Error('No Chromium found: install Debian\'s `chromium` or set CHROMIUM=/path/to/chrome');
}

export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** A new page that records console errors and uncaught errors into `page.errors`. */
export async function newPage(browser, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return page;
}

/**
 * The registry of every widget (`window.sgdLayers.widgets`: id, player, params), read off the
 * page. `TEST_WIDGETS=id,id` keeps only those (make test-quick uses it); CI runs them all.
 */
export async function registryWidgets(browser, url) {
  const page = await newPage(browser);
  await page.goto(url);
  await page.waitForFunction(() => window.sgdLayers);
  let widgets = await page.evaluate(() => window.sgdLayers.widgets);
  await page.context().close();
  const only = (process.env.TEST_WIDGETS || '').split(',').map((s) => s.trim()).filter(Boolean);
  if (only.length) {
    const unknown = only.filter((id) => !widgets.some((w) => w.id === id));
    if (unknown.length) throw new Error(`TEST_WIDGETS names no widget: ${unknown.join(', ')} (ids: ${widgets.map((w) => w.id).join(', ')})`);
    widgets = widgets.filter((w) => only.includes(w.id));
  }
  return widgets;
}

/**
 * Open `url#id` and come to that later chapter as a reader would, until its body (from a
 * lazily fetched bundle) has mounted: the chapters above may fill in first and push it down,
 * so it is brought back into view between waits. Resolves to the chapter's section.
 */
export async function openChapter(page, url, id) {
  await page.goto(`${url}#${id}`);
  const section = page.locator(`section#${id}`);
  for (let i = 0; i < 40 && !(await section.locator('.chapter-body').count()); i++) {
    await section.scrollIntoViewIfNeeded();
    await page.waitForTimeout(250);
  }
  await section.locator('.chapter-body').waitFor();
  return section;
}

/** Wait until the widget `id` has rendered its canvases. */
export async function widgetReady(page, id, scope = page) {
  // Widgets on the tutorial page mount as they near the viewport: bring a placeholder close.
  const holder = scope.locator(`[data-lazy-widget="${id}"]`);
  const any = scope.locator(`[data-lazy-widget="${id}"], [data-widget="${id}"]`);
  // A widget of a later chapter exists once that chapter's body has come with the second
  // bundle: bring a pending chapter near, as a reader scrolling down would, then scroll on.
  for (let i = 0; i < 80 && !(await any.count()); i++) {
    const pending = scope.locator('[data-sgd-chapter]:not([data-sgd-mounted])');
    if (i < 10 && (await pending.count())) await pending.first().scrollIntoViewIfNeeded().catch(() => {});
    else await page.evaluate(() => window.scrollBy(0, 700));
    await page.waitForTimeout(120);
  }
  await any.first().waitFor({ state: 'attached', timeout: 15000 });
  if (await holder.count()) await holder.first().scrollIntoViewIfNeeded().catch(() => {});
  const w = scope.locator(`[data-widget="${id}"]`).first();
  await w.waitFor({ state: 'visible', timeout: 15000 });
  // A card deck (data-deck) draws no plot; every other widget is ready once it has a canvas.
  await w.locator('canvas, [data-deck]').first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(200);
  return w;
}

/** A fingerprint of every canvas in a widget (changes when any pixel changes). */
export async function canvasPrint(widget) {
  return widget.evaluate((el) => [...el.querySelectorAll('canvas')].map((c) => c.toDataURL()).join('|'));
}

export async function readout(widget, name) {
  return (await widget.locator(`[data-readout="${name}"]`).first().textContent()).trim();
}

/** Set a range input to a value, as a user dragging it would (fires `input`). */
export async function setSlider(widget, name, value) {
  await widget.locator(`input[name="${name}"]`).evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

export async function screenshot(page, name, opts = {}) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), ...opts });
}

const SUP = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9', '⁻': '-' };

/** A number as the readouts print it: "−0.250", "4.7×10⁻¹⁷", "39". NaN for anything else. */
export function num(text) {
  const t = text.trim().replace(/−/g, '-');
  const m = t.match(/^(-?\d+(?:\.\d+)?)×10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/);
  if (m) return Number(m[1]) * 10 ** Number([...m[2]].map((c) => SUP[c]).join(''));
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
}

export async function value(w, name) {
  const x = num(await readout(w, name));
  assert.ok(Number.isFinite(x), `${name} reads as a number: "${await readout(w, name)}"`);
  return x;
}

/** Wait until the widget's runs have stopped playing. */
export async function finished(page, w) {
  await page.waitForFunction((el) => el.dataset.status !== 'running', await w.elementHandle(), { timeout: 30000 });
}

/** The fingerprint of one plot of a widget (0-based among its plots). */
export async function plotPrint(w, i) {
  return w.locator('.plot').nth(i).evaluate((el) => [...el.querySelectorAll('canvas')].map((c) => c.toDataURL()).join('|'));
}

export async function noNaN(w) {
  const text = await w.innerText();
  assert.ok(!/NaN|undefined|Infinity|\binf\b|∞/.test(text), `no NaN or infinity on screen: ${text.match(/.{0,40}(NaN|undefined|Infinity|\binf\b|∞).{0,40}/)?.[0]}`);
}

/** Open `?widget=<id>` and check it renders that widget alone, titled, with no NaN: { page, w }. */
export async function soloWidget(browser, server, id) {
  const page = await newPage(browser);
  await page.goto(`${server.url}?widget=${id}`);
  const w = await widgetReady(page, id);
  assert.equal(await page.locator('[data-widget]').count(), 1, id);
  assert.equal(await page.locator('nav.toc, section.chapter').count(), 0, id);
  assert.ok((await w.locator('h2').innerText()).length > 5, `${id} has a title`);
  await noNaN(w);
  return { page, w };
}
