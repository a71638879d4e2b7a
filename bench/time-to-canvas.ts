// Time to canvas in the playground: from the emulator marking a task finished to the frames being
// in the scene (1 and 4 images of 1024x1024). The playground's relay offers POST /v1/tasks/wait,
// so the plugin waits there rather than polling. The plugin's open-to-interactive time is
// bench/plugin-open.ts.
import { chromium, type FrameLocator, type Page, type Request, type Response } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStackAsync } from '../src/playground/start.js';
import { median, waitForAsync } from './playground-browser';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];
const JOBS_STORAGE_KEY = 'backdrop.jobs.v1';
const fixturePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/playground/fixtures/bottle.png');

async function openTaskUidAsync(page: Page): Promise<string | undefined> {
  const stored = (await page.evaluate((key) => window.__playground.readClientStorageAsync(key), JOBS_STORAGE_KEY)) as
    | { jobs?: { state?: string; taskUid?: string }[] }
    | undefined;
  return stored?.jobs?.find((job) => job.taskUid && ['queued', 'running'].includes(job.state ?? ''))?.taskUid;
}

interface CanvasTiming {
  fromFinishMs: number;
  fromPollMs: number | null;
  /** From the poll that saw the task finished to the first image request leaving the page. */
  pollToFirstRequestMs: number | null;
  /** From the first image request leaving the page to the last image response done. */
  downloadsMs: number | null;
  /** From the last image download finishing to the frames being in the scene. */
  fromLastDownloadMs: number | null;
}

async function timeToCanvasAsync(page: Page, plugin: FrameLocator, emulatorUrl: string, images: number): Promise<CanvasTiming> {
  const png = new Uint8Array(await readFile(fixturePath));
  const frameId = await page.evaluate(([count]) => window.__playground.addFrame(`Bench ${count}`, 1024, 1024), [images]);
  await page.evaluate(
    ([bytes, parentId]) => window.__playground.addPngLayerAsync('Bench bottle', new Uint8Array(bytes as number[]), parentId as string),
    [Array.from(png), frameId] as const,
  );
  const nodesBefore = await page.evaluate(() => window.__playground.snapshot().nodes.length);
  const generateTab = plugin.getByRole('tab', { name: 'Generate', exact: true });
  if ((await generateTab.getAttribute('aria-selected')) !== 'true') await generateTab.click();
  await plugin.getByLabel('Prompt', { exact: true }).fill('white marble, soft light');
  await plugin.getByLabel('Variations', { exact: true }).fill(String(images));
  await plugin.getByRole('button', { name: 'Generate', exact: true }).click();
  const uid = await waitForAsync(() => openTaskUidAsync(page), 30_000, 'the task to be submitted');

  let pollSawFinishedAt: number | null = null;
  let firstRequestAt: number | null = null;
  let lastDownloadAt: number | null = null;
  const isImageUrl = (url: string) => url.includes(`/v1/tasks/${uid}/images/`);
  const onRequest = (request: Request) => {
    if (isImageUrl(request.url()) && firstRequestAt === null) firstRequestAt = Date.now();
  };
  const onResponse = (response: Response) => {
    if (isImageUrl(response.url())) {
      void response.finished().then(() => {
        lastDownloadAt = Date.now();
      });
      return;
    }
    const body = response.request().postData() ?? '';
    const isPoll = body.includes('ListTasksDetails') || response.url().endsWith('/v1/tasks/wait');
    if (!isPoll || pollSawFinishedAt !== null) return;
    const seenAt = Date.now();
    response
      .text()
      .then((text) => {
        if (text.includes(uid) && /"Status"\s*:\s*"Finished"/.test(text) && pollSawFinishedAt === null) pollSawFinishedAt = seenAt;
      })
      .catch(() => {});
  };
  page.on('request', onRequest);
  page.on('response', onResponse);
  // The finish call returns once the images are rendered: from here on the results exist.
  const finish = await fetch(`${emulatorUrl}/__admin/tasks/${encodeURIComponent(uid)}/finish`, { method: 'POST' });
  if (!finish.ok) throw new Error(`finish ${uid}: HTTP ${finish.status}`);
  const finishedAt = Date.now();
  // Frames in the scene = the stand-in document holds them (recorded when main's reply is
  // posted or by the page's 100 ms check), not when the canvas has painted their pixels.
  const inSceneAt = await waitForAsync(
    () =>
      page.evaluate(
        ([from, target]) => window.__playground.sceneChanges.find((change) => change.at >= (from as number) && change.nodeCount >= (target as number))?.at,
        [finishedAt, nodesBefore + images],
      ),
    120_000,
    `${images} frames in the scene`,
  );
  page.off('request', onRequest);
  page.off('response', onResponse);
  const sawAt: number | null = pollSawFinishedAt;
  const firstAt: number | null = firstRequestAt;
  const lastAt: number | null = lastDownloadAt;
  return {
    fromFinishMs: inSceneAt - finishedAt,
    fromPollMs: sawAt === null ? null : inSceneAt - sawAt,
    pollToFirstRequestMs: sawAt === null || firstAt === null ? null : firstAt - sawAt,
    downloadsMs: firstAt === null || lastAt === null ? null : lastAt - firstAt,
    fromLastDownloadMs: lastAt === null ? null : inSceneAt - lastAt,
  };
}

