// Polling cost: upstream requests per finished job with 1, 10 and 50 concurrent jobs, driving
// the plugin UI's real poller against relay + emulator on loopback. One ListTasksDetails per tick,
// whatever the number of open jobs, is the expected shape.
import sharp from 'sharp';
import { loadEmulatorConfig, DEMO_PRIVATE_KEY, DEMO_PUBLIC_KEY } from '../src/emulator/config';
import { startEmulatorAsync } from '../src/emulator/serve';
import { loadRelayConfig } from '../src/relay/config';
import { startRelayAsync } from '../src/relay/serve';
import type { JobRecord } from '../src/protocol/shapes';
import { createJobPoller } from '../ui/lib/poller';
import { createRelayClient, type RelayClient } from '../ui/lib/relay-client';
import type { BenchRow } from './bench-row';

const TOKEN = 'bench-token';

async function foregroundDataUrlAsync(): Promise<string> {
  const png = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="20" fill="#c33"/></svg>') }])
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

function jobRecord(id: string, taskUid: string, now: number): JobRecord {
  return {
    id, createdAt: now, updatedAt: now, state: 'queued', taskUid, pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2',
    frameId: null, area: { x: 0, y: 0, width: 64, height: 64 }, areaSpec: { kind: 'layer', padding: 0 }, placement: 'behind',
    output: { width: 64, height: 64 }, foreground: { width: 64, height: 64 }, resizeMode: 'ResizeAndFill', params: {},
    label: 'bench', imageCount: 1, placedImages: [], placedNodeIds: [],
  };
}

export async function benchPollingCost(): Promise<BenchRow[]> {
  const emulator = await startEmulatorAsync(loadEmulatorConfig({ EMULATOR_PORT: '0', EMULATOR_QUEUE_MS: '500', EMULATOR_RUN_MS: '2500' }));
  const relay = await startRelayAsync(
    loadRelayConfig({
      PICPIK_PUBLIC_KEY: DEMO_PUBLIC_KEY, PICPIK_PRIVATE_KEY: DEMO_PRIVATE_KEY, PICPIK_API_URL: emulator.url,
      RELAY_PORT: '0', RELAY_TOKENS: `bench:${TOKEN}`, RELAY_RATE_LIMIT_PER_MIN: '1000000',
    }),
    { log: () => undefined },
  );
  const rows: BenchRow[] = [];
  try {
    const foreground = await foregroundDataUrlAsync();
    const client = createRelayClient({ relayUrl: relay.url, token: TOKEN });
    for (const count of [1, 10, 50]) {
      emulator.emulator.store.clear();
      const uids: string[] = [];
      for (let i = 0; i < count; i += 1) {
        const answer = await client.callAsync('GenerateBackgrounds', {
          MainModel: { ModelCode: 'PICPIK General' }, PositivePrompts: ['studio'], Width: 64, Height: 64, Seed: i,
          TransparentForeground: { ImageIndex: 0 }, ImageList: [foreground],
        });
        uids.push(answer.TaskUID);
      }
      const before = { ...emulator.emulator.stats().requests.byAction };
      let pollCalls = 0;
      let maxUidsPerCall = 0;
      const countingClient: Pick<RelayClient, 'callAsync' | 'downloadImageAsync'> = {
        callAsync: async (action, params, options) => {
          if (action === 'ListTasksDetails') {
            pollCalls += 1;
            maxUidsPerCall = Math.max(maxUidsPerCall, (params as { TaskUIDList: unknown[] }).TaskUIDList.length);
          }
          return client.callAsync(action, params, options);
        },
        downloadImageAsync: client.downloadImageAsync.bind(client),
      };
      let ticks = 0;
      const countingTimers = {
        setTimeout: (callback: () => void, ms: number) => setTimeout(() => { ticks += 1; callback(); }, ms),
        clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
      };
      let placed = 0;
      const done = new Promise<void>((resolve) => {
        const poller = createJobPoller({
          client: countingClient,
          placeImageAsync: async (jobId, imageIndex) => {
            placed += 1;
            const job = jobRecord(jobId, '', Date.now());
            return { ...job, state: placed >= count ? 'placed' : 'downloading', placedImages: [imageIndex], imageCount: 1 };
          },
          saveJobAsync: async () => undefined,
          timers: countingTimers,
          onJob: () => {
            if (placed >= count) {
              poller.stop();
              resolve();
            }
          },
        });
        uids.forEach((uid, i) => poller.track(jobRecord(`job-${i}`, uid, Date.now())));
      });
      await done;
      const after = emulator.emulator.stats().requests.byAction;
      const upstreamPolls = (after['ListTasksDetails'] ?? 0) - (before['ListTasksDetails'] ?? 0);
      rows.push({
        name: `polling, ${count} concurrent job${count > 1 ? 's' : ''}: poll requests per tick`,
        value: ticks === 0 ? NaN : pollCalls / ticks,
        unit: 'req/tick',
        note: `${pollCalls} ListTasksDetails over ${ticks} timer ticks, up to ${maxUidsPerCall} TaskUIDs in one call`,
      });
      rows.push({
        name: `polling, ${count} concurrent job${count > 1 ? 's' : ''}: upstream ListTasksDetails per finished job`,
        value: upstreamPolls / count,
        unit: 'req/job',
        note: `${upstreamPolls} upstream calls in all: the poll ticks (image downloads are answered from the relay's finished-task cache)`,
      });
    }
  } finally {
    await relay.close();
    await emulator.closeAsync();
  }
  return rows;
}
