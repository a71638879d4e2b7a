// Relay + emulator on loopback: the whole flow through real sockets, the emulator's injected
// faults as the relay reports them, upstream request counts, and graceful shutdown.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { RunningEmulator } from '../../src/emulator/serve';
import { createRelayApp } from '../../src/relay/app';
import { startRelayAsync, type RunningRelay } from '../../src/relay/serve';
import {
  ALICE_TOKEN,
  BOB_TOKEN,
  TEST_PRIVATE_KEY,
  authHeaders,
  emulatorStatsAsync,
  makeRelayConfig,
  relayEnvFor,
  startRelayOverEmulatorAsync,
  validGenerateBody,
  type TestImages,
} from './relay-fixtures';

let emulator: RunningEmulator;
let relay: RunningRelay;
let images: TestImages;
const logLines: string[] = [];
const responseTexts: string[] = [];

const relayEnv = (extra: Record<string, string> = {}) => relayEnvFor(emulator.url, extra);

beforeAll(async () => {
  ({ images, emulator, relay } = await startRelayOverEmulatorAsync({
    emulatorEnv: { EMULATOR_QUEUE_MS: '600000', EMULATOR_RUN_MS: '0' },
    deps: {
      log: (line) => logLines.push(JSON.stringify(line)),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20))),
    },
  }));
});

afterAll(async () => {
  await relay?.close();
  await emulator?.closeAsync();
  const everything = [...logLines, ...responseTexts].join('\n');
  expect(logLines.length).toBeGreaterThan(10);
  for (const secret of [TEST_PRIVATE_KEY, ALICE_TOKEN, BOB_TOKEN]) expect(everything).not.toContain(secret);
});

