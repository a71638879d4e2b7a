// The early upstream request under the relay's limits: a body that stalls (408), a designer
// whose budget is spent (402, answered by the relay), concurrent large uploads past the
// in-flight budget (429 per token, 503 over all), and PICPIK answering from the headers alone.
// A refused request never completes upstream and one refused before its first byte never opens
// one; the accepted ones go through signed.
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/serve';
import { ALICE_TOKEN, BOB_TOKEN, emulatorStatsAsync, makeTestImagesAsync, startTestEmulatorAsync, validGenerateBody, type TestImages } from './relay-fixtures';
import { runAdminAsync } from './team/team-fixtures';
import { RET_CODES } from '../../src/emulator/ret-codes';
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

const CAROL_TOKEN = 'carol-token-3e8b1d94a7';
const MB = 2 ** 20;

let emulator: RunningEmulator;
/** Takes at most 8 MB: it answers a 20 MB request from its Content-Length alone, before the body. */
let smallEmulator: RunningEmulator;
let toSmall: RecordedRelay;
/**
 * Wants 8 MB a second after 300 ms: a stalled 20 MB body is answered within 3 s, while a sound
 * one on loopback (hundreds of MB a second) keeps a wide margin on a loaded machine.
 */
let strict: RecordedRelay;
/** 45 MB in flight over all, 24 MB per token, and a designer whose budget is 0. */
let budgeted: RecordedRelay;
let brokeToken: string;
let images: TestImages;
let body: Uint8Array;

beforeAll(async () => {
  images = await makeTestImagesAsync();
  const { ImageList: _list, ...rest } = validGenerateBody(images);
  body = new TextEncoder().encode(JSON.stringify({ ...rest, ImageList: [largeCutOut(images, 20)] }));
  emulator = await startLargeBodyEmulatorAsync();
  strict = await startRecordedRelayAsync(emulator, {
    RELAY_BODY_MIN_BYTES_PER_SEC: String(8 * MB),
    RELAY_BODY_GRACE_MS: '300',
    RELAY_INFLIGHT_BODY_BYTES_PER_TOKEN: String(24 * MB),
  });
  const storeEnv = { RELAY_DATA_DIR: mkdtempSync(join(tmpdir(), 'relay-store-')) };
  const printed = await runAdminAsync(storeEnv, ['tokens', 'add', 'broke', '--budget', '0']);
  brokeToken = /^(bdr_\S+)$/m.exec(printed)?.[1] ?? '';
  budgeted = await startRecordedRelayAsync(emulator, {
    ...storeEnv,
    RELAY_TOKENS: `alice:${ALICE_TOKEN},bob:${BOB_TOKEN},carol:${CAROL_TOKEN}`,
    RELAY_INFLIGHT_BODY_BYTES: String(45 * MB),
    RELAY_INFLIGHT_BODY_BYTES_PER_TOKEN: String(24 * MB),
  });
  smallEmulator = await startTestEmulatorAsync({ EMULATOR_QUEUE_MS: '600000', EMULATOR_MAX_BODY_BYTES: String(8 * MB) });
  toSmall = await startRecordedRelayAsync(smallEmulator, {});
}, 60_000);

afterAll(async () => {
  await strict?.closeAsync();
  await budgeted?.closeAsync();
  await toSmall?.closeAsync();
  await emulator?.closeAsync();
  await smallEmulator?.closeAsync();
});

