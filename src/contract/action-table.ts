// Every PICPIK action once: its parameters and its response as zod schemas. The types of a call
// (what goes in, what comes back) derive from this table, so an action cannot gain a request
// without a response, or the other way round.
import type * as z from 'zod/mini';
import type { PicpikAction } from './picpik-actions';
import { GenerateBackgroundsParamsSchema } from './generate-backgrounds-schema';
import { RemoveBackgroundParamsSchema, RemoveBackgroundsInBatchParamsSchema, RemoveContentsParamsSchema } from './image-edit-schemas';
import {
  GetCreditBalanceParamsSchema,
  ListModelsParamsSchema,
  ListRunningTasksParamsSchema,
  ListTasksDetailsParamsSchema,
  TerminateTaskParamsSchema,
} from './task-and-account-schemas';
import {
  GetCreditBalanceResponseSchema,
  ListModelsResponseSchema,
  ListRunningTasksResponseSchema,
  ListTasksDetailsResponseSchema,
  TaskSubmittedResponseSchema,
  TerminateTaskResponseSchema,
} from './response-schemas';

export interface ActionSchemas {
  /** Strict: unknown fields are rejected, so only documented fields are signed and sent. */
  params: z.ZodMiniType;
  /** Lenient: unknown fields pass through. */
  response: z.ZodMiniType;
}

export const PICPIK_ACTION_TABLE = {
  GenerateBackgrounds: { params: GenerateBackgroundsParamsSchema, response: TaskSubmittedResponseSchema },
  ListTasksDetails: { params: ListTasksDetailsParamsSchema, response: ListTasksDetailsResponseSchema },
  ListModels: { params: ListModelsParamsSchema, response: ListModelsResponseSchema },
  TerminateTask: { params: TerminateTaskParamsSchema, response: TerminateTaskResponseSchema },
  ListRunningTasks: { params: ListRunningTasksParamsSchema, response: ListRunningTasksResponseSchema },
  GetCreditBalance: { params: GetCreditBalanceParamsSchema, response: GetCreditBalanceResponseSchema },
  // ImgList then holds the cut-out (a PNG with alpha), or the black-and-white mask with OnlyMask.
  RemoveBackground: { params: RemoveBackgroundParamsSchema, response: TaskSubmittedResponseSchema },
  // ImgList then holds one cut-out (or mask) per RawImages entry, in order.
  RemoveBackgroundsInBatch: { params: RemoveBackgroundsInBatchParamsSchema, response: TaskSubmittedResponseSchema },
  // ImgList then holds the raw image with the masked area redrawn.
  RemoveContents: { params: RemoveContentsParamsSchema, response: TaskSubmittedResponseSchema },
} as const satisfies Record<PicpikAction, ActionSchemas>;

type ActionTable = typeof PICPIK_ACTION_TABLE;
/** What a caller may pass (defaults not yet applied, the seed example's shape accepted). */
export type ActionParamsInput<A extends PicpikAction> = z.input<ActionTable[A]['params']>;
/** The parameters as sent: normalised to the table's shape, defaults applied. */
export type ActionParams<A extends PicpikAction> = z.output<ActionTable[A]['params']>;
/** A successful answer (RetCode 0), defaults applied. */
export type ActionResponse<A extends PicpikAction> = z.output<ActionTable[A]['response']>;
