// The relay app against a scripted PICPIK stand-in (injected fetch): routes, auth, CORS, rate
// limits, signing, retries, upstream fault mapping, and that secrets never leave the relay.
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/contract/signature';
import {
  ALICE_TOKEN,
  BOB_TOKEN,
  TEST_PRIVATE_KEY,
  authHeaders,
  jsonResponse,
  validGenerateBody,
} from './relay-fixtures';
import { okAnswer, useRelayAppHarness } from './relay-app-harness';

const { logLines, state, makeRelay } = useRelayAppHarness(20);

describe('GET /healthz', () => {
  it('says it is up, its version and the upstream host, without auth and without secrets', async () => {
    const { request } = makeRelay();
    const res = await request('/healthz');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true, version: '0.1.0', upstream: 'api.picpik.test', store: { kind: 'sqlite', reachable: true }, tasksWait: { path: '/v1/tasks/wait', maxWaitMs: 25_000, maxTasks: 100 } });
  });
});

describe('POST / forwarding', () => {
  it('adds PublicKey and request_uuid, signs, and returns the upstream bytes unchanged', async () => {
    const upstreamText = '{"Action":"ListModels","RetCode":0,  "Message":"","MainModels":{}}';
    const { post, upstream } = makeRelay(() => new Response(upstreamText, { headers: { 'content-type': 'application/json' } }));
    const res = await post({ Action: 'ListModels' });
    expect(res.status).toBe(200);
    expect(res.text).toBe(upstreamText);
    expect(upstream.calls).toHaveLength(1);
    const sent = upstream.calls[0]?.body ?? {};
    expect(upstream.calls[0]?.url).toBe('https://api.picpik.test/');
    expect(sent['PublicKey']).toBe('relay-test-public');
    expect(sent['request_uuid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(verifySignature(sent, TEST_PRIVATE_KEY)).toBe(true);
  });

  it("keeps the caller's request_uuid", async () => {
    const { post, upstream } = makeRelay();
    const res = await post({ Action: 'ListTasksDetails', TaskUIDList: ['a', 'b'], request_uuid: 'b91fcfbe-bb35-47ce-a168-bd6252c75270' });
    expect(res.status).toBe(200);
    expect(upstream.calls[0]?.body?.['request_uuid']).toBe('b91fcfbe-bb35-47ce-a168-bd6252c75270');
    expect(upstream.calls[0]?.body?.['TaskUIDList']).toEqual(['a', 'b']);
  });

  it("sends the seed example's shape converted to the table's shape, signed as sent", async () => {
    const { post, upstream } = makeRelay();
    const { TransparentForeground: _omit, ...rest } = validGenerateBody(state.images);
    const res = await post({ ...rest, TransparentImageIndexList: [0] });
    expect(res.status).toBe(200);
    const sent = upstream.calls[0]?.body ?? {};
    expect(sent['TransparentImageIndexList']).toBeUndefined();
    expect(sent['TransparentForeground']).toEqual({ ImageIndex: 0, ResizeMode: 'ResizeAndFill' });
    expect(sent['ImageList']).toEqual([state.images.transparentPng]);
    expect(verifySignature(sent, TEST_PRIVATE_KEY)).toBe(true);
  });

  it('refuses client-supplied PublicKey or Signature with 400 and sends nothing', async () => {
    const { post, upstream } = makeRelay();
    const a = await post({ Action: 'ListModels', PublicKey: 'someone-else' });
    const b = await post({ Action: 'ListModels', Signature: '0'.repeat(40) });
    expect([a.status, b.status]).toEqual([400, 400]);
    expect(a.json()['Field']).toBe('PublicKey');
    expect(b.json()['Field']).toBe('Signature');
    expect(upstream.calls).toHaveLength(0);
  });

  it('answers 413 for a body over the limit, declared or streamed without a length', async () => {
    const { request, upstream } = makeRelay(okAnswer, { RELAY_BODY_LIMIT_BYTES: '4096' });
    const declared = await request('/', { method: 'POST', headers: { ...authHeaders(), 'content-length': '5000' }, body: 'x'.repeat(5000) });
    expect(declared.status).toBe(413);
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls > 1000) controller.close();
        else controller.enqueue(new TextEncoder().encode(' '.repeat(1000)));
      },
    });
    const streamed = await request('/', { method: 'POST', headers: authHeaders(), body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(streamed.json()['RetCode']).toBe(90413);
    expect(pulls).toBeLessThan(20);
    expect(upstream.calls).toHaveLength(0);
  });

  it('refuses GetCreditBalance when RELAY_ALLOW_CREDIT_BALANCE is off', async () => {
    const { post, upstream } = makeRelay(okAnswer, { RELAY_ALLOW_CREDIT_BALANCE: '0' });
    const res = await post({ Action: 'GetCreditBalance' });
    expect(res.status).toBe(403);
    expect(res.json()['RetCode']).toBe(90403);
    expect(upstream.calls).toHaveLength(0);
  });

  it('passes PICPIK RetCode errors through unchanged with HTTP 200', async () => {
    const answer = '{"Action":"GenerateBackgrounds","RetCode":290,"Message":"insufficient credits"}';
    const { post } = makeRelay(() => new Response(answer, { headers: { 'content-type': 'application/json' } }));
    const res = await post(validGenerateBody(state.images));
    expect(res.status).toBe(200);
    expect(res.text).toBe(answer);
  });
});

