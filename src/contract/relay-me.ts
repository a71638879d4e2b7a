// The relay's GET /v1/me answer: the calling designer's usage this month and their budget.
// Shared by the relay (which builds it) and the plugin UI (which validates what it receives).
import * as z from 'zod/mini';

export const RelayMeSchema = z.object({
  name: z.string(),
  /** UTC calendar month, YYYY-MM. */
  month: z.string(),
  creditsUsed: z.number().check(z.int(), z.minimum(0)),
  /** null: no budget. */
  creditsBudget: z.nullable(z.number().check(z.int(), z.minimum(0))),
  tasks: z.number().check(z.int(), z.minimum(0)),
});
export type RelayMe = z.output<typeof RelayMeSchema>;
