// Admission for every designer route: the failed-authentication limit per client address,
// bearer auth against the team store (or, while the store has no designers, the loopback-only
// rule), then the shared per-designer rate limit. Hand-written rather than hono/bearer-auth:
// tokens are checked as stored hashes by the team store, a store without designers admits
// token-less loopback requests, a malformed header is a 401 like a wrong token, and only a
// refused token counts towards the address's failure limit. Not for speed: with verifyToken on
// the same store, hono/bearer-auth measured within 0.01 ms a request (bench/relay-middleware.ts).
import type { MiddlewareHandler } from 'hono';
import type { AuthFailureLimiter } from '../auth-failure-limiter';
import { assertLoopbackRequest } from '../loopback-request-guard';
import { RelayHttpError } from '../relay-http-error';
import type { Designer } from '../store/relay-store';
import { ANONYMOUS_DESIGNER } from '../team/designer-auth';
import type { RelayTeam } from '../team/relay-team';
import { QuietRefusal } from './error-answer';
import type { RelayEnv } from './relay-env';

export function admitDesigner(deps: {
  authFailures: AuthFailureLimiter;
  teamReady: Promise<RelayTeam>;
  clientAddress?: ((request: Request, env: unknown) => string | undefined) | undefined;
}): MiddlewareHandler<RelayEnv> {
  const { authFailures } = deps;
  return async (c, next) => {
    const access = c.get('access');
    const address = deps.clientAddress?.(c.req.raw, c.env) ?? 'unknown';
    const credential = c.req.header('authorization') ?? '';
    const allowed = authFailures.check(address, credential);
    if (!allowed.allowed) {
      const options = { detail: 'failed authentication limit', retryAfterSeconds: allowed.retryAfterSeconds };
      const message = `Too many failed sign-ins from this address. Try again in ${allowed.retryAfterSeconds} s with a valid token.`;
      throw allowed.log ? new RelayHttpError(429, message, options) : new QuietRefusal(429, message, options);
    }
    const team = await deps.teamReady;
    let designer: Designer;
    try {
      designer = await team.admitAsync(c.req.header('authorization'), () => assertLoopbackRequest(new URL(c.req.url).host, c.req.header('origin')));
    } catch (error) {
      // Only a refused token stays counted; a store fault or a rate limit is not a failed sign-in.
      authFailures.settle(address, credential, error instanceof RelayHttpError && error.status === 401 ? 'refused' : 'undecided');
      throw error;
    }
    authFailures.settle(address, credential, designer === ANONYMOUS_DESIGNER ? 'undecided' : 'signed-in');
    access.tokenId = designer.name;
    c.set('tokenId', designer.name);
    c.set('designer', designer);
    await next();
  };
}
