// The last step of POST /: the action's parameters validated by the contract (and their pixels
// checked), then its handler from ACTION_HANDLERS.
import type { Handler } from 'hono';
import type { ContractIssue } from '../../contract/issues';
import { checkActionPixelsAsync } from '../../contract/png-monochrome';
import { parseActionParams, type PicpikAction } from '../../contract/schemas';
import type { EmulatorEnv } from '../emulator-env';
import { answerAction } from '../middleware/envelope';
import { RET_CODES } from '../ret-codes';
import { refuse, type ActionHandler, type ActionServices } from './action-handler';
import { ACTION_HANDLERS } from './action-handlers';

/** Which RetCode a set of validation issues maps to: the most specific rule wins. */
function retCodeForIssues(issues: readonly ContractIssue[]): number {
  if (issues.some((issue) => issue.rule === 'image_index')) return RET_CODES.imageIndexOutOfRange;
  if (issues.some((issue) => issue.rule === 'foreground_png' || issue.rule === 'foreground_alpha')) return RET_CODES.foregroundNotTransparentPng;
  return RET_CODES.invalidParam;
}

export function runAction(services: (c: Parameters<Handler<EmulatorEnv>>[0]) => ActionServices): Handler<EmulatorEnv> {
  return async (c) => {
    const { action, body } = c.get('checked');
    const parsed = parseActionParams(action, body);
    if (!parsed.ok) return answerAction(c, refuse(retCodeForIssues(parsed.issues), parsed.issues.map((issue) => issue.message).join('; ')));
    const pixelIssues = await checkActionPixelsAsync(action, parsed.value as Record<string, unknown>);
    if (pixelIssues.length > 0) return answerAction(c, refuse(RET_CODES.invalidParam, pixelIssues.map((issue) => issue.message).join('; ')));
    const handler = ACTION_HANDLERS[action] as ActionHandler<PicpikAction>;
    return answerAction(c, await handler(parsed.value, services(c)));
  };
}
