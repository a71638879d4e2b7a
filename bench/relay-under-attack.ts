// The relay against hostile clients, in its own process in front of the emulator: /healthz
// latency while a 63 MB body of empty objects arrives, peak memory under 32 concurrent 60 MB
// uploads, trickling bodies still open after the grace period, and an authenticated client's
// latency while another address floods the relay with bad tokens.
import { connect, type Socket } from 'node:net';
import { request as httpRequest, Agent } from 'node:http';
import autocannon from 'autocannon';
import type { BenchRow } from './bench-row';
import {
  largeForegroundAsync,
  memoryOf,
  percentile,
  resetPeak,
  sequentialAsync,
  startEmulatorProcessAsync,
  startRelayProcessAsync,
  stopServerProcessAsync,
  TOKEN,
  type ServerProcess,
} from './relay-overhead';

const UPLOAD_TOKENS = Array.from({ length: 8 }, (_, i) => `uploader${i}:bench-upload-token-${i}-abcdef`);
const CONCURRENT_UPLOADS = 32;
const UPLOAD_MB = 60;
const SLOW_CONNECTIONS = 110;
const SLOW_GRACE_MS = 2000;
const FLOOD_SECONDS = 5;

const tokenOf = (entry: string) => entry.slice(entry.indexOf(':') + 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A POST that counts as answered once the status line arrives, even if the server then closes. */
function postForStatusAsync(url: URL, body: Buffer, headers: Record<string, string>, localAddress?: string) {
  return new Promise<{ status: number; ms: number }>((resolve) => {
    const started = process.hrtime.bigint();
    const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
    const agent = new Agent({ keepAlive: false });
    const req = httpRequest(
      { agent, host: url.hostname, port: url.port, path: '/', method: 'POST', localAddress, headers: { ...headers, 'content-length': body.byteLength } },
      (res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        res.on('end', () => resolve({ status, ms: ms() }));
        res.on('error', () => resolve({ status, ms: ms() }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: ms() }));
    req.end(body);
  });
}

/** Wall time of one GET; a failed probe counts with the time it took to fail. */
function getMsAsync(agent: Agent, url: URL, path: string): Promise<number> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const req = httpRequest({ agent, host: url.hostname, port: url.port, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(elapsed()));
    });
    req.on('error', () => resolve(elapsed()));
    req.end();
  });
}

function histogram(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${n}x ${status === 0 ? 'no answer' : status}`).join(', ');
}

async function hostileBodyRowsAsync(relay: ServerProcess, auth: Record<string, string>): Promise<BenchRow[]> {
  const url = new URL(relay.url);
  const hostile = Buffer.from(`{"Action":"ListModels","X":[${'{},'.repeat(21_000_000)}{}]}`);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const health: number[] = [];
  let done = false;
  await getMsAsync(agent, url, '/healthz'); // connection open before the body starts
  const probeUntil = Date.now() + 1000;
  const answer = postForStatusAsync(url, hostile, auth).finally(() => (done = true));
  // Probes for at least a second, and as long as the body is being handled.
  const polling = (async () => {
    while (!done || Date.now() < probeUntil) {
      health.push(await getMsAsync(agent, url, '/healthz'));
      await sleep(5);
    }
  })();
  const { status, ms } = await answer;
  await polling;
  agent.destroy();
  return [
    {
      name: `worst /healthz latency during a hostile ${(hostile.byteLength / 2 ** 20).toFixed(0)} MB body`,
      value: Math.max(...health),
      unit: 'ms',
      reference: percentile(health, 50),
      note: `reference: /healthz p50 meanwhile; ${health.length} probes; the body was answered ${status} after ${ms.toFixed(0)} ms; target < 100 ms`,
    },
  ];
}

async function concurrentUploadRowsAsync(relay: ServerProcess): Promise<BenchRow[]> {
  const url = new URL(relay.url);
  const generate = {
    Action: 'GenerateBackgrounds',
    MainModel: { ModelCode: 'PICPIK General' },
    PositivePrompts: ['studio light'],
    Width: 256,
    Height: 256,
    TransparentForeground: { ImageIndex: 0 },
    ImageList: [await largeForegroundAsync(UPLOAD_MB)],
  };
  const body = Buffer.from(JSON.stringify(generate));
  const pid = relay.child.pid ?? 0;
  const before = memoryOf(pid);
  const reset = resetPeak(pid);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const health: number[] = [];
  let done = false;
  const uploads = Promise.all(
    Array.from({ length: CONCURRENT_UPLOADS }, (_, i) =>
      postForStatusAsync(url, body, { 'content-type': 'application/json', authorization: `Bearer ${tokenOf(UPLOAD_TOKENS[i % UPLOAD_TOKENS.length] ?? '')}` }),
    ),
  ).finally(() => (done = true));
  while (!done) {
    health.push(await getMsAsync(agent, url, '/healthz'));
    await sleep(20);
  }
  const results = await uploads;
  agent.destroy();
  const after = memoryOf(pid);
  return [
    {
      name: `worst /healthz latency during ${CONCURRENT_UPLOADS} concurrent valid ${(body.byteLength / 2 ** 20).toFixed(0)} MB uploads`,
      value: Math.max(...health),
      unit: 'ms',
      reference: percentile(health, 50),
      note: `reference: p50 of ${health.length} probes; accepted uploads are parsed, checked and signed whole, which blocks the event loop for a while each`,
    },
    {
      name: `relay peak RSS, ${CONCURRENT_UPLOADS} concurrent ${(body.byteLength / 2 ** 20).toFixed(0)} MB uploads (${UPLOAD_TOKENS.length} tokens)`,
      value: after.peak / 2 ** 20,
      unit: 'MB',
      reference: before.rss / 2 ** 20,
      note: `reference: RSS before; answers: ${histogram(results.map((r) => r.status))}; target < 1024 MB, every upload answered${reset ? '' : '; peak since start'}`,
    },
  ];
}

/** Opens connections that declare `length` bytes and send one byte a second. */
async function slowBodyRowsAsync(relay: ServerProcess): Promise<BenchRow[]> {
  const url = new URL(relay.url);
  const length = 1_000_000;
  const sockets: Socket[] = [];
  const statuses: string[] = [];
  let open = 0;
  const timers: ReturnType<typeof setInterval>[] = [];
  for (let i = 0; i < SLOW_CONNECTIONS; i += 1) {
    const socket = connect(Number(url.port), url.hostname);
    open += 1;
    socket.on('error', () => undefined);
    socket.on('close', () => (open -= 1));
    socket.once('data', (chunk) => statuses.push(/^HTTP\/1\.1 (\d+)/.exec(chunk.toString('latin1'))?.[1] ?? '?'));
    socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{`);
    timers.push(setInterval(() => socket.writable && socket.write(' '), 1000));
    sockets.push(socket);
  }
  const waitMs = SLOW_GRACE_MS + 4000;
  await sleep(waitMs);
  const stillOpen = open;
  for (const timer of timers) clearInterval(timer);
  for (const socket of sockets) socket.destroy();
  return [
    {
      name: `trickling bodies still open ${(waitMs / 1000).toFixed(0)} s after they started`,
      value: stillOpen,
      unit: 'connections',
      reference: SLOW_CONNECTIONS,
      note: `reference: connections opened, each declaring ${length} bytes and sending 1 byte/s; grace ${SLOW_GRACE_MS} ms; answers: ${statuses.length ? [...new Set(statuses)].map((s) => `${statuses.filter((x) => x === s).length}x ${s}`).join(', ') : 'none'}`,
    },
  ];
}

