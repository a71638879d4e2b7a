// A large image goes upstream while the designer's body is still arriving, and the request to
// PICPIK is completed only once the whole body has passed every check: an invalid image or field
// at the end of a 20 MB body leaves the emulator without a single complete request.
import { describe, expect, it } from 'vitest';
import { emulatorStatsAsync, validGenerateBody } from './relay-fixtures';
import { expectOnlyTheNextRequestCountedAsync, largeCutOut, postAsync, upstreamKinds, useLargeUploadSetup } from './early-upstream-fixtures';

const BODY_MB = 20;

const setup = useLargeUploadSetup();

/** How each upstream POST got its body (whole, or streamed while the designer's body arrived), and whether all of it was written. */
const bodyKinds = () => upstreamKinds(setup.relayed);

describe('a large image sent upstream while it arrives', () => {
  it('streams a valid 20 MB GenerateBackgrounds to PICPIK, which accepts its signature', async () => {
    setup.relayed.records.length = 0;
    const before = (await emulatorStatsAsync(setup.emulator)).requests.byAction['GenerateBackgrounds'] ?? 0;
    const answer = await postAsync(setup.relayed.relay, { ...validGenerateBody(setup.images), ImageList: [largeCutOut(setup.images, BODY_MB)] });
    expect(answer.json['RetCode']).toBe(0);
    expect(typeof answer.json['TaskUID']).toBe('string');
    expect(bodyKinds()).toEqual([['streamed', true]]);
    expect((await emulatorStatsAsync(setup.emulator)).requests.byAction['GenerateBackgrounds']).toBe(before + 1);
  });

  it('cuts the upstream request when the image turns out invalid at its very end: PICPIK gets no complete request', async () => {
    setup.relayed.records.length = 0;
    const before = await emulatorStatsAsync(setup.emulator);
    const image = largeCutOut(setup.images, BODY_MB);
    const answer = await postAsync(setup.relayed.relay, { ...validGenerateBody(setup.images), ImageList: [`${image.slice(0, -4)}!!!!`] });
    expect(answer.status).toBe(400);
    expect(answer.json['Field']).toBe('ImageList[0]');
    expect(bodyKinds()).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(setup.relayed.relay, setup.emulator, setup.images, before);
  });

  it('cuts it as well when a field after the image is invalid', async () => {
    setup.relayed.records.length = 0;
    const before = await emulatorStatsAsync(setup.emulator);
    const { Width: _width, ...rest } = validGenerateBody(setup.images);
    const answer = await postAsync(setup.relayed.relay, { ...rest, ImageList: [largeCutOut(setup.images, BODY_MB)], Width: 99_999 });
    expect(answer.status).toBe(400);
    expect(answer.json['Field']).toBe('Width');
    expect(bodyKinds()).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(setup.relayed.relay, setup.emulator, setup.images, before);
  });
});
