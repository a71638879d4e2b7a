// A large image goes upstream while the designer's body is still arriving, and the request to
// PICPIK is completed only once the whole body has passed every check: an invalid image or field
// at the end of a 20 MB body leaves the emulator without a single complete request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/serve';
import { createNodeUpstreamFetch } from '../../src/relay/node-upstream-fetch';
import { startRelayAsync, type RunningRelay } from '../../src/relay/serve';
import type { UpstreamPost } from '../../src/relay/upstream-call';
import { authHeaders, emulatorStatsAsync, makeRelayConfig, makeTestImagesAsync, relayEnvFor, startTestEmulatorAsync, validGenerateBody, type TestImages } from './relay-fixtures';

const BODY_MB = 20;

let emulator: RunningEmulator;
let relay: RunningRelay;
let images: TestImages;
/** How each upstream POST got its body: whole, or as a stream while the designer's body arrived. */
const bodyKinds: ('whole' | 'streamed')[] = [];
const upstream = createNodeUpstreamFetch();

beforeAll(async () => {
  images = await makeTestImagesAsync();
  emulator = await startTestEmulatorAsync({ EMULATOR_QUEUE_MS: '600000', EMULATOR_MAX_BODY_BYTES: String(64 * 2 ** 20) });
  const post: UpstreamPost = (url, body, headers, signal) => {
    bodyKinds.push(Array.isArray(body) ? 'whole' : 'streamed');
    return upstream.post(url, body, headers, signal);
  };
  relay = await startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, { RELAY_BODY_LIMIT_BYTES: String(32 * 2 ** 20) })), { post, log: () => undefined });
});

afterAll(async () => {
  await relay?.close();
  await emulator?.closeAsync();
  upstream.close();
});

/** The test cut-out followed by zero bytes up to about `megabytes` of base64: a valid PNG header, a large image. */
function largeCutOut(megabytes: number): string {
  const png = Buffer.from(images.pngBytes);
  const padded = Buffer.concat([png, Buffer.alloc(Math.floor((megabytes * 2 ** 20 * 3) / 4))]);
  return `data:image/png;base64,${padded.toString('base64')}`;
}

async function postAsync(body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/**
 * Sends one small valid request after a refused one: by its answer the emulator has seen
 * whatever reached it of the refused one, and only the small request may have been counted.
 */
async function expectOnlyTheNextRequestCountedAsync(before: Awaited<ReturnType<typeof emulatorStatsAsync>>): Promise<void> {
  expect((await postAsync(validGenerateBody(images))).json['RetCode']).toBe(0);
  const after = await emulatorStatsAsync(emulator);
  expect(after.requests.total).toBe(before.requests.total + 1);
  expect(after.requests.byAction['GenerateBackgrounds']).toBe((before.requests.byAction['GenerateBackgrounds'] ?? 0) + 1);
  expect(after.tasks.submitted).toBe(before.tasks.submitted + 1);
}

describe('a large image sent upstream while it arrives', () => {
  it('streams a valid 20 MB GenerateBackgrounds to PICPIK, which accepts its signature', async () => {
    bodyKinds.length = 0;
    const before = (await emulatorStatsAsync(emulator)).requests.byAction['GenerateBackgrounds'] ?? 0;
    const answer = await postAsync({ ...validGenerateBody(images), ImageList: [largeCutOut(BODY_MB)] });
    expect(answer.json['RetCode']).toBe(0);
    expect(typeof answer.json['TaskUID']).toBe('string');
    expect(bodyKinds).toEqual(['streamed']);
    expect((await emulatorStatsAsync(emulator)).requests.byAction['GenerateBackgrounds']).toBe(before + 1);
  });

  it('cuts the upstream request when the image turns out invalid at its very end: PICPIK gets no complete request', async () => {
    bodyKinds.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const image = largeCutOut(BODY_MB);
    const answer = await postAsync({ ...validGenerateBody(images), ImageList: [`${image.slice(0, -4)}!!!!`] });
    expect(answer.status).toBe(400);
    expect(answer.json['Field']).toBe('ImageList[0]');
    expect(bodyKinds).toEqual(['streamed']);
    await expectOnlyTheNextRequestCountedAsync(before);
  });

  it('cuts it as well when a field after the image is invalid', async () => {
    bodyKinds.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const { Width: _width, ...rest } = validGenerateBody(images);
    const answer = await postAsync({ ...rest, ImageList: [largeCutOut(BODY_MB)], Width: 99_999 });
    expect(answer.status).toBe(400);
    expect(answer.json['Field']).toBe('Width');
    expect(bodyKinds).toEqual(['streamed']);
    await expectOnlyTheNextRequestCountedAsync(before);
  });
});
