// The contract's rules as the plugin UI runs them: the check specs generated from the zod schemas
// (./generated/ui-specs.ts) run with the contract's own functions and worded by describeZodIssues,
// so the UI judges requests and responses exactly as the schemas do without bundling zod.
import type { ActionParams } from './action-table';
import type { ParseResult } from './contract-issue';
import { PARAM_SPECS, RELAY_ME_SPEC, RESPONSE_SPECS, TASK_WAIT_OFFER_SPEC } from './generated/ui-specs';
import { describeZodIssues } from './issues';
import type { RelayMe } from './relay-me';
import type { ResponseChecks } from './picpik-call';
import { createSpecChecker, type CheckSpec } from './spec-check';
import { CONTRACT_SPEC_FUNCTIONS } from './spec-functions';

const checkSpec = createSpecChecker(CONTRACT_SPEC_FUNCTIONS);

function parseWith<T>(spec: CheckSpec, value: unknown): ParseResult<T> {
  const result = checkSpec<T>(spec, value);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: describeZodIssues(result.issues) };
}

/** The actions the UI sends with parameters it builds itself. */
export type UiRequestAction = 'GenerateBackgrounds' | 'RemoveBackground' | 'RemoveBackgroundsInBatch' | 'RemoveContents';

/** An action's parameters (without the envelope) checked with the contract's rules: normalised value or issues. */
export function checkRequestParams<A extends UiRequestAction>(action: A, params: unknown): ParseResult<ActionParams<A>> {
  return parseWith(PARAM_SPECS[action] as CheckSpec, params);
}

/** One response check per action, in the shape the typed call takes them (./picpik-call). */
export const RESPONSE_CHECKS = Object.fromEntries(
  Object.keys(RESPONSE_SPECS).map((action) => [action, (value: unknown) => parseWith(RESPONSE_SPECS[action] as CheckSpec, value)]),
) as ResponseChecks;

/** The relay's GET /v1/me answer. */
export function checkRelayMe(value: unknown): ParseResult<RelayMe> {
  return parseWith(RELAY_ME_SPEC, value);
}

/** Whether /healthz offers the wait route in the shape this UI speaks. */
export function isTaskWaitOffer(value: unknown): boolean {
  return checkSpec(TASK_WAIT_OFFER_SPEC, value).success;
}
