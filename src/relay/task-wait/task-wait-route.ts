// POST /v1/tasks/wait: answers as soon as one of the caller's listed tasks is in another state
// than the caller knows, or after maxWaitMs (at most TASK_WAIT_MAX_MS) with the current answers.
// A task PICPIK does not know is answered after every poll that finds it missing, so a caller
// counts misses per poll as it would polling itself.
// Tasks the caller may not see are answered as PICPIK answers a task it does not know, and never
// polled. The answer is a ListTasksDetails answer plus `changed`, so a client reads it the same
// way; a client that drops the connection stops waiting at once (nothing is left watching).
import { describeZodIssues } from '../../contract/issues';
import type { TaskDetail } from '../../contract/schemas';
import { TASK_WAIT_MAX_MS, taskWaitStateOf } from '../../contract/task-wait';
import { TaskWaitRequestSchema, type TaskWaitRequest } from './task-wait-request';
import { RelayHttpError } from '../relay-http-error';
import { unknownTaskDetail } from '../team/task-visibility';
import { POLL_CADENCE, type SharedTaskPoller } from './shared-task-poller';

const HIDDEN_REPORT_MS = POLL_CADENCE[0]!.everyMs;

/** A wait body is a list of ids and states: 100 ids of 128 characters with states fit easily. */
export const TASK_WAIT_BODY_LIMIT_BYTES = 64 * 1024;

export interface TaskWaitAnswer {
  /** As PICPIK names a ListTasksDetails answer, so a client reads both alike. */
  Action: 'ListTasksDetailsResponse';
  RetCode: 0;
  Message: '';
  TaskDetailList: TaskDetail[];
  /** false: the wait ran out with no task in another state. */
  changed: boolean;
}

/** The parsed, validated wait request; throws a 400 naming the field. */
export function parseTaskWaitBody(bytes: Uint8Array): TaskWaitRequest {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new RelayHttpError(400, 'The body must be JSON: {"TaskUIDList": [...], "known": {...}}.', { detail: 'wait body not JSON' });
  }
  const parsed = TaskWaitRequestSchema.safeParse(body);
  if (parsed.success) {
    const listed = new Set(parsed.data.TaskUIDList);
    const stray = Object.keys(parsed.data.known ?? {}).find((uid) => !listed.has(uid));
    if (stray === undefined) return parsed.data;
    throw new RelayHttpError(400, `known.${stray} is not in TaskUIDList: list every task whose state you send.`, { field: `known.${stray}`, detail: 'wait known not listed' });
  }
  const issues = describeZodIssues(parsed.error);
  const first = issues[0];
  throw new RelayHttpError(400, issues.slice(0, 5).map((issue) => issue.message).join('; '), {
    ...(first?.path ? { field: first.path } : {}),
    detail: `invalid wait: ${issues.map((issue) => `${issue.path || 'body'} ${issue.rule}`).join(', ')}`,
  });
}

export interface TaskWaitDeps {
  poller: SharedTaskPoller;
  /** Aborted when the relay is shutting down: open waits answer at once, so closing is not held up. */
  closing?: AbortSignal | undefined;
  timers: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
}

/** Waits for a change among `visible` (the tasks the caller may see) and builds the answer. */
export function waitForTasksAsync(request: TaskWaitRequest, hidden: ReadonlySet<string>, signal: AbortSignal, deps: TaskWaitDeps): Promise<TaskWaitAnswer> {
  const known = request.known ?? {};
  const visible = request.TaskUIDList.filter((uid) => !hidden.has(uid));
  const answer = (changed: boolean): TaskWaitAnswer => ({
    Action: 'ListTasksDetailsResponse',
    RetCode: 0,
    Message: '',
    changed,
    TaskDetailList: request.TaskUIDList.flatMap((uid) => {
      if (hidden.has(uid)) return [unknownTaskDetail(uid) as TaskDetail];
      const detail = deps.poller.snapshotOf(uid)?.detail;
      return detail ? [detail] : [];
    }),
  });
  const hiddenChanged = [...hidden].some((uid) => known[uid] !== 'missing');
  if (hiddenChanged) return Promise.resolve(answer(true));
  const watchedFrom = deps.poller.tick;

  return new Promise<TaskWaitAnswer>((resolve, reject) => {
    let settled = false;
    let unwatch: (() => void) | undefined;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      deps.timers.clearTimeout(deadline);
      signal.removeEventListener('abort', onAbort);
      deps.closing?.removeEventListener('abort', onClosing);
      unwatch?.();
      outcome();
    };
    const onAbort = () => finish(() => reject(new RelayHttpError(408, 'The client closed the wait.', { detail: 'wait abandoned' })));
    const onClosing = () => finish(() => resolve(answer(false)));
    const deadline = deps.timers.setTimeout(onClosing, request.maxWaitMs ?? TASK_WAIT_MAX_MS);
    signal.addEventListener('abort', onAbort);
    deps.closing?.addEventListener('abort', onClosing);
    if (deps.closing?.aborted) {
      onClosing();
      return undefined;
    }
    if (signal.aborted) {
      onAbort();
      return undefined;
    }
    const watcher = {
      onSnapshot() {
        const snapshots = visible.map((uid) => deps.poller.snapshotOf(uid));
        if (snapshots.some((snapshot) => snapshot === undefined)) return;
        const changed = visible.some((uid, i) => {
          const state = taskWaitStateOf(snapshots[i]?.detail);
          return known[uid] !== state || (state === 'missing' && (snapshots[i]?.tick ?? 0) > watchedFrom);
        });
        if (changed || request.maxWaitMs === 0) finish(() => resolve(answer(changed)));
      },
      onError: (error: unknown) => finish(() => reject(error)),
    };
    // Only tasks the caller may not see, already known as missing: reported again after one
    // poll interval, as a missing task PICPIK is asked about would be.
    if (visible.length === 0) {
      const again = deps.timers.setTimeout(() => finish(() => resolve(answer(true))), Math.min(HIDDEN_REPORT_MS, request.maxWaitMs ?? TASK_WAIT_MAX_MS));
      signal.addEventListener('abort', () => deps.timers.clearTimeout(again));
      return undefined;
    }
    const stop = deps.poller.watch(visible, watcher);
    if (settled) stop();
    else unwatch = stop;
  });
}
