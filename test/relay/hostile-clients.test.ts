// Hostile clients rather than hostile bodies: web pages reaching a token-less relay, token
// guessing floods, uploads that pile up or trickle in, and debug logs fed huge requests.
import { connect, type Socket } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayApp, type RelayDeps } from '../../src/relay/app';
import type { RunningEmulator } from '../../src/emulator/serve';
import { startRelayAsync, type RunningRelay } from '../../src/relay/serve';
import {
  ALICE_TOKEN,
  BOB_TOKEN,
  authHeaders,
  createScriptedFetch,
  emulatorStatsAsync,
  jsonResponse,
  makeRelayConfig,
  makeTestImagesAsync,
  relayEnvFor,
  startTestEmulatorAsync,
  validGenerateBody,
  type TestImages,
} from './relay-fixtures';

let images: TestImages;
let emulator: RunningEmulator;

beforeAll(async () => {
  images = await makeTestImagesAsync();
  emulator = await startTestEmulatorAsync();
});

afterAll(async () => {
  await emulator?.closeAsync();
});

const okAnswer = () => jsonResponse({ RetCode: 0, Message: 'ok', Models: [] });

function makeApp(env: Record<string, string>, deps: RelayDeps = {}) {
  const upstream = createScriptedFetch(okAnswer);
  const app = createRelayApp(makeRelayConfig(env), { fetch: upstream.fetch, log: () => undefined, ...deps });
  return { app, upstream };
}

describe('token-less loopback mode', () => {
  const post = (app: ReturnType<typeof makeApp>['app'], url: string, headers: Record<string, string> = {}) =>
    app.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"Action":"GetCreditBalance"}' });

  it('refuses a rebinding Host and a web page Origin, naming the header, without calling PICPIK', async () => {
    const { app, upstream } = makeApp({ RELAY_TOKENS: '' });
    const rebound = await post(app, 'http://rebind.attacker.example:8787/', { origin: 'https://evil.example' });
    expect(rebound.status).toBe(403);
    expect(await rebound.json()).toMatchObject({ RetCode: 90403, Field: 'Host' });
    const page = await post(app, 'http://127.0.0.1:8787/', { origin: 'https://evil.example' });
    expect(page.status).toBe(403);
    expect(await page.json()).toMatchObject({ RetCode: 90403, Field: 'Origin' });
    expect(upstream.calls).toHaveLength(0);
  });

  it("answers loopback hosts with no Origin or the plugin's Origin: null", async () => {
    const { app, upstream } = makeApp({ RELAY_TOKENS: '' });
    for (const [url, headers] of [
      ['http://127.0.0.1:8787/', {}],
      ['http://localhost:8787/', { origin: 'null' }],
      ['http://[::1]:8787/', { origin: 'null' }],
    ] as const) {
      expect((await post(app, url, headers)).status, url).toBe(200);
    }
    expect(upstream.calls).toHaveLength(3);
  });

  it('keeps the rule on a real socket, where Host comes from the request', async () => {
    const relay = await startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, { RELAY_TOKENS: '' })), { log: () => undefined });
    try {
      const answer = await rawRequestAsync(relay.port, `POST / HTTP/1.1\r\nHost: rebind.attacker.example\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 29\r\n\r\n{"Action":"GetCreditBalance"}`);
      expect(answer).toMatch(/^HTTP\/1\.1 403/);
      expect(answer).toContain('"Field":"Host"');
    } finally {
      await relay.close();
    }
  });
});