describe('auth', () => {
  it('answers 401 without a token, with a wrong token and with a malformed header', async () => {
    const { post, upstream } = makeRelay();
    for (const authorization of [undefined, 'Bearer not-a-valid-token', `Basic ${ALICE_TOKEN}`, `Bearer ${ALICE_TOKEN}x`]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (authorization) headers['authorization'] = authorization;
      const res = await post({ Action: 'ListModels' }, headers);
      expect(res.status).toBe(401);
      expect(res.json()['RetCode']).toBe(90401);
    }
    expect(upstream.calls).toHaveLength(0);
  });

  it('accepts each configured token and logs its name, never the token', async () => {
    const lines: string[] = [];
    const { post } = makeRelay(okAnswer, {}, { log: (line) => lines.push(JSON.stringify(line)) });
    expect((await post({ Action: 'ListModels' }, authHeaders(ALICE_TOKEN))).status).toBe(200);
    expect((await post({ Action: 'ListModels' }, authHeaders(BOB_TOKEN))).status).toBe(200);
    expect(lines.map((line) => JSON.parse(line).tokenId)).toEqual(['alice', 'bob']);
    logLines.push(...lines);
  });

  it('allows requests without tokens when none are configured (loopback only)', async () => {
    const { post } = makeRelay(okAnswer, { RELAY_TOKENS: '' });
    expect((await post({ Action: 'ListModels' }, { 'content-type': 'application/json' })).status).toBe(200);
  });

  it('requires auth on the image route too', async () => {
    const { request, upstream } = makeRelay();
    expect((await request('/v1/tasks/task-1/images/0')).status).toBe(401);
    expect(upstream.calls).toHaveLength(0);
  });
});

