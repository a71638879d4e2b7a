// The relay's own errors: a PICPIK-shaped JSON body with a non-zero RetCode and an HTTP status,
// carrying a designer-facing Message and a developer detail that only reaches the access log.

export type RelayErrorStatus = 400 | 401 | 402 | 403 | 404 | 405 | 408 | 413 | 415 | 429 | 500 | 502 | 503 | 504;

/**
 * Relay errors use RetCode 9xxxx where xxx is the HTTP status (90400, 90413, 90502...), so they
 * never collide with PICPIK's own codes, which pass through unchanged with HTTP 200.
 */
function relayRetCode(status: RelayErrorStatus): number {
  return 90000 + status;
}

export interface RelayErrorBody {
  RetCode: number;
  Message: string;
  Field?: string;
  Action?: string;
  request_uuid?: string;
}

export class RelayError extends Error {
  readonly status: RelayErrorStatus;
  /** Designer-facing: what happened and what to do. */
  readonly publicMessage: string;
  /** Developer-facing: logged, never sent. */
  readonly detail: string | undefined;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** Close the connection after answering: the rest of the request body is not worth reading. */
  readonly closeConnection: boolean;

  constructor(
    status: RelayErrorStatus,
    publicMessage: string,
    options: { detail?: string; field?: string; retryAfterSeconds?: number; closeConnection?: boolean; cause?: unknown } = {},
  ) {
    super(publicMessage, { cause: options.cause });
    this.name = 'RelayError';
    this.status = status;
    this.publicMessage = publicMessage;
    this.detail = options.detail;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.closeConnection = options.closeConnection ?? false;
  }

  toBody(context: { action?: string; requestUuid?: string } = {}): RelayErrorBody {
    const body: RelayErrorBody = { RetCode: relayRetCode(this.status), Message: this.publicMessage };
    if (this.field !== undefined) body.Field = this.field;
    if (context.action !== undefined) body.Action = context.action;
    if (context.requestUuid !== undefined) body.request_uuid = context.requestUuid;
    return body;
  }
}
