// POST / envelope handling: reading the JSON body, checking it in the service's order (JSON
// object, PublicKey, Signature, Action; the parameters come after, in run-action.ts) and
// writing every answer with the common fields.
import type { Context, MiddlewareHandler } from 'hono';
import { isRecord } from '../../contract/field-rules';
import { PICPIK_ACTIONS, isPicpikAction } from '../../contract/schemas';
import { verifySignature } from '../../contract/signature';
import type { ActionOutcome } from '../actions/action-handler';
import { refuse } from '../actions/action-handler';
import type { EmulatorConfig } from '../config';
import type { EmulatorEnv } from '../emulator-env';
import { RET_CODES } from '../ret-codes';

/**
 * Writes an action's answer: Action as `<Action>Response` (UCloud style), RetCode, Message and
 * the echoed request_uuid; records the RetCode for the stats.
 */
export function answerAction(c: Context<EmulatorEnv>, outcome: ActionOutcome): Response {
  const { action, requestUuid } = c.get('envelope');
  c.set('retCode', outcome.retCode);
  return c.json({
    ...outcome.fields,
    Action: action ? `${action}Response` : 'Response',
    RetCode: outcome.retCode,
    Message: outcome.message ?? '',
    ...(requestUuid ? { request_uuid: requestUuid } : {}),
  });
}

/** Reads the body as JSON (undefined when it is not JSON) and the Action and request_uuid it declares. */
export const readEnvelope: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
  let text: string;
  try {
    text = await c.req.text();
  } catch {
    // The client cut the request before its end: no request arrived, so none is counted or run.
    return c.body(null, 400);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const action = isRecord(body) && typeof body['Action'] === 'string' ? body['Action'] : '';
  const requestUuid = isRecord(body) && typeof body['request_uuid'] === 'string' ? body['request_uuid'] : undefined;
  c.set('envelope', { body, action, requestUuid });
  await next();
};

/** Refuses a body that is not a JSON object, an unknown PublicKey, a bad Signature or an unknown Action. */
export function checkEnvelope(config: Pick<EmulatorConfig, 'publicKey' | 'privateKey'>): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const { body, action } = c.get('envelope');
    if (!isRecord(body)) return answerAction(c, refuse(RET_CODES.malformedRequest, 'the request body must be a JSON object'));
    if (body['PublicKey'] !== config.publicKey) {
      const message = typeof body['PublicKey'] === 'string' ? 'PublicKey is not a known key: check the key pair' : 'PublicKey is required';
      return answerAction(c, refuse(RET_CODES.unknownPublicKey, message));
    }
    if (typeof body['Signature'] !== 'string' || !verifySignature(body, config.privateKey)) {
      const message = typeof body['Signature'] === 'string' ? 'Signature does not match the parameters: sign with the private key that belongs to PublicKey' : 'Signature is required';
      return answerAction(c, refuse(RET_CODES.badSignature, message));
    }
    if (!isPicpikAction(action)) {
      const message = action ? `Action ${JSON.stringify(action)} is not supported: use one of ${PICPIK_ACTIONS.join(', ')}` : 'Action is required';
      return answerAction(c, refuse(RET_CODES.unknownAction, message));
    }
    c.set('checked', { action, body });
    await next();
  };
}
