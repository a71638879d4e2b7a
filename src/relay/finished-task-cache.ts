// The image lists of tasks the relay has just seen Finished in a ListTasksDetails answer, so the
// image downloads that follow a poll need no second lookup upstream. Bounded and short-lived.
import { classifyTaskStatus } from '../contract/task-status';

export interface FinishedTaskCacheOptions {
  maxTasks: number;
  ttlMs: number;
  now: () => number;
}

export interface FinishedTaskCache {
  /** Remembers every finished task with images in a ListTasksDetails answer (RetCode 0). */
  rememberFromAnswer: (answer: Record<string, unknown>) => void;
  remember: (taskUid: string, imageUrls: readonly string[]) => void;
  /** The task's image URLs, or undefined when unknown or expired. */
  imagesOf: (taskUid: string) => readonly string[] | undefined;
  readonly size: number;
}

export const FINISHED_TASK_CACHE_MAX_TASKS = 1000;
export const FINISHED_TASK_CACHE_TTL_MS = 10 * 60_000;

interface Entry {
  imageUrls: readonly string[];
  expiresAt: number;
}

function stringListOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  for (const item of value) if (typeof item !== 'string') return undefined;
  return value as string[];
}

export function createFinishedTaskCache(options: FinishedTaskCacheOptions): FinishedTaskCache {
  // A Map iterates in insertion order, and remembering re-inserts: the first key is the oldest.
  const entries = new Map<string, Entry>();

  function remember(taskUid: string, imageUrls: readonly string[]): void {
    entries.delete(taskUid);
    entries.set(taskUid, { imageUrls: [...imageUrls], expiresAt: options.now() + options.ttlMs });
    while (entries.size > options.maxTasks) {
      const oldest = entries.keys().next();
      if (oldest.done) break;
      entries.delete(oldest.value);
    }
  }

  return {
    remember,
    rememberFromAnswer(answer) {
      if (answer['RetCode'] !== 0) return;
      const details = answer['TaskDetailList'];
      if (!Array.isArray(details)) return;
      for (const detail of details as unknown[]) {
        if (detail === null || typeof detail !== 'object') continue;
        const { TaskUID: taskUid, Status: status, ErrorCode: errorCode, ImgList: imgList } = detail as Record<string, unknown>;
        if (typeof taskUid !== 'string' || typeof status !== 'string') continue;
        if (errorCode !== undefined && typeof errorCode !== 'number') continue;
        const imageUrls = stringListOf(imgList);
        if (imageUrls && classifyTaskStatus({ Status: status, ErrorCode: errorCode, ImgList: imageUrls }) === 'done') remember(taskUid, imageUrls);
      }
    },
    imagesOf(taskUid) {
      const entry = entries.get(taskUid);
      if (!entry) return undefined;
      if (entry.expiresAt <= options.now()) {
        entries.delete(taskUid);
        return undefined;
      }
      return entry.imageUrls;
    },
    get size() {
      return entries.size;
    },
  };
}
