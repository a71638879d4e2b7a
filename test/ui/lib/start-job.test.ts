import { describe, expect, it } from 'vitest';
import { startJobAsync, NO_CUTOUT_TEXT, type JobPlan } from '../../../ui/lib/start-job';
import { DEFAULT_FORM } from '../../../ui/lib/form-params';
import { decodePngAsync } from '../../../ui/lib/png';
import { crc32 } from '../../../src/contract/png-crc32';
import { base64ToBytes } from '../../../src/contract/png-header';
import type { JobRecord } from '../../../src/protocol/shapes';
import { createFakeMain } from '../components/fake-channel';
import { fakeRelayCall } from './fake-relay-call';

const plan: JobPlan = {
  pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2', frameId: '1:1',
  area: { x: 0, y: 0, width: 1080, height: 1080 }, areaSpec: { kind: 'frame' }, output: { width: 540, height: 540 },
};
const form = { ...DEFAULT_FORM, prompt: 'studio', width: 540, height: 540, resolvedSeed: 99 };

function relay(taskUid = 'task-9') {
  const posted: { action: string; params: Record<string, unknown> }[] = [];
  return {
    posted,
    client: fakeRelayCall((action, params) => {
      posted.push({ action, params });
      return { RetCode: 0, Action: `${action}Response`, TaskUID: taskUid };
    }),
  };
}

/** The PNG with a tEXt chunk before IEND (the last 12 bytes). */
function withTextChunk(png: Uint8Array, text: string): Uint8Array {
  const data = new TextEncoder().encode(`Comment\0${text}`);
  const chunk = new Uint8Array(12 + data.length);
  new DataView(chunk.buffer).setUint32(0, data.length);
  chunk.set(new TextEncoder().encode('tEXt'), 4);
  chunk.set(data, 8);
  new DataView(chunk.buffer).setUint32(8 + data.length, crc32(chunk, 4, 8 + data.length));
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, png.length - 12));
  out.set(chunk, png.length - 12);
  out.set(png.subarray(png.length - 12), png.length - 12 + chunk.length);
  return out;
}

describe('startJobAsync', () => {
  it('exports at output/area scale, composes the layer where it sits, posts, saves with the TaskUID and hands it to the poller', async () => {
    const main = createFakeMain();
    const { client, posted } = relay();
    const tracked: JobRecord[] = [];
    const states: string[] = [];
    const job = await startJobAsync(plan, form, undefined, {
      requestAsync: main.channel.requestAsync, client, track: (j) => tracked.push(j), onJob: (j) => states.push(j.state), newId: () => 'job-1',
    });
    expect(job).toMatchObject({ id: 'job-1', state: 'queued', taskUid: 'task-9', seed: 99, label: 'studio', output: { width: 540, height: 540 } });
    expect(states[0]).toBe('sending');
    expect(tracked.map((j) => j.id)).toEqual(['job-1']);
    expect(main.jobs.map((j) => [j.id, j.taskUid])).toEqual([['job-1', 'task-9']]);
    expect(main.requests.find((r) => r.name === 'exportLayer')?.payload).toMatchObject({ layerId: '1:2', scale: 0.5 });
    const body = posted[0]!;
    expect(body.action).toBe('GenerateBackgrounds');
    expect(job.params).not.toHaveProperty('ImageList');
    // The layer (200 x 400 at 100,100 in a 1080 frame) lands at 50,50 .. 150,250 in the 540 px foreground.
    const foreground = await decodePngAsync(base64ToBytes((body.params.ImageList as string[])[0]!));
    expect([foreground.width, foreground.height]).toEqual([540, 540]);
    const alphaAt = (x: number, y: number) => foreground.rgba[(y * 540 + x) * 4 + 3];
    expect(alphaAt(100, 150)).toBe(255);
    expect(alphaAt(49, 150)).toBe(0);
    expect(alphaAt(100, 260)).toBe(0);
    expect(alphaAt(0, 0)).toBe(0);
  });

  it('sends the exported PNG as it is when the export already covers the area at the output size', async () => {
    const main = createFakeMain();
    const { client, posted } = relay();
    const exported: Uint8Array[] = [];
    const requestAsync: typeof main.channel.requestAsync = async (name, payload) => {
      const result = await main.channel.requestAsync(name, payload);
      if (name !== 'exportLayer') return result;
      // A text chunk no re-encode would keep: the bytes sent show whether the export was reused.
      const png = withTextChunk((result as { png: Uint8Array }).png, 'exported by main');
      exported.push(png);
      return { ...result, png } as typeof result;
    };
    // The layer is the area (200 x 400 at 100,100), exported at scale 1: nothing to compose.
    const job = await startJobAsync({ ...plan, area: { x: 100, y: 100, width: 200, height: 400 }, output: { width: 200, height: 400 } }, { ...form, width: 200, height: 400 }, undefined, {
      requestAsync, client, track: () => undefined, onJob: () => undefined,
    });
    expect(job.state).toBe('queued');
    expect(exported).toHaveLength(1);
    expect(base64ToBytes((posted[0]!.params.ImageList as string[])[0]!)).toEqual(exported[0]);
  });

  it('fails without sending when the foreground has no transparent pixels', async () => {
    const main = createFakeMain({ opaque: true });
    const { client, posted } = relay();
    const job = await startJobAsync({ ...plan, area: { x: 100, y: 100, width: 200, height: 400 }, output: { width: 256, height: 512 } }, { ...form, width: 256, height: 512 }, undefined, {
      requestAsync: main.channel.requestAsync, client, track: () => undefined, onJob: () => undefined,
    });
    expect(job.state).toBe('failed');
    expect(job.error?.message).toBe(NO_CUTOUT_TEXT);
    expect(posted).toHaveLength(0);
  });

  it('fails with the contract\'s field message before sending', async () => {
    const main = createFakeMain();
    const { client, posted } = relay();
    const job = await startJobAsync(plan, { ...form, steps: 500 }, undefined, { requestAsync: main.channel.requestAsync, client, track: () => undefined, onJob: () => undefined });
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/^Check the form: MainModel\.InferenceParams\.Steps must be a whole number between 6 and 100/);
    expect(posted).toHaveLength(0);
  });

  it('terminates the task when the job was cancelled while sending', async () => {
    const main = createFakeMain();
    const { client, posted } = relay('task-c');
    const tracked: JobRecord[] = [];
    let cancel = false;
    const job = await startJobAsync(plan, form, undefined, {
      requestAsync: main.channel.requestAsync,
      client: { callAsync: async (action, params) => { const r = await client.callAsync(action, params); cancel = true; return r; } },
      track: (j) => tracked.push(j), onJob: () => undefined, isCancelled: () => cancel,
    });
    expect(job.state).toBe('cancelled');
    expect(posted.map((p) => p.action)).toEqual(['GenerateBackgrounds', 'TerminateTask']);
    expect(tracked).toHaveLength(0);
  });
});
