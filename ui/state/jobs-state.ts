// The jobs mirror: main's job records as the UI sees them, kept current by the one poller and by
// main's jobsChanged events, plus the actions on a job row (cancel, use a variation, delete unused
// variations, remove, check an unknown outcome), the results' thumbnails, and what starting a
// job needs.
import { batch, signal, type ReadonlySignal } from './signals';
import type { JobRecord } from '../../src/protocol/shapes';
import type { UiChannel } from '../../src/protocol/ui-channel';
import { isFrameDeleted } from '../../src/protocol/protocol-error';
import { type ImageTranscoder, prepareFigmaImageAsync } from '../lib/figma-image';
import { isFinalJobState, moveJob, placedNodeIdOf } from '../../src/protocol/job-lifecycle';
import { createJobPoller, type ConnectionState, type Timers } from '../lib/poller';
import { describeRelayError } from '../lib/relay-error';
import type { StartJobDeps } from '../lib/start-job';
import { makeThumbnailAsync } from '../lib/thumbnail';
import { compareRunningTasksAsync } from '../lib/unknown-outcome';
import type { LiveRelayClient } from './relay-state';

export interface JobsStateDeps {
  channel: UiChannel;
  client: LiveRelayClient;
  timers: Timers;
  now: () => number;
  imageTranscoder?: ImageTranscoder;
  /** A job just ended: it has been charged (or refunded), so the balance is stale. */
  onJobEnded(): void;
  /** Every change the poller reports (after the mirror has it), and every restored job. */
  afterJob(job: JobRecord): void;
  /** A two-stage job whose first stage main has placed: send its next stage. */
  onNextStage(job: JobRecord): void;
  onConnection(state: ConnectionState): void;
}

