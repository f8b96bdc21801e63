// Scratch: screenshots of given widgets (not a test; run with node).
import { serve, launch, newPage, widgetReady } from './harness.mjs';
const ids = process.argv.slice(2);
const server = await serve(); const browser = await launch();
for (const id of ids) {
  for (const [w, dark] of [[1280, false], [390, false], [1280, true]]) {
    const page = await newPage(browser, { viewport: { width: w, height: 900 }, colorScheme: dark ? 'dark' : 'light' });
    await page.goto(`${server.url}?widget=${id}&speed=5`);
    const el = await widgetReady(page, id);
    const play = el.getByRole('button', { name: 'Play', exact: true });
    if (await play.count()) await play.click();
    await page.waitForTimeout(2500);
    await page.screenshot({ path: `/tmp/shots/${id}-${w}${dark ? '-dark' : ''}.png`, fullPage: true });
    if (page.errors.length) console.log(id, page.errors);
    await page.context().close();
  }
}
await browser.close(); await server.close();
