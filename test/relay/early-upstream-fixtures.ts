// Shared material for the tests of a large image sent upstream while it arrives: a relay over
// the emulator whose upstream POSTs are recorded byte for byte (and whether each body was
// written to its end), a large image, a raw HTTP client that controls the bytes and their
// timing, and the access log to know when the relay has finished with a request.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/serve';
import { createNodeUpstreamFetch } from '../../src/relay/node-upstream-fetch';
import { startRelayAsync, type RunningRelay } from '../../src/relay/serve';
import type { UpstreamPost } from '../../src/relay/upstream-call';
import { verifySignature } from '../../src/contract/signature';
import { ALICE_TOKEN, authHeaders, emulatorStatsAsync, makeRelayConfig, makeTestImagesAsync, relayEnvFor, startTestEmulatorAsync, TEST_PRIVATE_KEY, validGenerateBody, type TestImages } from './relay-fixtures';

/** One upstream POST: how its body was given, the bytes written so far, whether all were or the relay cut it. */
export interface UpstreamRecord {
  kind: 'whole' | 'streamed';
  pieces: Uint8Array[];
  ended: boolean;
  cut: boolean;
}

export interface RecordedRelay {
  relay: RunningRelay;
  records: UpstreamRecord[];
  logs: Record<string, unknown>[];
  closeAsync: () => Promise<void>;
}

/** An emulator for large uploads: bodies up to 64 MB, and tasks that never start rendering during a test. */
export function startLargeBodyEmulatorAsync(): Promise<RunningEmulator> {
  return startTestEmulatorAsync({ EMULATOR_QUEUE_MS: '600000', EMULATOR_MAX_BODY_BYTES: String(64 * 2 ** 20) });
}

/** What a file's tests of large uploads share: the test images, a large-body emulator and a recorded relay in front of it. */
export interface LargeUploadSetup {
  images: TestImages;
  emulator: RunningEmulator;
  relayed: RecordedRelay;
}

/** Starts a LargeUploadSetup before the tests of the calling suite and closes it after them; its fields are set once they run. */
export function useLargeUploadSetup(): LargeUploadSetup {
  const setup = {} as LargeUploadSetup;
  beforeAll(async () => {
    setup.images = await makeTestImagesAsync();
    setup.emulator = await startLargeBodyEmulatorAsync();
    setup.relayed = await startRecordedRelayAsync(setup.emulator, {});
  });
  afterAll(async () => {
    await setup.relayed?.closeAsync();
    await setup.emulator?.closeAsync();
  });
  return setup;
}

/** A relay in front of `emulator` whose upstream POSTs and access-log lines are kept. */
export async function startRecordedRelayAsync(emulator: Pick<RunningEmulator, 'url'>, env: Record<string, string>): Promise<RecordedRelay> {
  const upstream = createNodeUpstreamFetch();
  const records: UpstreamRecord[] = [];
  const logs: Record<string, unknown>[] = [];
  const post: UpstreamPost = (url, body, headers, signal, onHandedOver) => {
    // Pieces are copied as they go: they are views of the body's buffer, which the relay reuses
    // for the next large body once this request has handed its last byte over (read-body.ts).
    if (Array.isArray(body)) {
      records.push({ kind: 'whole', pieces: (body as readonly Uint8Array[]).map((piece) => piece.slice()), ended: true, cut: false });
      return upstream.post(url, body, headers, signal, onHandedOver);
    }
    const record: UpstreamRecord = { kind: 'streamed', pieces: [], ended: false, cut: false };
    records.push(record);
    // A cut reaches the generator either as its source's error (the writer was waiting for the
    // next piece) or as an early return (the writer was waiting for the socket to drain, found the
    // request destroyed and stopped reading): both leave it unfinished, which is what `cut` says.
    async function* recorded(): AsyncGenerator<Uint8Array> {
      try {
        for await (const piece of body as AsyncIterable<Uint8Array>) {
          record.pieces.push(piece.slice());
          yield piece;
        }
        record.ended = true;
      } finally {
        if (!record.ended) record.cut = true;
      }
    }
    return upstream.post(url, recorded(), headers, signal, onHandedOver);
  };
  const relay = await startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, { RELAY_BODY_LIMIT_BYTES: String(32 * 2 ** 20), ...env })), {
    post,
    log: (line) => logs.push(line as Record<string, unknown>),
  });
  return {
    relay,
    records,
    logs,
    async closeAsync() {
      await relay.close();
      upstream.close();
    },
  };
}

/** The test cut-out followed by zero bytes up to about `megabytes` of base64: a valid PNG header, a large image. */
/** How each recorded upstream POST went: its body's kind and whether it was written to the end. */
export function upstreamKinds(relayed: RecordedRelay): [UpstreamRecord['kind'], boolean][] {
  return relayed.records.map((record) => [record.kind, record.ended]);
}

