// When a relay is open (no designers, loopback only) and when it is not, and what floods of
// failed sign-ins or health probes cost the store: the seams between store-backed auth, the
// loopback rule, the failed-authentication limit per address and the token-less routes.
import { describe, expect, it } from 'vitest';
import { createRelayApp, type RelayDeps } from '../../../src/relay/app';
import { openRelayStoreAsync } from '../../../src/relay/store/open-relay-store';
import type { RelayStore } from '../../../src/relay/store/relay-store';
import { seedRelayTokensAsync } from '../../../src/relay/team/seed-relay-tokens';
import { hashTokenAsync } from '../../../src/relay/team/token-hash';
import { AUTH_CACHE_TTL_MS } from '../../../src/relay/team/designer-auth';
import { STORE_HEALTH_TTL_MS } from '../../../src/relay/store/store-health';
import { ALICE_TOKEN, authHeaders, createScriptedFetch, jsonResponse, makeRelayConfig } from '../relay-fixtures';

const MAYA_TOKEN = 'maya-token-0c4f9e27b1d3';

/** An embedded store in memory that counts the calls the auth path makes. */
async function countingStoreAsync(tokens: { id: string; token: string }[] = []) {
  const store = await openRelayStoreAsync({ databaseUrl: undefined, dataDir: ':memory:' });
  await seedRelayTokensAsync(store, tokens, Date.now());
  const calls = { tokenLookups: 0, designerCounts: 0 };
  const counting: RelayStore = {
    ...store,
    designerByTokenHashAsync: (hash) => {
      calls.tokenLookups += 1;
      return store.designerByTokenHashAsync(hash);
    },
    countDesignersAsync: () => {
      calls.designerCounts += 1;
      return store.countDesignersAsync();
    },
  };
  return { store, counting, calls };
}

function appOver(store: RelayStore, env: Record<string, string>, deps: RelayDeps = {}) {
  const upstream = createScriptedFetch(() => jsonResponse({ RetCode: 0, Message: 'ok', Models: [] }));
  const app = createRelayApp(makeRelayConfig(env), { fetch: upstream.fetch, log: () => undefined, store, ...deps });
  return { app, upstream };
}

const listModels = (headers: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"Action":"ListModels"}' });

