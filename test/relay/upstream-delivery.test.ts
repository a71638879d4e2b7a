// A submission whose connection to PICPIK breaks. Until the relay has handed the request's last
// byte to the network, PICPIK cannot hold it whole, so it started (and billed) nothing: the relay
// sends it again, whole, once. Once the relay has handed it all over, bytes may still be lost on
// the way, but only an answer could tell, so the designer hears that it may have been accepted
// instead of an invitation to repeat it. A TCP proxy in front of the emulator breaks chosen
// connections; the emulator's counters say what PICPIK really got.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/serve';
import { emulatorStatsAsync, makeTestImagesAsync, validGenerateBody, type TestImages } from './relay-fixtures';
import { largeCutOut, postAsync, startLargeBodyEmulatorAsync, startRecordedRelayAsync, upstreamKinds, type RecordedRelay } from './early-upstream-fixtures';

/**
 * What the proxy does with one connection: pass it on; forward the head and the body's first
 * bytes, then stop reading and cut it (the relay cannot hand over the rest of a large body); or
 * the same without the cut (`stall`); or forward the request and drop PICPIK's answer.
 */
type Fault = 'pass' | 'cut-mid-body' | 'stall' | 'drop-answer';

interface FaultProxy {
  url: string;
  /** Faults for the connections in the order they open; later ones pass. */
  plan: Fault[];
  connections: number;
  closeAsync: () => Promise<void>;
}

/** Bytes of the body forwarded before a cut: PICPIK gets the head and the start of the JSON, never its end. */
const CUT_INTO_BODY_BYTES = 64;
/** How long the proxy holds a connection it has stopped reading before cutting it. */
const CUT_AFTER_MS = 150;

async function startFaultProxyAsync(target: { url: string }): Promise<FaultProxy> {
  const { hostname, port } = new URL(target.url);
  const sockets = new Set<net.Socket>();
  const proxy: FaultProxy = { url: '', plan: [], connections: 0, closeAsync: async () => undefined };
  const server = net.createServer((client) => {
    const fault = proxy.plan[proxy.connections] ?? 'pass';
    proxy.connections += 1;
    const upstream = net.connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    const cutBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    let seen = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      if (fault !== 'cut-mid-body' && fault !== 'stall') return void upstream.write(chunk);
      seen = Buffer.concat([seen, chunk]);
      const headEnd = seen.indexOf('\r\n\r\n');
      if (headEnd < 0) return undefined;
      client.removeAllListeners('data');
      client.pause();
      upstream.write(seen.subarray(0, headEnd + 4 + CUT_INTO_BODY_BYTES), () => (fault === 'stall' ? undefined : setTimeout(cutBoth, CUT_AFTER_MS)));
      return undefined;
    });
    client.on('end', () => upstream.end());
    upstream.on('data', (chunk: Buffer) => (fault === 'drop-answer' ? cutBoth() : client.write(chunk)));
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  proxy.closeAsync = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}

let emulator: RunningEmulator;
let images: TestImages;
let proxy: FaultProxy;
let relayed: RecordedRelay;

beforeAll(async () => {
  images = await makeTestImagesAsync();
  emulator = await startLargeBodyEmulatorAsync();
});

afterAll(async () => {
  await emulator?.closeAsync();
});

/** A fresh proxy and relay per case, so the relay's first upstream connection is the case's first request. */
async function startCaseAsync(plan: Fault[], env: Record<string, string> = {}): Promise<void> {
  proxy = await startFaultProxyAsync(emulator);
  proxy.plan = plan;
  relayed = await startRecordedRelayAsync(proxy, { RELAY_INFLIGHT_BODY_BYTES_PER_TOKEN: String(24 * 2 ** 20), ...env });
}

afterEach(async () => {
  await relayed?.closeAsync();
  await proxy?.closeAsync();
});

/** The access-log line of the POST / just answered. */
function lastPostLog(): Record<string, unknown> | undefined {
  return relayed.logs.filter((line) => line['path'] === '/' && line['method'] === 'POST').at(-1);
}

