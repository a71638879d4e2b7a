// POST / stage 5: the team's plan for the action (budget, task ownership; it may answer
// locally), then the signed request to PICPIK and its answer, recorded and passed on.
import type { Context, Handler } from 'hono';
import type { PicpikKeys } from '../../contract/envelope';
import type { ActionPlan, RelayTeam } from '../team/relay-team';
import type { FinishedTaskCache } from '../finished-task-cache';
import { outcomeUnknownError, postUpstreamJsonAsync, TransientUpstreamError, type UpstreamDeps, type UpstreamJson } from '../upstream-call';
import { signedUpstreamBody } from '../signed-upstream-body';
import { createPicpikRequestBody } from '../../contract/envelope';
import type { PicpikAction } from '../../contract/schemas';
import { encodeStreamedRest } from '../encode-upstream-body';
import type { RawString } from '../read-json-body';
import type { EarlyUpstream } from './early-image-upstream';
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
    const team = await options.teamReady;
    const plan = await team.planActionAsync(c.get('designer'), c.get('envelope').action, c.get('validParams'));
    if (plan.kind === 'answer') return c.body(JSON.stringify(plan.answer), 200, JSON_HEADERS);
    try {
      return await forwardAsync(c, plan);
    } finally {
      // A request that started no task gives back the credits it held (a started one keeps them).
      plan.hold?.release();
    }
  };

  async function forwardAsync(c: Context<RelayEnv>, plan: ActionPlan & { kind: 'forward' }): Promise<Response> {
    const access = c.get('access');
    const { action, requestUuid, rawStrings } = c.get('envelope');
    const validParams = c.get('validParams');
    const designer = c.get('designer');
    const team = await options.teamReady;
    const retryable = RETRYABLE_ACTIONS.has(action);
    const params = { Action: action, ...plan.params };
    const early = c.get('earlyUpstream');
    /** A streamed attempt that failed before PICPIK had it whole (it is sent again, whole). */
    let unsentStreamed = 0;
    const upstream = await (async () => {
      if (early && !retryable) {
        const streamed = await finishEarlyAsync(early, action, params, requestUuid, c.get('body'), rawStrings);
        if (streamed) return streamed;
        if (early.upstream.finished) unsentStreamed = 1;
      }
      // A request whose connection failed before PICPIK had it whole started nothing: sending it
      // once more is safe even when it costs credits (once in all, counting a streamed attempt).
      const unsentRetries = retryable ? 0 : 1 - unsentStreamed;
      // A streamed attempt that handed its last byte over has let the body's buffer go: the image
      // goes as its text, encoded again.
      return postUpstreamJsonAsync(
        options.upstreamUrl,
        signedUpstreamBody(options.keys, action, params, requestUuid, c.get('bodyHold').released ? [] : rawStrings),
        { retries: retryable ? options.upstreamRetries : 0, unsentRetries, timeoutMs: options.upstreamTimeoutMs },
        options.upstreamDeps,
      );
    })().catch((error: unknown) => {
      if (error instanceof TransientUpstreamError) access.attempts = error.attempts + unsentStreamed;
      throw retryable ? error : outcomeUnknownError(error, action);
    });
    access.attempts = upstream.attempts + unsentStreamed;
    if (typeof upstream.json['RetCode'] === 'number') access.upstreamRetCode = upstream.json['RetCode'];
    if (action === 'ListTasksDetails') options.finishedTasks.rememberFromAnswer(upstream.json);
    const changed = await team.afterAnswerAsync(designer, action, validParams, plan, upstream.json);
    const answerBytes = changed ? new TextEncoder().encode(JSON.stringify(changed)) : upstream.bytes;
    access.bytesOut = answerBytes.byteLength;
    return c.body(answerBytes, 200, JSON_HEADERS);
  }

  /**
   * Completes the request opened while the image arrived, when what was validated still holds
   * that very image where it was sent; otherwise cuts it (undefined: the caller sends it whole,
   * as it does when the streamed request failed before PICPIK had all of it).
   */
  async function finishEarlyAsync(
    early: EarlyUpstream,
    action: PicpikAction,
    params: Record<string, unknown>,
    requestUuid: string,
    body: Uint8Array,
    rawStrings: readonly RawString[],
  ): Promise<UpstreamJson | undefined> {
    const raw = rawStrings.find(
      (candidate) => candidate.bytes.buffer === body.buffer && candidate.bytes.byteOffset - body.byteOffset === early.start && candidate.bytes.byteLength === (early.end ?? -1) - early.start,
    );
    const value = params[early.field];
    const sent = early.isList ? (Array.isArray(value) ? value[0] : undefined) : value;
    if (raw === undefined || sent !== raw.text) {
      early.upstream.abort('the validated request does not start with the image sent');
      return undefined;
    }
    const envelope = createPicpikRequestBody(action, params, options.keys, requestUuid, early.signature?.headFor(raw.text));
    try {
      return await early.upstream.finishAsync(encodeStreamedRest(envelope, early.field, early.isList, rawStrings), options.upstreamTimeoutMs);
    } catch (error) {
      if (error instanceof TransientUpstreamError && error.delivery === 'unsent' && error.status === 502) return undefined;
      throw error;
    }
  }
}
