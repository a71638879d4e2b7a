// A typed client for the PICPIK wire protocol: validates the parameters, then calls through an
// HTTP transport that signs and POSTs JSON to the host root. Checking the answer and turning
// refusals into typed errors is the typed call's job (./picpik-call).
import {
  parseActionParams,
  type ActionParams,
  type ActionParamsInput,
  type ActionResponse,
  type GenerateBackgroundsInput,
  type PicpikAction,
  type RemoveBackgroundInput,
  type RemoveBackgroundsInBatchInput,
  type RemoveContentsInput,
} from './schemas';
import { checkActionPixelsAsync } from './png-monochrome';
import { createPicpikRequestBody, type PicpikKeys } from './envelope';
import { createPicpikCall, type PicpikCallOptions, type PicpikTransport, type ResponseChecks } from './picpik-call';
import { PicpikTransportError, PicpikValidationError } from './picpik-errors';
import { ZOD_RESPONSE_CHECKS } from './zod-response-checks';

export { createPicpikRequestBody } from './envelope';
export { PicpikApiError, PicpikTransportError, PicpikValidationError } from './picpik-errors';

export interface PicpikClientOptions extends PicpikKeys {
  /** e.g. https://api.picpik.ai or the emulator's http://127.0.0.1:PORT; requests go to its root. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per request; default 120 s (bodies carry megabytes of base64). */
  timeoutMs?: number;
  /** How answers are checked; the action table's zod schemas unless given. */
  checks?: ResponseChecks;
}

export interface CallOptions extends PicpikCallOptions {
  /** Validate and normalise the parameters first (default true). */
  validate?: boolean;
}

const SNIPPET_LENGTH = 300;

function rootUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = '/';
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** Signs and POSTs one action to the host root; rejects with PicpikTransportError when no JSON answer arrives. */
function createPicpikHttpTransport(options: PicpikClientOptions): PicpikTransport {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const url = rootUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const keys: PicpikKeys = { publicKey: options.publicKey, privateKey: options.privateKey };

  return {
    async sendAsync(action, params, sendOptions) {
      const body = createPicpikRequestBody(action, params, keys, sendOptions.requestUuid);
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      let response: Response;
      let text: string;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        text = await response.text();
      } catch (error) {
        const timedOut = controller.signal.aborted;
        throw new PicpikTransportError(
          timedOut ? `PICPIK did not answer ${action} within ${timeoutMs} ms` : `Could not reach PICPIK for ${action}: ${String(error)}`,
          timedOut ? 'timeout' : 'network',
          0,
          '',
          error,
        );
      } finally {
        clearTimeout(timer);
      }
      const snippet = text.slice(0, SNIPPET_LENGTH);
      if (!response.ok) {
        throw new PicpikTransportError(`PICPIK answered ${action} with HTTP ${response.status}`, 'http', response.status, snippet);
      }
      try {
        return { status: response.status, json: JSON.parse(text) as unknown };
      } catch (error) {
        throw new PicpikTransportError(`PICPIK's answer to ${action} is not JSON`, 'not_json', response.status, snippet, error);
      }
    },
  };
}

export function createPicpikClient(options: PicpikClientOptions) {
  const call = createPicpikCall(createPicpikHttpTransport(options), options.checks ?? ZOD_RESPONSE_CHECKS);

  async function callAsync<A extends PicpikAction>(
    action: A,
    params: ActionParamsInput<A> | ActionParams<A>,
    callOptions: CallOptions = {},
  ): Promise<ActionResponse<A>> {
    let sendParams = params as Record<string, unknown>;
    if (callOptions.validate !== false) {
      const parsed = parseActionParams(action, params);
      if (!parsed.ok) throw new PicpikValidationError(action, parsed.issues);
      sendParams = parsed.value as Record<string, unknown>;
      const pixelIssues = await checkActionPixelsAsync(action, sendParams);
      if (pixelIssues.length > 0) throw new PicpikValidationError(action, pixelIssues);
    }
    // Chosen here, not by the envelope, so a refusal that does not echo it still names it.
    return call(action, sendParams as ActionParams<A>, { requestUuid: callOptions.requestUuid ?? crypto.randomUUID() });
  }

  return {
    callAsync,
    generateBackgroundsAsync: (params: GenerateBackgroundsInput, callOptions?: CallOptions) =>
      callAsync('GenerateBackgrounds', params, callOptions),
    listTasksDetailsAsync: (taskUids: string[], callOptions?: CallOptions) =>
      callAsync('ListTasksDetails', { TaskUIDList: taskUids }, callOptions),
    listModelsAsync: (callOptions?: CallOptions) => callAsync('ListModels', {}, callOptions),
    terminateTaskAsync: (taskUid: string, callOptions?: CallOptions) => callAsync('TerminateTask', { TaskUID: taskUid }, callOptions),
    listRunningTasksAsync: (callOptions?: CallOptions) => callAsync('ListRunningTasks', {}, callOptions),
    getCreditBalanceAsync: (callOptions?: CallOptions) => callAsync('GetCreditBalance', {}, callOptions),
    removeBackgroundAsync: (params: RemoveBackgroundInput, callOptions?: CallOptions) => callAsync('RemoveBackground', params, callOptions),
    removeBackgroundsInBatchAsync: (params: RemoveBackgroundsInBatchInput, callOptions?: CallOptions) =>
      callAsync('RemoveBackgroundsInBatch', params, callOptions),
    removeContentsAsync: (params: RemoveContentsInput, callOptions?: CallOptions) => callAsync('RemoveContents', params, callOptions),
  };
}

export type PicpikClient = ReturnType<typeof createPicpikClient>;
