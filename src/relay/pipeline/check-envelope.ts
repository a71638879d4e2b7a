// POST / stage 3: the body parsed under the JSON limits and its envelope checked: an allowed
// Action, a well-formed request_uuid (one is made when absent), and no PublicKey or Signature,
// which only the relay adds.
import type { MiddlewareHandler } from 'hono';
import { isPicpikAction } from '../../contract/schemas';
import { RelayHttpError } from '../relay-http-error';
import { parseJsonBody, type FastBytes, type JsonLimits } from '../read-json-body';
import type { RelayEnv } from './relay-env';

const REQUEST_UUID = /^[A-Za-z0-9._:-]{1,128}$/;

export function checkEnvelope(
  jsonLimits: JsonLimits,
  allowedActions: ReadonlySet<string>,
  deps: { fastBytes?: FastBytes; randomUuid: () => string },
): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    const access = c.get('access');
    const { params, rawStrings } = parseJsonBody(c.get('body'), jsonLimits, deps.fastBytes, c.get('bodyImageSpans'));
    const action = params['Action'];
    if (typeof action !== 'string' || action.length === 0) {
      const problem = action === undefined ? 'is required' : 'must be text';
      throw new RelayHttpError(400, `Action ${problem}: the name of the PICPIK action, e.g. "ListModels".`, { field: 'Action' });
    }
    access.action = action.slice(0, 64);
    const callerUuid = params['request_uuid'];
    if (callerUuid !== undefined) {
      if (typeof callerUuid !== 'string' || !REQUEST_UUID.test(callerUuid)) {
        throw new RelayHttpError(400, 'request_uuid must be text of 1-128 letters, digits, ".", "_", ":" or "-", such as a UUID.', {
          field: 'request_uuid',
        });
      }
      access.request_uuid = callerUuid;
    }
    if (!isPicpikAction(action) || !allowedActions.has(action)) {
      throw new RelayHttpError(403, `The action "${access.action}" is not allowed through this relay.`, { field: 'Action' });
    }
    for (const field of ['PublicKey', 'Signature'] as const) {
      if (field in params) {
        throw new RelayHttpError(400, `${field} must not be sent: the relay adds it. Remove it from the request.`, { field });
      }
    }
    const requestUuid = typeof callerUuid === 'string' ? callerUuid : deps.randomUuid();
    access.request_uuid = requestUuid;
    c.set('envelope', { action, requestUuid, params, rawStrings });
    await next();
  };
}
