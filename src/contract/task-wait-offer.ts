// What the relay's /healthz says about its wait route (./task-wait), when it offers it, as a zod
// schema: the plugin UI checks it through the generated spec (src/contract/generated/ui-specs.ts).
import * as z from 'zod/mini';
import { TASK_WAIT_PATH } from './task-wait';

export const TaskWaitOfferSchema = z.object({
  path: z.literal(TASK_WAIT_PATH),
  maxWaitMs: z.number(),
  maxTasks: z.number(),
});
export type TaskWaitOffer = z.output<typeof TaskWaitOfferSchema>;
