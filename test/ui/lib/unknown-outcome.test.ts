// A GenerateBackgrounds that timed out is kept as "outcome unknown" (it may exist and be billed),
// and the check compares PICPIK's running tasks with the ones the plugin knows.
import { describe, expect, it } from 'vitest';
import { startJobAsync, type JobPlan } from '../../../ui/lib/start-job';
import { startCutoutJobAsync } from '../../../ui/lib/cutout-job';
import { DEFAULT_FORM } from '../../../ui/lib/form-params';
import { RelayError } from '../../../ui/lib/relay-error';
import { compareRunningTasksAsync, OUTCOME_UNKNOWN_TEXT } from '../../../ui/lib/unknown-outcome';
import { createFakeMain } from '../components/fake-channel';
import { fakeRelayCall } from './fake-relay-call';

const plan: JobPlan = {
  pageId: '0:1', layerIds: ['1:2'], lowestLayerId: '1:2', frameId: '1:1',
  area: { x: 0, y: 0, width: 1080, height: 1080 }, areaSpec: { kind: 'frame' }, output: { width: 540, height: 540 },
};
const form = { ...DEFAULT_FORM, prompt: 'studio', width: 540, height: 540, resolvedSeed: 99 };

describe('a GenerateBackgrounds without an answer', () => {
  it('keeps the job as outcome unknown with a message saying it may exist, and does not retry', async () => {
    const main = createFakeMain();
    const posted: string[] = [];
    const client = fakeRelayCall((action) => {
      posted.push(action);
      throw new RelayError({ kind: 'upstream', status: 504, detail: 'POST GenerateBackgrounds: HTTP 504' });
    });
    const job = await startJobAsync(plan, form, undefined, { requestAsync: main.channel.requestAsync, client, track: () => undefined, onJob: () => undefined });
    expect(job.state).toBe('failed');
    expect(job.outcomeUnknown).toBe(true);
    expect(job.error?.message).toBe(OUTCOME_UNKNOWN_TEXT);
    expect(job.error?.message).not.toMatch(/try again in a moment/i);
    expect(posted).toEqual(['GenerateBackgrounds']);
  });

  it('treats other failures as plain failures', async () => {
    const main = createFakeMain();
    const client = fakeRelayCall(() => {
      throw new RelayError({ kind: 'invalid', status: 400, detail: 'HTTP 400', field: 'Width', serverMessage: 'Width too big' });
    });
    const job = await startJobAsync(plan, form, undefined, { requestAsync: main.channel.requestAsync, client, track: () => undefined, onJob: () => undefined });
    expect(job.state).toBe('failed');
    expect(job.outcomeUnknown).toBeUndefined();
  });
});

describe('a cut-out without an answer', () => {
  it('is kept as outcome unknown too, saved, and not sent again', async () => {
    const main = createFakeMain();
    const posted: string[] = [];
    const client = fakeRelayCall((action) => {
      posted.push(action);
      throw new RelayError({ kind: 'upstream', status: 504, detail: 'POST RemoveBackground: HTTP 504' });
    });
    const job = await startCutoutJobAsync(
      { plan, originals: [{ id: '1:2', box: { x: 0, y: 0, width: 400, height: 400 } }], tuning: { ErodeSize: 15, HairOptimization: 'auto' } },
      { requestAsync: main.channel.requestAsync, client, track: () => undefined, onJob: () => undefined },
    );
    expect(job.state).toBe('failed');
    expect(job.outcomeUnknown).toBe(true);
    expect(job.error?.message).toBe(OUTCOME_UNKNOWN_TEXT);
    expect(posted).toEqual(['RemoveBackground']);
    expect(main.jobs.find((saved) => saved.id === job.id)?.outcomeUnknown).toBe(true);
  });
});

describe('compareRunningTasksAsync', () => {
  const running = (uids: unknown) =>
    fakeRelayCall((action) => {
      expect(action).toBe('ListRunningTasks');
      return { RetCode: 0, Message: '', Action: 'ListRunningTasksResponse', TaskUIDList: uids };
    });

  it('names running tasks the plugin does not know', async () => {
    const note = await compareRunningTasksAsync(running(['known-1', 'mystery-7']), new Set(['known-1']));
    expect(note).toContain('1 task this plugin does not know (mystery-7)');
  });

  it('says the task list cannot be read when the answer is off the contract', async () => {
    const note = await compareRunningTasksAsync(running('mystery-7'), new Set(['known-1']));
    expect(note).toMatch(/^PICPIK sent a task list Backdrop cannot read/);
  });

  it('says a retry will not duplicate when every running task is known', async () => {
    const note = await compareRunningTasksAsync(running(['known-1']), new Set(['known-1']));
    expect(note).toContain('will not duplicate');
  });
});
