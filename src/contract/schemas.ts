// The PICPIK contract as zod schemas: every action's parameters and response, per PICPIK's API
// documentation; where the docs disagree the choice is kept in PICPIK_DEFAULTS. Requests are strict
// (unknown fields rejected); responses are lenient. The schemas live in their own modules, joined
// per action in ./action-table; this module adds the envelope and parseActionParams, for the relay
// and the emulator, and re-exports the rest.
import * as z from 'zod/mini';
import { describeZodIssues, type ParseResult } from './issues';
import { isRecord } from './field-rules';
import { isPicpikAction, PICPIK_ACTIONS, type PicpikAction } from './picpik-actions';
import { PICPIK_ACTION_TABLE, type ActionParams } from './action-table';

export * from './picpik-actions';
export * from './action-table';
export * from './generate-backgrounds-schema';
export * from './image-edit-schemas';
export * from './task-and-account-schemas';
export * from './response-schemas';
export type { ParseResult } from './issues';

// ---------------------------------------------------------------------------------------------
// Envelope.

const ENVELOPE_FIELDS = ['Action', 'PublicKey', 'Signature', 'request_uuid'] as const;

/**
 * Validates an action's parameters (the body minus the envelope fields; envelope fields that are
 * still present are ignored) and returns the normalised value or designer-readable issues.
 */
export function parseActionParams<A extends PicpikAction>(action: A, params: unknown): ParseResult<ActionParams<A>>;
export function parseActionParams(action: string, params: unknown): ParseResult<unknown>;
export function parseActionParams(action: string, params: unknown): ParseResult<unknown> {
  if (!isPicpikAction(action)) {
    return {
      ok: false,
      issues: [{ path: 'Action', rule: 'enum', message: `Action must be one of ${PICPIK_ACTIONS.join(', ')} (got ${JSON.stringify(action)})` }],
    };
  }
  let body = params;
  if (isRecord(params) && ENVELOPE_FIELDS.some((key) => key in params)) {
    const copy: Record<string, unknown> = { ...params };
    for (const key of ENVELOPE_FIELDS) delete copy[key];
    body = copy;
  }
  const result = (PICPIK_ACTION_TABLE[action].params as z.ZodMiniType).safeParse(body);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: describeZodIssues(result.error) };
}
