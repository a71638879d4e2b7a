// In-memory tasks and result images, bounded: entries leave after the retention period, and
// the oldest go first when the task count or the total image bytes exceed their caps.
import { randomBytes, randomUUID } from 'node:crypto';
import { TASK_STATUS } from '../contract/task-status';

/** The emulator's task statuses (TerminateTask ends a task as 'Error'). */
type TaskStatusText = (typeof TASK_STATUS)[keyof typeof TASK_STATUS];

export interface EmulatorTask {
  uid: string;
  action: string;
  status: TaskStatusText;
  /** Status reported instead of 'Running' while it runs (fault injection of an unknown string). */
  runningStatusText?: string;
  createdAt: number;
  /** When the task reached Finished or Error. */
  endedAt?: number;
  /** The seed, for actions that use one (GenerateBackgrounds). */
  seed?: number;
  /** Credits the task costs when it finishes. */
  cost: number;
  /** Credits actually charged (0 until Finished). */
  consumed: number;
  imageTokens: string[];
  errorCode: number;
  errorMessage: string;
}

export interface StoredImage {
  token: string;
  taskUid: string;
  bytes: Buffer;
  createdAt: number;
}

interface TaskStoreLimits {
  retentionMs: number;
  maxTasks: number;
  maxImageBytes: number;
}

export interface TaskStoreStats {
  tasks: number;
  images: number;
  imageBytes: number;
  evictedTasks: number;
  evictedImages: number;
}

const XID_ALPHABET = '0123456789abcdefghijklmnopqrstuv';

/** A 20-character lowercase id shaped like PICPIK's TaskUIDs (e.g. ckti5nf2h4keq8mr9n00). */
export function createTaskUid(): string {
  const bytes = randomBytes(20);
  let out = '';
  for (const byte of bytes) out += XID_ALPHABET[byte & 31];
  return out;
}

export class TaskStore {
  private readonly tasks = new Map<string, EmulatorTask>();
  private readonly images = new Map<string, StoredImage>();
  private imageBytes = 0;
  private evictedTasks = 0;
  private evictedImages = 0;

  /** Called when a task is evicted while still open, so its timers and renders can stop. */
  onEvictOpenTask: (task: EmulatorTask) => void = () => {};

  constructor(public limits: TaskStoreLimits) {}

  add(task: EmulatorTask, now: number): void {
    this.tasks.set(task.uid, task);
    this.evict(now);
  }

  get(uid: string, now: number): EmulatorTask | undefined {
    this.evictExpired(now);
    return this.tasks.get(uid);
  }

  openTasks(): EmulatorTask[] {
    return [...this.tasks.values()].filter((task) => task.status === TASK_STATUS.Queuing || task.status === TASK_STATUS.Running);
  }

  allTasks(): EmulatorTask[] {
    return [...this.tasks.values()];
  }

  /** Stores one result image and returns its token (the file name in its URL). */
  addImage(taskUid: string, bytes: Buffer, now: number): string {
    const token = randomUUID();
    this.images.set(token, { token, taskUid, bytes, createdAt: now });
    this.imageBytes += bytes.length;
    this.evict(now);
    return token;
  }

  getImage(token: string, now: number): StoredImage | undefined {
    this.evictExpired(now);
    return this.images.get(token);
  }

  removeImages(tokens: readonly string[]): void {
    for (const token of tokens) this.deleteImage(token);
  }

  clear(): void {
    this.tasks.clear();
    this.images.clear();
    this.imageBytes = 0;
  }

  stats(): TaskStoreStats {
    return {
      tasks: this.tasks.size,
      images: this.images.size,
      imageBytes: this.imageBytes,
      evictedTasks: this.evictedTasks,
      evictedImages: this.evictedImages,
    };
  }

  /** Drops whatever is past retention, then the oldest entries over the caps. */
  evict(now: number): void {
    this.evictExpired(now);
    if (this.tasks.size > this.limits.maxTasks) {
      // Ended tasks go first; open ones only when ended ones are not enough.
      for (const task of this.tasks.values()) {
        if (this.tasks.size <= this.limits.maxTasks) break;
        if (task.endedAt !== undefined) this.deleteTask(task);
      }
      for (const task of this.tasks.values()) {
        if (this.tasks.size <= this.limits.maxTasks) break;
        this.deleteTask(task);
      }
    }
    for (const image of this.images.values()) {
      if (this.imageBytes <= this.limits.maxImageBytes) break;
      this.deleteImage(image.token);
      this.evictedImages++;
    }
  }

  private evictExpired(now: number): void {
    const cutoff = now - this.limits.retentionMs;
    for (const image of this.images.values()) {
      if (image.createdAt > cutoff) break; // insertion order = age order
      this.deleteImage(image.token);
      this.evictedImages++;
    }
    for (const task of this.tasks.values()) {
      if (task.endedAt !== undefined && task.endedAt <= cutoff) this.deleteTask(task);
    }
  }

  private deleteTask(task: EmulatorTask): void {
    if (task.endedAt === undefined) this.onEvictOpenTask(task);
    this.tasks.delete(task.uid);
    this.evictedTasks++;
    for (const token of task.imageTokens) {
      if (this.deleteImage(token)) this.evictedImages++;
    }
  }

  private deleteImage(token: string): boolean {
    const image = this.images.get(token);
    if (!image) return false;
    this.images.delete(token);
    this.imageBytes -= image.bytes.length;
    return true;
  }
}