/** Median of the runs that measured the figure, or null when none did. */
function medianOf(timings: CanvasTiming[], pick: (timing: CanvasTiming) => number | null): { value: number; runs: number } | null {
  const values = timings.map(pick).filter((value): value is number => value !== null);
  return values.length === 0 ? null : { value: median(values), runs: values.length };
}

const RUNS_PER_SIZE = 5;

export async function benchTimeToCanvas(): Promise<BenchRow[]> {
  const stack = await startStackAsync({
    ports: 0,
    relayLog: () => {},
    emulatorEnv: { EMULATOR_QUEUE_MS: '100', EMULATOR_RUN_MS: '600000' },
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(stack.playgroundUrl);
    await page.waitForFunction(() => window.__playground?.ready === true, undefined, { timeout: 30_000 });
    const plugin = page.frameLocator('#plugin-host iframe');
    await plugin.getByRole('button', { name: 'Generate', exact: true }).waitFor({ timeout: 30_000 });

    const rows: BenchRow[] = [];
    for (const images of [1, 4]) {
      const timings: CanvasTiming[] = [];
      for (let run = 0; run < RUNS_PER_SIZE; run++) timings.push(await timeToCanvasAsync(page, plugin, stack.emulatorUrl, images));
      const stages: { name: string; pick: (timing: CanvasTiming) => number | null; note: string }[] = [
        { name: 'task finished -> frames in scene', pick: (t) => t.fromFinishMs, note: "includes the relay's shared poll seeing it (every 400 ms while a task is young) and answering the plugin's open wait" },
        { name: 'poll sees it -> frames in scene', pick: (t) => t.fromPollMs, note: 'download through the relay + createImage + placement; budget 500 ms' },
        { name: 'poll sees it -> first image request', pick: (t) => t.pollToFirstRequestMs, note: 'the UI parsing the answer and starting downloads' },
        { name: 'first image request -> last download done', pick: (t) => t.downloadsMs, note: 'downloads through the relay (concurrent, in the page)' },
        { name: 'last download done -> frames in scene', pick: (t) => t.fromLastDownloadMs, note: 'the part spent in the page: message to main, createImage, placement' },
      ];
      for (const stage of stages) {
        const figure = medianOf(timings, stage.pick);
        if (figure === null) continue;
        rows.push({
          name: `time to canvas, ${images} x 1024x1024: ${stage.name}`,
          value: figure.value,
          unit: 'ms',
          note: `median of ${figure.runs}; ${stage.note}`,
        });
      }
    }
    await context.close();
    return rows;
  } finally {
    await browser.close();
    await stack.close();
  }
}
