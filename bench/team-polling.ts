// Team polling: 1, 10 and 30 simulated designers with 3 jobs each, each designer a real UI
// poller with its own token against one relay in front of the emulator. With the relay's
// POST /v1/tasks/wait every designer waits and the relay polls PICPIK once a tick for all of
// them; the reference is the same team polling PICPIK through the relay on its own (no wait).
import sharp from 'sharp';
import { loadEmulatorConfig, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY } from '../src/emulator/config';
import { startEmulatorAsync, type RunningEmulator } from '../src/emulator/serve';
import { loadRelayConfig } from '../src/relay/config';
import { startRelayAsync, type RunningRelay } from '../src/relay/serve';
import type { JobRecord } from '../src/protocol/shapes';
import { createJobPoller, type JobPoller } from '../ui/lib/poller';
import { createRelayClient, type RelayClient } from '../ui/lib/relay-client';
import type { BenchRow } from './bench-row';

const JOBS_PER_DESIGNER = 3;
const WATCH_MS = 4000;
const tokenOf = (i: number) => `designer-${i}-token-0123456789`;

function jobRecord(id: string, taskUid: string): JobRecord {
  const now = Date.now();
  return {
    id, createdAt: now, updatedAt: now, state: 'queued', taskUid, pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: null, area: { x: 0, y: 0, width: 64, height: 64 }, areaSpec: { kind: 'layer', padding: 0 }, placement: 'behind',
    output: { width: 64, height: 64 }, foreground: { width: 64, height: 64 }, resizeMode: 'ResizeAndFill', params: {},
    label: 'bench', imageCount: 1, placedImages: [], placedNodeIds: [],
  };
}

async function metricAsync(relay: RunningRelay, name: string): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

const upstreamPolls = (emulator: RunningEmulator) => emulator.emulator.stats().requests.byAction['ListTasksDetails'] ?? 0;

/** Runs `designers` pollers over their jobs for WATCH_MS, then finishes every task and waits for placement. */
async function runTeamAsync(emulator: RunningEmulator, relay: RunningRelay, designers: number, foreground: string, wait: boolean) {
  emulator.emulator.store.clear();
  const clients: RelayClient[] = [];
  const tasks: string[][] = [];
  for (let d = 0; d < designers; d += 1) {
    const client = createRelayClient({ relayUrl: relay.url, token: tokenOf(d) });
    clients.push(client);
    const uids: string[] = [];
    for (let j = 0; j < JOBS_PER_DESIGNER; j += 1) {
      const answer = await client.callAsync('GenerateBackgrounds', {
        MainModel: { ModelCode: 'PICPIK General' }, PositivePrompts: ['studio'], Width: 64, Height: 64, Seed: j,
        TransparentForeground: { ImageIndex: 0 }, ImageList: [foreground],
      });
      uids.push(answer.TaskUID);
    }
    tasks.push(uids);
  }
  let placed = 0;
  const pollers: JobPoller[] = clients.map((client, d) => {
    const poller = createJobPoller({
      // Without the wait methods the poller polls ListTasksDetails itself, as against an older relay.
      client: wait ? client : { callAsync: client.callAsync, downloadImageAsync: client.downloadImageAsync },
      placeImageAsync: async (jobId, imageIndex) => {
        placed += 1;
        return { ...jobRecord(jobId, ''), state: 'downloading', placedImages: [imageIndex] };
      },
      saveJobAsync: async () => undefined,
    });
    tasks[d]!.forEach((uid, j) => poller.track(jobRecord(`d${d}-j${j}`, uid)));
    return poller;
  });
  const pollsBefore = upstreamPolls(emulator);
  const ticksBefore = await metricAsync(relay, 'relay_task_poll_ticks_total');
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, WATCH_MS));
  const seconds = (Date.now() - started) / 1000;
  const polls = upstreamPolls(emulator) - pollsBefore;
  const ticks = (await metricAsync(relay, 'relay_task_poll_ticks_total')) - ticksBefore;
  for (const uids of tasks) for (const uid of uids) await emulator.emulator.fetch(new Request(`http://emulator/__admin/tasks/${uid}/finish`, { method: 'POST' }));
  const total = designers * JOBS_PER_DESIGNER;
  const deadline = Date.now() + 60_000;
  while (placed < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  for (const poller of pollers) poller.stop();
  return { polls, ticks, perSecond: polls / seconds, placed, total };
}

export async function benchTeamPolling(): Promise<BenchRow[]> {
  const emulator = await startEmulatorAsync(loadEmulatorConfig({ EMULATOR_PORT: '0', EMULATOR_QUEUE_MS: '600000', EMULATOR_RUN_MS: '0' }));
  const tokens = Array.from({ length: 30 }, (_, i) => `designer${i}:${tokenOf(i)}`).join(',');
  const relay = await startRelayAsync(
    loadRelayConfig({
      PICPIK_PUBLIC_KEY: DEMO_PUBLIC_KEY, PICPIK_PRIVATE_KEY: DEMO_PRIVATE_KEY, PICPIK_API_URL: emulator.url,
      RELAY_PORT: '0', RELAY_TOKENS: tokens, RELAY_RATE_LIMIT_PER_MIN: '1000000', RELAY_TEAM_VISIBLE_TASKS: '0',
      RELAY_DATA_DIR: (await import('node:fs')).mkdtempSync(`${(await import('node:os')).tmpdir()}/bench-team-`),
    }),
    { log: () => undefined },
  );
  const rows: BenchRow[] = [];
  try {
    const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 200, g: 40, b: 40, alpha: 0 } } }).png().toBuffer();
    const foreground = `data:image/png;base64,${png.toString('base64')}`;
    for (const designers of [1, 10, 30]) {
      const waited = await runTeamAsync(emulator, relay, designers, foreground, true);
      const polled = await runTeamAsync(emulator, relay, designers, foreground, false);
      const label = `team polling, ${designers} designer${designers > 1 ? 's' : ''} x ${JOBS_PER_DESIGNER} jobs`;
      rows.push({
        name: `${label}: upstream ListTasksDetails per relay tick`,
        value: waited.ticks === 0 ? NaN : waited.polls / waited.ticks,
        unit: 'req/tick',
        note: `${waited.polls} upstream calls over ${waited.ticks} shared-poller ticks in ${WATCH_MS / 1000} s; ${waited.placed}/${waited.total} placed after finishing`,
      });
      rows.push({
        name: `${label}: upstream ListTasksDetails per second`,
        value: waited.perSecond,
        unit: 'req/s',
        reference: polled.perSecond,
        ratio: polled.perSecond === 0 ? NaN : waited.perSecond / polled.perSecond,
        note: `reference: each designer polling through the relay on its own (${polled.placed}/${polled.total} placed)`,
      });
    }
  } finally {
    await relay.close();
    await emulator.closeAsync();
  }
  return rows;
}
