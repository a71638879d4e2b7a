// What the relay costs on top of PICPIK, measured against the emulator on loopback in one run:
// ListTasksDetails throughput and latency (autocannon) relayed vs direct, the time the relay
// adds to a 20 MB GenerateBackgrounds, and the relay's peak memory under 8 parallel 20 MB uploads.
// The emulator and the relay each run as their own process, as in production: the load generator
// never shares an event loop with a measured server, and the relay's memory is its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest, Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import sharp from 'sharp';
import { signParams } from '../src/contract/signature';
import { RELAY_GLIBC_TUNABLES } from '../src/relay/glibc-tunables';
import { createRelayClient } from '../ui/lib/relay-client';
import { startPostgresAsync, type RunningPostgres } from '../scripts/postgres-server';
import type { BenchRow } from './bench-row';

const PUBLIC_KEY = 'bench-relay-public';
const PRIVATE_KEY = 'bench-relay-private';
export const TOKEN = 'bench-relay-token-0123';
const LARGE_BODY_MB = 20;
/** 20 MB uploads per path (emulator alone, relay, bare pipe), one of each per round. */
const LARGE_SAMPLES = 25;
/** Uploads per path whose CPU time is counted, after the timed rounds. */
const CPU_SAMPLES = 10;
const PARALLEL_UPLOADS = 8;
const AUTOCANNON_SECONDS = 5;
/** Sequential samples per path, taken in alternating rounds so load changes hit both paths alike. */
const SEQUENTIAL_SAMPLES = 4000;
const SEQUENTIAL_ROUNDS = 10;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
}

/**
 * Starts `entry` (a Node entry of this repository) in its own process and resolves with the URL
 * it prints on `stream`. Its other output is written (part of the cost) but not kept.
 */
export async function startServerProcessAsync(entry: string, env: Record<string, string>, stream: 'stdout' | 'stderr', listening: RegExp): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'ignore'],
  });
  const output = child[stream];
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${entry} did not start: ${text}`)), 30_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = listening.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        output?.off('data', onData);
        output?.resume(); // keep draining so the child never blocks on a full pipe
        resolve(match[1]);
      }
    };
    output?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${entry} exited with ${code}: ${text}`)));
  });
  return { url, child };
}

export function startEmulatorProcessAsync(): Promise<ServerProcess> {
  return startServerProcessAsync(
    'src/emulator/main.ts',
    {
      EMULATOR_HOST: '127.0.0.1',
      EMULATOR_PORT: '0',
      EMULATOR_PUBLIC_KEY: PUBLIC_KEY,
      EMULATOR_PRIVATE_KEY: PRIVATE_KEY,
      EMULATOR_QUEUE_MS: '600000', // tasks never start rendering during the run
      EMULATOR_MAX_TASKS: '100000',
    },
    'stdout',
    /listening on (http:\/\/\S+)/,
  );
}

/** The relay with its store in use: embedded in `extraEnv.RELAY_DATA_DIR`, or PostgreSQL at RELAY_DATABASE_URL. */
export function startRelayProcessAsync(apiUrl: string, extraEnv: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcessAsync(
    'src/relay/main.ts',
    {
      PICPIK_PUBLIC_KEY: PUBLIC_KEY,
      PICPIK_PRIVATE_KEY: PRIVATE_KEY,
      PICPIK_API_URL: apiUrl,
      RELAY_HOST: '127.0.0.1',
      RELAY_PORT: '0',
      RELAY_TOKENS: `bench:${TOKEN}`,
      RELAY_RATE_LIMIT_PER_MIN: '1000000',
      RELAY_UPSTREAM_TIMEOUT_MS: '120000',
      // As the Docker image runs it.
      GLIBC_TUNABLES: RELAY_GLIBC_TUNABLES,
      ...extraEnv,
    },
    'stderr',
    /listening on (http:\/\/\S+?),/,
  );
}

