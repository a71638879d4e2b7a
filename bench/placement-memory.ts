// Peak memory of the playground's renderer while one job's 16 variations of 2560x2560 are
// downloaded and placed: the JS heap (CDP Performance.getMetrics, sampled) and the renderer
// processes' peak resident memory (VmHWM, reset just before the task finishes).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { startStackAsync } from '../src/playground/start.js';
import type { BenchRow } from './bench-row';
import { openPlaygroundAsync, storedTaskUidsAsync, waitForAsync, type PlaygroundBrowser } from './playground-browser';

const SIDE = 2560;
const VARIATIONS = 16;
const MB = 1024 * 1024;
const fixturePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/playground/fixtures/bottle.png');

async function rendererPidsAsync(session: PlaygroundBrowser): Promise<number[]> {
  const cdp = await session.browser.newBrowserCDPSession();
  const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await cdp.detach();
  return info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/**
 * The renderer that runs the plugin UI (a sandboxed iframe, out of the page's process): the one
 * whose resident memory grows when the UI frame fills a 96 MB buffer. CDP names no process ids.
 */
async function uiRendererPidAsync(session: PlaygroundBrowser, pids: readonly number[]): Promise<number | undefined> {
  const before = new Map(pids.map((pid) => [pid, statusKb(pid, 'VmRSS')]));
  await session.pluginFrame.evaluate(() => {
    (window as unknown as { __probe?: Uint8Array }).__probe = new Uint8Array(96 * 1024 * 1024).fill(1);
  });
  const grown = pids.map((pid) => ({ pid, kb: statusKb(pid, 'VmRSS') - (before.get(pid) ?? 0) })).sort((a, b) => b.kb - a.kb)[0];
  await session.pluginFrame.evaluate(() => {
    delete (window as unknown as { __probe?: Uint8Array }).__probe;
    (globalThis as unknown as { gc?: () => void }).gc?.();
  });
  return grown && grown.kb > 64 * 1024 ? grown.pid : undefined;
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

export async function benchPlacementMemory(): Promise<BenchRow[]> {
  const stack = await startStackAsync({ ports: 0, relayLog: () => {}, emulatorEnv: { EMULATOR_QUEUE_MS: '100', EMULATOR_RUN_MS: '600000' } });
  let session: PlaygroundBrowser | null = null;
  try {
    session = await openPlaygroundAsync(stack.playgroundUrl);
    const { page, plugin } = session;
    // Before any image work, while freed memory cannot hide the probe's growth.
    const pids = await rendererPidsAsync(session);
    const uiPid = await uiRendererPidAsync(session, pids);
    if (uiPid === undefined) throw new Error('could not tell which renderer runs the plugin UI');
    const bottle = await sharp(readFileSync(fixturePath)).resize({ height: Math.round(SIDE * 0.6) }).png().toBuffer();
    const frameId = await page.evaluate((side) => window.__playground.addFrame('Bench memory', side, side), SIDE);
    await page.evaluate(([bytes, parent]) => window.__playground.addPngLayerAsync('Bench subject', Uint8Array.from(atob(bytes as string), (c) => c.charCodeAt(0)), parent as string), [bottle.toString('base64'), frameId] as const);
    await plugin.getByText(new RegExp(`Output ${SIDE} x ${SIDE} px`)).waitFor({ timeout: 15_000 });
    await plugin.getByLabel('Prompt', { exact: true }).fill('white marble, soft light');
    await plugin.getByLabel('Variations', { exact: true }).fill(String(VARIATIONS));
    await plugin.getByRole('button', { name: 'Generate', exact: true }).click();
    const uid = await waitForAsync(async () => (await storedTaskUidsAsync(page))[0], 60_000, 'the TaskUID');
    const nodesBefore = await page.evaluate(() => window.__playground.snapshot().nodes.length);

    const cdp = await session.context.newCDPSession(session.pluginFrame);
    await cdp.send('Performance.enable');
    const heapNow = async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    };
    const others = pids.filter((pid) => pid !== uiPid);
    const rssBefore = statusKb(uiPid, 'VmRSS') * 1024;
    const othersBefore = others.reduce((sum, pid) => sum + statusKb(pid, 'VmRSS'), 0) * 1024;
    const peakReset = pids.every(resetPeak);
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
    const started = Date.now();
    const finish = await fetch(`${stack.emulatorUrl}/__admin/tasks/${encodeURIComponent(uid)}/finish`, { method: 'POST' });
    if (!finish.ok) throw new Error(`finish ${uid}: HTTP ${finish.status}`);
    const rendered = Date.now();
    await waitForAsync(async () => ((await page.evaluate(() => window.__playground.snapshot().nodes.length)) >= nodesBefore + VARIATIONS ? true : undefined), 300_000, `${VARIATIONS} frames in the scene`);
    const placed = Date.now();
    sampling = false;
    await sampler;
    const rssPeak = peakReset ? statusKb(uiPid, 'VmHWM') * 1024 : rssSampledPeak;
    const othersPeak = others.reduce((sum, pid) => sum + (peakReset ? statusKb(pid, 'VmHWM') : statusKb(pid, 'VmRSS')), 0) * 1024;
    const heapAfter = await heapNow();
    await cdp.detach();
    const context = `${VARIATIONS} x ${SIDE}x${SIDE} in one job; the emulator rendered them in ${((rendered - started) / 1000).toFixed(1)} s, placed ${((placed - rendered) / 1000).toFixed(1)} s later`;
    return [
      { name: `placing ${VARIATIONS} x ${SIDE}x${SIDE}: peak plugin UI memory (renderer resident)`, value: rssPeak / MB, unit: 'MB', reference: rssBefore / MB, note: `${peakReset ? 'VmHWM after a reset' : 'sampled VmRSS'} of the UI frame's renderer; reference: resident before the task finished; target < 600 MB; ${context}` },
      { name: `placing ${VARIATIONS} x ${SIDE}x${SIDE}: peak plugin UI JS heap`, value: heapPeak / MB, unit: 'MB', reference: heapBefore / MB, note: `CDP JSHeapUsedSize of the UI frame every 50 ms (image buffers live outside it); reference: before; ${(heapAfter / MB).toFixed(0)} MB once placed` },
      { name: `placing ${VARIATIONS} x ${SIDE}x${SIDE}: peak of the other renderers (page with the stand-in document)`, value: othersPeak / MB, unit: 'MB', reference: othersBefore / MB, note: 'context: the stand-in keeps every placed image; not UI memory' },
    ];
  } finally {
    await session?.close();
    await stack.close();
  }
}
