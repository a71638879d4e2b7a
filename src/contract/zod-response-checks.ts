// The response checks of the typed call, backed by the action table's zod schemas: the default
// wherever bundle size does not matter (the node client, the relay, tests).
import type * as z from 'zod/mini';
import { PICPIK_ACTION_TABLE } from './action-table';
import type { ParseResult } from './contract-issue';
import { describeZodIssues } from './issues';
import type { ResponseChecks } from './picpik-call';

function checkWith(schema: z.ZodMiniType): (value: unknown) => ParseResult<unknown> {
  return (value) => {
    const result = schema.safeParse(value);
    return result.success ? { ok: true, value: result.data } : { ok: false, issues: describeZodIssues(result.error) };
  };
}

export const ZOD_RESPONSE_CHECKS = Object.fromEntries(
  Object.entries(PICPIK_ACTION_TABLE).map(([action, schemas]) => [action, checkWith(schemas.response)]),
) as ResponseChecks;
