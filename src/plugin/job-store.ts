// The persisted job list: clientStorage under a versioned key, validated on read (bad entries
// are dropped), written through on every change, expired and pruned so it stays small.
import { JOB_RECORD_SCHEMA, STORED_JOBS_SCHEMA } from '../protocol/generated/main-schemas';
import { checkSchema } from '../protocol/json-schema-check';
import { isLaterStage, jobStageOf } from '../protocol/job-kinds';
import { isOpenJob, isPastResultLifetime, moveJob, reconciledJobState } from '../protocol/job-lifecycle';
import type { JobRecord } from '../protocol/shapes';
import type { StoredJobs } from '../protocol/stored-data';

export const JOBS_STORAGE_KEY = 'backdrop.jobs.v1';
const FINISHED_JOB_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
export const MAX_STORED_JOBS = 200;

/** Marks unfinished jobs past PICPIK's result lifetime expired, drops old finished ones, caps the count. */
export function tidyJobs(jobs: JobRecord[], now: number): JobRecord[] {
  const tidied = jobs
    .map((job) => (isOpenJob(job) && isPastResultLifetime(job, now) ? moveJob(job, 'expired', { updatedAt: now }) : job))
    .filter((job) => isOpenJob(job) || now - job.updatedAt <= FINISHED_JOB_RETENTION_MS);
  tidied.sort((a, b) => b.updatedAt - a.updatedAt);
  return tidied.slice(0, MAX_STORED_JOBS);
}

function union<T>(a: T[], b: T[]): T[] {
  const out = a.slice();
  for (const item of b) if (out.indexOf(item) < 0) out.push(item);
  return out;
}

/**
 * The UI's copy may lag behind placements main made: keep main's placed images and visible
 * choice, and main's state where the copy's state is no allowed move from it (a placed job never
 * goes back to an open state: main owns `placed`, see job-lifecycle.ts).
 */
export function mergeJob(stored: JobRecord | undefined, incoming: JobRecord): JobRecord {
  if (!stored) return incoming;
  // A copy from an earlier stage (before the job's cut-outs were placed): main has moved the job on since.
  if (isLaterStage(jobStageOf(incoming), jobStageOf(stored))) return stored;
  const merged = Object.assign({}, incoming, {
    placedImages: union(stored.placedImages, incoming.placedImages),
    placedNodeIds: union(stored.placedNodeIds, incoming.placedNodeIds),
    visibleIndex: incoming.visibleIndex !== undefined ? incoming.visibleIndex : stored.visibleIndex,
  });
  const shownAt = Math.max(incoming.shownAt || 0, stored.shownAt || 0);
  if (shownAt > 0) merged.shownAt = shownAt;
  // A later stage starts over (main moved the job on, see job-stages.ts): its state stands.
  if (jobStageOf(incoming) === jobStageOf(stored)) merged.state = reconciledJobState(stored.state, incoming.state);
  return merged;
}

export interface JobStore {
  /** Reads, tidies and writes back the stored jobs once; later calls return the current list. */
  loadAsync(): Promise<JobRecord[]>;
  list(): JobRecord[];
  get(id: string): JobRecord | undefined;
  saveAsync(job: JobRecord): Promise<JobRecord>;
  removeAsync(id: string): Promise<void>;
}

export function createJobStore(storage: ClientStorageAPI, now: () => number): JobStore {
  let jobs: JobRecord[] = [];
  let loaded: Promise<void> | null = null;

  async function writeAsync(): Promise<void> {
    await storage.setAsync(JOBS_STORAGE_KEY, { version: 1, jobs });
  }

  async function readAsync(): Promise<void> {
    const raw: unknown = await storage.getAsync(JOBS_STORAGE_KEY);
    const stored = checkSchema<StoredJobs>(STORED_JOBS_SCHEMA, raw);
    const valid: JobRecord[] = [];
    if (stored.success) {
      for (const entry of stored.data.jobs) {
        const job = checkSchema<JobRecord>(JOB_RECORD_SCHEMA, entry);
        if (job.success) valid.push(job.data);
      }
    }
    jobs = tidyJobs(valid, now());
    const changed = raw !== undefined && (!stored.success || JSON.stringify(stored.data.jobs) !== JSON.stringify(jobs));
    if (changed) await writeAsync();
  }

  async function loadAsync(): Promise<JobRecord[]> {
    if (!loaded) loaded = readAsync();
    await loaded;
    return jobs.slice();
  }

  function get(id: string): JobRecord | undefined {
    for (const job of jobs) if (job.id === id) return job;
    return undefined;
  }

  async function saveAsync(job: JobRecord): Promise<JobRecord> {
    // A save racing the first read must not be overwritten by it.
    await loadAsync();
    const merged = mergeJob(get(job.id), job);
    jobs = tidyJobs([merged].concat(jobs.filter((other) => other.id !== job.id)), now());
    await writeAsync();
    return merged;
  }

  async function removeAsync(id: string): Promise<void> {
    await loadAsync();
    jobs = jobs.filter((job) => job.id !== id);
    await writeAsync();
  }

  return { loadAsync, list: () => jobs.slice(), get, saveAsync, removeAsync };
}
