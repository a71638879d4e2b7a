// The PICPIK contract as zod schemas: every action's parameters and response, per PICPIK's API
// documentation; where the docs disagree the choice is kept in PICPIK_DEFAULTS. Requests are strict
// (unknown fields rejected); responses are lenient. GenerateBackgrounds' parameters live in
// ./generate-backgrounds-schema, the image edits' in ./image-edit-schemas, the responses in
// ./response-schemas; this module joins them per action, for the relay and the emulator.
import * as z from 'zod/mini';
import { describeZodIssues, mustBe, type ContractIssue } from './issues';
import { isRecord, text, withImageMemo } from './field-rules';
import { GenerateBackgroundsParamsSchema, PICPIK_LIMITS } from './generate-backgrounds-schema';
import { RemoveBackgroundParamsSchema, RemoveBackgroundsInBatchParamsSchema, RemoveContentsParamsSchema } from './image-edit-schemas';

export * from './generate-backgrounds-schema';
export * from './image-edit-schemas';
export * from './response-schemas';

export const PICPIK_ACTIONS = [
  'GenerateBackgrounds',
  'ListTasksDetails',
  'ListModels',
  'TerminateTask',
  'ListRunningTasks',
  'GetCreditBalance',
  'RemoveBackground',
  'RemoveBackgroundsInBatch',
  'RemoveContents',
] as const;
export type PicpikAction = (typeof PICPIK_ACTIONS)[number];

/** The actions that start a task: each costs credits, answers a TaskUID, and must never be repeated blindly. */
export const TASK_ACTIONS = ['GenerateBackgrounds', 'RemoveBackground', 'RemoveBackgroundsInBatch', 'RemoveContents'] as const satisfies readonly PicpikAction[];
export type TaskAction = (typeof TASK_ACTIONS)[number];

export function isTaskAction(action: string): action is TaskAction {
  return (TASK_ACTIONS as readonly string[]).includes(action);
}
const ListTasksDetailsParamsSchema = z.strictObject({
  TaskUIDList: z
    .array(text().check(z.minLength(1, { error: 'must not hold empty task ids' })), {
      error: mustBe('must be a list of task ids, e.g. ["ckti5nf2h4keq8mr9n00"]'),
    })
    .check(
      z.minLength(PICPIK_LIMITS.TaskUIDList.min, { error: mustBe('must hold at least one task id') }),
      z.maxLength(PICPIK_LIMITS.TaskUIDList.max, { error: mustBe(`must hold at most ${PICPIK_LIMITS.TaskUIDList.max} task ids: poll in batches`) }),
    ),
});
const ListModelsParamsSchema = z.strictObject({});
const TerminateTaskParamsSchema = z.strictObject({
  TaskUID: text().check(z.minLength(1, { error: 'must not be empty' })),
});
const ListRunningTasksParamsSchema = z.strictObject({});
const GetCreditBalanceParamsSchema = z.strictObject({});

export const ACTION_PARAM_SCHEMAS = {
  GenerateBackgrounds: GenerateBackgroundsParamsSchema,
  ListTasksDetails: ListTasksDetailsParamsSchema,
  ListModels: ListModelsParamsSchema,
  TerminateTask: TerminateTaskParamsSchema,
  ListRunningTasks: ListRunningTasksParamsSchema,
  GetCreditBalance: GetCreditBalanceParamsSchema,
  RemoveBackground: RemoveBackgroundParamsSchema,
  RemoveBackgroundsInBatch: RemoveBackgroundsInBatchParamsSchema,
  RemoveContents: RemoveContentsParamsSchema,
} as const satisfies Record<PicpikAction, z.ZodMiniType>;

export type ActionParamsInput<A extends PicpikAction> = z.input<(typeof ACTION_PARAM_SCHEMAS)[A]>;
export type ActionParams<A extends PicpikAction> = z.output<(typeof ACTION_PARAM_SCHEMAS)[A]>;

// ---------------------------------------------------------------------------------------------
// Envelope.

const ENVELOPE_FIELDS = ['Action', 'PublicKey', 'Signature', 'request_uuid'] as const;

export function isPicpikAction(value: unknown): value is PicpikAction {
  return typeof value === 'string' && (PICPIK_ACTIONS as readonly string[]).includes(value);
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: ContractIssue[] };

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
  return withImageMemo(() => {
    const result = (ACTION_PARAM_SCHEMAS[action] as z.ZodMiniType).safeParse(body);
    return result.success ? { ok: true, value: result.data } : { ok: false, issues: describeZodIssues(result.error) };
  });
}
