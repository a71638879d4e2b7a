// Where the poller gets task details from when the relay offers POST /v1/tasks/wait: one
// long-poll that answers as soon as a task changes (the relay polls PICPIK once a tick for the
// whole team). Whether it is offered is read from /healthz, and read again after a failure or,
// when it was not offered, every few minutes (a relay upgraded or rolled back).
import type { TaskDetail } from '../../src/contract/response-schemas';
import { isTaskWaitOffer } from '../../src/contract/spec-checks';
import { TASK_WAIT_MAX_TASKS, type TaskWaitState } from '../../src/contract/task-wait';
import type { RelayClient } from './relay-client';
import { RelayError } from './relay-error';

export type WaitCapableClient = Partial<Pick<RelayClient, 'waitForTasksAsync' | 'healthAsync'>>;

/** How long a "not offered" answer is trusted before /healthz is asked again. */
const WAIT_OFFER_RECHECK_MS = 5 * 60_000;

export interface TaskWaitSource {
  /** True when the next tick should wait through the relay for these many tasks. */
  usableAsync(taskCount: number): Promise<boolean>;
  /** The details of a wait's answer; undefined when the relay turned out not to offer it (fall back). */
  waitAsync(taskUids: readonly string[], known: Record<string, TaskWaitState>, signal: AbortSignal): Promise<readonly TaskDetail[] | undefined>;
  /** A tick failed: ask /healthz again before the next wait (the relay may have been replaced). */
  forget(): void;
}

export function createTaskWaitSource(client: WaitCapableClient, now: () => number): TaskWaitSource {
  let offered: boolean | undefined;
  let checkedAt = 0;
  const capable = Boolean(client.waitForTasksAsync && client.healthAsync);

  return {
    async usableAsync(taskCount) {
      if (!capable || taskCount > TASK_WAIT_MAX_TASKS) return false;
      if (offered === undefined || (!offered && now() - checkedAt > WAIT_OFFER_RECHECK_MS)) {
        checkedAt = now();
        try {
          const health = await client.healthAsync!();
          offered = isTaskWaitOffer(health.tasksWait);
        } catch {
          // Unknown this time: poll as before and ask again on the next tick.
          offered = undefined;
          return false;
        }
      }
      return offered;
    },
    async waitAsync(taskUids, known, signal) {
      try {
        return (await client.waitForTasksAsync!(taskUids, known, { signal })).TaskDetailList;
      } catch (error) {
        // A relay without the route (e.g. rolled back behind the same address): poll as before.
        if (error instanceof RelayError && (error.status === 404 || error.status === 405)) {
          offered = false;
          checkedAt = now();
          return undefined;
        }
        throw error;
      }
    },
    forget() {
      if (offered) offered = undefined;
    },
  };
}
