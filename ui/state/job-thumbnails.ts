// Thumbnails of each job's results: made from the downloaded image in this run, or, for results
// placed in an earlier run, from the placed frame's image that main reads back.
import { signal, type ReadonlySignal } from '@preact/signals';
import type { JobRecord } from '../../src/protocol/shapes';
import type { UiChannel } from '../../src/protocol/ui-channel';
import { makeThumbnailAsync } from '../lib/thumbnail';

export function createJobThumbnails(channel: UiChannel, hasJob: (jobId: string) => boolean) {
  /** Data URLs by job and image index. */
  const thumbnails = signal<Record<string, Record<number, string>>>({});

  function setThumbnail(jobId: string, imageIndex: number, url: string): void {
    thumbnails.value = { ...thumbnails.value, [jobId]: { ...thumbnails.value[jobId], [imageIndex]: url } };
  }

  // One frame request at a time, so a long jobs list holds one full image at a time.
  const frameThumbnailQueue: { jobId: string; imageIndex: number; nodeId: string }[] = [];
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
        const { jobId, imageIndex, nodeId } = next;
        // Skipped when this run already made one from the downloaded image, or the job was removed.
        if (thumbnails.value[jobId]?.[imageIndex] || !hasJob(jobId)) continue;
        try {
          const result = await channel.requestAsync('frameThumbnail', { nodeId });
          setThumbnail(jobId, imageIndex, await makeThumbnailAsync(result.image));
        } catch (error) {
          // The numbered placeholder stays (e.g. the frame was deleted).
          console.warn(`backdrop: no thumbnail for ${nodeId}`, error);
        }
      }
    } finally {
      loadingFrameThumbnails = false;
    }
  }

  /** Asks main for no more frames (the one in flight still lands). */
  function stopThumbnails(): void {
    frameThumbnailQueue.length = 0;
  }

  return { thumbnails: thumbnails as ReadonlySignal<Record<string, Record<number, string>>>, setThumbnail, queueMissingThumbnails, stopThumbnails };
}
