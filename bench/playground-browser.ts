// The playground in headless Chromium for the benchmarks that drive the real plugin: launch,
// open, wait for a condition, read the plugin's stored jobs.
import { chromium, type Browser, type BrowserContext, type Frame, type FrameLocator, type Page } from 'playwright-core';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage', '--enable-precise-memory-info', '--js-flags=--expose-gc'];
const JOBS_STORAGE_KEY = 'backdrop.jobs.v1';

export interface PlaygroundBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  plugin: FrameLocator;
  /** The plugin UI's frame, for evaluating in the UI's own context. */
  pluginFrame: Frame;
  close(): Promise<void>;
}

export async function openPlaygroundAsync(playgroundUrl: string): Promise<PlaygroundBrowser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(playgroundUrl);
    await page.waitForFunction(() => window.__playground?.ready === true, undefined, { timeout: 30_000 });
    const plugin = page.frameLocator('#plugin-host iframe');
    await plugin.getByRole('button', { name: 'Generate', exact: true }).waitFor({ timeout: 30_000 });
    const pluginFrame = await pluginFrameAsync(page);
    return { browser, context, page, plugin, pluginFrame, close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** The plugin UI's frame as it is now (a reopened plugin gets a new one). */
export async function pluginFrameAsync(page: Page): Promise<Frame> {
  const frame = await (await page.$('#plugin-host iframe'))?.contentFrame();
  if (!frame) throw new Error('the plugin frame is missing');
  return frame;
}

export async function waitForAsync<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The TaskUIDs of the stored jobs. */
export async function storedTaskUidsAsync(page: Page): Promise<string[]> {
  const stored = (await page.evaluate((key) => window.__playground.readClientStorageAsync(key), JOBS_STORAGE_KEY)) as { jobs?: { taskUid?: string }[] } | undefined;
  return (stored?.jobs ?? []).map((job) => job.taskUid).filter((uid): uid is string => typeof uid === 'string');
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
