// Quality harness, over every widget in the registry (window.sgdLayers): accessibility (axe, in
// light and dark), keyboard use, hostile URL parameters and embed attributes, and a seeded monkey.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch, newPage, widgetReady, readout, root, registryWidgets } from './harness.mjs';
import { HOSTILE, ALWAYS, sample, acceptable, attr } from './hostile.mjs';

let server, browser, widgets;
before(async () => {
  server = await serve();
  browser = await launch();
  widgets = await registryWidgets(browser, server.url);
});
after(async () => { await browser?.close(); await server?.close(); });

const AXE = path.join(root, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  const v = await page.evaluate(async (tags) => (await window.axe.run(document, { runOnly: { type: 'tag', values: tags } })).violations, TAGS);
  return v.map((x) => `${x.id} (${x.impact}): ${x.help} — ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function noInjection(page) {
  const bad = await page.evaluate(() => ({
    pwned: window.__pwned !== undefined,
    elements: document.querySelectorAll('img[src="x"], svg[onload], script:not([type="module"]):not([src]):not([data-sgd-boot])').length,
  }));
  assert.equal(bad.pwned, false, 'no injected script ran');
  assert.equal(bad.elements, 0, 'no injected element');
}

test('registry lists at least one widget with its parameters', () => {
  assert.ok(widgets.length >= 1);
  for (const w of widgets) assert.ok(w.params.length >= 1, w.id);
});

test('axe: 0 violations on the full page and every widget page, light and dark', async () => {
  const urls = [server.url, ...widgets.map((w) => `${server.url}?widget=${w.id}`)];
  const failures = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const url of urls) {
      // axe is injected as an inline script, which the page's own CSP refuses: bypass it here
      // (teachers.test.mjs checks the page runs under its CSP).
      const page = await newPage(browser, { colorScheme, bypassCSP: true });
      await page.goto(url);
      await page.locator('[data-widget]').first().waitFor();
      // On a widget page, check the Share & export panel open too.
      if (url.includes('?widget=')) await page.locator('[data-share-tools] summary').first().click();
      await page.waitForTimeout(300);
      const v = await axe(page);
      if (v.length) failures.push(`${colorScheme} ${url}:\n  ${v.join('\n  ')}`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    }
  }
  assert.deepEqual(failures, []);
});

test('keyboard: every control is reachable with Tab and shows a focus ring; sliders obey arrows, Home and End; Space plays', async () => {
  for (const w of widgets) {
    const page = await newPage(browser);
    await page.goto(`${server.url}?widget=${w.id}`);
    const el = await widgetReady(page, w.id);
    // A group of radio buttons is one Tab stop (arrows move within it): it counts once, as
    // whichever of its buttons has focus (the page's CSP forbids passing code, so it is spelled
    // out in both evaluations).
    const controls = await el.evaluate((root) => {
      const seen = new Set();
      return [...root.querySelectorAll('input, select, button')].map((e) => (e.type === 'radio' && e.name ? `radio:${e.name}` : e)).filter((k) => (seen.has(k) ? false : (seen.add(k), true))).length;
    });
    const reached = new Set();
    for (let i = 0; i < controls + 5; i++) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || !a.closest('[data-widget]') || !a.matches('input, select, button')) return null;
        const cs = getComputedStyle(a);
        const seen = new Set();
        const all = [...a.closest('[data-widget]').querySelectorAll('input, select, button')]
          .map((e) => (e.type === 'radio' && e.name ? (e.name === a.name && a.type === 'radio' ? a : `radio:${e.name}`) : e))
          .filter((k) => (seen.has(k) ? false : (seen.add(k), true)));
        return { index: all.indexOf(a), outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
      });
      if (info) {
        reached.add(info.index);
        assert.ok(info.outline !== 'none' && info.width >= 2, `${w.id}: control ${info.index} has a visible focus ring`);
      }
    }
    assert.equal(reached.size, controls, `${w.id}: Tab reaches all ${controls} controls`);

    const sliders = el.locator('input[type="range"]');
    for (let i = 0; i < await sliders.count(); i++) {
      const s = sliders.nth(i);
      const { min, max } = await s.evaluate((e) => ({ min: e.min, max: e.max }));
      await s.focus();
      await page.keyboard.press('Home');
      assert.equal(await s.inputValue(), min, `${w.id} slider ${i}: Home → min`);
      await page.keyboard.press('ArrowRight');
      assert.notEqual(await s.inputValue(), min, `${w.id} slider ${i}: ArrowRight moves`);
      await page.keyboard.press('End');
      assert.equal(await s.inputValue(), max, `${w.id} slider ${i}: End → max`);
    }
    // A widget without a player (a card deck) has nothing to play and no plot.
    if (w.player === false) {
      assert.equal(await el.locator('.playbar').count(), 0, `${w.id}: no play bar faked`);
      assert.deepEqual(page.errors, []);
      await page.context().close();
      continue;
    }
    await el.focus();
    await page.keyboard.press(' ');
    assert.equal(await el.getAttribute('data-status'), 'running', `${w.id}: Space plays`);
    await page.keyboard.press(' ');
    assert.notEqual(await el.getAttribute('data-status'), 'running', `${w.id}: Space pauses`);
    const alts = await el.locator('[role="img"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.ok(alts.length >= 1 && alts.every((a) => a && a.length > 20), `${w.id}: every plot has a text alternative`);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

/** The notices of a widget that are about parameter `p` (not a repeated-key notice). */
const noticedFor = (notices, p) => notices.some((n) => n.startsWith(p.label + ' ') && !/more than once/.test(n));

// The exhaustive sweep (every corpus value in every parameter of every widget, by URL and by
// embed attribute, through the same parse path) is native: tests/hostile.rs. Here each widget is
// loaded with a sample, enough to show that nothing of it reaches the DOM as markup or a NaN.
test('hostile URL parameters: each widget with hostile values in all its parameters at once, clamped with notices, no panic, no injection', async () => {
  assert.ok(HOSTILE.length >= 50);
  const page = await newPage(browser);
  for (const [round, w] of widgets.entries()) {
    const values = sample(w.params, round);
    const k = w.params[0].key;
    const q = [
      // Unknown keys (one named with markup) first: past 20 notices, unknown keys are no longer
      // listed one by one. Then every parameter, a repeated key, and a bad hide= word.
      'nonsense=1', 'nonsense=2', `${encodeURIComponent(ALWAYS[0])}=${encodeURIComponent(ALWAYS[1])}`,
      ...w.params.map((p, i) => `${p.key}=${encodeURIComponent(values[i])}`),
      `${k}=zzz`, `hide=${encodeURIComponent(ALWAYS[2].slice(0, 200))}`,
    ].join('&');
    await page.goto(`${server.url}?widget=${w.id}&${q}`);
    const el = await widgetReady(page, w.id);
    const notices = await el.locator('[data-notices] li').allInnerTexts();
    w.params.forEach((p, i) => {
      assert.equal(noticedFor(notices, p), !acceptable(p, values[i]), `${w.id}: ${p.key}=${JSON.stringify(values[i].slice(0, 30))} → notice ${noticedFor(notices, p)}`);
    });
    assert.ok(notices.some((n) => /more than once/.test(n)), `${w.id}: repeated key noticed`);
    assert.ok(notices.some((n) => /Unknown parameter/.test(n)), `${w.id}: unknown key noticed`);
    assert.ok(notices.some((n) => /^hide = /.test(n)), `${w.id}: a bad hide= word noticed`);
    // Outside the notices (which quote the rejected input), no NaN or Infinity is shown.
    const text = await el.evaluate((e) => { const c = e.cloneNode(true); c.querySelector('[data-notices]')?.remove(); return c.textContent; });
    assert.ok(!/NaN|Infinity/.test(text), `${w.id}: no NaN shown`);
    await noInjection(page);
    if (w.player !== false) {
      const s0 = Number(await readout(el, 'step'));
      await el.getByRole('button', { name: 'Step', exact: true }).click();
      const s1 = Number(await readout(el, 'step'));
      assert.ok(s1 === s0 + 1 || (await el.getAttribute('data-status')) !== 'running', `${w.id}: still steps`);
    }
    assert.deepEqual(page.errors, [], `${w.id}: ${page.errors.join('\n')}`);
  }
  await page.context().close();
});

test('hostile embed attributes on host-page mount points: same rules, instances independent', async () => {
  const page = await newPage(browser);
  for (const [round, w] of widgets.entries()) {
    // Three mount points of the widget, each with another sample in all its attributes.
    const sets = [0, 1, 2].map((j) => sample(w.params, round * 3 + j + 1));
    const mounts = sets
      .map((values) => `<div data-sgd-widget="${w.id}" ${w.params.map((p, i) => `data-${p.key}="${attr(values[i])}"`).join(' ')} data-hide="${attr(ALWAYS[1])}"></div>`)
      .join('\n');
    const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>hostile</title><link rel="icon" href="data:,"></head>
      <body><main>${mounts}</main><script type="module">import init from './sgd-layers.js'; init({ module_or_path: './sgd-layers_bg.wasm' });</script></body></html>`;
    await page.route(`${server.url}hostile.html`, (r) => r.fulfill({ body: html, contentType: 'text/html' }));
    await page.goto(`${server.url}hostile.html`);
    const els = page.locator(`[data-widget="${w.id}"]`);
    await page.waitForFunction((n) => document.querySelectorAll('[data-widget]').length === n, sets.length, { timeout: 20000 });
    for (let m = 0; m < sets.length; m++) {
      const notices = await els.nth(m).locator('[data-notices] li').allInnerTexts();
      w.params.forEach((p, i) => {
        // The HTML parser turns NUL into U+FFFD before the widget sees the attribute.
        assert.equal(noticedFor(notices, p), !acceptable(p, sets[m][i].replace(/\u0000/g, '\ufffd')), `${w.id}: data-${p.key}=${JSON.stringify(sets[m][i].slice(0, 30))}`);
      });
      assert.ok(notices.some((n) => /^hide = /.test(n)), `${w.id}: a bad data-hide word noticed`);
    }
    await noInjection(page);
    // Step the first instance only (a deck: go to its next card): it moves, the others stay.
    const [what, button] = w.player === false ? ['card', 'Next →'] : ['step', 'Step'];
    const [first, second] = [await readout(els.nth(0), what), await readout(els.nth(1), what)];
    await els.nth(0).getByRole('button', { name: button, exact: true }).click();
    assert.notEqual(await readout(els.nth(0), what), first, `${w.id}: ${button} moves the first instance`);
    assert.equal(await readout(els.nth(1), what), second, `${w.id}: instances are independent`);
    assert.deepEqual(page.errors, [], `${w.id}: ${page.errors.join('\n')}`);
    await page.unroute(`${server.url}hostile.html`);
  }
  await page.context().close();
});

