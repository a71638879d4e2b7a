// Plugin open -> interactive in the playground: from asking the host to open the plugin to the
// Generate button painted enabled with the stored settings and the selection shown (the UI marks
// the latter with data-ready on its root element). Timed inside
// the plugin's frame (on the page's clock), so the figure holds no Playwright round trips.
import { chromium, type FrameLocator, type Page } from 'playwright-core';
import { startStackAsync } from '../src/playground/start.js';
import type { BenchRow } from './bench-row';
import { waitForAsync } from './playground-browser';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];
const OPENS = 15;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

interface OpenMarks {
  /** The Generate button first exists enabled in a panel showing the stored settings. */
  enabledAt?: number;
  /** The end of the animation frame after enabledAt: the enabled button has been painted. */
  paintedAt?: number;
}

/**
 * Installed in every frame before its own scripts run. In the plugin's frame it notes the moment the
 * Generate button first exists enabled once the panel is ready, then the end of the next animation
 * frame.
 */
function watchForInteractive(): void {
  if (window === window.top) return;
  const marks: OpenMarks = {};
  (window as unknown as { __openMarks: OpenMarks }).__openMarks = marks;
  const observer = new MutationObserver(() => {
    if (marks.enabledAt !== undefined || !document.documentElement.hasAttribute('data-ready')) return;
    const button = Array.from(document.querySelectorAll('button')).find((element) => element.textContent?.trim() === 'Generate');
    if (!button || button.disabled) return;
    marks.enabledAt = performance.timeOrigin + performance.now();
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => (marks.paintedAt = performance.timeOrigin + performance.now()), 0));
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}

async function openToInteractiveMsAsync(page: Page, plugin: FrameLocator): Promise<number> {
  await page.evaluate(() => window.__playground.closePlugin());
  const started = await page.evaluate(() => {
    const at = performance.timeOrigin + performance.now();
    void window.__playground.openPluginAsync();
    return at;
  });
  await plugin.getByRole('button', { name: 'Generate', exact: true }).waitFor({ state: 'visible' });
  const frame = await (await page.locator('#plugin-host iframe').elementHandle())?.contentFrame();
  if (!frame) throw new Error('no plugin frame');
  const paintedAt = await waitForAsync(
    () => frame.evaluate(() => (window as unknown as { __openMarks?: OpenMarks }).__openMarks?.paintedAt),
    10_000,
    'the Generate button to be enabled',
  );
  return paintedAt - started;
}

export async function benchPluginOpen(): Promise<BenchRow[]> {
  const stack = await startStackAsync({ ports: 0, relayLog: () => {} });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(watchForInteractive);
    const page = await context.newPage();
    await page.goto(stack.playgroundUrl);
    await page.waitForFunction(() => window.__playground?.ready === true, undefined, { timeout: 30_000 });
    const plugin = page.frameLocator('#plugin-host iframe');
    await plugin.getByRole('button', { name: 'Generate', exact: true }).waitFor({ timeout: 30_000 });
    // Two warm-up opens: the first ones also compile the page's own code paths.
    for (let i = 0; i < 2; i++) await openToInteractiveMsAsync(page, plugin);
    const times: number[] = [];
    for (let i = 0; i < OPENS; i++) times.push(await openToInteractiveMsAsync(page, plugin));
    await context.close();
    return [
      {
        name: 'plugin open -> interactive (stored settings shown, Generate painted enabled)',
        value: median(times),
        unit: 'ms',
        reference: 150,
        ratio: median(times) / 150,
        note: `median of ${OPENS}, timed in the plugin frame; reference = target; min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}`,
      },
    ];
  } finally {
    await browser.close();
    await stack.close();
  }
}
