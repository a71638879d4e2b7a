// From Generate to the TaskUID in the playground (Chromium), for 1080x1080 and 2560x2560 outputs,
// stage by stage as the UI measures them (ui/lib/stage-timing.ts), each next to the platform's
// own primitive doing the same work in the same page and run: canvas PNG encode and decode,
// drawImage, CompressionStream('deflate'), the browser's base64, a bare fetch of the same body,
// and the emulator alone for the relay. Two layouts: a cut-out inside a frame (export, compose,
// encode) and a cut-out that is the area itself (its export is sent as it is).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { signParams } from '../src/contract/signature';
import { DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY } from '../src/emulator/config';
import { DEMO_RELAY_TOKEN, startStackAsync } from '../src/playground/start.js';
import type { BenchRow } from './bench-row';
import { median, openPlaygroundAsync, storedTaskUidsAsync, waitForAsync, type PlaygroundBrowser } from './playground-browser';

const SIZES = [1080, 2560] as const;
const RUNS = 3;
const fixturePath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/playground/fixtures/bottle.png');

type Layout = 'in a frame' | 'layer is the area';
type Stage = 'export' | 'decode' | 'compose' | 'encode' | 'base64' | 'validate' | 'post' | 'network' | 'submit';

interface Primitives {
  exportRef: number;
  decodeRef: number;
  composeRef: number;
  deflateRef: number;
  base64Ref: number;
  base64Ways: Record<string, number>;
  postRef: number;
}

interface Sample {
  stages: Partial<Record<Stage, number>>;
  primitives: Primitives;
  relayed: number;
  emulatorAlone: number;
  foregroundBytes: number;
  bodyBytes: number;
}

/** The layer the designer selects: the bottle at a size that suits the output, or the whole area. */
async function subjectPngAsync(size: number, layout: Layout): Promise<Buffer> {
  const bottle = await sharp(await readFile(fixturePath)).resize({ height: Math.round(size * 0.6) }).png().toBuffer();
  if (layout === 'in a frame') return bottle;
  return sharp({ create: { width: size, height: size, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: bottle, gravity: 'center' }])
    .png()
    .toBuffer();
}

async function chooseAreaAsync(session: PlaygroundBrowser, layout: Layout): Promise<void> {
  const { plugin } = session;
  await plugin.getByRole('combobox', { name: /^Area/ }).click();
  await plugin.getByRole('option', { name: layout === 'in a frame' ? 'Frame' : 'Layer', exact: true }).click();
  if (layout === 'layer is the area') await plugin.getByRole('radiogroup', { name: 'Padding' }).getByRole('radio', { name: '0 %', exact: true }).check();
}

function emulatorBody(params: Record<string, unknown>): string {
  const body = { ...params, PublicKey: DEMO_PUBLIC_KEY, request_uuid: crypto.randomUUID() };
  return JSON.stringify({ ...body, Signature: signParams(body, DEMO_PRIVATE_KEY) });
}

async function timedPostAsync(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  const answer = (await response.json()) as { RetCode?: number };
  if (!response.ok || answer.RetCode !== 0) throw new Error(`POST ${url}: HTTP ${response.status} RetCode ${String(answer.RetCode)}`);
  return performance.now() - start;
}

/** The same work as the UI's stages, done by the browser's own primitives in the plugin frame. */
function measurePrimitivesAsync(session: PlaygroundBrowser, input: { exportPng: string; foregroundPng: string; body: string; relayUrl: string; token: string; size: number }): Promise<Primitives> {
  return session.pluginFrame.evaluate(async ({ exportPng, foregroundPng, body, relayUrl, token, size }) => {
    // No named local functions here: the bench's loader would wrap them in a helper the page lacks.
    const exported = Uint8Array.from(atob(exportPng), (c) => c.charCodeAt(0));
    const foreground = Uint8Array.from(atob(foregroundPng), (c) => c.charCodeAt(0));
    let start = performance.now();
    const bitmap = await createImageBitmap(new Blob([exported], { type: 'image/png' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
    const layerCanvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const layerContext = layerCanvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
    layerContext.drawImage(bitmap, 0, 0);
    layerContext.getImageData(0, 0, bitmap.width, bitmap.height);
    const decodeRef = performance.now() - start;
    start = performance.now();
    await layerCanvas.convertToBlob({ type: 'image/png' });
    const exportRef = performance.now() - start;
    start = performance.now();
    const output = new OffscreenCanvas(size, size);
    const outputContext = output.getContext('2d') as OffscreenCanvasRenderingContext2D;
    outputContext.drawImage(bitmap, Math.round((size - bitmap.width) / 2), Math.round((size - bitmap.height) / 2));
    const pixels = outputContext.getImageData(0, 0, size, size).data;
    const composeRef = performance.now() - start;
    // The zlib stream of a PNG of those pixels: one filter byte per row, then the row.
    const raw = new Uint8Array((size * 4 + 1) * size);
    for (let y = 0; y < size; y += 1) raw.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
    start = performance.now();
    await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer();
    const deflateRef = performance.now() - start;
    const base64Ways: Record<string, number> = {};
    start = performance.now();
    await new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = resolve;
      reader.readAsDataURL(new Blob([foreground], { type: 'image/png' }));
    });
    base64Ways['FileReader.readAsDataURL'] = performance.now() - start;
    start = performance.now();
    const parts: string[] = [];
    for (let at = 0; at < foreground.length; at += 24576) parts.push(btoa(String.fromCharCode.apply(null, foreground.subarray(at, at + 24576) as unknown as number[])));
    parts.join('');
    base64Ways['chunked btoa'] = performance.now() - start;
    const withNative = foreground as Uint8Array & { toBase64?: () => string };
    if (typeof withNative.toBase64 === 'function') {
      start = performance.now();
      withNative.toBase64();
      base64Ways['Uint8Array.toBase64'] = performance.now() - start;
    }
    start = performance.now();
    const response = await fetch(relayUrl + '/', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body });
    await response.json();
    const postRef = performance.now() - start;
    bitmap.close();
    return { exportRef, decodeRef, composeRef, deflateRef, base64Ref: Math.min(...Object.values(base64Ways)), base64Ways, postRef };
  }, input);
}

