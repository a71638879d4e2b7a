import { chromium } from 'playwright-core';
import { startStackAsync } from '../src/playground/start.js';
const stack = await startStackAsync({ ports: 0, relayLog: () => {} });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
await context.addInitScript(() => {
  if (window === window.top) return;
  const t: Record<string, number> = { origin: performance.timeOrigin };
  (window as any).__t = t;
  document.addEventListener('DOMContentLoaded', () => (t.dcl = (performance.timeOrigin + performance.now())));
  window.addEventListener('message', () => { if (!t.firstMsg) t.firstMsg = (performance.timeOrigin + performance.now()); }, true);
  new MutationObserver(() => {
    if (!t.rootChild && document.getElementById('root')?.firstChild) t.rootChild = (performance.timeOrigin + performance.now());
    if (!t.ready && document.documentElement.hasAttribute('data-ready')) t.ready = (performance.timeOrigin + performance.now());
    const b = Array.from(document.querySelectorAll('button')).find((e) => e.textContent?.trim() === 'Generate');
    if (!t.enabled && t.ready && b && !b.disabled) t.enabled = (performance.timeOrigin + performance.now());
  }).observe(document, { subtree: true, childList: true, attributes: true });
});
const page = await context.newPage();
await page.goto(stack.playgroundUrl);
await page.waitForFunction(() => (window as any).__playground?.ready === true, undefined, { timeout: 30000 });
const rows: string[] = [];
for (let i = 0; i < 12; i++) {
  await page.evaluate(() => (window as any).__playground.closePlugin());
  const started = await page.evaluate(() => { performance.clearResourceTimings(); const a = performance.timeOrigin + performance.now(); void (window as any).__playground.openPluginAsync(); return a; });
  await page.frameLocator('#plugin-host iframe').getByRole('button', { name: 'Generate', exact: true }).waitFor({ state: 'visible' });
  const frame = await (await page.locator('#plugin-host iframe').elementHandle())?.contentFrame();
  await frame!.waitForFunction(() => (window as any).__t?.enabled, undefined, { timeout: 10000 });
  const t = await frame!.evaluate(() => (window as any).__t);
  const res = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/plugin/')).map((e) => Math.round(e.responseEnd)));
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  const r = (x: number) => Math.round(x - started);
  rows.push(`fetched ${res.map((x) => Math.round(pageOrigin + x - started)).join('/')} frame ${r(t.origin)} dcl ${r(t.dcl)} root ${r(t.rootChild)} msg ${r(t.firstMsg)} ready ${r(t.ready)} enabled ${r(t.enabled)}`);
}
console.log(rows.join('\n'));
await browser.close(); await stack.close(); process.exit(0);
