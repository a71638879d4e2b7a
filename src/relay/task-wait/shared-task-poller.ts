// One upstream poller per replica for every open POST /v1/tasks/wait: each tick sends a single
// ListTasksDetails (batches of at most 100) for the union of the waiting requests' TaskUIDs and
// shares the answer with every waiter (and, through `onAnswer`, the finished-task cache and the
// usage recorder). Young tasks are polled at a fine cadence, older ones more coarsely. Ended
// tasks are not polled again: their last answer is kept (bounded) and served to later waiters.
import type { TaskDetail } from '../../contract/schemas';
import { PICPIK_LIMITS } from '../../contract/schemas';
import { taskWaitStateOf } from '../../contract/task-wait';

/** Tick interval by the age of the youngest watched task (age = since this replica first watched it). */
export const POLL_CADENCE: readonly { untilAgeMs: number; everyMs: number }[] = [
  { untilAgeMs: 30_000, everyMs: 400 },
  { untilAgeMs: 120_000, everyMs: 1000 },
  { untilAgeMs: Number.POSITIVE_INFINITY, everyMs: 2500 },
];
const ENDED_KEPT_MAX = 5000;
const FIRST_SEEN_MAX = 20_000;

interface TaskSnapshot {
  /** undefined: the last answer did not list the task (PICPIK does not know it). */
  detail: TaskDetail | undefined;
  /** The tick that produced it (ticks count up from 1). */
  tick: number;
}

export interface PollTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SharedTaskPollerOptions {
  /** One ListTasksDetails upstream; resolves with the answer's details (RetCode 0) or throws. */
  pollAsync(taskUids: readonly string[]): Promise<readonly TaskDetail[]>;
  now: () => number;
  timers?: PollTimers;
  /** After each tick: upstream calls made and tasks asked. */
  onTick?(calls: number, tasks: number): void;
  onWaitersChanged?(waiters: number): void;
}

interface TaskWatcher {
  /** Called after every tick that polled any of its tasks, and once on watching when all are known. */
  onSnapshot(): void;
  onError(error: unknown): void;
}

export interface SharedTaskPoller {
  /** Watches `taskUids` until the returned function is called. */
  watch(taskUids: readonly string[], watcher: TaskWatcher): () => void;
  /** The latest answer for a task, if this replica has one that is current. */
  snapshotOf(taskUid: string): TaskSnapshot | undefined;
  /** The number of the last tick that ran (0 before the first). */
  readonly tick: number;
  readonly waiters: number;
  /** Stops the timer (the app is closing); watchers are left to their own timeouts. */
  stop(): void;
}

const isEnded = (snapshot: TaskSnapshot | undefined): boolean => {
  const state = snapshot ? taskWaitStateOf(snapshot.detail) : undefined;
  return state === 'done' || state === 'failed';
};

export function createSharedTaskPoller(options: SharedTaskPollerOptions): SharedTaskPoller {
  const timers: PollTimers = options.timers ?? {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const watchers = new Map<TaskWatcher, readonly string[]>();
  /** Current answers for watched tasks; ended tasks' answers outlive their watchers. */
  const latest = new Map<string, TaskSnapshot>();
  const ended = new Set<string>();
  const firstSeen = new Map<string, number>();
  let timer: unknown = null;
  let timerAt = 0;
  let ticking = false;
  let lastTickAt = Number.NEGATIVE_INFINITY;
  let tickCount = 0;

  function watchedUids(): Set<string> {
    const all = new Set<string>();
    for (const uids of watchers.values()) for (const uid of uids) all.add(uid);
    return all;
  }

  function cadenceMs(uids: Iterable<string>): number | null {
    const now = options.now();
    let youngest = Number.POSITIVE_INFINITY;
    let any = false;
    for (const uid of uids) {
      if (ended.has(uid)) continue;
      any = true;
      youngest = Math.min(youngest, now - (firstSeen.get(uid) ?? now));
    }
    if (!any) return null;
    return (POLL_CADENCE.find((step) => youngest < step.untilAgeMs) ?? POLL_CADENCE[POLL_CADENCE.length - 1]!).everyMs;
  }

  /** Plans the next tick; an earlier one replaces a later one (a new young task arrived). */
  function plan(): void {
    if (ticking) return;
    const every = cadenceMs(watchedUids());
    if (every === null) {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      return;
    }
    const at = Math.max(options.now(), lastTickAt + every);
    if (timer !== null && timerAt <= at) return;
    if (timer !== null) timers.clearTimeout(timer);
    timerAt = at;
    timer = timers.setTimeout(() => {
      timer = null;
      void tickAsync();
    }, at - options.now());
  }

  function remember(uid: string, snapshot: TaskSnapshot): void {
    latest.set(uid, snapshot);
    if (!isEnded(snapshot)) return;
    ended.add(uid);
    if (ended.size > ENDED_KEPT_MAX) {
      const oldest = ended.values().next().value as string;
      ended.delete(oldest);
      latest.delete(oldest);
    }
  }

  async function tickAsync(): Promise<void> {
    ticking = true;
    lastTickAt = options.now();
    tickCount += 1;
    const tick = tickCount;
    const asked = [...watchedUids()].filter((uid) => !ended.has(uid));
    let calls = 0;
    for (let i = 0; i < asked.length; i += PICPIK_LIMITS.TaskUIDList.max) {
      const batch = asked.slice(i, i + PICPIK_LIMITS.TaskUIDList.max);
      calls += 1;
      try {
        const details = await options.pollAsync(batch);
        const byUid = new Map(details.map((detail) => [detail.TaskUID, detail]));
        for (const uid of batch) remember(uid, { detail: byUid.get(uid), tick });
      } catch (error) {
        const failed = new Set(batch);
        for (const [watcher, uids] of [...watchers]) if (uids.some((uid) => failed.has(uid))) watcher.onError(error);
      }
    }
    options.onTick?.(calls, asked.length);
    // Answers of tasks nobody watches any more are dropped unless the task ended.
    const watched = watchedUids();
    for (const uid of latest.keys()) if (!watched.has(uid) && !ended.has(uid)) latest.delete(uid);
    ticking = false;
    for (const watcher of [...watchers.keys()]) watcher.onSnapshot();
    plan();
  }

  return {
    watch(taskUids, watcher) {
      const now = options.now();
      for (const uid of taskUids) if (!firstSeen.has(uid)) firstSeen.set(uid, now);
      if (firstSeen.size > FIRST_SEEN_MAX) for (const uid of [...firstSeen.keys()].slice(0, FIRST_SEEN_MAX / 2)) firstSeen.delete(uid);
      watchers.set(watcher, [...taskUids]);
      options.onWaitersChanged?.(watchers.size);
      if (taskUids.every((uid) => latest.has(uid))) watcher.onSnapshot();
      plan();
      return () => {
        if (!watchers.delete(watcher)) return;
        options.onWaitersChanged?.(watchers.size);
        if (watchers.size === 0 && timer !== null) {
          timers.clearTimeout(timer);
          timer = null;
        }
      };
    },
    snapshotOf: (taskUid) => latest.get(taskUid),
    get tick() {
      return tickCount;
    },
    get waiters() {
      return watchers.size;
    },
    stop() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}
