// The relay's hand-written middlewares against Hono's own (hono/cors, hono/bearer-auth with
// verifyToken, hono/body-limit): the time each adds per request, same route, same run. A Hono
// piece replaces the relay's where it costs under 0.1 ms more; the rest keep theirs with the
// reason in their header. CORS is also measured over the Node adapter, where its cost shows.
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createAuthFailureLimiter } from '../src/relay/auth-failure-limiter';
import { createInflightBodyBudget } from '../src/relay/inflight-body-budget';
import { admitDesigner } from '../src/relay/pipeline/admit-designer';
import { readBody } from '../src/relay/pipeline/read-body';
import { relayCors } from '../src/relay/pipeline/relay-cors';
import type { RelayEnv } from '../src/relay/pipeline/relay-env';
import { openInMemoryStoreAsync } from '../src/relay/store/in-memory-store';
import { createRelayTeam } from '../src/relay/team/relay-team';
import { NODE_FAST_BYTES } from '../src/relay/serve';
import type { BenchRow } from './bench-row';

const REQUESTS = 4000;
const ROUNDS = 8;
const TOKEN = 'bench-middleware-token-0123';
const POLL = JSON.stringify({ Action: 'ListTasksDetails', TaskUIDList: ['ckti5nf2h4keq8mr9n00', 'ckti5nf2h4keq8mr9n01'] });

type Send = () => Promise<Response | number>;

/** Mean ms per request of each sender, in alternating rounds so load drift hits both alike. */
async function alternatingMeansAsync(a: Send, b: Send): Promise<[number, number]> {
  const totals = [0, 0];
  const perRound = REQUESTS / ROUNDS;
  for (let i = 0; i < 200; i += 1) await Promise.all([a(), b()]); // warm-up: JIT, store caches
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [index, send] of [a, b].entries()) {
      const started = performance.now();
      for (let i = 0; i < perRound; i += 1) {
        const res = await send();
        const status = typeof res === 'number' ? res : res.status;
        if (typeof res !== 'number') await res.arrayBuffer();
        if (status >= 300) throw new Error(`HTTP ${status}`);
      }
      totals[index] = (totals[index] ?? 0) + (performance.now() - started);
    }
  }
  return [(totals[0] ?? 0) / REQUESTS, (totals[1] ?? 0) / REQUESTS];
}

function row(name: string, handWritten: number, hono: number, note: string): BenchRow {
  return {
    name,
    value: hono - handWritten,
    unit: 'ms/request',
    reference: handWritten,
    note: `Hono's piece minus the relay's, ${REQUESTS} requests each; hand-written ${handWritten.toFixed(3)} ms, Hono ${hono.toFixed(3)} ms a request. ${note}`,
  };
}

