// Attacks on the large image sent upstream while it arrives: a client that leaves mid-body,
// a declared length that lies, duplicated keys (JSON.parse keeps the last) and a key the scan
// misreads, an image elsewhere than first or in a field the action does not take, base64 that
// is no image, ambiguous framing. Each time PICPIK gets exactly what was validated and
// signed, or no complete request; the designer gets the field at fault; the budget comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/serve';
import { emulatorStatsAsync, makeTestImagesAsync, validGenerateBody, type TestImages } from './relay-fixtures';
import {
  expectOnlyTheNextRequestCountedAsync,
  largeCutOut,
  openRawPost,
  postAsync,
  startLargeBodyEmulatorAsync,
  startRecordedRelayAsync,
  untilAsync,
  upstreamKinds,
  upstreamJsonOf,
  type RecordedRelay,
} from './early-upstream-fixtures';

let emulator: RunningEmulator;
let relayed: RecordedRelay;
let images: TestImages;
let large: string;

beforeAll(async () => {
  images = await makeTestImagesAsync();
  large = largeCutOut(images, 20);
  emulator = await startLargeBodyEmulatorAsync();
  // A 20 MB body left counted after its request would make the next one from the same token a 429.
  relayed = await startRecordedRelayAsync(emulator, { RELAY_INFLIGHT_BODY_BYTES_PER_TOKEN: String(24 * 2 ** 20) });
});

afterAll(async () => {
  await relayed?.closeAsync();
  await emulator?.closeAsync();
});

const relay = () => relayed.relay;
const encoder = new TextEncoder();

/** The valid request's fields with `tail` written after ImageList, as raw JSON text. */
function bodyText(imageList: string[], tail = ''): string {
  const { ImageList: _list, ...rest } = validGenerateBody(images);
  return `${JSON.stringify(rest).slice(0, -1)},"ImageList":${JSON.stringify(imageList)}${tail}}`;
}

/** A valid 20 MB request succeeds afterwards: the budget is back, the relay healthy, PICPIK takes it. */
async function expectLargeRequestAcceptedAsync(): Promise<void> {
  relayed.records.length = 0;
  const answer = await postAsync(relay(), bodyText([large]));
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  expect(answer.json['RetCode']).toBe(0);
  expect(upstreamKinds(relayed)).toEqual([['streamed', true]]);
  expect(((await (await fetch(`${relay().url}/healthz`)).json()) as { ok: boolean }).ok).toBe(true);
}

describe('a client that misbehaves while its large image streams upstream', () => {
  it('leaves mid-body: the upstream request is cut, no task, the budget is released, the relay stays healthy', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const text = encoder.encode(bodyText([large]));
    const logged = relayed.logs.length;
    const raw = openRawPost(relay(), text.byteLength);
    await raw.sendAsync(text.subarray(0, text.byteLength >> 1));
    await untilAsync('the early upstream request', () => (relayed.records[0]?.pieces.length ?? 0) > 1);
    raw.socket.destroy();
    await untilAsync('the access line of the cut request', () => relayed.logs.length > logged);
    expect(upstreamKinds(relayed)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(relay(), emulator, images, before);
    await expectLargeRequestAcceptedAsync();
  });

  it('declares fewer bytes than it sends: the body ends at the declared length, is refused, and nothing complete goes upstream', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const text = encoder.encode(bodyText([large]));
    const logged = relayed.logs.length;
    const raw = openRawPost(relay(), text.byteLength - 4096);
    void raw.sendAsync(text);
    // The relay's 400 (a cut JSON text), or Node's own for the bytes past the declared length.
    expect((await raw.answer).status).toBe(400);
    raw.socket.destroy();
    await untilAsync('the access line of the long request', () => relayed.logs.length > logged);
    expect(relayed.logs[logged]).toMatchObject({ status: 400 });
    expect(upstreamKinds(relayed)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(relay(), emulator, images, before);
  });

  it('declares more bytes than it sends, then ends its side: cut upstream, no task, budget back', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const text = encoder.encode(bodyText([large]));
    const logged = relayed.logs.length;
    const raw = openRawPost(relay(), text.byteLength + 4096);
    await raw.sendAsync(text);
    raw.socket.end();
    await untilAsync('the access line of the short request', () => relayed.logs.length > logged);
    raw.socket.destroy();
    expect(upstreamKinds(relayed)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(relay(), emulator, images, before);
    await expectLargeRequestAcceptedAsync();
  });
});

