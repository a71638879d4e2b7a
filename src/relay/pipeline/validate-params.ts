// POST / stage 4: the action's parameters checked against the contract (fields, cross-field
// rules, then the checks that need an image's pixels) after the relay's own content rules.
// Refusals name the first offending field and list up to five problems.
import type { MiddlewareHandler } from 'hono';
import { parseActionParams } from '../../contract/schemas';
import { checkActionPixelsAsync } from '../../contract/png-monochrome';
import { RelayHttpError } from '../relay-http-error';
import { checkImageList, checkPromptText } from '../request-content-rules';
import { paramsForLog } from '../params-for-log';
import type { RelayEnv } from './relay-env';

const SHOWN_ISSUES = 5;

export function validateParams(options: { maxPromptTextBytes: number; debugLogBodies: boolean }): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    const { action, params } = c.get('envelope');
    checkPromptText(params, options.maxPromptTextBytes);
    checkImageList(params);
    const parsed = parseActionParams(action, params);
    const issues = parsed.ok ? await checkActionPixelsAsync(action, parsed.value as Record<string, unknown>) : parsed.issues;
    if (!parsed.ok || issues.length > 0) {
      const first = issues[0];
      const shown = issues.slice(0, SHOWN_ISSUES).map((issue) => issue.message);
      if (issues.length > shown.length) shown.push(`and ${issues.length - shown.length} more`);
      throw new RelayHttpError(400, shown.join('; '), {
        ...(first?.path ? { field: first.path } : {}),
        detail: `invalid params: ${issues.map((issue) => `${issue.path || 'body'} ${issue.rule}`).join(', ')}`,
      });
    }
    // The normalised value is the table's shape picpik-api.md asks to send (seed-shape input
    // converted, defaults explicit), and exactly what is signed and sent.
    const validParams = parsed.value as Record<string, unknown>;
    if (options.debugLogBodies) c.get('access').params = paramsForLog(validParams);
    c.set('validParams', validParams);
    await next();
  };
}