describe('failed authentication', () => {
  it('answers 429 with Retry-After once an address fails too often, logging the flood once', async () => {
    const lines: Record<string, unknown>[] = [];
    let address = '203.0.113.9';
    const { app } = makeApp({ RELAY_AUTH_FAILURES_PER_MIN: '5' }, { clientAddress: () => address, log: (line) => lines.push(line as Record<string, unknown>) });
    const call = (token: string) => app.request('/', { method: 'POST', headers: authHeaders(token), body: '{"Action":"ListModels"}' });
    for (let i = 0; i < 5; i += 1) expect((await call('wrong-token-123')).status).toBe(401);
    const statuses: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const limited = await call('wrong-token-123');
      statuses.push(limited.status);
      if (i === 0) {
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await limited.json()).toMatchObject({ RetCode: 90429 });
      }
    }
    expect(new Set(statuses)).toEqual(new Set([429]));
    expect(lines.filter((line) => line['status'] === 429)).toHaveLength(1);
    // Other addresses are not affected.
    address = '198.51.100.7';
    expect((await call(ALICE_TOKEN)).status).toBe(200);
  });
});

describe('debug log of bodies', () => {
  it('logs nothing of an invalid request and cuts every logged parameter short', async () => {
    const lines: string[] = [];
    const env = { RELAY_DEBUG_LOG_BODIES: '1', RELAY_MAX_PROMPT_TEXT_BYTES: '1000000' };
    const { app } = makeApp(env, { log: (line) => lines.push(JSON.stringify(line)) });
    const send = (body: unknown) => app.request('/', { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
    expect((await send({ ...validGenerateBody(images), Extra: 'x'.repeat(60_000) })).status).toBe(400);
    expect((await send({ ...validGenerateBody(images), PositivePrompts: ['y'.repeat(60_000)] })).status).toBe(200);
    expect(lines).toHaveLength(2);
    expect(lines[0]).not.toContain('xxxxxxxxxx');
    expect(lines[0]).not.toContain('"params"');
    expect(lines[1]).toContain('yyyyyyyyyy');
    for (const line of lines) expect(line.length).toBeLessThan(3000);
  });

  it('takes a 30 MB RawImage and never logs any image of the image-editing actions', async () => {
    const side = 2900;
    const pixels = Buffer.alloc(side * side * 3);
    for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 2654435761) >>> 24;
    const big = `data:image/png;base64,${(await sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer()).toString('base64')}`;
    expect(big.length).toBeGreaterThan(30 * 1024 * 1024);
    const black = await sharp({ create: { width: side, height: side, channels: 3, background: '#000000' } }).png().toBuffer();
    const mask = `data:image/png;base64,${black.toString('base64')}`;
    const lines: string[] = [];
    const upstream = createScriptedFetch(() => jsonResponse({ RetCode: 0, Message: '', TaskUID: 'edit-task' }));
    const app = createRelayApp(makeRelayConfig({ RELAY_DEBUG_LOG_BODIES: '1' }), { fetch: upstream.fetch, log: (line) => lines.push(JSON.stringify(line)) });
    const send = (body: unknown) => app.request('/', { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
    expect((await send({ Action: 'RemoveBackground', RawImage: big })).status).toBe(200);
    expect((await send({ Action: 'RemoveContents', RawImage: big, Mask: mask })).status).toBe(200);
    expect((await send({ Action: 'RemoveBackgroundsInBatch', RawImages: [images.opaquePng, images.jpeg] })).status).toBe(200);
    expect(upstream.calls).toHaveLength(3);
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).toContain('"params"');
      expect(line.length).toBeLessThan(3000);
      for (const image of [big, mask, images.opaquePng, images.jpeg]) expect(line).not.toContain(image.slice(40, 140));
    }
  });
});

/** Writes `text` on a raw connection and collects everything until the server closes it. */
function rawRequestAsync(port: number, text: string, keepSending?: (socket: Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(text);
      keepSending?.(socket);
    });
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

/** Opens a connection that declares `length` bytes and sends only the first `sent`, then waits. */
function openHeldUpload(port: number, token: string, length: number, sent: number): { socket: Socket; answer: Promise<string> } {
  let socket!: Socket;
  const head = `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
  const answer = rawRequestAsync(port, head, (opened) => {
    socket = opened;
    opened.write(`{"Action":"ListModels","Pad":"${'A'.repeat(Math.max(0, sent - 30))}`);
  });
  return {
    get socket() {
      return socket;
    },
    answer,
  };
}