/** xorshift32: the monkey's actions are a pure function of its seed. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

test('monkey: seeded random actions across all widgets leave no error, and every widget still steps', async () => {
  const actions = Number(process.env.MONKEY_ACTIONS || 300);
  const seed = Number(process.env.MONKEY_SEED || 20261123);
  const rand = rng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  // Reduced motion: the page scrolls smoothly otherwise, and on a page this long a random jump
  // animates for longer than a click waits for its target to hold still.
  const page = await newPage(browser, { reducedMotion: 'reduce' });
  await page.goto(server.url);
  for (const w of widgets) await widgetReady(page, w.id);
  const all = page.locator('[data-widget]');
  const n = await all.count();
  const log = [];
  // Buttons get their click events directly and canvas clicks are forced: while other widgets
  // play, text that changes length can move a button between frames, and the monkey tests the
  // handlers, not the layout's stillness.
  // Widgets without a player (card decks) have no play bar and no plot to click.
  const noPlayer = new Set(widgets.filter((w) => w.player === false).map((w) => w.id));
  const players = await all.evaluateAll((els, ids) => els.map((e) => !ids.includes(e.dataset.widget)), [...noPlayer]);
  for (let i = 0; i < actions; i++) {
    const k = Math.floor(rand() * n);
    const el = all.nth(k);
    const kind = pick(['slider', 'slider', 'extreme', 'play', 'step', 'reset', 'click', 'select', 'space', 'resize', 'hide', 'scroll']);
    log.push(kind);
    if (!players[k] && ['play', 'step', 'reset', 'click'].includes(kind)) continue;
    try {
      if (kind === 'slider' || kind === 'extreme') {
        const sliders = el.locator('input[type="range"]');
        const k = await sliders.count();
        if (!k) continue;
        const s = sliders.nth(Math.floor(rand() * k));
        const r = rand();
        await s.evaluate((e, [r, extreme]) => {
          const lo = Number(e.min), hi = Number(e.max);
          e.value = String(extreme ? (r < 0.5 ? lo - 1e9 : hi + 1e9) : lo + r * (hi - lo));
          e.dispatchEvent(new Event('input', { bubbles: true }));
        }, [r, kind === 'extreme']);
      } else if (kind === 'play') {
        await el.locator('.playbar button.primary').dispatchEvent('click');
      } else if (kind === 'step') {
        await el.getByRole('button', { name: 'Step', exact: true }).dispatchEvent('click');
      } else if (kind === 'reset') {
        await el.getByRole('button', { name: 'Reset', exact: true }).dispatchEvent('click');
      } else if (kind === 'click') {
        const c = el.locator('.plot canvas:last-child').first();
        const box = await c.boundingBox();
        const [fx, fy] = [rand(), rand()];
        // The pointer needs the canvas on screen; when another widget's layout pushed it off
        // since the scroll, that is not the handler's failure, and the click is skipped.
        if (box) await c.click({ position: { x: fx * box.width, y: fy * box.height }, timeout: 2000, force: true }).catch((e) => { if (!/outside of the viewport/.test(e.message)) throw e; });
      } else if (kind === 'select') {
        const sel = el.locator('select').first();
        const opts = await sel.locator('option').count();
        await sel.selectOption({ index: Math.floor(rand() * opts) });
      } else if (kind === 'space') {
        await el.focus();
        await page.keyboard.press(' ');
      } else if (kind === 'resize') {
        await page.setViewportSize({ width: 320 + Math.floor(rand() * 1300), height: 500 + Math.floor(rand() * 600) });
      } else if (kind === 'hide') {
        const hidden = rand() < 0.5;
        await page.evaluate((h) => {
          Object.defineProperty(document, 'hidden', { value: h, configurable: true });
          Object.defineProperty(document, 'visibilityState', { value: h ? 'hidden' : 'visible', configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      } else if (kind === 'scroll') {
        await page.evaluate((y) => window.scrollTo(0, y * document.body.scrollHeight), rand());
      }
    } catch (e) {
      assert.fail(`monkey action ${i} (${kind}) failed: ${e.message}`);
    }
    if (i % 25 === 0) await page.waitForTimeout(30);
  }
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { value: false, configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(page.errors, [], `after ${actions} actions (seed ${seed}): ${page.errors.join('\n')}`);
  const text = await page.locator('body').innerText();
  assert.ok(!/NaN/.test(text), 'no NaN on screen');
  for (let i = 0; i < n; i++) {
    if (!players[i]) continue;
    const el = all.nth(i);
    await el.getByRole('button', { name: 'Reset', exact: true }).click();
    await el.getByRole('button', { name: 'Step', exact: true }).click();
    assert.equal(await readout(el, 'step'), '1', `widget ${i} still steps`);
  }
  await page.context().close();
});
