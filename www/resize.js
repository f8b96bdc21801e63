// For a course page with SGD Layers iframes: each widget page reports its content height with
// postMessage, and this resizes the iframe it came from. A message is used only if it comes
// from one of this page's iframes and carries a finite height; the height is clamped.
addEventListener('message', (event) => {
  const d = event.data;
  if (!d || d.type !== 'sgd-layers:height' || typeof d.height !== 'number' || !Number.isFinite(d.height)) return;
  for (const frame of document.querySelectorAll('iframe')) {
    if (frame.contentWindow === event.source) {
      frame.style.height = Math.min(Math.max(Math.round(d.height), 120), 6000) + 'px';
    }
  }
});