describe('open mode', () => {
  it('stays closed once the last designer is revoked: neither the revoked token nor no token gets in, even with a loopback Host', async () => {
    let now = Date.now();
    const { store } = await countingStoreAsync([{ id: 'alice', token: ALICE_TOKEN }]);
    const { app, upstream } = appOver(store, { RELAY_TOKENS: `alice:${ALICE_TOKEN}` }, { now: () => now });
    expect((await app.request('http://127.0.0.1:8787/', listModels(authHeaders(ALICE_TOKEN)))).status).toBe(200);
    await store.revokeDesignerAsync('alice', now);
    now += AUTH_CACHE_TTL_MS + 1;
    // Behind a reverse proxy every request reaches the relay from loopback with a loopback Host.
    const revoked = await app.request('http://127.0.0.1:8787/', listModels(authHeaders(ALICE_TOKEN)));
    expect(revoked.status).toBe(401);
    const tokenless = await app.request('http://127.0.0.1:8787/', listModels({}));
    expect(tokenless.status).toBe(401);
    expect(upstream.calls).toHaveLength(1);
  });

  it('is not open when designers were added only with the admin command (no RELAY_TOKENS)', async () => {
    const { store } = await countingStoreAsync();
    await store.addDesignerAsync('maya', await hashTokenAsync(MAYA_TOKEN), null, Date.now());
    const { app, upstream } = appOver(store, { RELAY_TOKENS: '' });
    expect((await app.request('http://127.0.0.1:8787/', listModels({}))).status).toBe(401);
    expect((await app.request('http://127.0.0.1:8787/', listModels(authHeaders('made-up-token-1234')))).status).toBe(401);
    expect((await app.request('http://127.0.0.1:8787/', listModels(authHeaders(MAYA_TOKEN)))).status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
  });

  it('while open, still refuses a foreign Host or a web Origin, with or without a made-up token', async () => {
    const { store } = await countingStoreAsync();
    const { app, upstream } = appOver(store, { RELAY_TOKENS: '' });
    const rebound = await app.request('http://rebind.attacker.example/', listModels(authHeaders('made-up-token-1234')));
    expect(rebound.status).toBe(403);
    expect(await rebound.json()).toMatchObject({ Field: 'Host' });
    const page = await app.request('http://localhost:8787/', listModels({ origin: 'https://evil.example' }));
    expect(page.status).toBe(403);
    expect(await page.json()).toMatchObject({ Field: 'Origin' });
    expect((await app.request('http://localhost:8787/', listModels({ origin: 'null' }))).status).toBe(200);
    expect(upstream.calls).toHaveLength(1);
  });
});

describe('failed sign-in floods', () => {
  it('limits a concurrent burst of guessed tokens as tightly as a sequence, with one store lookup per allowed guess', async () => {
    const { counting, calls } = await countingStoreAsync([{ id: 'alice', token: ALICE_TOKEN }]);
    const { app, upstream } = appOver(counting, { RELAY_AUTH_FAILURES_PER_MIN: '5' }, { clientAddress: () => '203.0.113.5' });
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => app.request('/', listModels(authHeaders(`guessed-token-${i}-0000`)))));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(195);
    expect(calls.tokenLookups).toBe(5);
    expect(upstream.calls).toHaveLength(0);
  });

  it('lets a valid designer make many concurrent requests from one address without using up its failure budget', async () => {
    const { counting, calls } = await countingStoreAsync([{ id: 'alice', token: ALICE_TOKEN }]);
    const { app, upstream } = appOver(counting, { RELAY_AUTH_FAILURES_PER_MIN: '5' }, { clientAddress: () => '203.0.113.6' });
    const first = await Promise.all(Array.from({ length: 3 }, () => app.request('/', listModels(authHeaders(ALICE_TOKEN)))));
    expect(first.map((answer) => answer.status)).toEqual([200, 200, 200]);
    // Concurrent requests with one token share one lookup.
    expect(calls.tokenLookups).toBe(1);
    for (let i = 0; i < 20; i += 1) expect((await app.request('/', listModels(authHeaders(ALICE_TOKEN)))).status).toBe(200);
    expect(upstream.calls).toHaveLength(23);
  });

  it('admits a cold burst of a team behind one address: concurrent requests with one token are one sign-in, not one guess each', async () => {
    const { counting, calls } = await countingStoreAsync([{ id: 'alice', token: ALICE_TOKEN }, { id: 'maya', token: MAYA_TOKEN }]);
    const { app, upstream } = appOver(counting, { RELAY_AUTH_FAILURES_PER_MIN: '5' }, { clientAddress: () => '203.0.113.7' });
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => app.request('/', listModels(authHeaders(i % 2 === 0 ? ALICE_TOKEN : MAYA_TOKEN)))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    expect(calls.tokenLookups).toBe(2);
    expect(upstream.calls).toHaveLength(100);
    // Fifty concurrent tries of one wrong token are one guess: four more guesses fit, the fifth does not.
    const same = await Promise.all(Array.from({ length: 50 }, () => app.request('/', listModels(authHeaders('guessed-token-same-0000')))));
    expect(same.map((answer) => answer.status)).toEqual(Array(50).fill(401));
    for (let i = 0; i < 4; i += 1) expect((await app.request('/', listModels(authHeaders(`guessed-token-${i}-0000`)))).status).toBe(401);
    const blocked = await app.request('/', listModels(authHeaders('guessed-token-9-0000')));
    expect(blocked.status).toBe(429);
    expect(((await blocked.json()) as { Message: string }).Message).toMatch(/Too many failed sign-ins from this address/);
    // The guesses spent the address's budget; designers who signed in within the minute are no guess.
    expect((await app.request('/', listModels(authHeaders(ALICE_TOKEN)))).status).toBe(200);
    expect((await app.request('/', listModels(authHeaders(MAYA_TOKEN)))).status).toBe(200);
    expect((await app.request('/', listModels(authHeaders('guessed-token-10-0000')))).status).toBe(429);
  });

  it('answers a token-less flood on a closed relay without asking the store each time', async () => {
    let now = Date.now();
    const { counting, calls } = await countingStoreAsync([{ id: 'alice', token: ALICE_TOKEN }]);
    const { app } = appOver(counting, { RELAY_AUTH_FAILURES_PER_MIN: '1000000' }, { now: () => now });
    for (let i = 0; i < 50; i += 1) {
      now += AUTH_CACHE_TTL_MS; // every cache entry has expired by the next request
      expect((await app.request('/', listModels({}))).status).toBe(401);
    }
    expect(calls.designerCounts).toBe(1);
  });
});

describe('health probe floods', () => {
  it('ping the store once per interval, and report a store that stops answering, then recovers', async () => {
    let now = Date.now();
    const store = await openRelayStoreAsync({ databaseUrl: undefined, dataDir: ':memory:' });
    let pings = 0;
    let down = false;
    const counting: RelayStore = {
      ...store,
      pingAsync: async () => {
        pings += 1;
        if (down) throw new Error('connection refused');
      },
    };
    const { app } = appOver(counting, {}, { now: () => now });
    const probes = await Promise.all(Array.from({ length: 100 }, () => app.request('/healthz')));
    expect(probes.map((probe) => probe.status)).toEqual(Array(100).fill(200));
    for (let i = 0; i < 100; i += 1) expect((await app.request('/healthz')).status).toBe(200);
    expect(pings).toBe(1);

    down = true;
    now += STORE_HEALTH_TTL_MS;
    const failing = await app.request('/healthz');
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({ ok: false, store: { kind: 'sqlite', reachable: false } });
    down = false;
    now += STORE_HEALTH_TTL_MS;
    expect((await app.request('/healthz')).status).toBe(200);
    expect(pings).toBe(3);
  });
});