function corsApps(): [Hono<RelayEnv>, Hono<RelayEnv>] {
  const image = new Uint8Array(4096).fill(7);
  const route = (app: Hono<RelayEnv>) => app.get('/image', (c) => c.body(image, 200, { 'content-type': 'image/png' }));
  const handWritten = new Hono<RelayEnv>();
  handWritten.use('*', relayCors());
  const hono = new Hono<RelayEnv>();
  hono.use(
    '*',
    cors({ origin: '*', exposeHeaders: ['Retry-After'], maxAge: 600, allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Authorization', 'Content-Type'] }),
  );
  return [route(handWritten), route(hono)];
}

/** GET over the Node adapter on loopback, keep-alive: resolves with the status. */
async function servedAsync(app: Hono<RelayEnv>) {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  const port = (server.address() as AddressInfo).port;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get: Send = () =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest({ agent, host: '127.0.0.1', port, path: '/image', headers: { origin: 'null' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  return { get, close: () => new Promise<void>((resolve) => { agent.destroy(); server.close(() => resolve()); }) };
}

async function benchCorsAsync(): Promise<BenchRow[]> {
  const [handWritten, hono] = corsApps();
  const headers = { origin: 'null' };
  const [a, b] = await alternatingMeansAsync(
    () => Promise.resolve(handWritten.request('/image', { headers })),
    () => Promise.resolve(hono.request('/image', { headers })),
  );
  const served = [await servedAsync(handWritten), await servedAsync(hono)] as const;
  try {
    const [na, nb] = await alternatingMeansAsync(served[0].get, served[1].get);
    return [
      row('CORS, hono/cors vs relay, app.request()', a, b, 'GET of a 4 KB body, Origin: null.'),
      row('CORS, hono/cors vs relay, Node adapter', na, nb, 'the same GET over @hono/node-server on loopback, one keep-alive connection.'),
    ];
  } finally {
    await served[0].close();
    await served[1].close();
  }
}

async function benchAuthAsync(): Promise<BenchRow> {
  const now = () => Date.now();
  const store = await openInMemoryStoreAsync([{ id: 'bench', token: TOKEN }], now());
  const team = createRelayTeam(store, { rateLimitPerMin: 10_000_000, teamVisibleTasks: true, now, onCreditsRecorded: () => undefined, onStoreFault: () => undefined });
  const teamReady = Promise.resolve(team);
  const ok = (app: Hono<RelayEnv>) => app.get('/v1/me', (c) => c.json({ name: c.get('designer').name }));
  const handWritten = new Hono<RelayEnv>();
  handWritten.use('*', async (c, next) => {
    c.set('access', {});
    await next();
  });
  handWritten.use('/v1/me', admitDesigner({ authFailures: createAuthFailureLimiter(30, now), teamReady }));
  const hono = new Hono<RelayEnv>();
  hono.use(
    '/v1/me',
    bearerAuth({
      verifyToken: async (token, c) => {
        (c as unknown as Context<RelayEnv>).set('designer', await team.admitAsync(`Bearer ${token}`));
        return true;
      },
    }),
  );
  ok(handWritten);
  ok(hono);
  const headers = { authorization: `Bearer ${TOKEN}` };
  const [a, b] = await alternatingMeansAsync(
    () => Promise.resolve(handWritten.request('/v1/me', { headers })),
    () => Promise.resolve(hono.request('/v1/me', { headers })),
  );
  await store.closeAsync();
  return row('bearer auth, hono/bearer-auth (verifyToken) vs relay', a, b, 'both check the token against the team store and take the rate limit.');
}

async function benchBodyLimitAsync(): Promise<BenchRow> {
  const limit = 32 * 2 ** 20;
  const budget = createInflightBodyBudget({ totalBytes: 2 ** 30, perTokenBytes: 2 ** 30 });
  const handWritten = new Hono<RelayEnv>();
  handWritten.use('*', async (c, next) => {
    c.set('access', {});
    c.set('tokenId', 'bench');
    await next();
  });
  const read: MiddlewareHandler<RelayEnv> = readBody(
    { bodyLimitBytes: limit, bodyMinBytesPerSec: 64 * 1024, bodyGraceMs: 10_000, shape: { maxElements: 10_000, maxDepth: 16, maxStringBytes: 64 * 1024 } },
    budget,
    { fastBytes: NODE_FAST_BYTES, now: () => Date.now() },
  );
  handWritten.post('/', read, (c) => c.json({ bytes: c.get('body').byteLength }));
  const hono = new Hono<RelayEnv>();
  hono.post('/', bodyLimit({ maxSize: limit }), async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  const send = (app: Hono<RelayEnv>) => () =>
    Promise.resolve(app.request('/', { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(POLL.length) }, body: POLL }));
  const [a, b] = await alternatingMeansAsync(send(handWritten), send(hono));
  return row('body limit, hono/body-limit vs relay, small poll', a, b, "the relay's also scans the shape and holds the in-flight budget.");
}

export async function benchRelayMiddleware(): Promise<BenchRow[]> {
  return [...(await benchCorsAsync()), await benchAuthAsync(), await benchBodyLimitAsync()];
}
