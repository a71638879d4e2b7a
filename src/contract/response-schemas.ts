// PICPIK's responses as zod schemas. Kept apart from the request schemas so the plugin UI, which
// reads responses, does not bundle the parameters of actions it never sends.
import * as z from 'zod/mini';
import { withErrorMassage, withModelCodes } from './response-transforms';

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

const CommonResponseSchema = z.looseObject({
  Action: z.string(),
  RetCode: z.number().check(z.int()),
  Message: z._default(z.optional(z.string()), ''),
  request_uuid: z.optional(z.string()),
});

/** The answer of every action that starts a task: its TaskUID; results come through ListTasksDetails' ImgList. */
export const TaskSubmittedResponseSchema = z.extend(CommonResponseSchema, { TaskUID: z.string() });

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

export const ListTasksDetailsResponseSchema = z.extend(CommonResponseSchema, {
  TaskDetailList: z._default(z.array(TaskDetailSchema), []),
});

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

export const ListModelsResponseSchema = z.extend(CommonResponseSchema, {
  MainModels: modelMap(),
  LoraModels: modelMap(),
  EmbeddingModels: modelMap(),
  HypernetworkModels: modelMap(),
});
export type ListModelsResponse = z.output<typeof ListModelsResponseSchema>;

export const TerminateTaskResponseSchema = CommonResponseSchema;

export const ListRunningTasksResponseSchema = z.extend(CommonResponseSchema, {
  TaskUIDList: z._default(z.array(z.string()), []),
});

export const GetCreditBalanceResponseSchema = z.extend(CommonResponseSchema, {
  TotalCredits: z.number(),
  UsedCredits: z.number(),
  /** Unix seconds; optional in PICPIK's table (credits that never expire may come without it). */
  ExpireTimestamp: z.optional(z.number()),
});
