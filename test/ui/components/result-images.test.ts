// @vitest-environment happy-dom
// Results Figma's createImage cannot take (WebP, over 4096 px) are turned into PNGs it can take
// before they are sent to main; one that had to shrink comes with a note for the designer.
import { afterEach, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { cleanup } from './render-testing';
import { createAppState } from '../../../ui/state/app-state';
import type { FetchLike } from '../../../ui/lib/relay-client';
import type { JobRecord } from '../../../src/protocol/shapes';
import { createFigmaStandin } from '../../../src/figma-standin/index';
import { createSharpCodec } from '../../../src/figma-standin/codec-sharp';
import { sharpTranscoder } from '../lib/sharp-transcoder';
import { createFakeMain } from './fake-channel';

const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

function runningJob(): JobRecord {
  const now = Date.now();
  return {
    id: 'job-w', createdAt: now - 5_000, updatedAt: now - 5_000, state: 'running', taskUid: 'task-w', pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: '1:1', area: { x: 0, y: 0, width: 600, height: 300 }, areaSpec: { kind: 'frame' }, placement: 'behind',
    output: { width: 600, height: 300 }, foreground: { width: 600, height: 300 }, resizeMode: 'ResizeAndFill', params: {}, label: 'dunes',
    imageCount: 2, placedImages: [], placedNodeIds: [],
  };
}

afterEach(() => cleanup());

describe('result images on their way to Figma', () => {
  it('transcodes a WebP result to PNG and scales a 5000 px one to 4096 px with a note', async () => {
    const webp = new Uint8Array(await sharp({ create: { width: 600, height: 300, channels: 3, background: { r: 200, g: 40, b: 30 } } }).webp({ lossless: true }).toBuffer());
    const huge = new Uint8Array(await sharp({ create: { width: 5000, height: 2500, channels: 3, background: { r: 20, g: 40, b: 200 } } }).png().toBuffer());
    const fetch: FetchLike = async (url, init) => {
      if (url.endsWith('/images/0')) return new Response(webp, { headers: { 'Content-Type': 'image/webp' } });
      if (url.endsWith('/images/1')) return new Response(huge, { headers: { 'Content-Type': 'image/png' } });
      if (url.endsWith('/healthz')) return json({ ok: true, version: '0.1.0', upstream: 'emulator' });
      const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
      if (body.Action === 'ListTasksDetails') {
        return json({ Action: 'ListTasksDetailsResponse', RetCode: 0, TaskDetailList: [{ TaskUID: 'task-w', Status: 'Finished', ImgList: ['https://img/0.webp', 'https://img/1.png'], Seed: 5 }] });
      }
      return json({ RetCode: 0, Action: `${String(body.Action)}Response` });
    };
    const main = createFakeMain({ jobs: [runningJob()] });
    const app = createAppState({ channel: main.channel, fetch, imageTranscoder: sharpTranscoder });
    await app.initAsync();
    const placed = () => main.requests.filter((request) => request.name === 'placeImage').map((request) => (request.payload as { png: Uint8Array }).png);
    await expect.poll(() => placed().length, { timeout: 8000 }).toBe(2);
    // Figma's createImage (as the stand-in models it) takes both now; it refused the WebP as sent.
    const figma = createFigmaStandin({ codec: createSharpCodec() }).figma;
    expect(() => figma.createImage(webp)).toThrow('Image type is unsupported');
    expect(() => figma.createImage(huge)).toThrow('Image is too large');
    const [first, second] = placed() as [Uint8Array, Uint8Array];
    expect(await figma.createImage(first).getSizeAsync()).toEqual({ width: 600, height: 300 });
    expect(await figma.createImage(second).getSizeAsync()).toEqual({ width: 4096, height: 2048 });
    const { data } = await sharp(second).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([20, 40, 200]);
    const notes = main.requests.filter((request) => request.name === 'notify').map((request) => (request.payload as { message: string }).message);
    expect(notes).toContain("A 5000 x 2500 px result was scaled to 4096 x 2048 (Figma's limit is 4096 px)");
    app.dispose();
  }, 20_000);
});
