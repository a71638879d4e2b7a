// A task-starting call (GenerateBackgrounds, a cut-out, a clean plate) whose answer never came may
// still have been accepted (and billed) by PICPIK, so such a job is kept as "outcome unknown"
// instead of inviting a duplicate. The check compares the account's running tasks with the tasks
// this plugin already knows.
import type { RelayClient } from './relay-client';
import { RelayError } from './relay-error';

export const OUTCOME_UNKNOWN_TEXT =
  'PICPIK\'s answer never came, but it may have accepted (and billed) this job. Press "Check PICPIK" before trying again, so it is not made twice';

/** True for a failure after which the submitted job may exist: no answer in time from the relay, or the relay's 504 (PICPIK's answer late, lost or a gateway's 5xx). */
export function isUnknownSubmitOutcome(error: unknown): boolean {
  if (error instanceof RelayError) return error.status === 504 || error.kind === 'timeout';
  return error instanceof Error && error.name === 'AbortError';
}

/** The designer's note after checking: running tasks no job here knows may be this job. */
export async function compareRunningTasksAsync(client: Pick<RelayClient, 'callAsync'>, knownTaskUids: ReadonlySet<string>): Promise<string> {
  let running: readonly string[];
  try {
    running = (await client.callAsync('ListRunningTasks', {})).TaskUIDList;
  } catch (error) {
    if (error instanceof RelayError && error.kind === 'bad-response') return 'PICPIK sent a task list Backdrop cannot read: check the account in PICPIK before generating again';
    throw error;
  }
  const unknown = running.filter((uid) => !knownTaskUids.has(uid));
  if (unknown.length === 0) {
    return 'PICPIK runs no task this plugin does not know: the job was most likely not accepted, so generating again will not duplicate it';
  }
  return `PICPIK runs ${unknown.length} task${unknown.length === 1 ? '' : 's'} this plugin does not know (${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', ...' : ''}): one may be this job, or a teammate's. Wait for it to finish before generating again`;
}