describe('CORS', () => {
  it('answers a preflight from origin null for Authorization and Content-Type', async () => {
    const { request } = makeRelay();
    const res = await request('/', {
      method: 'OPTIONS',
      headers: { origin: 'null', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('puts CORS headers on errors too, exposing Retry-After', async () => {
    const { post } = makeRelay();
    const res = await post({ Action: 'ListModels' }, { 'content-type': 'application/json', origin: 'null' });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a token spends its budget, per token, and refills with time', async () => {
    let clock = 1_000_000;
    const { post, upstream } = makeRelay(okAnswer, { RELAY_RATE_LIMIT_PER_MIN: '3' }, { now: () => clock });
    for (let i = 0; i < 3; i += 1) expect((await post({ Action: 'ListModels' })).status).toBe(200);
    const limited = await post({ Action: 'ListModels' });
    expect(limited.status).toBe(429);
    expect(limited.json()['RetCode']).toBe(90429);
    expect(Number(limited.headers.get('retry-after'))).toBe(20);
    expect((await post({ Action: 'ListModels' }, authHeaders(BOB_TOKEN))).status).toBe(200);
    expect(upstream.calls).toHaveLength(4);
    clock += 20_000;
    expect((await post({ Action: 'ListModels' })).status).toBe(200);
  });
});

describe('upstream faults', () => {
  it('retries ListTasksDetails after a 5xx and answers with the second attempt', async () => {
    let n = 0;
    const { post, upstream } = makeRelay((call) => (++n === 1 ? new Response('oops', { status: 503 }) : okAnswer(call, undefined)));
    const res = await post({ Action: 'ListTasksDetails', TaskUIDList: ['t'] });
    expect(res.status).toBe(200);
    expect(upstream.calls).toHaveLength(2);
  });

  it('never retries GenerateBackgrounds: a 5xx becomes one 504, since PICPIK may have taken it', async () => {
    const { post, upstream } = makeRelay(() => new Response('oops', { status: 500 }));
    const res = await post(validGenerateBody(state.images));
    expect(res.status).toBe(504);
    expect(res.json()['RetCode']).toBe(90504);
    expect(String(res.json()['Message'])).toContain('may have accepted it');
    expect(upstream.calls).toHaveLength(1);
  });

  it('gives up after the configured retries with 502', async () => {
    const { post, upstream } = makeRelay(() => new Response('oops', { status: 500 }), { RELAY_UPSTREAM_RETRIES: '2' });
    expect((await post({ Action: 'ListModels' })).status).toBe(502);
    expect(upstream.calls).toHaveLength(3);
  });

  it('maps a connection failure to 502 and a timeout to 504', async () => {
    const refused = makeRelay(() => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    });
    expect((await refused.post({ Action: 'ListModels' })).status).toBe(502);
    // fetch does not say how far a failed request got: a cancel may have taken effect.
    const cancel = await refused.post({ Action: 'TerminateTask', TaskUID: 't' });
    expect(cancel.status).toBe(504);
    expect(String(cancel.json()['Message'])).toContain('may have accepted it');
    const slow = makeRelay(
      (_call, init) =>
        new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))),
      { RELAY_UPSTREAM_TIMEOUT_MS: '100', RELAY_UPSTREAM_RETRIES: '0' },
    );
    const res = await slow.post({ Action: 'ListModels' });
    expect(res.status).toBe(504);
    expect(res.json()['RetCode']).toBe(90504);
  });

  it('passes a PICPIK-shaped JSON error on an HTTP 4xx through with 200, and a bare 4xx becomes 502', async () => {
    const answer = '{"Action":"ListModelsResponse","RetCode":160,"Message":"Signature does not match"}';
    const shaped = makeRelay(() => new Response(answer, { status: 403, headers: { 'content-type': 'application/json' } }));
    const res = await shaped.post({ Action: 'ListModels' });
    expect([res.status, res.text]).toEqual([200, answer]);
    const bare = makeRelay(() => new Response('Forbidden', { status: 403 }));
    expect((await bare.post({ Action: 'ListModels' })).status).toBe(502);
  });

  it('maps a non-JSON answer to 502 and an upstream 429 to 429 with its Retry-After', async () => {
    const html = makeRelay(() => new Response('<html>gateway</html>', { headers: { 'content-type': 'text/html' } }));
    expect((await html.post({ Action: 'ListModels' })).status).toBe(502);
    const limited = makeRelay(() => jsonResponse({ RetCode: 429, Message: 'slow down' }, 429, { 'retry-after': '7' }));
    const res = await limited.post({ Action: 'ListModels' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
  });
});

describe('access log', () => {
  it('writes one JSON line per request with action, status, latency, token id and request_uuid, no prompt or image', async () => {
    const lines: Record<string, unknown>[] = [];
    const { post } = makeRelay(okAnswer, {}, { log: (line) => lines.push(line as Record<string, unknown>) });
    await post({ ...validGenerateBody(state.images), request_uuid: 'log-test-uuid' });
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? {};
    expect(line).toMatchObject({ method: 'POST', path: '/', action: 'GenerateBackgrounds', status: 200, tokenId: 'alice', request_uuid: 'log-test-uuid' });
    expect(typeof line['latencyMs']).toBe('number');
    const text = JSON.stringify(line);
    expect(text).not.toContain('sunlit kitchen');
    expect(text).not.toContain(state.images.transparentPng.slice(30, 80));
    logLines.push(text);
  });

  it('logs prompts (but still no image, key or token) only with RELAY_DEBUG_LOG_BODIES=1', async () => {
    const lines: string[] = [];
    const { post } = makeRelay(okAnswer, { RELAY_DEBUG_LOG_BODIES: '1' }, { log: (line) => lines.push(JSON.stringify(line)) });
    await post(validGenerateBody(state.images));
    expect(lines[0]).toContain('sunlit kitchen');
    expect(lines[0]).not.toContain(state.images.transparentPng.slice(30, 80));
    logLines.push(...lines);
  });
});