export async function stopServerProcessAsync(server: ServerProcess | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/** Resident and peak resident memory of a process in bytes (Linux /proc). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** CPU time (user + system) a process has used, in ms (Linux /proc; clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Mean CPU ms `pids` spend on one request, over `samples` sequential requests. */
async function cpuPerRequestAsync(pids: number[], url: string, body: Buffer, headers: Record<string, string>, samples: number): Promise<number[]> {
  const before = pids.map(cpuMsOf);
  await sequentialAsync(url, body, headers, samples);
  return pids.map((pid, i) => (cpuMsOf(pid) - (before[i] ?? 0)) / samples);
}

/** Resets the kernel's peak-RSS counter so the next peak belongs to the phase being measured. */
export function resetPeak(pid: number): boolean {
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
export function timedPostAsync(agent: Agent, url: URL, body: Buffer | string, headers: Record<string, string>) {
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

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

export async function sequentialAsync(url: string, body: Buffer | string, headers: Record<string, string>, samples: number) {
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
  return { p50: percentile(times, 50), p99: percentile(times, 99), times };
}

interface SequentialCase {
  url: string;
  body: Buffer | string;
  headers: Record<string, string>;
}

/**
 * Sequential requests on both paths in alternating rounds (direct, relayed, direct, ...): on a
 * shared machine the load drifts during a run, and alternating spreads the drift over both.
 */
async function alternatingAsync(direct: SequentialCase, relayed: SequentialCase, samples: number, rounds: number, other?: SequentialCase) {
  const directTimes: number[] = [];
  const relayedTimes: number[] = [];
  const otherTimes: number[] = [];
  const perRound = Math.max(1, Math.round(samples / rounds));
  for (let round = 0; round < rounds; round += 1) {
    directTimes.push(...(await sequentialAsync(direct.url, direct.body, direct.headers, perRound)).times);
    relayedTimes.push(...(await sequentialAsync(relayed.url, relayed.body, relayed.headers, perRound)).times);
    if (other) otherTimes.push(...(await sequentialAsync(other.url, other.body, other.headers, perRound)).times);
  }
  const summary = (times: number[]) => ({ p50: percentile(times, 50), p99: percentile(times, 99), samples: times.length });
  return { direct: summary(directTimes), relayed: summary(relayedTimes), other: summary(otherTimes) };
}

/** A transparent PNG of noise whose base64 data URL is about `megabytes` MB. */
export async function largeForegroundAsync(megabytes: number): Promise<string> {
  const side = Math.ceil(Math.sqrt((megabytes * 1024 * 1024 * 0.75) / 4));
  const pixels = Buffer.alloc(side * side * 4);
  for (let i = 0; i < pixels.length; i += 1) pixels[i] = (i * 2654435761) >>> 24;
  const png = await sharp(pixels, { raw: { width: side, height: side, channels: 4 } }).png({ compressionLevel: 0 }).toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Three real tasks made through `relayUrl` (as the plugin makes them), so polls pass the ownership check and go upstream. */
async function createOwnedTasksAsync(relayUrl: string): Promise<string[]> {
  const png = await sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0.5 } } }).png().toBuffer();
  const params = {
    MainModel: { ModelCode: 'PICPIK General' },
    PositivePrompts: ['studio light'],
    Width: 256,
    Height: 256,
    TransparentForeground: { ImageIndex: 0 },
    ImageList: [`data:image/png;base64,${png.toString('base64')}`],
  };
  const call = createRelayClient({ relayUrl, token: TOKEN }).callAsync;
  const uids: string[] = [];
  for (let i = 0; i < 3; i += 1) uids.push((await call('GenerateBackgrounds', params)).TaskUID);
  return uids;
}

