// A GenerateBackgrounds call that timed out may still have been accepted (and billed) by PICPIK,
// so such a job is kept as "outcome unknown" instead of inviting a duplicate. The check compares
// the account's running tasks with the tasks this plugin already knows.
import { RESPONSE_CHECKS } from '../../src/contract/spec-checks';
import type { RelayClient } from './relay-client';
import { RelayError } from './relay-error';

export const OUTCOME_UNKNOWN_TEXT =
  'PICPIK did not answer in time, but it may have accepted (and billed) this job. Press "Check PICPIK" before generating again, so it is not made twice';

/** True for a failure after which the submitted job may exist: no answer in time, from PICPIK or the relay. */
export function isUnknownSubmitOutcome(error: unknown): boolean {
  if (error instanceof RelayError) return error.status === 504 || error.kind === 'timeout';
  return error instanceof Error && error.name === 'AbortError';
}

/** The designer's note after checking: running tasks no job here knows may be this job. */
export async function compareRunningTasksAsync(client: Pick<RelayClient, 'postActionAsync'>, knownTaskUids: ReadonlySet<string>): Promise<string> {
  const answer = RESPONSE_CHECKS.ListRunningTasks(await client.postActionAsync('ListRunningTasks'));
  if (!answer.ok) return 'PICPIK sent a task list Backdrop cannot read: check the account in PICPIK before generating again';
  const unknown = answer.value.TaskUIDList.filter((uid) => !knownTaskUids.has(uid));
  if (unknown.length === 0) {
    return 'PICPIK runs no task this plugin does not know: the job was most likely not accepted, so generating again will not duplicate it';
  }
  return `PICPIK runs ${unknown.length} task${unknown.length === 1 ? '' : 's'} this plugin does not know (${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ', ...' : ''}): one may be this job, or a teammate's. Wait for it to finish before generating again`;
}
