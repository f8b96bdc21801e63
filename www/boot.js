// SGD Layers start-up, as a file rather than an inline script so the page runs under a strict
// Content-Security-Policy (script-src 'self'). A classic script in <head>: it runs before the
// first paint, so a single-widget page (?widget=…) never flashes the masthead.
(() => {
  const here = document.currentScript ? document.currentScript.src : location.href;
  const url = (file) => new URL(file, here).href;
  const single = /[?&]widget=/.test(location.search);
  if (single) document.documentElement.classList.add('embed-mode');

  // A widget in an iframe tells its host page how tall it is, whenever that changes, so the
  // host can size the iframe (www/resize.js does). It sends only its height, and this page
  // listens to no message at all.
  if (single && window.parent !== window) {
    let last = 0;
    const report = () => {
      const h = Math.ceil(document.body.getBoundingClientRect().height);
      if (h > 0 && h !== last) {
        last = h;
        window.parent.postMessage({ type: 'sgd-layers:height', height: h }, '*');
      }
    };
    const watch = () => new ResizeObserver(report).observe(document.body);
    if (document.body) watch();
    else document.addEventListener('DOMContentLoaded', watch, { once: true });
  }

  // Follow a #anchor (in the URL, or from the table of contents) while the chapters above it
  // fill in from their bundles: keep its top at the top of the window until the reader scrolls
  // away, touches a key or the mouse, or 20 s pass.
  let pinned = 0;
  // Where the target's top rests once scrolled to (its scroll-margin).
  let rest = 0;
  const target = () => {
    try { return location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null; } catch { return null; }
  };
  const off = () => { const t = target(); return t ? Math.abs(t.getBoundingClientRect().top - rest) : 0; };
  const follow = () => {
    if (pinned && Date.now() - pinned > 20000) pinned = 0;
    const t = pinned && target();
    if (t && off() > 2) {
      t.scrollIntoView({ behavior: 'instant' });
      rest = t.getBoundingClientRect().top;
    }
  };
  const pin = () => { pinned = location.hash.length > 1 ? Date.now() : 0; follow(); };
  const unpin = () => { pinned = 0; };
  for (const ev of ['wheel', 'touchstart', 'keydown', 'mousedown']) addEventListener(ev, unpin, { passive: true, capture: true });
  // Any other scroll that moves the target away (a script, the scroll bar) ends it too.
  addEventListener('scroll', () => { if (pinned && off() > 2) requestAnimationFrame(() => { if (off() > 2) unpin(); }); }, { passive: true });
  addEventListener('hashchange', pin);
  const pinOnLoad = () => { pin(); new ResizeObserver(follow).observe(document.body); };

  // Load the main wasm bundle after the first paint, so the static text shows at once and the
  // download does not compete with it. `wasmBindings` and `TrunkApplicationStarted` are what the
  // benchmarks use.
  const load = () => setTimeout(async () => {
    const bindings = await import(url('sgd-layers.js'));
    const wasm = await bindings.default({ module_or_path: url('sgd-layers_bg.wasm') });
    window.wasmBindings = bindings;
    dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
  }, 0);
  const start = () => { pinOnLoad(); document.hidden ? load() : requestAnimationFrame(load); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();

  // Offline after a first visit: sw.js (written by scripts/sw.mjs at build time) caches the
  // whole site. Not over file:// or plain http to another host (service workers need a secure
  // context); the site works without it, only not offline.
  if ('serviceWorker' in navigator && window.isSecureContext) {
    addEventListener('load', () => navigator.serviceWorker.register(url('sw.js')).catch(() => {}), { once: true });
  }
})();
