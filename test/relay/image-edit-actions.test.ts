// RemoveBackground, RemoveBackgroundsInBatch and RemoveContents through relay + emulator: results
// come back through the same image route, and a submission is never repeated after a fault.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { RunningEmulator } from '../../src/emulator/serve';
import type { RunningRelay } from '../../src/relay/serve';
import { RETRYABLE_ACTIONS } from '../../src/relay/app';
import { TASK_ACTIONS } from '../../src/contract/schemas';
import { authHeaders, emulatorStatsAsync, startRelayOverEmulatorAsync } from './relay-fixtures';

let emulator: RunningEmulator;
let relay: RunningRelay;
let photo: string;
let mask: string;

async function discPngAsync(size: number, inside: number[], outside: number[], radius: number): Promise<string> {
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data.set(Math.hypot(x - size / 2, y - size / 2) < radius ? inside : outside, (y * size + x) * 4);
  return `data:image/png;base64,${(await sharp(data, { raw: { width: size, height: size, channels: 4 } }).png().toBuffer()).toString('base64')}`;
}

beforeAll(async () => {
  ({ emulator, relay } = await startRelayOverEmulatorAsync({
    emulatorEnv: { EMULATOR_QUEUE_MS: '600000', EMULATOR_RUN_MS: '0' },
    deps: { sleep: async () => undefined, log: () => undefined },
  }));
  photo = await discPngAsync(64, [220, 20, 20, 255], [255, 255, 255, 255], 20);
  mask = await discPngAsync(64, [255, 255, 255, 255], [0, 0, 0, 255], 23);
});

afterAll(async () => {
  await relay?.close();
  await emulator?.closeAsync();
});

afterEach(async () => {
  await fetch(`${emulator.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
});

async function postAsync(body: unknown) {
  const response = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function downloadRgbaAsync(taskUid: string, index: number) {
  const response = await fetch(`${relay.url}/v1/tasks/${taskUid}/images/${index}`, { headers: authHeaders() });
  expect(response.status).toBe(200);
  return sharp(Buffer.from(await response.arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
}

describe('image-editing actions through the relay', () => {
  it('submits each, and serves its finished images through the image route', async () => {
    const cases = [
      { body: { Action: 'RemoveBackground', RawImage: photo }, images: 1 },
      { body: { Action: 'RemoveBackgroundsInBatch', RawImages: [photo, photo] }, images: 2 },
      { body: { Action: 'RemoveContents', RawImage: photo, Mask: mask } , images: 1 },
    ];
    for (const { body, images } of cases) {
      const submitted = await postAsync(body);
      expect(submitted.json['RetCode'], body.Action).toBe(0);
      const taskUid = submitted.json['TaskUID'] as string;
      expect((await fetch(`${emulator.url}/__admin/tasks/${taskUid}/finish`, { method: 'POST' })).status).toBe(200);
      const polled = await postAsync({ Action: 'ListTasksDetails', TaskUIDList: [taskUid] });
      const detail = (polled.json['TaskDetailList'] as { Action: string; Status: string; ImgList: string[] }[])[0];
      expect([detail?.Action, detail?.Status, detail?.ImgList.length]).toEqual([body.Action, 'Finished', images]);
      const { data, info } = await downloadRgbaAsync(taskUid, images - 1);
      const centre = (32 * info.width + 32) * 4;
      const corner = 0;
      if (body.Action === 'RemoveContents') {
        expect(data[centre + 1]).toBeGreaterThan(200); // the red disc is gone: white came back
      } else {
        expect([data[centre], data[centre + 3], data[corner + 3]]).toEqual([220, 255, 0]);
      }
    }
  });

  it('passes a RawImage far over the string limit (images are the one place long texts belong)', async () => {
    const side = 700;
    const pixels = Buffer.alloc(side * side * 3);
    for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 2654435761) >>> 24;
    const noisy = await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
    const rawImage = `data:image/png;base64,${noisy.toString('base64')}`;
    expect(rawImage.length).toBeGreaterThan(1024 * 1024);
    const submitted = await postAsync({ Action: 'RemoveBackground', RawImage: rawImage, OnlyMask: true });
    expect([submitted.status, submitted.json['RetCode']]).toEqual([200, 0]);
  });

  it('lists no task-starting action as retryable', () => {
    for (const action of TASK_ACTIONS) expect(RETRYABLE_ACTIONS.has(action), action).toBe(false);
  });

  it('never retries a submission after an upstream fault (each costs credits)', async () => {
    await fetch(`${emulator.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"http500Rate":1}' });
    for (const body of [
      { Action: 'RemoveBackground', RawImage: photo },
      { Action: 'RemoveBackgroundsInBatch', RawImages: [photo] },
      { Action: 'RemoveContents', RawImage: photo, Mask: mask },
    ]) {
      const before = (await emulatorStatsAsync(emulator)).requests.byAction[body.Action] ?? 0;
      expect((await postAsync(body)).status).toBe(504); // it may have been accepted
      expect(((await emulatorStatsAsync(emulator)).requests.byAction[body.Action] ?? 0) - before, body.Action).toBe(1);
    }
  });
});
