// The relay's own questions to PICPIK (the image route's task lookup and the shared wait poller's
// tick) through the contract's typed call: signed with the contract's envelope, sent with the
// relay's retry policy, checked by the contract's response schemas. A refusal or an answer off the
// contract becomes the relay's 502, worded once here for both.
import type { ActionResponse } from '../contract/action-table';
import type { PicpikKeys } from '../contract/envelope';
import { createPicpikCall, type PicpikCallOptions } from '../contract/picpik-call';
import { PicpikApiError, PicpikTransportError } from '../contract/picpik-errors';
import { ZOD_RESPONSE_CHECKS } from '../contract/zod-response-checks';
import { RelayHttpError } from './relay-http-error';
import { signedUpstreamBody } from './signed-upstream-body';
import { postUpstreamJsonAsync, type UpstreamDeps } from './upstream-call';

interface TaskLookupOptions extends PicpikCallOptions {
  /** Told how many attempts the lookup took and the RetCode PICPIK answered, for the access log. */
  onExchange?: (exchange: { attempts?: number; retCode?: number }) => void;
}

export type TaskLookup = (taskUids: readonly string[], options?: TaskLookupOptions) => Promise<ActionResponse<'ListTasksDetails'>>;

export function createRelayTaskLookup(deps: {
  upstreamUrl: string;
  keys: PicpikKeys;
  policy: { retries: number; timeoutMs: number };
  upstreamDeps: UpstreamDeps;
  randomUuid: () => string;
}): TaskLookup {
  const call = createPicpikCall<TaskLookupOptions>(
    {
      async sendAsync(action, params, options) {
        const body = signedUpstreamBody(deps.keys, action, { Action: action, ...params }, options.requestUuid ?? deps.randomUuid());
        const upstream = await postUpstreamJsonAsync(deps.upstreamUrl, body, deps.policy, deps.upstreamDeps);
        const retCode = upstream.json['RetCode'];
        options.onExchange?.({ attempts: upstream.attempts, ...(typeof retCode === 'number' ? { retCode } : {}) });
        return { status: 200, json: upstream.json };
      },
    },
    ZOD_RESPONSE_CHECKS,
  );
  return async (taskUids, options = {}) => {
    try {
      return await call('ListTasksDetails', { TaskUIDList: [...taskUids] }, options);
    } catch (error) {
      if (error instanceof PicpikApiError) {
        throw new RelayHttpError(502, `PICPIK refused the task lookup: ${error.apiMessage || `RetCode ${error.retCode}`}`, {
          detail: `ListTasksDetails RetCode ${error.retCode}`,
        });
      }
      if (error instanceof PicpikTransportError && error.reason === 'bad_shape') {
        throw new RelayHttpError(502, 'PICPIK sent a task list the relay cannot read.', { detail: 'ListTasksDetails answer fails its schema' });
      }
      throw error;
    }
  };
}