describe('uploads in flight', () => {
  let relay: RunningRelay;
  beforeAll(async () => {
    const env = { RELAY_INFLIGHT_BODY_BYTES: String(3_000_000), RELAY_INFLIGHT_BODY_BYTES_PER_TOKEN: String(2_000_000) };
    relay = await startRelayAsync(makeRelayConfig(relayEnvFor(emulator.url, env)), { log: () => undefined });
  });
  afterAll(async () => {
    await relay?.close();
  });

  it('answers 429 past the per-token budget and 503 past the global one, with Retry-After, then recovers', async () => {
    const before = (await emulatorStatsAsync(emulator)).requests.total;
    const alice = openHeldUpload(relay.port, ALICE_TOKEN, 1_500_000, 1000);
    const bob = openHeldUpload(relay.port, BOB_TOKEN, 1_300_000, 1000);
    const upload = (token: string) => fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(token), body: `{"Action":"ListModels","Pad":"${'B'.repeat(600_000)}"}` });
    // Both held uploads are in once a small request from a third party sees the budget used.
    let perToken: Response | undefined;
    for (let i = 0; i < 100 && perToken?.status !== 429; i += 1) {
      await perToken?.arrayBuffer();
      perToken = await upload(ALICE_TOKEN);
    }
    expect(perToken?.status).toBe(429);
    expect(Number(perToken?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await perToken?.json()).toMatchObject({ RetCode: 90429 });
    const global = await upload(BOB_TOKEN);
    expect(global.status).toBe(503);
    expect(Number(global.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await global.json()).toMatchObject({ RetCode: 90503 });
    alice.socket.destroy();
    bob.socket.destroy();
    await Promise.all([alice.answer, bob.answer]);
    let after: Response | undefined;
    for (let i = 0; i < 100 && after?.status !== 400; i += 1) {
      await after?.arrayBuffer();
      after = await upload(ALICE_TOKEN);
    }
    // The budget is free again: the body is read and refused for its unknown field, as it should be.
    expect(after?.status).toBe(400);
    expect((await emulatorStatsAsync(emulator)).requests.total).toBe(before);
  });

  it('counts a body without a declared length twice once it is joined: its chunks and their copy are held at once', async () => {
    const chunked = (bytes: number) => {
      // Image text is the one long string the shape scan lets through while the body arrives.
      const text = new TextEncoder().encode(`{"Action":"ListModels","ImageList":["data:image/png;base64,${'A'.repeat(bytes)}"]}`);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let at = 0; at < text.byteLength; at += 64 * 1024) controller.enqueue(text.subarray(at, at + 64 * 1024));
          controller.close();
        },
      });
      return fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(ALICE_TOKEN), body, duplex: 'half' } as RequestInit);
    };
    // 0.8 MB read and joined: 1.6 MB of the token's 2 MB; refused later, by the checks.
    const fits = await chunked(800_000);
    expect(fits.status).toBe(400);
    // 1.2 MB fits as it arrives, but not with its joined copy.
    const over = await chunked(1_200_000);
    expect(over.status).toBe(429);
    expect(((await over.json()) as { Message: string }).Message).toMatch(/This token already has/);
  });

  it('answers 408 to a body that trickles in, and closes the connection', async () => {
    const slowRelay = await startRelayAsync(
      makeRelayConfig(relayEnvFor(emulator.url, { RELAY_BODY_MIN_BYTES_PER_SEC: '1000', RELAY_BODY_GRACE_MS: '300' })),
      { log: () => undefined },
    );
    try {
      const held = openHeldUpload(slowRelay.port, ALICE_TOKEN, 60_000_000, 40);
      const answer = await held.answer;
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(answer).toContain('"RetCode":90408');
      expect(answer.toLowerCase()).toContain('connection: close');
    } finally {
      await slowRelay.close();
    }
  });
});