async function authFloodRowsAsync(relay: ServerProcess, auth: Record<string, string>): Promise<BenchRow[]> {
  const poll = JSON.stringify({ Action: 'ListTasksDetails', TaskUIDList: ['bench-task-a'] });
  const calm = await sequentialAsync(relay.url, poll, auth, 300);
  // The flood comes from 127.0.0.1; the designer's client from 127.0.0.2, another address.
  const flood = autocannon({ url: relay.url, method: 'POST', body: poll, headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-valid-token' }, connections: 32, duration: FLOOD_SECONDS });
  const url = new URL(relay.url);
  const during: number[] = [];
  const statuses: number[] = [];
  const until = Date.now() + (FLOOD_SECONDS - 1) * 1000;
  await sleep(500);
  while (Date.now() < until) {
    const { status, ms } = await postForStatusAsync(url, Buffer.from(poll), auth, '127.0.0.2');
    statuses.push(status);
    during.push(ms);
  }
  const result = await flood;
  const codes = result.statusCodeStats as unknown as Record<string, { count: number }>;
  return [
    {
      name: 'authenticated ListTasksDetails p50 during a bad-token flood',
      value: percentile(during, 50),
      unit: 'ms',
      reference: calm.p50,
      ratio: percentile(during, 50) / calm.p50,
      note: `reference: p50 without the flood (keep-alive); during: new connection per call from another address, ${histogram(statuses)}; flood ${result.requests.average.toFixed(0)} req/s answered ${Object.entries(codes).map(([code, stat]) => `${stat.count}x ${code}`).join(', ')}`,
    },
  ];
}

export async function benchRelayUnderAttack(): Promise<BenchRow[]> {
  let emulator: ServerProcess | undefined;
  let relay: ServerProcess | undefined;
  const rows: BenchRow[] = [];
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
  try {
    emulator = await startEmulatorProcessAsync();
    relay = await startRelayProcessAsync(emulator.url, {
      RELAY_TOKENS: [`bench:${TOKEN}`, ...UPLOAD_TOKENS].join(','),
      RELAY_BODY_GRACE_MS: String(SLOW_GRACE_MS),
    });
    const sections = [
      () => hostileBodyRowsAsync(relay as ServerProcess, auth),
      () => concurrentUploadRowsAsync(relay as ServerProcess),
      () => slowBodyRowsAsync(relay as ServerProcess),
      () => authFloodRowsAsync(relay as ServerProcess, auth),
    ];
    for (const section of sections) {
      try {
        rows.push(...(await section()));
      } catch (error) {
        rows.push({ name: 'relay under attack', value: NaN, unit: '', note: `failed: ${(error as Error).message}` });
      }
    }
  } finally {
    await stopServerProcessAsync(relay);
    await stopServerProcessAsync(emulator);
  }
  return rows;
}