export function largeCutOut(images: TestImages, megabytes: number): string {
  const png = Buffer.from(images.pngBytes);
  const padded = Buffer.concat([png, Buffer.alloc(Math.floor((megabytes * 2 ** 20 * 3) / 4))]);
  return `data:image/png;base64,${padded.toString('base64')}`;
}

export interface Answer {
  status: number;
  json: Record<string, unknown>;
}

export async function postAsync(relay: RunningRelay, body: Record<string, unknown> | string, token = ALICE_TOKEN): Promise<Answer> {
  const res = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(token), body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** The JSON PICPIK was sent in `record`, its Signature checked with the test key. */
export function upstreamJsonOf(record: UpstreamRecord): Record<string, unknown> {
  const json = JSON.parse(Buffer.concat(record.pieces).toString('utf8')) as Record<string, unknown>;
  expect(verifySignature(json, TEST_PRIVATE_KEY)).toBe(true);
  return json;
}

/**
 * Sends one small valid request after a refused one: by its answer the emulator has seen
 * whatever reached it of the refused one, and only the small request may have been counted.
 */
export async function expectOnlyTheNextRequestCountedAsync(
  relay: RunningRelay,
  emulator: RunningEmulator,
  images: TestImages,
  before: Awaited<ReturnType<typeof emulatorStatsAsync>>,
): Promise<void> {
  expect((await postAsync(relay, validGenerateBody(images))).json['RetCode']).toBe(0);
  const after = await emulatorStatsAsync(emulator);
  expect(after.requests.total).toBe(before.requests.total + 1);
  expect(after.requests.byAction['GenerateBackgrounds']).toBe((before.requests.byAction['GenerateBackgrounds'] ?? 0) + 1);
  expect(after.tasks.submitted).toBe(before.tasks.submitted + 1);
}

/** Resolves once `ready()` holds (checked every 10 ms), failing after `timeoutMs`. */
export async function untilAsync(what: string, ready: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A POST / written by hand over a socket: the declared length and the bytes sent are the test's. */
export interface RawPost {
  /** Writes `bytes`, waiting while the socket is full (resolves early if the socket is gone). */
  sendAsync: (bytes: Uint8Array) => Promise<void>;
  socket: net.Socket;
  /**
   * The answer: the relay's JSON, or the status line alone when the connection closed first
   * (Node's own 400 for bytes past the declared length has no body); status 0 without one.
   */
  answer: Promise<Answer>;
}

const openRawSockets = new Set<net.Socket>();

// A test that fails half-way leaves its upload open: its bytes would count against the next
// test's in-flight budget and its connection would keep the relay from closing.
afterEach(() => {
  for (const socket of openRawSockets) socket.destroy();
});

/** `extraHeaders` are whole header lines, written after the others. */
export function openRawPost(relay: RunningRelay, declaredLength: number | undefined, token = ALICE_TOKEN, extraHeaders: string[] = []): RawPost {
  const socket = net.connect(relay.port, '127.0.0.1');
  openRawSockets.add(socket);
  socket.on('close', () => openRawSockets.delete(socket));
  socket.on('error', () => undefined); // a refused body may be cut while it is still being written
  const head = [
    'POST / HTTP/1.1',
    `host: 127.0.0.1:${relay.port}`,
    `authorization: Bearer ${token}`,
    'content-type: application/json',
    ...(declaredLength === undefined ? [] : [`content-length: ${declaredLength}`]),
    ...extraHeaders,
    '',
    '',
  ].join('\r\n');
  socket.write(head);
  const answer = new Promise<Answer>((resolve) => {
    let received = Buffer.alloc(0);
    const settle = (closed: boolean): void => {
      const split = received.indexOf('\r\n\r\n');
      if (split < 0) return closed ? resolve({ status: 0, json: {} }) : undefined;
      const headText = received.subarray(0, split).toString('latin1');
      const status = Number(headText.split(' ')[1]);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headText)?.[1] ?? NaN);
      const body = received.subarray(split + 4);
      if (body.byteLength >= length) resolve({ status, json: JSON.parse(body.subarray(0, length).toString('utf8')) as Record<string, unknown> });
      else if (closed) resolve({ status, json: {} });
      return undefined;
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      settle(false);
    });
    socket.on('close', () => settle(true));
  });
  return {
    socket,
    answer,
    async sendAsync(bytes) {
      for (let at = 0; at < bytes.byteLength && !socket.destroyed; at += 1 << 20) {
        if (!socket.write(bytes.subarray(at, at + (1 << 20)))) {
          await new Promise<void>((resolve) => {
            socket.once('drain', resolve);
            socket.once('close', resolve);
          });
        }
      }
    },
  };
}