/** Added p50 of a small poll through a relay on a PostgreSQL store, against the emulator alone in the same run. */
async function postgresStoreRowAsync(emulatorUrl: string, json: Record<string, string>, auth: Record<string, string>): Promise<BenchRow> {
  let postgres: RunningPostgres | undefined;
  let relay: ServerProcess | undefined;
  try {
    postgres = await startPostgresAsync();
    relay = await startRelayProcessAsync(emulatorUrl, { RELAY_DATABASE_URL: postgres.url });
    const poll = { Action: 'ListTasksDetails', TaskUIDList: await createOwnedTasksAsync(relay.url) };
    await sequentialAsync(emulatorUrl, signed(poll), json, 300);
    await sequentialAsync(relay.url, JSON.stringify(poll), auth, 300);
    const { direct, relayed } = await alternatingAsync(
      { url: emulatorUrl, body: signed(poll), headers: json },
      { url: relay.url, body: JSON.stringify(poll), headers: auth },
      SEQUENTIAL_SAMPLES,
      SEQUENTIAL_ROUNDS,
    );
    return { name: 'relay added p50, small request, PostgreSQL store', value: relayed.p50 - direct.p50, unit: 'ms', reference: direct.p50, note: `target < 1 ms; PostgreSQL on loopback: auth and task owners from the in-process cache, one shared rate-limit upsert per request; reference: emulator alone ${direct.p50.toFixed(3)} ms` };
  } catch (error) {
    return { name: 'relay added p50, small request, PostgreSQL store', value: NaN, unit: 'ms', note: `not measured: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await stopServerProcessAsync(relay);
    await postgres?.stopAsync();
  }
}

export async function benchRelayOverhead(): Promise<BenchRow[]> {
  let emulator: ServerProcess | undefined;
  let relay: ServerProcess | undefined;
  let pipe: ServerProcess | undefined;
  const rows: BenchRow[] = [];
  const json = { 'content-type': 'application/json' };
  const auth = { ...json, authorization: `Bearer ${TOKEN}` };
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-relay-store-'));
  try {
    emulator = await startEmulatorProcessAsync();
    // One token sends all 8 parallel uploads here, so its in-flight budget is the global one.
    relay = await startRelayProcessAsync(emulator.url, { RELAY_DATA_DIR: dataDir, RELAY_INFLIGHT_BODY_BYTES_PER_TOKEN: String(256 * 2 ** 20) });
    const loadBefore = loadavg()[0] ?? NaN;
    const poll = { Action: 'ListTasksDetails', TaskUIDList: await createOwnedTasksAsync(relay.url) };
    const directPoll = signed(poll);
    const relayPoll = JSON.stringify(poll);
    // Warm up both paths (JIT, connection pools).
    await sequentialAsync(emulator.url, directPoll, json, 300);
    await sequentialAsync(relay.url, relayPoll, auth, 300);

    const { direct: directSeq, relayed: relaySeq } = await alternatingAsync(
      { url: emulator.url, body: directPoll, headers: json },
      { url: relay.url, body: relayPoll, headers: auth },
      SEQUENTIAL_SAMPLES,
      SEQUENTIAL_ROUNDS,
    );
    const loadAfter = loadavg()[0] ?? NaN;
    rows.push(
      { name: 'ListTasksDetails p50, one client, relay+emulator', value: relaySeq.p50, unit: 'ms', reference: directSeq.p50, ratio: relaySeq.p50 / directSeq.p50, note: `reference: emulator alone; ${relaySeq.samples} sequential requests per path in ${SEQUENTIAL_ROUNDS} alternating rounds; client, relay and emulator in separate processes` },
      { name: 'ListTasksDetails p99, one client, relay+emulator', value: relaySeq.p99, unit: 'ms', reference: directSeq.p99, ratio: relaySeq.p99 / directSeq.p99, note: 'reference: emulator alone' },
      { name: 'relay added p50, small request, embedded store', value: relaySeq.p50 - directSeq.p50, unit: 'ms', note: `target < 1 ms; ${cpus().length} cores, load average ${loadBefore.toFixed(1)} before / ${loadAfter.toFixed(1)} after (other work on the machine inflates it)` },
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
    // The floor for the relay's added time: a process that passes the same signed bytes on and does nothing else.
    pipe = await startServerProcessAsync('bench/bare-pipe-server.ts', { BENCH_PIPE_TARGET: emulator.url }, 'stdout', /listening on (http:\/\/\S+)/);
    await sequentialAsync(emulator.url, directLarge, json, 2);
    await sequentialAsync(relay.url, relayLarge, auth, 2);
    await sequentialAsync(pipe.url, directLarge, json, 2);
    const { direct: directBig, relayed: relayBig, other: pipedBig } = await alternatingAsync(
      { url: emulator.url, body: directLarge, headers: json },
      { url: relay.url, body: relayLarge, headers: auth },
      LARGE_SAMPLES,
      LARGE_SAMPLES,
      { url: pipe.url, body: directLarge, headers: json },
    );
    await stopServerProcessAsync(pipe);
    // CPU is steadier than wall time on a shared machine: what each process spends on one upload.
    const emulatorPid = emulator.child.pid ?? 0;
    const [directEmulatorCpu] = await cpuPerRequestAsync([emulatorPid], emulator.url, directLarge, json, CPU_SAMPLES);
    const [relayCpu, relayedEmulatorCpu] = await cpuPerRequestAsync([relay.child.pid ?? 0, emulatorPid], relay.url, relayLarge, auth, CPU_SAMPLES);
    rows.push(
      {
        name: `GenerateBackgrounds ${bodyMb.toFixed(0)} MB, relay added time`,
        value: relayBig.p50 - directBig.p50,
        unit: 'ms',
        reference: directBig.p50,
        ratio: (relayBig.p50 - directBig.p50) / directBig.p50,
        note: `median of ${LARGE_SAMPLES}, alternating; reference: emulator alone ${directBig.p50.toFixed(0)} ms, relayed ${relayBig.p50.toFixed(0)} ms; target ratio 0.15x`,
      },
      {
        name: `GenerateBackgrounds ${bodyMb.toFixed(0)} MB, a bare Node pipe's added time`,
        value: pipedBig.p50 - directBig.p50,
        unit: 'ms',
        reference: directBig.p50,
        ratio: (pipedBig.p50 - directBig.p50) / directBig.p50,
        note: `the floor for the row above: bench/bare-pipe-server.ts, its own process, passes the signed bytes on and checks, hashes and copies nothing; the same rounds; piped ${pipedBig.p50.toFixed(0)} ms`,
      },
      {
        name: `GenerateBackgrounds ${bodyMb.toFixed(0)} MB, relay CPU per upload`,
        value: relayCpu ?? NaN,
        unit: 'ms',
        reference: directEmulatorCpu,
        ratio: (relayCpu ?? NaN) / (directEmulatorCpu ?? NaN),
        note: `mean of ${CPU_SAMPLES} uploads, user + system time of the relay process; reference: the emulator's CPU per upload sent straight to it (${(relayedEmulatorCpu ?? NaN).toFixed(0)} ms when relayed); the relay hashes the 20 MB with SHA-1 (the signing rows time bare SHA-1)`,
      },
    );

    const pid = relay.child.pid ?? 0;
    const relayUrl = new URL(relay.url);
    const before = memoryOf(pid);
    const reset = resetPeak(pid);
    const uploads = await Promise.all(
      Array.from({ length: PARALLEL_UPLOADS }, () => {
        const agent = new Agent({ keepAlive: false });
        return timedPostAsync(agent, relayUrl, relayLarge, auth).finally(() => agent.destroy());
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
        note: 'ratio = (peak - RSS before) / uploads / body size; target < 1.5x',
      },
    );
    rows.push(await postgresStoreRowAsync(emulator.url, json, auth));
  } finally {
    await stopServerProcessAsync(pipe);
    await stopServerProcessAsync(relay);
    await stopServerProcessAsync(emulator);
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}
