// The wait route's place in the app: one shared poller per app (per replica), whose upstream
// answers feed the finished-task cache and the usage recorder as any ListTasksDetails does.
import type { TaskLookup } from '../relay-task-lookup';
import type { TaskDetail } from '../../contract/schemas';
import { TASK_WAIT_OFFER } from '../../contract/task-wait';
import type { FinishedTaskCache } from '../finished-task-cache';
import { readBodyLimitedAsync } from '../read-body-limited';
import type { RelayMetrics } from '../relay-metrics';
import type { Designer } from '../store/relay-store';
import type { RelayTeam } from '../team/relay-team';
import { createSharedTaskPoller, type PollTimers } from './shared-task-poller';
import { parseTaskWaitBody, TASK_WAIT_BODY_LIMIT_BYTES, waitForTasksAsync, type TaskWaitAnswer } from './task-wait-route';

export interface TaskWaitsDeps {
  /** ListTasksDetails for these tasks, checked (a refusal or an unreadable answer throws the relay's 502). */
  lookUpTasksAsync: TaskLookup;
  finishedTasks: FinishedTaskCache;
  teamReady: Promise<RelayTeam>;
  now: () => number;
  metrics?: RelayMetrics | undefined;
  timers?: PollTimers;
  closing?: AbortSignal | undefined;
  /** The arrival rate a body must keep after its grace (RELAY_BODY_MIN_BYTES_PER_SEC, RELAY_BODY_GRACE_MS), as on POST /. */
  body: { minBytesPerSec: number; graceMs: number; now: () => number };
}

export function createTaskWaits(deps: TaskWaitsDeps) {
  const timers: PollTimers = deps.timers ?? {
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const poller = createSharedTaskPoller({
    now: deps.now,
    timers,
    async pollAsync(taskUids): Promise<readonly TaskDetail[]> {
      const details = await deps.lookUpTasksAsync(taskUids);
      deps.finishedTasks.rememberFromAnswer(details);
      await (await deps.teamReady).recordUsageAsync(details);
      return details.TaskDetailList;
    },
    onTick: (calls, tasks) => deps.metrics?.observeTaskPollTick?.(calls, tasks),
    onWaitersChanged: (waiters) => deps.metrics?.setTaskWaiters?.(waiters),
  });

  deps.closing?.addEventListener('abort', () => poller.stop());

  return {
    /** What /healthz advertises. */
    offer: TASK_WAIT_OFFER,
    get waiters() {
      return poller.waiters;
    },
    async answerAsync(request: Request, designer: Designer): Promise<TaskWaitAnswer> {
      const bytes = await readBodyLimitedAsync(request, TASK_WAIT_BODY_LIMIT_BYTES, {
        ...deps.body,
        tooLargeAdvice: 'A wait lists task ids and their states: split a longer list.',
      });
      const wait = parseTaskWaitBody(bytes);
      const hidden = await (await deps.teamReady).hiddenOfAsync(designer, wait.TaskUIDList);
      return waitForTasksAsync(wait, hidden, request.signal, { poller, timers, closing: deps.closing });
    },
  };
}