afterEach(async () => {
  await fetch(`${emulator.url}/__admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
});

async function setFaultsAsync(faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${emulator.url}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(res.status).toBe(200);
}

const upstreamStatsAsync = () => emulatorStatsAsync(emulator);

async function countFor(action: string): Promise<number> {
  return (await upstreamStatsAsync()).requests.byAction[action] ?? 0;
}

async function postAsync(body: unknown, base = relay.url) {
  const response = await fetch(`${base}/`, { method: 'POST', headers: authHeaders(), body: JSON.stringify(body) });
  const text = await response.text();
  responseTexts.push(text);
  return { status: response.status, headers: response.headers, json: JSON.parse(text) as Record<string, unknown> };
}

describe('relay + emulator', () => {
  it('submits, polls and downloads a real image through the relay', async () => {
    const submitted = await postAsync(validGenerateBody(images));
    expect(submitted.status).toBe(200);
    expect(submitted.json['RetCode']).toBe(0);
    const taskUid = submitted.json['TaskUID'] as string;
    expect(taskUid).toBeTruthy();

    const pending = await postAsync({ Action: 'ListTasksDetails', TaskUIDList: [taskUid] });
    expect((pending.json['TaskDetailList'] as { Status: string }[])[0]?.Status).toBe('Queuing');

    expect((await fetch(`${emulator.url}/__admin/tasks/${taskUid}/finish`, { method: 'POST' })).status).toBe(200);
    const done = await postAsync({ Action: 'ListTasksDetails', TaskUIDList: [taskUid] });
    const detail = (done.json['TaskDetailList'] as { Status: string; ImgList: string[] }[])[0];
    expect(detail?.Status).toBe('Finished');
    expect(detail?.ImgList).toHaveLength(1);

    const image = await fetch(`${relay.url}/v1/tasks/${taskUid}/images/0`, { headers: authHeaders() });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 256, 256]);

    const missing = await fetch(`${relay.url}/v1/tasks/${taskUid}/images/1`, { headers: authHeaders() });
    expect(missing.status).toBe(404);
    responseTexts.push(await missing.text());
  });

  it('forwards a body of several MB (sent as a stream) that the emulator verifies and accepts', async () => {
    const side = 800;
    const pixels = Buffer.alloc(side * side * 4);
    for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 2654435761) >>> 24;
    const png = await sharp(pixels, { raw: { width: side, height: side, channels: 4 } }).png({ compressionLevel: 0 }).toBuffer();
    const foreground = `data:image/png;base64,${png.toString('base64')}`;
    expect(foreground.length).toBeGreaterThan(3 * 1024 * 1024);
    const res = await postAsync({ ...validGenerateBody(images), ImageList: [foreground] });
    expect(res.status).toBe(200);
    expect(res.json['RetCode']).toBe(0);
    expect(typeof res.json['TaskUID']).toBe('string');
  });

  it('forwards every allowed action and passes PICPIK RetCode errors through with 200', async () => {
    for (const action of ['ListModels', 'ListRunningTasks', 'GetCreditBalance']) {
      const res = await postAsync({ Action: action });
      expect([action, res.status, res.json['RetCode']]).toEqual([action, 200, 0]);
    }
    const terminate = await postAsync({ Action: 'TerminateTask', TaskUID: 'no-such-task' });
    expect(terminate.status).toBe(200);
    expect(terminate.json['RetCode']).toBe(240);
  });

  it('answers healthz with the emulator host', async () => {
    const res = await fetch(`${relay.url}/healthz`);
    expect(await res.json()).toEqual({ ok: true, version: '0.1.0', upstream: new URL(emulator.url).host, store: { kind: 'sqlite', reachable: true }, tasksWait: { path: '/v1/tasks/wait', maxWaitMs: 25_000, maxTasks: 100 } });
  });
});

describe('fault injection from the emulator', () => {
  it('turns HTTP 500s into 502 after retrying a poll, and never retries a submission, which may have been accepted', async () => {
    await setFaultsAsync({ http500Rate: 1 });
    const pollsBefore = await countFor('ListTasksDetails');
    const poll = await postAsync({ Action: 'ListTasksDetails', TaskUIDList: ['t1'] });
    expect(poll.status).toBe(502);
    expect(poll.json['RetCode']).toBe(90502);
    expect((await countFor('ListTasksDetails')) - pollsBefore).toBe(3); // 1 + RELAY_UPSTREAM_RETRIES (2)

    const submitsBefore = await countFor('GenerateBackgrounds');
    // A 5xx may come from a gateway after PICPIK took the task: the plugin keeps it as "outcome unknown" (504).
    const submit = await postAsync(validGenerateBody(images));
    expect(submit.status).toBe(504);
    expect(String(submit.json['Message'])).toContain('answered GenerateBackgrounds with HTTP 500, which does not say whether it accepted it');
    expect((await countFor('GenerateBackgrounds')) - submitsBefore).toBe(1);
  });

  it('recovers a poll when only some answers fail', async () => {
    await setFaultsAsync({ http500Rate: 0.5, seed: 7 });
    let ok = 0;
    for (let i = 0; i < 6; i += 1) if ((await postAsync({ Action: 'ListTasksDetails', TaskUIDList: ['t1'] })).status === 200) ok += 1;
    expect(ok).toBeGreaterThanOrEqual(4);
  });

  it('answers 504 when the emulator is slower than the timeout', async () => {
    await setFaultsAsync({ latencyMs: 1000, actions: ['ListModels'] });
    const impatient = await startRelayAsync(makeRelayConfig(relayEnv({ RELAY_UPSTREAM_TIMEOUT_MS: '200', RELAY_UPSTREAM_RETRIES: '0' })), {
      log: (line) => logLines.push(JSON.stringify(line)),
    });
    try {
      const res = await postAsync({ Action: 'ListModels' }, impatient.url);
      expect(res.status).toBe(504);
      expect(res.json['RetCode']).toBe(90504);
    } finally {
      await impatient.close();
    }
    // The same through the standard fetch interface the app uses on other runtimes.
    const app = createRelayApp(makeRelayConfig(relayEnv({ RELAY_UPSTREAM_TIMEOUT_MS: '200', RELAY_UPSTREAM_RETRIES: '0' })), {
      log: (line) => logLines.push(JSON.stringify(line)),
    });
    const viaGlobalFetch = await app.request('/', { method: 'POST', headers: authHeaders(), body: JSON.stringify({ Action: 'ListModels' }) });
    expect(viaGlobalFetch.status).toBe(504);
  });

  it('says a timed-out GenerateBackgrounds may exist and how to check, rather than "try again"', async () => {
    await setFaultsAsync({ latencyMs: 1000, actions: ['GenerateBackgrounds'] });
    const impatient = await startRelayAsync(makeRelayConfig(relayEnv({ RELAY_UPSTREAM_TIMEOUT_MS: '200', RELAY_UPSTREAM_RETRIES: '0' })), {
      log: (line) => logLines.push(JSON.stringify(line)),
    });
    try {
      const res = await postAsync(validGenerateBody(images), impatient.url);
      expect(res.status).toBe(504);
      expect(String(res.json['Message'])).toContain('may have accepted it');
      expect(String(res.json['Message'])).toContain('ListRunningTasks');
      expect(String(res.json['Message'])).not.toContain('Try again in a moment');
    } finally {
      await impatient.close();
    }
  });

  it('answers 502 when the emulator drops the connection', async () => {
    await setFaultsAsync({ dropRate: 1, actions: ['ListRunningTasks'] });
    const res = await postAsync({ Action: 'ListRunningTasks' });
    expect(res.status).toBe(502);
  });

  it('passes a submission RetCode error through unchanged with HTTP 200', async () => {
    await setFaultsAsync({ submitRetCode: 290 });
    const res = await postAsync(validGenerateBody(images));
    expect(res.status).toBe(200);
    expect(res.json['RetCode']).toBe(290);
    expect(res.json['Action']).toBe('GenerateBackgroundsResponse');
  });

  it("answers 429 with the emulator's Retry-After when PICPIK rate-limits", async () => {
    await setFaultsAsync({ rateLimitPerMin: 1, actions: ['GetCreditBalance'] });
    expect((await postAsync({ Action: 'GetCreditBalance' })).status).toBe(200);
    const limited = await postAsync({ Action: 'GetCreditBalance' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('relay limits against the emulator', () => {
  it('rate-limits per token with 429 and Retry-After before reaching the emulator', async () => {
    const limited = await startRelayAsync(makeRelayConfig(relayEnv({ RELAY_RATE_LIMIT_PER_MIN: '2' })), {
      log: (line) => logLines.push(JSON.stringify(line)),
    });
    try {
      const before = await countFor('ListModels');
      const statuses: number[] = [];
      const retryAfter: (string | null)[] = [];
      for (let i = 0; i < 4; i += 1) {
        const res = await postAsync({ Action: 'ListModels' }, limited.url);
        statuses.push(res.status);
        retryAfter.push(res.headers.get('retry-after'));
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
      expect(Number(retryAfter[2])).toBe(30);
      expect((await countFor('ListModels')) - before).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it('finishes an in-flight request when closed, then stops listening', async () => {
    // A patient upstream timeout, so a slow machine cannot turn the delayed answer into a timeout.
    const closing = await startRelayAsync(makeRelayConfig(relayEnv({ RELAY_UPSTREAM_TIMEOUT_MS: '20000' })), {
      log: (line) => logLines.push(JSON.stringify(line)),
    });
    // The emulator counts a request before its injected latency, so a risen count means the relay
    // has forwarded it and is waiting on the answer; the latency leaves room to close meanwhile.
    await setFaultsAsync({ latencyMs: 1000, actions: ['ListModels'] });
    const before = await countFor('ListModels');
    const inFlight = postAsync({ Action: 'ListModels' }, closing.url);
    await expect.poll(() => countFor('ListModels'), { timeout: 15_000, interval: 20 }).toBeGreaterThan(before);
    const closed = closing.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.json['RetCode']).toBe(0);
    await closed;
    await expect(fetch(`${closing.url}/healthz`)).rejects.toThrow();
  });
});