describe('a body whose large image is not what gets validated', () => {
  it('sends a second ImageList after the large one: PICPIK gets the validated (last) list, signed, never the first', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const answer = await postAsync(relay(), bodyText([large], `,"ImageList":${JSON.stringify([images.transparentPng])}`));
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(upstreamKinds(relayed)).toEqual([['streamed', false], ['whole', true]]);
    expect(upstreamJsonOf(relayed.records[1]!)['ImageList']).toEqual([images.transparentPng]);
    const after = await emulatorStatsAsync(emulator);
    expect(after.requests.byAction['GenerateBackgrounds']).toBe((before.requests.byAction['GenerateBackgrounds'] ?? 0) + 1);
    expect(after.tasks.submitted).toBe(before.tasks.submitted + 1);
  });

  it('sends a second, different large image under a repeated key: only the validated one reaches PICPIK', async () => {
    relayed.records.length = 0;
    // Both within the token's 24 MB in flight.
    const other = largeCutOut(images, 8);
    const answer = await postAsync(relay(), bodyText([largeCutOut(images, 12)], `,"ImageList":${JSON.stringify([other])}`));
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(upstreamKinds(relayed)).toEqual([['streamed', false], ['whole', true]]);
    expect(upstreamJsonOf(relayed.records[1]!)['ImageList']).toEqual([other]);
  });

  it('hides the key behind an escape the scan reads as ImageList ("ImageList\\n"): the early request is cut', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const { ImageList: _list, ...rest } = validGenerateBody(images);
    const text = `{"ImageList\\n":${JSON.stringify([large])},${JSON.stringify({ ...rest, ImageList: [images.transparentPng] }).slice(1)}`;
    const answer = await postAsync(relay(), text);
    expect(answer.status).toBe(400);
    expect(answer.json['Field']).toBe('ImageList\n[0]');
    expect(upstreamKinds(relayed)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(relay(), emulator, images, before);
  });

  it('changes a field before the image by repeating it after: the signature covers the value sent', async () => {
    relayed.records.length = 0;
    const answer = await postAsync(relay(), bodyText([large], ',"Width":512,"PositivePrompts":["a marble table"]'));
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(upstreamKinds(relayed)).toEqual([['streamed', true]]);
    const sent = upstreamJsonOf(relayed.records[0]!);
    expect([sent['Width'], sent['PositivePrompts'], sent['ImageList']]).toEqual([512, ['a marble table'], [large]]);
  });

  it('puts the large image second in ImageList: sent whole once validated, as validated', async () => {
    relayed.records.length = 0;
    const answer = await postAsync(relay(), bodyText([images.transparentPng, large], ',"BackgroundImage2Image":{"ImageIndex":1}'));
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(upstreamKinds(relayed)).toEqual([['whole', true]]);
    expect(upstreamJsonOf(relayed.records[0]!)['ImageList']).toEqual([images.transparentPng, large]);
  });

  it('sends 15 MB of valid base64 that is no image: refused naming ImageList[0], the early request cut', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const notImage = `data:image/png;base64,${Buffer.alloc(15 * 2 ** 20, 7).toString('base64')}`;
    const answer = await postAsync(relay(), bodyText([notImage]));
    expect(answer.status).toBe(400);
    expect(answer.json['Field']).toBe('ImageList[0]');
    expect(upstreamKinds(relayed)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(relay(), emulator, images, before);
  });

  it('repeats a single-image field (RawImage of RemoveBackground): the early request is cut, the last one sent', async () => {
    relayed.records.length = 0;
    const text = `{"Action":"RemoveBackground","RawImage":${JSON.stringify(large)},"RawImage":${JSON.stringify(images.opaquePng)}}`;
    const answer = await postAsync(relay(), text);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(upstreamKinds(relayed)).toEqual([['streamed', false], ['whole', true]]);
    expect(upstreamJsonOf(relayed.records[1]!)['RawImage']).toBe(images.opaquePng);
  });

  it('opens with a large image in a field the action does not take (Mask): refused naming it, the early request cut', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const answer = await postAsync(relay(), `{"Mask":${JSON.stringify(large)},${bodyText([images.transparentPng]).slice(1)}`);
    expect(answer.status).toBe(400);
    expect(answer.json['Field']).toBe('Mask');
    expect(upstreamKinds(relayed)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(relay(), emulator, images, before);
  });
});

describe('a request whose framing is ambiguous', () => {
  it('declares a Content-Length and a chunked body at once: refused before anything goes upstream', async () => {
    relayed.records.length = 0;
    const both = openRawPost(relay(), 20 * 2 ** 20, undefined, ['transfer-encoding: chunked']);
    await both.sendAsync(encoder.encode(`100000\r\n${bodyText([large]).slice(0, 0x100000)}\r\n`));
    expect((await both.answer).status).toBe(400);
    both.socket.destroy();
    expect(relayed.records).toEqual([]);
  });

  it('repeats its Content-Length: refused, or read without an early request; never a complete unvalidated one', async () => {
    relayed.records.length = 0;
    const text = encoder.encode(bodyText([large]));
    const raw = openRawPost(relay(), text.byteLength, undefined, [`content-length: ${text.byteLength}`]);
    void raw.sendAsync(text);
    const answer = await raw.answer;
    raw.socket.destroy();
    expect(answer.status).toBe(400);
    expect(relayed.records).toEqual([]);
  });
});

describe('a body the shape scan refuses after its large image', () => {
  it('holds too many elements after the image: 400 naming the body, the early request cut', async () => {
    relayed.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const answer = await postAsync(relay(), bodyText([large], `,"Padding":[${new Array(20_000).fill(1).join(',')}]`));
    expect(answer.status).toBe(400);
    expect([answer.json['Field'], answer.json['Message']]).toEqual(['body', expect.stringMatching(/RELAY_MAX_JSON_ELEMENTS/)]);
    expect(upstreamKinds(relayed)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(relay(), emulator, images, before);
  });
});
