// CORS for every route: any origin (the plugin's iframe sends `Origin: null`), a preflight for
// Authorization + Content-Type, Retry-After readable. Hand-written rather than hono/cors: that
// middleware sets its headers on a placeholder response before the route runs, which makes Hono
// rebuild the route's response around its body stream and costs the Node adapter its direct
// write: ~0.3 ms a request over @hono/node-server, though no slower through app.request()
// (bench/relay-middleware.ts measures both).
import type { MiddlewareHandler } from 'hono';
import type { RelayEnv } from './relay-env';

const CORS_HEADERS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After' };
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-max-age': '600',
  'access-control-allow-methods': 'GET,POST,OPTIONS',
  'access-control-allow-headers': 'Authorization,Content-Type',
  vary: 'Access-Control-Request-Headers',
};

export function relayCors(): MiddlewareHandler<RelayEnv> {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return c.body(null, 204, PREFLIGHT_HEADERS);
    // Prepared headers: merged into whatever response the route or the error handler builds.
    for (const [name, value] of Object.entries(CORS_HEADERS)) c.header(name, value);
    await next();
    return undefined;
  };
}
