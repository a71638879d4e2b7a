// Every failure on every route becomes the relay's JSON error body (RetCode 9xxxx, Message,
// Field) with its HTTP status; anything that is not a RelayHttpError is answered as a 500.
import type { Context } from 'hono';
import { RelayHttpError } from '../relay-http-error';
import type { RelayEnv } from './relay-env';
import { JSON_HEADERS } from './sign-and-forward';

/** A refusal answered like any other but left out of the access log (a flood's repeats). */
export class QuietRefusal extends RelayHttpError {}

/** The error handler, and the set of answers the access log leaves out. */
export function createErrorAnswer() {
  const quietRefusals = new WeakSet<Response>();
  function answerError(error: Error, c: Context<RelayEnv>): Response {
    const access = c.get('access') ?? {};
    const httpError =
      error instanceof RelayHttpError
        ? error
        : new RelayHttpError(500, 'The relay hit an unexpected problem. Try again; if it persists, tell whoever runs the relay.', {
            detail: `${error.name}: ${error.message}`,
          });
    access.error = httpError.detail ?? httpError.publicMessage;
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (httpError.retryAfterSeconds !== undefined) headers['retry-after'] = String(httpError.retryAfterSeconds);
    if (httpError.closeConnection) headers['connection'] = 'close';
    const body = httpError.toBody({
      ...(access.action !== undefined ? { action: access.action } : {}),
      ...(access.request_uuid !== undefined ? { requestUuid: access.request_uuid } : {}),
    });
    const response = c.body(JSON.stringify(body), httpError.status, headers);
    if (error instanceof QuietRefusal) quietRefusals.add(response);
    return response;
  }
  return { answerError, isQuiet: (response: Response) => quietRefusals.has(response) };
}
