// A typed client for the PICPIK wire protocol: signs, POSTs JSON to the host root, parses the
// response with the contract's schemas and turns failures into typed errors.
import { formatIssues, type ContractIssue, describeZodIssues } from './issues';
import {
  ACTION_RESPONSE_SCHEMAS,
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
import { signParams } from './signature';
import { checkActionPixelsAsync } from './png-monochrome';

export interface PicpikKeys {
  publicKey: string;
  privateKey: string;
}

/** PICPIK answered, but with a non-zero RetCode. */
export class PicpikApiError extends Error {
  override readonly name = 'PicpikApiError';
  constructor(
    readonly retCode: number,
    readonly apiMessage: string,
    readonly action: string,
    readonly requestUuid: string | undefined,
  ) {
    super(`PICPIK refused ${action} (RetCode ${retCode})${apiMessage ? `: ${apiMessage}` : ''}`);
  }
}

export type PicpikTransportFailure = 'network' | 'timeout' | 'http' | 'not_json' | 'bad_shape';

/** The exchange itself failed: network, timeout, non-2xx, non-JSON or a response off-contract. */
export class PicpikTransportError extends Error {
  override readonly name = 'PicpikTransportError';
  constructor(
    message: string,
    readonly reason: PicpikTransportFailure,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    /** The first characters of the response body, for logs. */
    readonly bodySnippet: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** The parameters did not pass the contract: nothing was sent. */
export class PicpikValidationError extends Error {
  override readonly name = 'PicpikValidationError';
  constructor(
    readonly action: string,
    readonly issues: ContractIssue[],
  ) {
    super(`${action} parameters are not valid:\n${formatIssues(issues)}`);
  }
}

export type PicpikRequestBody = Record<string, unknown> & {
  Action: PicpikAction;
  PublicKey: string;
  request_uuid: string;
  Signature: string;
};

/**
 * The signed JSON body for an action: the parameters plus Action, PublicKey, request_uuid (a v4
 * UUID unless given) and Signature. The parameters are used as given (validate them first).
 */
export function createPicpikRequestBody(
  action: PicpikAction,
  params: Record<string, unknown>,
  keys: PicpikKeys,
  requestUuid?: string,
): PicpikRequestBody {
  const body: Record<string, unknown> = {
    ...params,
    Action: action,
    PublicKey: keys.publicKey,
    request_uuid: requestUuid ?? crypto.randomUUID(),
  };
  delete body['Signature'];
  body['Signature'] = signParams(body, keys.privateKey);
  return body as PicpikRequestBody;
}

export interface PicpikClientOptions extends PicpikKeys {
  /** e.g. https://api.picpik.ai or the emulator's http://127.0.0.1:PORT; requests go to its root. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per request; default 120 s (bodies carry megabytes of base64). */
  timeoutMs?: number;
}

export interface CallOptions {
  requestUuid?: string;
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

export function createPicpikClient(options: PicpikClientOptions) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const url = rootUrl(options.baseUrl);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const keys: PicpikKeys = { publicKey: options.publicKey, privateKey: options.privateKey };

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
    const body = createPicpikRequestBody(action, sendParams, keys, callOptions.requestUuid);

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
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new PicpikTransportError(`PICPIK's answer to ${action} is not JSON`, 'not_json', response.status, snippet, error);
    }
    if (typeof json === 'object' && json !== null && 'RetCode' in json) {
      const { RetCode, Message, request_uuid } = json as { RetCode: unknown; Message?: unknown; request_uuid?: unknown };
      if (typeof RetCode === 'number' && RetCode !== 0) {
        throw new PicpikApiError(
          RetCode,
          typeof Message === 'string' ? Message : '',
          action,
          typeof request_uuid === 'string' ? request_uuid : body.request_uuid,
        );
      }
    }
    const parsed = ACTION_RESPONSE_SCHEMAS[action].safeParse(json);
    if (!parsed.success) {
      throw new PicpikTransportError(
        `PICPIK's answer to ${action} does not match the contract:\n${formatIssues(describeZodIssues(parsed.error))}`,
        'bad_shape',
        response.status,
        snippet,
      );
    }
    return parsed.data as ActionResponse<A>;
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