describe('the early upstream request under the relay limits', () => {
  it('answers a body that stalls half-way with 408, cuts its upstream request and releases its budget', async () => {
    strict.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const raw = openRawPost(strict.relay, body.byteLength);
    await raw.sendAsync(body.subarray(0, body.byteLength >> 1));
    const answer = await raw.answer;
    raw.socket.destroy();
    expect(answer.status).toBe(408);
    expect(String(answer.json['Message'])).toMatch(/arrived too slowly/);
    expect(upstreamKinds(strict)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(strict.relay, emulator, images, before);
    // A 20 MB body still held would make this one a 429 (24 MB per token).
    strict.records.length = 0;
    const next = await postAsync(strict.relay, new TextDecoder().decode(body));
    expect(next.status, JSON.stringify(next.json)).toBe(200);
    expect(upstreamKinds(strict)).toEqual([['streamed', true]]);
  });

  it('answers 408 as well when only the last bytes are missing: the whole image went upstream, the request is still cut', async () => {
    strict.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const raw = openRawPost(strict.relay, body.byteLength);
    await raw.sendAsync(body.subarray(0, body.byteLength - 16));
    const answer = await raw.answer;
    raw.socket.destroy();
    expect(answer.status).toBe(408);
    expect(upstreamKinds(strict)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(strict.relay, emulator, images, before);
  });

  it('cuts the early request of a designer whose budget is spent: 402 from the relay, no task upstream', async () => {
    budgeted.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const answer = await postAsync(budgeted.relay, new TextDecoder().decode(body), brokeToken);
    expect(answer.status).toBe(402);
    expect(String(answer.json['Message'])).toMatch(/budget of 0 credits is used up/);
    expect(upstreamKinds(budgeted)).toEqual([['streamed', false]]);
    await expectOnlyTheNextRequestCountedAsync(budgeted.relay, emulator, images, before);
  });

  it('cuts the early request as soon as the scan refuses the body, not once the refused rest is drained', async () => {
    budgeted.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const text = new TextEncoder().encode(`${new TextDecoder().decode(body).slice(0, -1)},"Padding":[${new Array(20_000).fill(1).join(',')}]}`);
    const raw = openRawPost(budgeted.relay, text.byteLength);
    // All but the last bytes: the rest is read and dropped for as long as the client takes.
    await raw.sendAsync(text.subarray(0, text.byteLength - 16));
    await untilAsync('the early request to be cut', () => budgeted.records[0]?.cut === true);
    expect(upstreamKinds(budgeted)).toEqual([['streamed', false]]);
    await raw.sendAsync(text.subarray(text.byteLength - 16));
    const answer = await raw.answer;
    raw.socket.destroy();
    expect([answer.status, answer.json['Field']]).toEqual([400, 'body']);
    await expectOnlyTheNextRequestCountedAsync(budgeted.relay, emulator, images, before);
  });

  it('refuses uploads past the in-flight budget before they open upstream; the accepted ones complete, signed', async () => {
    budgeted.records.length = 0;
    const before = await emulatorStatsAsync(emulator);
    const half = body.byteLength >> 1;
    // Alice's and Bob's uploads hold 40 MB once their early requests are open.
    const held = [openRawPost(budgeted.relay, body.byteLength, ALICE_TOKEN), openRawPost(budgeted.relay, body.byteLength, BOB_TOKEN)];
    for (const [i, raw] of held.entries()) {
      await raw.sendAsync(body.subarray(0, half));
      await untilAsync(`early request ${i + 1}`, () => budgeted.records.length === i + 1);
    }
    const text = new TextDecoder().decode(body);
    const [aliceAgain, carol] = await Promise.all([postAsync(budgeted.relay, text, ALICE_TOKEN), postAsync(budgeted.relay, text, CAROL_TOKEN)]);
    expect([aliceAgain.status, carol.status]).toEqual([429, 503]);
    // Her 20 MB body is held in a buffer rounded up to whole megabytes, and the budget counts all of it.
    expect(String(aliceAgain.json['Message'])).toMatch(/This token already has 21 MB of uploads in progress/);
    expect(upstreamKinds(budgeted)).toEqual([['streamed', false], ['streamed', false]]);

    for (const raw of held) await raw.sendAsync(body.subarray(half));
    const answers = await Promise.all(held.map((raw) => raw.answer));
    for (const raw of held) raw.socket.destroy();
    expect(answers.map((answer) => [answer.status, answer.json['RetCode']])).toEqual([[200, 0], [200, 0]]);
    expect(upstreamKinds(budgeted)).toEqual([['streamed', true], ['streamed', true]]);
    const validated = (JSON.parse(text) as { ImageList: string[] }).ImageList;
    for (const record of budgeted.records) expect(upstreamJsonOf(record)['ImageList']).toEqual(validated);
    const after = await emulatorStatsAsync(emulator);
    expect(after.requests.byAction['GenerateBackgrounds']).toBe((before.requests.byAction['GenerateBackgrounds'] ?? 0) + 2);
    expect(after.tasks.submitted).toBe(before.tasks.submitted + 2);
  });

  it('passes on PICPIK refusing the declared length before the body is in, and stays healthy', async () => {
    const before = await emulatorStatsAsync(smallEmulator);
    const answer = await postAsync(toSmall.relay, new TextDecoder().decode(body));
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ RetCode: RET_CODES.bodyTooLarge, Message: expect.stringMatching(/larger than 8388608 bytes/) });
    expect(upstreamKinds(toSmall)).toEqual([['streamed', false]]);
    expect((await emulatorStatsAsync(smallEmulator)).tasks.submitted).toBe(before.tasks.submitted);
    await expectOnlyTheNextRequestCountedAsync(toSmall.relay, smallEmulator, images, before);
  });

  it('lets go of the upstream connection when PICPIK answers before the body is in and keeps the connection open', async () => {
    // A stand-in that answers from the headers alone and leaves the connection to the client.
    const open = new Set<net.Socket>();
    const early = http.createServer((_req, res) => {
      res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ Action: 'Response', RetCode: 413, Message: 'too large' }));
    });
    early.on('connection', (socket: net.Socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    });
    await new Promise<void>((resolve) => early.listen(0, '127.0.0.1', () => resolve()));
    const relayed = await startRecordedRelayAsync({ url: `http://127.0.0.1:${(early.address() as net.AddressInfo).port}` }, {});
    try {
      const answer = await postAsync(relayed.relay, new TextDecoder().decode(body));
      expect(answer.json).toMatchObject({ RetCode: 413, Message: 'too large' });
      expect(upstreamKinds(relayed)).toEqual([['streamed', false]]);
      // An unfinished request would hold its socket for as long as the server keeps it open.
      await untilAsync('the upstream connection to close', () => open.size === 0);
    } finally {
      await relayed.closeAsync();
      early.closeAllConnections();
      await new Promise((resolve) => early.close(resolve));
    }
  });
});