export function createJobsState(deps: JobsStateDeps) {
  const { channel, now } = deps;
  const jobs = signal<JobRecord[]>([]);
  /** A note per job row, e.g. why its Regenerate could not rerun as it was. */
  const jobNotes = signal<Record<string, string>>({});
  const cancelledWhileSending = new Set<string>();
  /** After stopJobs, nothing starts polling again (poller.track would restart it). */
  let stopped = false;
  /** Data URLs by job and image index. */
  const thumbnails = signal<Record<string, Record<number, string>>>({});

  /**
   * Placed frames known to be gone from the document this session (Delete unused variations, or
   * deleted on the canvas and found so when their thumbnail was asked for): the jobs list stops
   * offering them. Not stored, and asked about again (recheckGoneFrames): an undo on the canvas
   * brings a deleted frame back under its id.
   */
  const goneFrames = signal<ReadonlySet<string>>(new Set());

  function markGone(nodeIds: readonly string[]): void {
    if (nodeIds.length > 0) goneFrames.value = new Set([...goneFrames.value, ...nodeIds]);
  }

  function markPresent(nodeId: string): void {
    if (!goneFrames.value.has(nodeId)) return;
    const next = new Set(goneFrames.value);
    next.delete(nodeId);
    goneFrames.value = next;
  }

  function setThumbnail(jobId: string, imageIndex: number, url: string): void {
    thumbnails.value = { ...thumbnails.value, [jobId]: { ...thumbnails.value[jobId], [imageIndex]: url } };
  }

  // Thumbnails of results placed in an earlier run: main reads each placed frame's image and the
  // UI shrinks it. One request at a time, so a long jobs list holds one full image at a time.
  /** `recheck`: a frame marked gone, asked about again (its thumbnail may be there from before it went). */
  const frameThumbnailQueue: { jobId: string; imageIndex: number; nodeId: string; recheck?: boolean }[] = [];
  const frameThumbnailsAsked = new Set<string>();
  let loadingFrameThumbnails = false;

  function queueMissingThumbnails(list: JobRecord[]): void {
    for (const job of list) {
      job.placedImages.forEach((imageIndex, i) => {
        const nodeId = job.placedNodeIds[i];
        const key = `${job.id}:${imageIndex}`;
        if (!nodeId || frameThumbnailsAsked.has(key) || thumbnails.value[job.id]?.[imageIndex]) return;
        frameThumbnailsAsked.add(key);
        frameThumbnailQueue.push({ jobId: job.id, imageIndex, nodeId });
      });
    }
    if (!loadingFrameThumbnails) void loadFrameThumbnailsAsync();
  }

  async function loadFrameThumbnailsAsync(): Promise<void> {
    loadingFrameThumbnails = true;
    try {
      for (let next = frameThumbnailQueue.shift(); next; next = frameThumbnailQueue.shift()) {
        const { jobId, imageIndex, nodeId, recheck = false } = next;
        // Skipped when this run already made one from the downloaded image, or the job was removed.
        if ((recheck ? !goneFrames.value.has(nodeId) : thumbnails.value[jobId]?.[imageIndex]) || !jobs.value.some((job) => job.id === jobId)) continue;
        try {
          const result = await channel.requestAsync('frameThumbnail', { nodeId });
          const url = await makeThumbnailAsync(result.image);
          batch(() => {
            setThumbnail(jobId, imageIndex, url);
            markPresent(nodeId);
          });
        } catch (error) {
          if (isFrameDeleted(error)) markGone([nodeId]);
          // Otherwise the numbered placeholder stays.
          else console.warn(`backdrop: no thumbnail for ${nodeId}`, error);
        }
      }
    } finally {
      loadingFrameThumbnails = false;
    }
  }

  /**
   * Asks main again about every frame marked gone, through the thumbnail queue (one request at a
   * time): a frame brought back by an undo gets its tile back. The app calls it when the
   * selection changes (Figma's undo leaves one) and when the Jobs tab is shown.
   */
  function recheckGoneFrames(): void {
    if (stopped || goneFrames.value.size === 0) return;
    const queued = new Set(frameThumbnailQueue.filter((item) => item.recheck).map((item) => item.nodeId));
    for (const job of jobs.value) {
      job.placedImages.forEach((imageIndex, i) => {
        const nodeId = job.placedNodeIds[i];
        if (!nodeId || !goneFrames.value.has(nodeId) || queued.has(nodeId)) return;
        queued.add(nodeId);
        frameThumbnailQueue.push({ jobId: job.id, imageIndex, nodeId, recheck: true });
      });
    }
    if (!loadingFrameThumbnails) void loadFrameThumbnailsAsync();
  }

  /** Asks main for no more frames (the one in flight still lands). */
  function stopThumbnails(): void {
    frameThumbnailQueue.length = 0;
  }


  function upsertJob(job: JobRecord): void {
    const list = jobs.value;
    const at = list.findIndex((existing) => existing.id === job.id);
    const before = at < 0 ? undefined : list[at];
    jobs.value = at < 0 ? [job, ...list] : list.map((existing, i) => (i === at ? job : existing));
    if (before && !isFinalJobState(before.state) && isFinalJobState(job.state)) deps.onJobEnded();
  }

  function setJobNote(jobId: string, note: string): void {
    jobNotes.value = { ...jobNotes.value, [jobId]: note };
  }

  // The deps carry the poller's own client, timers, clock, onNextStage and onConnection.
  const poller = createJobPoller({
    ...deps,
    placeImageAsync: async (jobId, imageIndex, downloaded, seed) => {
      const image = await prepareFigmaImageAsync(downloaded, deps.imageTranscoder);
      const png = image.bytes;
      // The bytes are transferred to main below: the thumbnail works on its own copy.
      void makeThumbnailAsync(png.slice()).then((url) => setThumbnail(jobId, imageIndex, url));
      const result = await channel.requestAsync('placeImage', seed === undefined ? { jobId, imageIndex, png } : { jobId, imageIndex, png, seed });
      if (image.note) void channel.requestAsync('notify', { message: image.note }).catch(() => undefined);
      return result.job;
    },
    saveJobAsync: async (job) => {
      await channel.requestAsync('saveJob', { job });
    },
    onJob: (job) => {
      upsertJob(job);
      deps.afterJob(job);
    },
    log: (text) => console.warn(`backdrop: ${text}`),
  });

  /** The stored jobs at init, newest first. */
  function restoreJobs(stored: JobRecord[]): void {
    jobs.value = [...stored].sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Polls the open ones again, goes on with their next steps, and shows what was placed. */
  function resumeJobs(stored: JobRecord[]): void {
    if (!stopped) poller.resume(stored);
    stored.forEach(deps.afterJob);
    queueMissingThumbnails(jobs.value);
  }

  /** Main's jobsChanged event: records it changed (e.g. an undo, another run of the plugin). */
  function receiveJobs(changed: JobRecord[]): void {
    changed.forEach(upsertJob);
    queueMissingThumbnails(changed);
  }

  /** What startJobAsync and the stage flows need: the channel, the relay, the poller and the mirror. */
  function jobDeps(): StartJobDeps {
    return {
      requestAsync: channel.requestAsync,
      client: deps.client,
      track: (job: JobRecord) => {
        if (!stopped) poller.track(job);
      },
      onJob: upsertJob,
      isCancelled: (jobId: string) => cancelledWhileSending.has(jobId),
      now,
    };
  }

  /** Compares PICPIK's running tasks with the known jobs and notes the answer on the job's row. */
  async function checkUnknownOutcomeAsync(jobId: string): Promise<void> {
    let note: string;
    try {
      note = await compareRunningTasksAsync(deps.client, new Set(jobs.value.flatMap((job) => (job.taskUid ? [job.taskUid] : []))));
    } catch (error) {
      note = `Could not check PICPIK: ${describeRelayError(error).message}`;
    }
    setJobNote(jobId, note);
  }

  async function cancelJobAsync(jobId: string): Promise<void> {
    if (poller.isTracking(jobId)) {
      await poller.cancelAsync(jobId);
      return;
    }
    const job = jobs.value.find((candidate) => candidate.id === jobId);
    if (job && job.state === 'sending') {
      cancelledWhileSending.add(jobId);
      upsertJob(moveJob(job, 'cancelled', { updatedAt: now() }));
    }
  }

  async function showVariationAsync(jobId: string, imageIndex: number): Promise<void> {
    try {
      const result = await channel.requestAsync('showVariation', { jobId, imageIndex });
      upsertJob(result.job);
    } catch (error) {
      notifyError(error);
      const job = jobs.value.find((candidate) => candidate.id === jobId);
      const nodeId = job && placedNodeIdOf(job, imageIndex);
      if (nodeId && isFrameDeleted(error)) markGone([nodeId]);
    }
  }

  /** Removes the hidden Backdrop variations of the job's layer (main makes it one undo step). */
  async function deleteUnusedVariationsAsync(jobId: string): Promise<void> {
    try {
      const { removed, removedNodeIds } = await channel.requestAsync('deleteUnusedVariations', { jobId });
      markGone(removedNodeIds);
      const message = removed === 0 ? 'Backdrop: no unused variations.' : `Backdrop: deleted ${removed} unused variation${removed === 1 ? '' : 's'}.`;
      void channel.requestAsync('notify', { message }).catch(() => undefined);
    } catch (error) {
      notifyError(error);
    }
  }

  /** A toast with the designer text of a failed request (Figma shows about 100 characters). */
  function notifyError(error: unknown): void {
    void channel.requestAsync('notify', { message: describeRelayError(error).message.slice(0, 100), error: true }).catch(() => undefined);
  }

  async function removeJobAsync(jobId: string): Promise<void> {
    await channel.requestAsync('removeJob', { jobId });
    jobs.value = jobs.value.filter((job) => job.id !== jobId);
  }

  /** Stops polling and asks main for no more thumbnails. */
  function stopJobs(): void {
    stopped = true;
    poller.stop();
    stopThumbnails();
  }

  return {
    jobs: jobs as ReadonlySignal<JobRecord[]>,
    jobNotes: jobNotes as ReadonlySignal<Record<string, string>>,
    thumbnails: thumbnails as ReadonlySignal<Record<string, Record<number, string>>>,
    goneFrames: goneFrames as ReadonlySignal<ReadonlySet<string>>,
    recheckGoneFrames,
    setJobNote,
    restoreJobs,
    resumeJobs,
    receiveJobs,
    jobDeps,
    checkUnknownOutcomeAsync,
    cancelJobAsync,
    showVariationAsync,
    deleteUnusedVariationsAsync,
    removeJobAsync,
    stopJobs,
  };
}
