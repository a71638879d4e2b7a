// Peak memory of the plugin UI while 16 variations of 2560x2560 are downloaded and placed, as one
// job of 16 and as four jobs of 4. The plugin is closed while the tasks finish and reopened, so
// every job is found finished in its first poll (the worst case for images held at once). The UI
// runs in a sandboxed iframe with its own renderer process: its peak resident memory (VmHWM,
// reset just before the first poll) and its JS heap (CDP Performance.getMetrics, sampled).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Frame } from 'playwright-core';
import sharp from 'sharp';
import { startStackAsync } from '../src/playground/start.js';
import type { BenchRow } from './bench-row';
import { openPlaygroundAsync, pluginFrameAsync, storedTaskUidsAsync, waitForAsync, type PlaygroundBrowser } from './playground-browser';

const SIDE = 2560;
const MB = 1024 * 1024;
const SHAPES = [{ jobs: 1, perJob: 16 }, { jobs: 4, perJob: 4 }] as const;
const fixturePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/playground/fixtures/bottle.png');

async function rendererPidsAsync(session: PlaygroundBrowser): Promise<number[]> {
  const cdp = await session.browser.newBrowserCDPSession();
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  return info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/** kB of a /proc status field (VmRSS, VmHWM), 0 when the process is gone. */
function statusKb(pid: number, field: string): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * The renderer that runs the plugin UI: the one whose resident memory grows when the UI frame
 * fills a 160 MB buffer (CDP names no process ids). The buffer is freed again before measuring.
 */
async function uiRendererPidAsync(frame: Frame, pids: readonly number[]): Promise<number | undefined> {
  const before = new Map(pids.map((pid) => [pid, statusKb(pid, 'VmRSS')]));
  await frame.evaluate(() => {
    (window as unknown as { __probe?: Uint8Array }).__probe = new Uint8Array(160 * 1024 * 1024).fill(1);
  });
  const grown = pids.map((pid) => ({ pid, kb: statusKb(pid, 'VmRSS') - (before.get(pid) ?? 0) })).sort((a, b) => b.kb - a.kb)[0];
  await frame.evaluate(() => {
    delete (window as unknown as { __probe?: Uint8Array }).__probe;
    (globalThis as unknown as { gc?: () => void }).gc?.();
  });
  return grown && grown.kb > 128 * 1024 ? grown.pid : undefined;
}

async function placeAsync(session: PlaygroundBrowser, emulatorUrl: string, jobs: number, perJob: number): Promise<BenchRow[]> {
  const { page, plugin } = session;
  const bottle = await sharp(readFileSync(fixturePath)).resize({ height: Math.round(SIDE * 0.6) }).png().toBuffer();
  const frameId = await page.evaluate(([side, count]) => window.__playground.addFrame(`Bench memory ${count}`, side as number, side as number), [SIDE, jobs] as const);
  await page.evaluate(([bytes, parent]) => window.__playground.addPngLayerAsync('Bench subject', Uint8Array.from(atob(bytes as string), (c) => c.charCodeAt(0)), parent as string), [bottle.toString('base64'), frameId] as const);
  const generateTab = plugin.getByRole('tab', { name: 'Generate', exact: true });
  if ((await generateTab.getAttribute('aria-selected')) !== 'true') await generateTab.click();
  await plugin.getByText(new RegExp(`Output ${SIDE} x ${SIDE} px`)).waitFor({ timeout: 15_000 });
  await plugin.getByLabel('Prompt', { exact: true }).fill('white marble, soft light');
  await plugin.getByLabel('Variations', { exact: true }).fill(String(perJob));
  const earlier = new Set(await storedTaskUidsAsync(page));
  const known = earlier.size;
  for (let job = 1; job <= jobs; job += 1) {
    // A submitted job shows the Jobs tab.
    if ((await generateTab.getAttribute('aria-selected')) !== 'true') await generateTab.click();
    await plugin.getByRole('button', { name: 'Generate', exact: true }).click();
    await waitForAsync(async () => ((await storedTaskUidsAsync(page)).length >= known + job ? true : undefined), 60_000, `TaskUID ${job}`);
  }
  const uids = (await storedTaskUidsAsync(page)).filter((uid) => !earlier.has(uid));
  const nodesBefore = await page.evaluate(() => window.__playground.snapshot().nodes.length);
  await page.evaluate(() => window.__playground.closePlugin());
  const renderStarted = Date.now();
  for (const uid of uids) {
    const finish = await fetch(`${emulatorUrl}/__admin/tasks/${encodeURIComponent(uid)}/finish`, { method: 'POST' });
    if (!finish.ok) throw new Error(`finish ${uid}: HTTP ${finish.status}`);
  }
  const renderSeconds = (Date.now() - renderStarted) / 1000;
  // Reopened, the plugin resumes the jobs and polls after its first interval (1 s): probe,
  // reset the peaks and start sampling before that.
  await page.evaluate(() => window.__playground.openPluginAsync());
  const frame = await pluginFrameAsync(page);
  const pids = await rendererPidsAsync(session);
  const uiPid = await uiRendererPidAsync(frame, pids);
  if (uiPid === undefined) throw new Error('could not tell which renderer runs the plugin UI');
  const cdp = await session.context.newCDPSession(frame);
  await cdp.send('Performance.enable');
  const heapNow = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  };
  const rssBefore = statusKb(uiPid, 'VmRSS') * 1024;
  const peakReset = resetPeak(uiPid);
  const heapBefore = await heapNow();
  let heapPeak = heapBefore;
  let rssSampledPeak = rssBefore;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      heapPeak = Math.max(heapPeak, await heapNow().catch(() => 0));
      rssSampledPeak = Math.max(rssSampledPeak, statusKb(uiPid, 'VmRSS') * 1024);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const opened = Date.now();
  const count = jobs * perJob;
  await waitForAsync(async () => ((await page.evaluate(() => window.__playground.snapshot().nodes.length)) >= nodesBefore + count ? true : undefined), 300_000, `${count} frames in the scene`);
  const placedSeconds = (Date.now() - opened) / 1000;
  sampling = false;
  await sampler;
  const rssPeak = peakReset ? statusKb(uiPid, 'VmHWM') * 1024 : rssSampledPeak;
  const heapAfter = await heapNow();
  await cdp.detach();
  const shape = jobs === 1 ? `one job of ${perJob}` : `${jobs} jobs of ${perJob}`;
  const context = `the emulator rendered them in ${renderSeconds.toFixed(0)} s while the plugin was closed; reopened, all placed in ${placedSeconds.toFixed(1)} s`;
  return [
    { name: `placing ${count} x ${SIDE}x${SIDE} (${shape}): peak plugin UI memory`, value: rssPeak / MB, unit: 'MB', reference: rssBefore / MB, note: `${peakReset ? 'VmHWM after a reset' : 'sampled VmRSS'} of the UI frame's renderer process; reference: resident at reopening; target < 600 MB; ${context}` },
    { name: `placing ${count} x ${SIDE}x${SIDE} (${shape}): peak plugin UI JS heap`, value: heapPeak / MB, unit: 'MB', reference: heapBefore / MB, note: `CDP JSHeapUsedSize of the UI frame every 50 ms (image bytes live outside the heap); reference: at reopening; ${(heapAfter / MB).toFixed(0)} MB once placed` },
  ];
}

export async function benchPlacementMemory(): Promise<BenchRow[]> {
  const stack = await startStackAsync({ ports: 0, relayLog: () => {}, emulatorEnv: { EMULATOR_QUEUE_MS: '600000' } });
  let session: PlaygroundBrowser | null = null;
  try {
    session = await openPlaygroundAsync(stack.playgroundUrl);
    const rows: BenchRow[] = [];
    for (const { jobs, perJob } of SHAPES) {
      process.stderr.write(`  ${jobs} x ${perJob}\n`);
      rows.push(...(await placeAsync(session, stack.emulatorUrl, jobs, perJob)));
    }
    return rows;
  } finally {
    await session?.close();
    await stack.close();
  }
}
