// The export flow for one job (one group of layers): export each layer at the output scale,
// compose the foreground, check it, build and validate the body, POST it, and hand the TaskUID
// to the poller. The record is saved the moment a TaskUID exists.
import { withFinishedAt } from './job-timing';
import type { ActionResponse } from '../../src/contract/action-table';
import type { UiChannel } from '../../src/protocol/ui-channel';
import { JOB_START_STATE, moveJob, updateJob } from '../../src/protocol/job-lifecycle';
import type { AreaSpec, Box, JobRecord } from '../../src/protocol/shapes';
import { buildGenerateRequest, paramsWithoutImages, promptLabel, type GenerateForm } from './build-generate-request';
import { FORM_HINTS_KEY, formHintsOf } from './form-from-params';
import { composeJobForegroundAsync } from './compose-job-foreground';
import type { RelayClient } from './relay-client';
import { describeRelayError } from './relay-error';
import { isUnknownSubmitOutcome, OUTCOME_UNKNOWN_TEXT } from './unknown-outcome';
import { markStage } from './stage-timing';

export interface JobPlan {
  pageId: string;
  /** Bottom-most first. */
  layerIds: string[];
  lowestLayerId: string;
  frameId: string | null;
  area: Box;
  areaSpec: AreaSpec;
  output: { width: number; height: number };
  /** Frame and layer names for the jobs list ("Banner · Sneaker"). */
  sourceLabel?: string;
}

export type ReferenceInput = { kind: 'bytes'; bytes: Uint8Array } | { kind: 'layer'; layerId: string; box: Box };

export interface StartJobDeps {
  requestAsync: UiChannel['requestAsync'];
  client: Pick<RelayClient, 'callAsync'>;
  track(job: JobRecord): void;
  onJob(job: JobRecord): void;
  /** True when the designer cancelled the job while it was being sent. */
  isCancelled?(jobId: string): boolean;
  newId?(): string;
  now?(): number;
}

export const NO_CUTOUT_TEXT = 'This layer has no transparent pixels: PICPIK needs a cut-out';
/** Reference export cap: big reference images only cost upload time. */
const MAX_REFERENCE_LONG_SIDE = 1024;

/** What a job's record takes from its plan (or from the job it reruns): where it works. */
type JobPlace = Pick<JobRecord, 'pageId' | 'layerIds' | 'lowestLayerId' | 'frameId' | 'area' | 'areaSpec'>;

/** The place fields of a plan or job, in the order every job record lists them. */
export function jobPlaceOf(plan: JobPlace): JobPlace {
  return { pageId: plan.pageId, layerIds: plan.layerIds, lowestLayerId: plan.lowestLayerId, frameId: plan.frameId, area: plan.area, areaSpec: plan.areaSpec };
}

export function newJobId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return 'job-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function randomSeed(): number {
  const value = new Uint32Array(1);
  crypto.getRandomValues(value);
  return (value[0] as number) % 2147483647;
}

/** An error with a designer message and developer detail, for failures before the relay is involved. */
class JobError extends Error {
  constructor(message: string, readonly detail?: string) {
    super(message);
  }
}

async function exportReferenceAsync(deps: StartJobDeps, reference: ReferenceInput | undefined): Promise<Uint8Array | undefined> {
  if (!reference) return undefined;
  if (reference.kind === 'bytes') return reference.bytes;
  const longSide = Math.max(reference.box.width, reference.box.height);
  const scale = Math.min(4, MAX_REFERENCE_LONG_SIDE / Math.max(1, longSide));
  const exported = await deps.requestAsync('exportLayer', { layerId: reference.layerId, area: reference.box, scale });
  return exported.png;
}

/** Where the reference came from, kept with the job so a rerun can find it again. */
function referenceHint(reference: ReferenceInput | undefined): { source: 'layer' | 'file'; layerId?: string } | undefined {
  if (!reference) return undefined;
  return reference.kind === 'layer' ? { source: 'layer', layerId: reference.layerId } : { source: 'file' };
}

/**
 * Runs one job up to the TaskUID and returns its record (state queued, failed or cancelled).
 * Never throws: every failure ends as a failed record with designer text and detail.
 */
export async function startJobAsync(plan: JobPlan, form: GenerateForm, reference: ReferenceInput | undefined, deps: StartJobDeps): Promise<JobRecord> {
  const now = deps.now ?? (() => Date.now());
  const submitStart = performance.now();
  let job: JobRecord = {
    id: (deps.newId ?? newJobId)(),
    createdAt: now(),
    updatedAt: now(),
    state: JOB_START_STATE,
    ...jobPlaceOf(plan),
    placement: form.placement,
    output: plan.output,
    foreground: plan.output,
    resizeMode: form.resizeMode,
    params: {},
    label: promptLabel(form.prompt),
    ...(plan.sourceLabel ? { sourceLabel: plan.sourceLabel } : {}),
    imageCount: form.batchSize,
    placedImages: [],
    placedNodeIds: [],
    seed: form.resolvedSeed >= 0 ? form.resolvedSeed : undefined,
    ...(form.cleanPlate ? { cleanPlate: true } : {}),
  };
  deps.onJob(job);
  const set = (patch: Partial<JobRecord>): JobRecord => {
    job = withFinishedAt(updateJob(job, { ...patch, updatedAt: now() }));
    deps.onJob(job);
    return job;
  };
  try {
    const foreground = await composeJobForegroundAsync(deps.requestAsync, plan);
    if (!foreground.transparent) throw new JobError(NO_CUTOUT_TEXT, `layers ${plan.layerIds.join(', ')} cover the whole area with opaque pixels`);
    const referenceBytes = await exportReferenceAsync(deps, reference);
    const built = buildGenerateRequest(form, foreground.png, referenceBytes);
    if (!built.ok) {
      throw new JobError(`Check the form: ${built.issues[0]?.message ?? 'invalid parameters'}`, built.issues.map((issue) => issue.message).join('\n'));
    }
    set({ params: { ...paramsWithoutImages(built.body), [FORM_HINTS_KEY]: formHintsOf(form, referenceHint(reference)) } });
    if (deps.isCancelled?.(job.id)) return set({ state: 'cancelled' });
    const { Action, ...params } = built.body;
    let response: ActionResponse<'GenerateBackgrounds'>;
    try {
      const start = performance.now();
      response = await deps.client.callAsync(Action, params, { timeoutMs: 120_000 });
      markStage('post', start);
    } catch (error) {
      if (!isUnknownSubmitOutcome(error)) throw error;
      return set({ state: 'failed', outcomeUnknown: true, error: { message: OUTCOME_UNKNOWN_TEXT, detail: describeRelayError(error).detail } });
    }
    markStage('submit', submitStart);
    job = moveJob(job, 'queued', { taskUid: response.TaskUID, updatedAt: now() });
    await deps.requestAsync('saveJob', { job });
    if (deps.isCancelled?.(job.id)) {
      await deps.client.callAsync('TerminateTask', { TaskUID: response.TaskUID }).catch(() => undefined);
      const cancelled = set({ state: 'cancelled' });
      await deps.requestAsync('saveJob', { job: cancelled }).catch(() => undefined);
      return cancelled;
    }
    deps.onJob(job);
    deps.track(job);
    return job;
  } catch (error) {
    const info = error instanceof JobError ? { message: error.message, detail: error.detail } : describeRelayError(error);
    return set({ state: 'failed', error: info });
  }
}