describe('a GenerateBackgrounds whose connection to PICPIK breaks', () => {
  /** A 20 MB request: far more than the sockets between the relay and PICPIK buffer. */
  const largeBody = () => ({ ...validGenerateBody(images), ImageList: [largeCutOut(images, 20)] });

  it('cut before the relay could hand over its end: sent again, whole, and one task is made', async () => {
    await startCaseAsync(['cut-mid-body']);
    const before = await emulatorStatsAsync(emulator);
    const answer = await postAsync(relayed.relay, largeBody());
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json['RetCode']).toBe(0);
    expect(typeof answer.json['TaskUID']).toBe('string');
    // The image went upstream while it arrived; that request never got its end, the second is whole.
    expect(upstreamKinds(relayed)).toEqual([
      ['streamed', false],
      ['whole', true],
    ]);
    expect(proxy.connections).toBe(2);
    const after = await emulatorStatsAsync(emulator);
    expect(after.tasks.submitted).toBe(before.tasks.submitted + 1);
    expect(after.requests.byAction['GenerateBackgrounds']).toBe((before.requests.byAction['GenerateBackgrounds'] ?? 0) + 1);
    expect(lastPostLog()?.['attempts']).toBe(2);
  });

  it('cut again on the second try: two tries in all, and the designer hears that nothing was started', async () => {
    await startCaseAsync(['cut-mid-body', 'cut-mid-body', 'cut-mid-body']);
    const before = await emulatorStatsAsync(emulator);
    const answer = await postAsync(relayed.relay, largeBody());
    expect(answer.status).toBe(502);
    expect(answer.json['RetCode']).toBe(90502);
    expect(String(answer.json['Message'])).toContain('so nothing was started or billed');
    expect(proxy.connections).toBe(2);
    expect(lastPostLog()?.['attempts']).toBe(2);
    const after = await emulatorStatsAsync(emulator);
    expect(after.tasks.submitted).toBe(before.tasks.submitted);
  });

  it('PICPIK stops reading it: not sent again once the time is up, and nothing was started', async () => {
    await startCaseAsync(['stall'], { RELAY_UPSTREAM_TIMEOUT_MS: '1000' });
    const before = await emulatorStatsAsync(emulator);
    const answer = await postAsync(relayed.relay, largeBody());
    expect(answer.status).toBe(502);
    expect(String(answer.json['Message'])).toContain('so nothing was started or billed');
    // Another try would likely wait as long again.
    expect(proxy.connections).toBe(1);
    const after = await emulatorStatsAsync(emulator);
    expect(after.tasks.submitted).toBe(before.tasks.submitted);
  });

  it('PICPIK unreachable: tried twice, nothing was started', async () => {
    const closed = await startFaultProxyAsync(emulator);
    await closed.closeAsync(); // its port now refuses connections
    relayed = await startRecordedRelayAsync(closed, {});
    const answer = await postAsync(relayed.relay, validGenerateBody(images));
    expect(answer.status).toBe(502);
    expect(String(answer.json['Message'])).toContain('so nothing was started or billed');
    expect(relayed.records).toHaveLength(2);
    expect(lastPostLog()?.['attempts']).toBe(2);
  });

  it('a small request cut after the relay handed it all over: not sent again, it may have been accepted', async () => {
    // The emulator never got it whole here, but the relay cannot know that: the stricter reading.
    await startCaseAsync(['cut-mid-body']);
    const answer = await postAsync(relayed.relay, validGenerateBody(images));
    expect(answer.status).toBe(504);
    expect(String(answer.json['Message'])).toContain('may have accepted it');
    expect(proxy.connections).toBe(1);
  });

  it('answer lost after PICPIK had it whole: not sent again, and the designer hears it may have been accepted', async () => {
    await startCaseAsync(['drop-answer']);
    const before = await emulatorStatsAsync(emulator);
    const answer = await postAsync(relayed.relay, validGenerateBody(images));
    // 504 is what the plugin keeps as "outcome unknown" (ui/lib/unknown-outcome.ts).
    expect(answer.status).toBe(504);
    expect(String(answer.json['Message'])).toContain('The connection to PICPIK broke after GenerateBackgrounds was sent');
    expect(String(answer.json['Message'])).toContain('may have accepted it');
    expect(proxy.connections).toBe(1);
    const after = await emulatorStatsAsync(emulator);
    expect(after.tasks.submitted).toBe(before.tasks.submitted + 1);
  });

  it('a read-only call whose connection breaks is retried as before', async () => {
    await startCaseAsync(['drop-answer']);
    const answer = await postAsync(relayed.relay, { Action: 'GetCreditBalance' });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    expect(answer.json['RetCode']).toBe(0);
    expect(proxy.connections).toBe(2);
  });
});
