// POST / stage 1: only JSON bodies, refused with 415 before a byte of the body is read.
import type { MiddlewareHandler } from 'hono';
import { RelayHttpError } from '../relay-http-error';
import type { RelayEnv } from './relay-env';

/** A charset parameter other than UTF-8's (JSON is UTF-8 text, RFC 8259 section 8.1), or undefined. */
function otherCharset(parameters: readonly string[]): string | undefined {
  for (const parameter of parameters) {
    const [name, value] = parameter.split('=').map((part) => part.trim().toLowerCase());
    if (name === 'charset' && value !== undefined && value.replace(/^"|"$/g, '') !== 'utf-8') return value;
  }
  return undefined;
}

export function requireJson(): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    const [type, ...parameters] = (c.req.header('content-type') ?? '').split(';');
    const contentType = type?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new RelayHttpError(415, 'The relay accepts only JSON bodies (Content-Type: application/json).', {
        field: 'Content-Type',
        detail: `content type "${contentType ?? ''}"`,
      });
    }
    const charset = otherCharset(parameters);
    if (charset !== undefined) {
      throw new RelayHttpError(415, `The relay reads JSON as UTF-8 only; this body says charset=${charset.slice(0, 32)}.`, {
        field: 'Content-Type',
        detail: `charset "${charset.slice(0, 32)}"`,
      });
    }
    await next();
  };
}
