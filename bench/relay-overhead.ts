// What the relay costs on top of PICPIK, measured against the emulator on loopback in one run:
// ListTasksDetails throughput and latency (autocannon) relayed vs direct, the time the relay
// adds to a 20 MB GenerateBackgrounds, and the relay's peak memory under 8 parallel 20 MB uploads.
// The relay runs as its own process so its memory is its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, Agent } from 'node:http';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { loadEmulatorConfig } from '../src/emulator/config';
import { startEmulatorAsync, type RunningEmulator } from '../src/emulator/serve';
import { signParams } from '../src/contract/signature';
import type { BenchRow } from './bench-row';

const PUBLIC_KEY = 'bench-relay-public';
const PRIVATE_KEY = 'bench-relay-private';
const TOKEN = 'bench-relay-token-0123';
const LARGE_BODY_MB = 20;
const PARALLEL_UPLOADS = 8;
const AUTOCANNON_SECONDS = 5;
const SEQUENTIAL_SAMPLES = 2000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface RelayProcess {
  url: string;
  child: ChildProcess;
}

async function startRelayProcessAsync(apiUrl: string): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/relay/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      PICPIK_PUBLIC_KEY: PUBLIC_KEY,
      PICPIK_PRIVATE_KEY: PRIVATE_KEY,
      PICPIK_API_URL: apiUrl,
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: '0',
      RELAY_TOKENS: `bench:${TOKEN}`,
      RELAY_RATE_LIMIT_PER_MIN: '1000000',
      RELAY_UPSTREAM_TIMEOUT_MS: '120000',
    },
    stdio: ['ignore', 'ignore', 'pipe'], // access logs are written (part of the cost) but not kept
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`relay did not start: ${text}`)), 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /listening on (http:\/\/\S+?),/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${text}`)));
  });
  return { url, child };
}

async function stopRelayProcessAsync(relay: RelayProcess): Promise<void> {
  if (relay.child.exitCode !== null) return;
  const exited = new Promise((resolve) => relay.child.once('exit', resolve));
  relay.child.kill('SIGTERM');
  await exited;
}

/** Resident and peak resident memory of a process in bytes (Linux /proc). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** Resets the kernel's peak-RSS counter so the next peak belongs to the phase being measured. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

function signed(params: Record<string, unknown>): string {
  const body = { ...params, PublicKey: PUBLIC_KEY, request_uuid: '5b0f1c52-4a39-4a5e-9d8e-0d0b4c3f6a11' };
  return JSON.stringify({ ...body, Signature: signParams(body, PRIVATE_KEY) });
}

async function autocannonAsync(url: string, body: string, headers: Record<string, string>, connections: number) {
  const result = await autocannon({ url, method: 'POST', body, headers, connections, duration: AUTOCANNON_SECONDS });
  const failures = result.non2xx + result.errors + result.timeouts;
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failures };
}

/** One POST on a keep-alive agent; resolves with the wall time in ms and the status. */
function timedPostAsync(agent: Agent, url: URL, body: Buffer | string, headers: Record<string, string>) {
  return new Promise<{ ms: number; status: number }>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = httpRequest(
      { agent, host: url.hostname, port: url.port, path: '/', method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function sequentialAsync(url: string, body: Buffer | string, headers: Record<string, string>, samples: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i += 1) {
      const { ms, status } = await timedPostAsync(agent, new URL(url), body, headers);
      if (status !== 200) throw new Error(`HTTP ${status} from ${url}`);
      times.push(ms);
    }
  } finally {
    agent.destroy();
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** A transparent PNG of noise whose base64 data URL is about `megabytes` MB. */
async function largeForegroundAsync(megabytes: number): Promise<string> {
  const side = Math.ceil(Math.sqrt((megabytes * 1024 * 1024 * 0.75) / 4));
  const pixels = Buffer.alloc(side * side * 4);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 2654435761) >>> 24;
  const png = await sharp(pixels, { raw: { width: side, height: side, channels: 4 } }).png({ compressionLevel: 0 }).toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

export async function benchRelayOverhead(): Promise<BenchRow[]> {
  const emulator: RunningEmulator = await startEmulatorAsync(
    loadEmulatorConfig({
      EMULATOR_PORT: '0',
      EMULATOR_PUBLIC_KEY: PUBLIC_KEY,
      EMULATOR_PRIVATE_KEY: PRIVATE_KEY,
      EMULATOR_QUEUE_MS: '600000', // tasks never start rendering during the run
      EMULATOR_MAX_TASKS: '100000',
    }),
  );
  const relay = await startRelayProcessAsync(emulator.url);
  const rows: BenchRow[] = [];
  const json = { 'content-type': 'application/json' };
  const auth = { ...json, authorization: `Bearer ${TOKEN}` };
  try {
    const poll = { Action: 'ListTasksDetails', TaskUIDList: ['bench-task-a', 'bench-task-b', 'bench-task-c'] };
    const directPoll = signed(poll);
    const relayPoll = JSON.stringify(poll);
    // Warm up both paths (JIT, connection pools).
    await sequentialAsync(emulator.url, directPoll, json, 300);
    await sequentialAsync(relay.url, relayPoll, auth, 300);

    const directSeq = await sequentialAsync(emulator.url, directPoll, json, SEQUENTIAL_SAMPLES);
    const relaySeq = await sequentialAsync(relay.url, relayPoll, auth, SEQUENTIAL_SAMPLES);
    rows.push(
      { name: 'ListTasksDetails p50, one client, relay+emulator', value: relaySeq.p50, unit: 'ms', reference: directSeq.p50, ratio: relaySeq.p50 / directSeq.p50, note: `reference: emulator alone; ${SEQUENTIAL_SAMPLES} sequential requests` },
      { name: 'ListTasksDetails p99, one client, relay+emulator', value: relaySeq.p99, unit: 'ms', reference: directSeq.p99, ratio: relaySeq.p99 / directSeq.p99, note: 'reference: emulator alone' },
      { name: 'relay added p50, small request', value: relaySeq.p50 - directSeq.p50, unit: 'ms', note: `target < 1 ms; machine load average ${loadavg()[0]?.toFixed(1)} during the run` },
    );

    const directLoad = await autocannonAsync(emulator.url, directPoll, json, 16);
    const relayLoad = await autocannonAsync(relay.url, relayPoll, auth, 16);
    const failures = directLoad.failures + relayLoad.failures;
    rows.push(
      { name: 'ListTasksDetails throughput, relay+emulator', value: relayLoad.rps, unit: 'req/s', reference: directLoad.rps, ratio: relayLoad.rps / directLoad.rps, note: `autocannon, 16 connections, ${AUTOCANNON_SECONDS} s; reference: emulator alone${failures ? `; ${failures} failures` : ''}` },
      { name: 'ListTasksDetails p50 under load, relay+emulator', value: relayLoad.p50, unit: 'ms', reference: directLoad.p50, ratio: relayLoad.p50 / Math.max(directLoad.p50, 1e-9), note: 'autocannon (whole ms)' },
      { name: 'ListTasksDetails p99 under load, relay+emulator', value: relayLoad.p99, unit: 'ms', reference: directLoad.p99, ratio: relayLoad.p99 / Math.max(directLoad.p99, 1e-9), note: 'autocannon (whole ms)' },
    );

    const foreground = await largeForegroundAsync(LARGE_BODY_MB);
    const generate = {
      Action: 'GenerateBackgrounds',
      MainModel: { ModelCode: 'PICPIK General' },
      PositivePrompts: ['studio light'],
      Width: 256,
      Height: 256,
      TransparentForeground: { ImageIndex: 0 },
      ImageList: [foreground],
    };
    const relayLarge = Buffer.from(JSON.stringify(generate));
    const directLarge = Buffer.from(signed({ ...generate, MainModel: { ModelCode: 'PICPIK General', InferenceParams: { Steps: 10 } }, TranslatePrompts: true, Seed: -1, BatchSize: 1, UseMainModelVAE: false, TransparentForeground: { ImageIndex: 0, ResizeMode: 'ResizeAndFill' } }));
    const bodyMb = relayLarge.byteLength / 2 ** 20;
    await sequentialAsync(emulator.url, directLarge, json, 2);
    await sequentialAsync(relay.url, relayLarge, auth, 2);
    const directBig = await sequentialAsync(emulator.url, directLarge, json, 9);
    const relayBig = await sequentialAsync(relay.url, relayLarge, auth, 9);
    rows.push({
      name: `GenerateBackgrounds ${bodyMb.toFixed(0)} MB, relay added time`,
      value: relayBig.p50 - directBig.p50,
      unit: 'ms',
      reference: directBig.p50,
      note: `median of 9; reference: emulator alone ${directBig.p50.toFixed(0)} ms, relayed ${relayBig.p50.toFixed(0)} ms`,
    });

    const pid = relay.child.pid ?? 0;
    const before = memoryOf(pid);
    const reset = resetPeak(pid);
    const uploads = await Promise.all(
      Array.from({ length: PARALLEL_UPLOADS }, () => {
        const agent = new Agent({ keepAlive: false });
        return timedPostAsync(agent, new URL(relay.url), relayLarge, auth).finally(() => agent.destroy());
      }),
    );
    const after = memoryOf(pid);
    const okUploads = uploads.filter((upload) => upload.status === 200).length;
    const otherStatuses = uploads.filter((upload) => upload.status !== 200).map((upload) => upload.status);
    const added = after.peak - before.rss;
    const perRequestRatio = added / PARALLEL_UPLOADS / relayLarge.byteLength;
    rows.push(
      {
        name: `relay peak RSS, ${PARALLEL_UPLOADS} parallel ${bodyMb.toFixed(0)} MB uploads`,
        value: after.peak / 2 ** 20,
        unit: 'MB',
        reference: before.rss / 2 ** 20,
        note: `reference: RSS before the uploads; ${okUploads}/${PARALLEL_UPLOADS} answered 200${otherStatuses.length ? ` (others: ${otherStatuses.join(', ')})` : ''}${reset ? '' : '; peak counter not resettable, peak is since start'}`,
      },
      {
        name: 'relay memory per in-flight large request',
        value: added / PARALLEL_UPLOADS / 2 ** 20,
        unit: 'MB',
        reference: bodyMb,
        ratio: perRequestRatio,
        note: 'ratio = (peak - RSS before) / uploads / body size; target < 3x',
      },
    );
  } finally {
    await stopRelayProcessAsync(relay);
    await emulator.closeAsync();
  }
  return rows;
}
