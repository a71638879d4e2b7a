// POST / stage 5: the team's plan for the action (budget, task ownership; it may answer
// locally), then the signed request to PICPIK and its answer, recorded and passed on.
import type { Handler } from 'hono';
import type { PicpikKeys } from '../../contract/client';
import type { RelayTeam } from '../team/relay-team';
import type { FinishedTaskCache } from '../finished-task-cache';
import { outcomeUnknownError, postUpstreamJsonAsync, type UpstreamDeps } from '../upstream-call';
import { signedUpstreamBody } from '../signed-upstream-body';
import type { RelayEnv } from './relay-env';

/**
 * Read-only actions, safe to repeat after a transient fault. Submitting a task (GenerateBackgrounds,
 * RemoveBackground, RemoveBackgroundsInBatch, RemoveContents: each costs credits) and cancelling
 * never are: a repeat after a lost answer could start and charge a second task.
 */
export const RETRYABLE_ACTIONS: ReadonlySet<string> = new Set(['ListTasksDetails', 'ListModels', 'ListRunningTasks', 'GetCreditBalance']);

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export interface ForwardOptions {
  keys: PicpikKeys;
  upstreamUrl: string;
  upstreamRetries: number;
  upstreamTimeoutMs: number;
  teamReady: Promise<RelayTeam>;
  finishedTasks: FinishedTaskCache;
  upstreamDeps: UpstreamDeps;
}

export function signAndForward(options: ForwardOptions): Handler<RelayEnv> {
  return async (c) => {
    const access = c.get('access');
    const { action, requestUuid, rawStrings } = c.get('envelope');
    const validParams = c.get('validParams');
    const designer = c.get('designer');
    const team = await options.teamReady;
    const plan = await team.planActionAsync(designer, action, validParams);
    if (plan.kind === 'answer') return c.body(JSON.stringify(plan.answer), 200, JSON_HEADERS);
    const retryable = RETRYABLE_ACTIONS.has(action);
    const upstream = await postUpstreamJsonAsync(
      options.upstreamUrl,
      signedUpstreamBody(options.keys, action, { Action: action, ...plan.params }, requestUuid, rawStrings),
      { retries: retryable ? options.upstreamRetries : 0, timeoutMs: options.upstreamTimeoutMs },
      options.upstreamDeps,
    ).catch((error: unknown) => {
      throw retryable ? error : outcomeUnknownError(error, action);
    });
    access.attempts = upstream.attempts;
    if (typeof upstream.json['RetCode'] === 'number') access.upstreamRetCode = upstream.json['RetCode'];
    if (action === 'ListTasksDetails') options.finishedTasks.rememberFromAnswer(upstream.json);
    const changed = await team.afterAnswerAsync(designer, action, validParams, plan, upstream.json);
    const answerBytes = changed ? new TextEncoder().encode(JSON.stringify(changed)) : upstream.bytes;
    access.bytesOut = answerBytes.byteLength;
    return c.body(answerBytes, 200, JSON_HEADERS);
  };
}
