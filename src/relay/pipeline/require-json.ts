// POST / stage 1: only JSON bodies, refused with 415 before a byte of the body is read.
import type { MiddlewareHandler } from 'hono';
import { RelayHttpError } from '../relay-http-error';
import type { RelayEnv } from './relay-env';

export function requireJson(): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new RelayHttpError(415, 'The relay accepts only JSON bodies (Content-Type: application/json).', {
        field: 'Content-Type',
        detail: `content type "${contentType ?? ''}"`,
      });
    }
    await next();
  };
}
