// The generate stage of a two-stage job: once main has placed the cut-outs (and moved the job to
// stage `generate`, state `sending`), compose the cut-out layers into the foreground and send the
// GenerateBackgrounds parameters stored when the job started. Also run for such jobs restored by
// the next run of the plugin, so a job closed between its stages goes on where it stopped.
import { GenerateBackgroundsResponseSchema } from '../../src/contract/schemas';
import type { JobRecord } from '../../src/protocol/shapes';
import { toDataUrl, validateGenerateBody, type GenerateBackgroundsBody } from './build-generate-request';
import { FORM_HINTS_KEY } from './form-from-params';
import { describeRelayError, RelayError } from './relay-error';
import { composeJobForegroundAsync, NO_CUTOUT_TEXT, type StartJobDeps } from './start-job';

export async function startGenerateStageAsync(start: JobRecord, deps: Omit<StartJobDeps, 'newId'>): Promise<JobRecord> {
  const now = deps.now ?? (() => Date.now());
  let job = start;
  const set = (patch: Partial<JobRecord>): JobRecord => {
    job = { ...job, ...patch, updatedAt: now() };
    deps.onJob(job);
    return job;
  };
  try {
    const foreground = await composeJobForegroundAsync(deps.requestAsync, job);
    if (!foreground.transparent) return set({ state: 'failed', error: { message: NO_CUTOUT_TEXT, detail: 'the cut-out came back without transparent pixels' } });
    const { [FORM_HINTS_KEY]: _hints, ...params } = job.params;
    const body = { ...params, Action: 'GenerateBackgrounds', ImageList: [toDataUrl(foreground.png)] } as unknown as GenerateBackgroundsBody;
    const built = validateGenerateBody(body);
    if (!built.ok) return set({ state: 'failed', error: { message: `Check the form: ${built.issues[0]?.message ?? 'invalid parameters'}` } });
    if (deps.isCancelled?.(job.id)) return set({ state: 'cancelled' });
    const { Action, ...sent } = built.body;
    const response = await deps.client.postActionAsync(Action, sent, { timeoutMs: 120_000 });
    const parsed = GenerateBackgroundsResponseSchema.safeParse(response);
    if (!parsed.success) throw new RelayError({ kind: 'bad-response', detail: `GenerateBackgrounds: no TaskUID in ${JSON.stringify(response).slice(0, 200)}` });
    job = { ...job, taskUid: parsed.data.TaskUID, state: 'queued', updatedAt: now() };
    await deps.requestAsync('saveJob', { job });
    deps.onJob(job);
    deps.track(job);
    return job;
  } catch (error) {
    const failed = set({ state: 'failed', error: describeRelayError(error) });
    await deps.requestAsync('saveJob', { job: failed }).catch(() => undefined);
    return failed;
  }
}
