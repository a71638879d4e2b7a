// PICPIK's responses as zod schemas. Kept apart from the request schemas so the plugin UI, which
// reads responses, does not bundle the parameters of actions it never sends.
import * as z from 'zod/mini';
import { withErrorMassage, withModelCodes } from './response-transforms';
import type { PicpikAction } from './schemas';

// Responses: lenient (unknown fields pass through), typed where the docs say. Checked against the
// Required column of PICPIK's api-reference pages: a field the docs mark required may still be
// defaulted here when Backdrop can do without it, but a field they leave optional is never
// required. Required there: Action, RetCode (Message, request_uuid optional); TaskUID, Action,
// Status of a TaskDetail (the rest optional); TaskDetailList; MainModels and a Model's
// ModelCode; TaskUIDList of ListRunningTasks; TotalCredits and UsedCredits (ExpireTimestamp
// optional). The ListTasksDetails page's response table lists the request's fields instead of
// RetCode; every other page marks RetCode required, so it is required here too. A
// GenerateBackgrounds answer keeps TaskUID required (the sibling task actions mark it so): a
// success without one leaves nothing to follow.

export const CommonResponseSchema = z.looseObject({
  Action: z.string(),
  RetCode: z.number().check(z.int()),
  Message: z._default(z.optional(z.string()), ''),
  request_uuid: z.optional(z.string()),
});
export type CommonResponse = z.output<typeof CommonResponseSchema>;

/** The answer of every action that starts a task: its TaskUID; results come through ListTasksDetails' ImgList. */
export const TaskSubmittedResponseSchema = z.extend(CommonResponseSchema, { TaskUID: z.string() });
export type TaskSubmittedResponse = z.output<typeof TaskSubmittedResponseSchema>;
export const GenerateBackgroundsResponseSchema = TaskSubmittedResponseSchema;
export type GenerateBackgroundsResponse = TaskSubmittedResponse;
/** TaskUID; ImgList then holds the cut-out (a PNG with alpha), or the black-and-white mask with OnlyMask. */
export const RemoveBackgroundResponseSchema = TaskSubmittedResponseSchema;
/** TaskUID; ImgList then holds one cut-out (or mask) per RawImages entry, in order. */
export const RemoveBackgroundsInBatchResponseSchema = TaskSubmittedResponseSchema;
/** TaskUID; ImgList then holds the raw image with the masked area redrawn. */
export const RemoveContentsResponseSchema = TaskSubmittedResponseSchema;

// What full zod's `preprocess` builds: a transform piped into the schema.
export const TaskDetailSchema = z.pipe(
  z.transform(withErrorMassage),
  z.looseObject({
    TaskUID: z.string(),
    Action: z.optional(z.string()),
    Status: z.string(),
    ImgList: z._default(z.array(z.string()), []),
    Seed: z.optional(z.number().check(z.int())),
    TxtList: z.optional(z.array(z.string())),
    ConsumeApiPoint: z.optional(z.number().check(z.int())),
    ErrorCode: z._default(z.number().check(z.int()), 0),
    ErrorMassage: z._default(z.string(), ''),
  }),
);
export type TaskDetail = z.output<typeof TaskDetailSchema>;
export type TaskDetailInput = z.input<typeof TaskDetailSchema>;

export const ListTasksDetailsResponseSchema = z.extend(CommonResponseSchema, {
  TaskDetailList: z._default(z.array(TaskDetailSchema), []),
});
export type ListTasksDetailsResponse = z.output<typeof ListTasksDetailsResponseSchema>;

/** A model as ListModels returns it; ModelCode falls back to the map key when absent. */
export const PicpikModelSchema = z.looseObject({
  ModelCode: z.optional(z.string()),
  Name: z.optional(z.string()),
  IsOfficial: z.optional(z.boolean()),
  TriggerWordList: z.optional(z.array(z.string())),
  InferenceParams: z.optional(z.record(z.string(), z.unknown())),
});

const modelMap = () =>
  z.pipe(
    z._default(z.optional(z.record(z.string(), PicpikModelSchema)), {}),
    z.transform(withModelCodes<z.output<typeof PicpikModelSchema>>),
  );

export type PicpikModel = z.output<typeof PicpikModelSchema> & { ModelCode: string };

export const ListModelsResponseSchema = z.extend(CommonResponseSchema, {
  MainModels: modelMap(),
  LoraModels: modelMap(),
  EmbeddingModels: modelMap(),
  HypernetworkModels: modelMap(),
});
export type ListModelsResponse = z.output<typeof ListModelsResponseSchema>;

export const TerminateTaskResponseSchema = CommonResponseSchema;
export type TerminateTaskResponse = z.output<typeof TerminateTaskResponseSchema>;

export const ListRunningTasksResponseSchema = z.extend(CommonResponseSchema, {
  TaskUIDList: z._default(z.array(z.string()), []),
});
export type ListRunningTasksResponse = z.output<typeof ListRunningTasksResponseSchema>;

export const GetCreditBalanceResponseSchema = z.extend(CommonResponseSchema, {
  TotalCredits: z.number(),
  UsedCredits: z.number(),
  /** Unix seconds; optional in PICPIK's table (credits that never expire may come without it). */
  ExpireTimestamp: z.optional(z.number()),
});
export type GetCreditBalanceResponse = z.output<typeof GetCreditBalanceResponseSchema>;

export const ACTION_RESPONSE_SCHEMAS = {
  GenerateBackgrounds: GenerateBackgroundsResponseSchema,
  ListTasksDetails: ListTasksDetailsResponseSchema,
  ListModels: ListModelsResponseSchema,
  TerminateTask: TerminateTaskResponseSchema,
  ListRunningTasks: ListRunningTasksResponseSchema,
  GetCreditBalance: GetCreditBalanceResponseSchema,
  RemoveBackground: RemoveBackgroundResponseSchema,
  RemoveBackgroundsInBatch: RemoveBackgroundsInBatchResponseSchema,
  RemoveContents: RemoveContentsResponseSchema,
} as const satisfies Record<PicpikAction, z.ZodMiniType>;

export type ActionResponse<A extends PicpikAction> = z.output<(typeof ACTION_RESPONSE_SCHEMAS)[A]>;
