// A large image goes upstream while the designer's body is still arriving, and the request to
// PICPIK is completed only once the whole body has passed every check: an invalid image or field
// at the end of a 20 MB body leaves the emulator without a single complete request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/serve';
import { emulatorStatsAsync, makeTestImagesAsync, startTestEmulatorAsync, validGenerateBody, type TestImages } from './relay-fixtures';
import { expectOnlyTheNextRequestCountedAsync, largeCutOut, postAsync, startRecordedRelayAsync, upstreamKinds, type RecordedRelay } from './early-upstream-fixtures';

const BODY_MB = 20;

let emulator: RunningEmulator;
let relayed: RecordedRelay;
let images: TestImages;

beforeAll(async () => {
  images = await makeTestImagesAsync();
  emulator = await startTestEmulatorAsync({ EMULATOR_QUEUE_MS: '600000', EMULATOR_MAX_BODY_BYTES: String(64 * 2 ** 20) });
  relayed = await startRecordedRelayAsync(emulator, {});
});

afterAll(async () => {
  await relayed?.closeAsync();
  await emulator?.closeAsync();
});

/** How each upstream POST got its body (whole, or streamed while the designer's body arrived), and whether all of it was written. */
const bodyKinds = () => upstreamKinds(relayed);

describe('a large image sent upstream while it arrives', () => {
  it('streams a valid 20 MB GenerateBackgrounds to PICPIK, which accepts its signature', async () => {
    relayed.records.length = 0;
    const before = (await emulatorStatsAsync(emulator)).requests.byAction['GenerateBackgrounds'] ?? 0;
    const answer = await postAsync(relayed.relay, { ...validGenerateBody(images), ImageList: [largeCutOut(images, BODY_MB)] });
    expect(answer.json['RetCode']).toBe(0);
    expect(typeof answer.json['TaskUID']).toBe('string');
    expect(bodyKinds()).toEqual([['streamed', true]]);
    expect((await emulatorStatsAsync(emulator)).requests.byAction['GenerateBackgrounds']).toBe(before + 1);
  });

  it('cuts the upstream request when the image turns out invalid at its very end: PICPIK gets no complete request', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const image = largeCutOut(images, BODY_MB);
    const answer = await postAsync(relayed.relay, { ...validGenerateBody(images), ImageList: [`${image.slice(0, -4)}!!!!`] });
    expect(answer.status).toBe(400);
    expect(answer.json['Field']).toBe('ImageList[0]');
    expect(bodyKinds()).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(relayed.relay, emulator, images, before);
  });

  it('cuts it as well when a field after the image is invalid', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const { Width: _width, ...rest } = validGenerateBody(images);
    const answer = await postAsync(relayed.relay, { ...rest, ImageList: [largeCutOut(images, BODY_MB)], Width: 99_999 });
    expect(answer.status).toBe(400);
    expect(answer.json['Field']).toBe('Width');
    expect(bodyKinds()).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(relayed.relay, emulator, images, before);
  });
});