async function submitOnceAsync(session: PlaygroundBrowser, stack: { relayUrl: string; emulatorUrl: string }, size: number, layout: Layout): Promise<Sample> {
  const { page, plugin, pluginFrame } = session;
  const subject = await subjectPngAsync(size, layout);
  const parentId = layout === 'in a frame' ? await page.evaluate((side) => window.__playground.addFrame(`Bench ${side}`, side, side), size) : 'page';
  await page.evaluate(([bytes, parent]) => window.__playground.addPngLayerAsync('Bench subject', Uint8Array.from(atob(bytes as string), (c) => c.charCodeAt(0)), parent as string), [subject.toString('base64'), parentId] as const);
  const generateTab = plugin.getByRole('tab', { name: 'Generate', exact: true });
  if ((await generateTab.getAttribute('aria-selected')) !== 'true') await generateTab.click();
  await chooseAreaAsync(session, layout);
  // The planned job is the one this row is about: the whole output at the size measured.
  await plugin.getByText(new RegExp(`Output ${size} x ${size} px`)).waitFor({ timeout: 15_000 });
  await pluginFrame.evaluate(() => {
    performance.clearMeasures();
    performance.clearResourceTimings();
  });
  let sentBody: Buffer | null = null;
  const onRequest = (request: import('playwright-core').Request) => {
    if (request.method() === 'POST' && request.url().startsWith(stack.relayUrl) && sentBody === null) {
      const body = request.postDataBuffer();
      if (body && body.includes('"GenerateBackgrounds"')) sentBody = body;
    }
  };
  page.on('request', onRequest);
  const before = (await storedTaskUidsAsync(page)).length;
  await plugin.getByRole('button', { name: 'Generate', exact: true }).click();
  await waitForAsync(async () => ((await storedTaskUidsAsync(page)).length > before ? true : undefined), 60_000, 'the TaskUID');
  page.off('request', onRequest);
  const { measures, network } = await pluginFrame.evaluate((relayUrl) => {
    const mine = performance.getEntriesByType('measure').filter((entry) => entry.name.startsWith('backdrop:'));
    const post = mine.find((entry) => entry.name === 'backdrop:post');
    // The POST's own network time (request start to response end), from resource timing.
    const request = post
      ? (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((entry) => entry.name === relayUrl + '/' && entry.startTime >= post.startTime && entry.startTime <= post.startTime + post.duration)
      : undefined;
    return { measures: mine.map((entry) => [entry.name.slice('backdrop:'.length), entry.duration] as const), network: request ? request.responseEnd - request.startTime : undefined };
  }, stack.relayUrl);
  const stages: Partial<Record<Stage, number>> = {};
  for (const [name, duration] of measures) stages[name as Stage] = (stages[name as Stage] ?? 0) + duration;
  if (network !== undefined) stages.network = network;
  const body = sentBody as Buffer | null;
  if (!body) throw new Error('the GenerateBackgrounds request was not seen');
  const params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const foregroundPng = String((params.ImageList as string[])[0]).replace(/^data:[^,]*,/, '');
  const primitives = await measurePrimitivesAsync(session, {
    exportPng: layout === 'in a frame' ? subject.toString('base64') : foregroundPng,
    foregroundPng,
    body: body.toString('utf8'),
    relayUrl: stack.relayUrl,
    token: DEMO_RELAY_TOKEN,
    size,
  });
  const relayed = await timedPostAsync(stack.relayUrl + '/', body.toString('utf8'), { Authorization: `Bearer ${DEMO_RELAY_TOKEN}` });
  const { Action: _action, ...rest } = params;
  const emulatorAlone = await timedPostAsync(stack.emulatorUrl + '/', emulatorBody({ ...rest, Action: 'GenerateBackgrounds' }), {});
  return { stages, primitives, relayed, emulatorAlone, foregroundBytes: Buffer.from(foregroundPng, 'base64').length, bodyBytes: body.length };
}

const range = (values: readonly number[]): string => `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`;

function rowsFor(size: number, layout: Layout, samples: readonly Sample[]): BenchRow[] {
  const rows: BenchRow[] = [];
  const add = (name: string, values: number[], references: number[] | null, note: string) => {
    if (values.length === 0) return;
    const value = median(values);
    const reference = references ? median(references) : undefined;
    rows.push({
      name: `click to TaskUID, ${size}x${size}, ${layout}: ${name}`,
      value,
      unit: 'ms',
      // Below 0.5 ms (base64 of a small image) a ratio says nothing but timer resolution.
      ...(reference !== undefined ? { reference, ...(reference >= 0.5 ? { ratio: value / reference } : {}) } : {}),
      note: `median of ${values.length} (${range(values)} ms${references ? `; reference ${range(references)} ms` : ''}); ${note}`,
    });
  };
  const stage = (name: Stage) => samples.map((s) => s.stages[name]).filter((v): v is number => v !== undefined);
  const prim = (pick: (p: Primitives) => number) => samples.map((s) => pick(s.primitives));
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const last = samples[samples.length - 1] as Sample;
  add('export (exportLayer round trip)', stage('export'), prim((p) => p.exportRef), "main's exportAsync in the stand-in + the message; reference: canvas convertToBlob of the export's pixels");
  const decodeNote = layout === 'in a frame' ? 'the whole export, for composing' : 'sent as it is, so only read until its first transparent pixel (is it a cut-out?)';
  add('decode the export', stage('decode'), prim((p) => p.decodeRef), `${decodeNote}; reference: createImageBitmap + getImageData of the same PNG`);
  add('compose', stage('compose'), layout === 'in a frame' ? prim((p) => p.composeRef) : null, 'reference: drawImage into an output-size canvas + getImageData');
  add('PNG encode', stage('encode'), prim((p) => p.deflateRef), `reference: CompressionStream('deflate') alone on the same raw pixels; foreground ${kb(last.foregroundBytes)}`);
  if (stage('compose').length === 0) rows.push({ name: `click to TaskUID, ${size}x${size}, ${layout}: compose + PNG encode`, value: 0, unit: 'ms', note: 'skipped: the export is the foreground and is sent as it is' });
  const ways = Object.entries(last.primitives.base64Ways).map(([way, ms]) => `${way} ${ms.toFixed(1)}`).join(', ');
  add('base64', stage('base64'), prim((p) => p.base64Ref), `reference: the fastest browser way on the same ${kb(last.foregroundBytes)} (last run: ${ways} ms)`);
  add('validate the body', stage('validate'), null, "the contract's GenerateBackgrounds schema");
  add('POST to TaskUID (upload, relay, upstream)', stage('post'), prim((p) => p.postRef), `reference: a bare fetch of the same ${kb(last.bodyBytes)} body to the relay from the same frame`);
  add("POST to TaskUID: the request's own network time", stage('network'), prim((p) => p.postRef), 'resource timing of the same request (start to response end); the rest of the row above is the frame busy with other work; reference as above');
  add('relay + emulator, Node client', samples.map((s) => s.relayed), samples.map((s) => s.emulatorAlone), 'the same body; reference: the emulator alone (signed in the bench)');
  const floor = samples.map((s) => s.primitives.exportRef + s.primitives.decodeRef + (layout === 'in a frame' ? s.primitives.composeRef + s.primitives.deflateRef : 0) + s.primitives.base64Ref + s.primitives.postRef);
  add('Generate -> TaskUID (all stages)', stage('submit'), floor, 'reference: the sum of the primitives above');
  return rows;
}

export async function benchClickToTask(): Promise<BenchRow[]> {
  const stack = await startStackAsync({ ports: 0, relayLog: () => {}, emulatorEnv: { EMULATOR_QUEUE_MS: '600000' } });
  let session: PlaygroundBrowser | null = null;
  try {
    session = await openPlaygroundAsync(stack.playgroundUrl);
    await session.plugin.getByLabel('Prompt', { exact: true }).fill('white marble, soft light');
    await session.plugin.getByLabel('Variations', { exact: true }).fill('1');
    // A warm-up submit, so the first measured one does not pay for compiling the code paths.
    await submitOnceAsync(session, stack, 1080, 'in a frame');
    const rows: BenchRow[] = [];
    for (const size of SIZES) {
      for (const layout of ['in a frame', 'layer is the area'] as const) {
        const samples: Sample[] = [];
        for (let run = 0; run < RUNS; run += 1) samples.push(await submitOnceAsync(session, stack, size, layout));
        rows.push(...rowsFor(size, layout, samples));
      }
    }
    return rows;
  } finally {
    await session?.close();
    await stack.close();
  }
}
