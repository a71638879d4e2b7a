import { describe, expect, it } from 'vitest';
import { createRelayClient, type FetchLike } from '../../../ui/lib/relay-client';
import { describeRelayError, RelayError } from '../../../ui/lib/relay-error';

interface Call { url: string; init?: RequestInit }

function fakeFetch(handler: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return handler(url, init);
  };
  return { fetch, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('relay client', () => {
  it('posts the action with the bearer token and returns PICPIK\'s answer', async () => {
    const { fetch, calls } = fakeFetch(() => json({ Action: 'ListModelsResponse', RetCode: 0, MainModels: {} }));
    const client = createRelayClient({ relayUrl: 'https://relay.test:8787/', token: 'tok', fetch });
    const answer = await client.callAsync('ListModels', {});
    expect(answer.RetCode).toBe(0);
    expect(answer.LoraModels).toEqual({});
    expect(calls[0]?.url).toBe('https://relay.test:8787/');
    expect(calls[0]?.init?.method).toBe('POST');
    expect((calls[0]?.init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ Action: 'ListModels' });
  });

  it('turns RetCode != 0 into "PICPIK refused: <Message>"', async () => {
    const { fetch } = fakeFetch(() => json({ Action: 'GenerateBackgroundsResponse', RetCode: 230, Message: 'Insufficient credits' }));
    const error = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch }).callAsync('GenerateBackgrounds', { MainModel: { ModelCode: 'm' }, ImageList: ['x'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelayError);
    expect(describeRelayError(error)).toEqual({ message: 'PICPIK refused: Insufficient credits', detail: 'GenerateBackgrounds: RetCode 230 Insufficient credits' });
  });

  it('checks the answer against the contract: one off it is a bad response naming the field', async () => {
    const { fetch } = fakeFetch(() => json({ Action: 'GenerateBackgroundsResponse', RetCode: 0, Message: '' }));
    const error = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch }).callAsync('GenerateBackgrounds', { MainModel: { ModelCode: 'm' }, ImageList: ['x'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'bad-response' });
    expect(describeRelayError(error).message).toBe('The relay sent an answer Backdrop does not understand: check the relay URL');
    expect(describeRelayError(error).detail).toContain('TaskUID is required');
  });

  it.each([
    [401, { RetCode: 401, Message: 'bad token' }, /^Access token rejected/],
    [403, { RetCode: 403, Message: 'forbidden' }, /^Access token rejected/],
    [400, { RetCode: 400, Message: 'Width must be a whole number', Field: 'Width' }, /rejected the request \(Width\): Width must be/],
    [413, { RetCode: 413, Message: 'too large' }, /too large/],
    [502, { RetCode: 502, Message: 'upstream down' }, /could not be reached/],
    [504, { RetCode: 504, Message: 'upstream slow' }, /did not answer in time/],
  ])('says HTTP %i the way a designer understands it', async (status, body, text) => {
    const { fetch } = fakeFetch(() => json(body, status));
    const error = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch }).callAsync('ListModels', {}).catch((e: unknown) => e);
    expect(describeRelayError(error).message).toMatch(text);
    expect(describeRelayError(error).detail).toContain(`HTTP ${status}`);
  });

  it('checks a wait\'s answer like a ListTasksDetails answer, with the contract\'s defaults', async () => {
    const { fetch, calls } = fakeFetch(() => json({ Action: 'ListTasksDetailsResponse', RetCode: 0, changed: true, TaskDetailList: [{ TaskUID: 't', Status: 'Running' }] }));
    const answer = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch }).waitForTasksAsync(['t'], { t: 'queued' });
    expect(calls[0]?.url).toBe('https://r/v1/tasks/wait');
    expect(answer.changed).toBe(true);
    expect(answer.TaskDetailList[0]).toMatchObject({ TaskUID: 't', Status: 'Running', ImgList: [], ErrorCode: 0 });
    const off = fakeFetch(() => json({ Action: 'ListTasksDetailsResponse', RetCode: 0, TaskDetailList: [{ Status: 'Running' }] }));
    const error = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch: off.fetch }).waitForTasksAsync(['t'], {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'bad-response' });
    expect((error as RelayError).detail).toContain('TaskDetailList[0].TaskUID is required');
  });

  it('reads Retry-After on 429', async () => {
    const { fetch } = fakeFetch(() => new Response(JSON.stringify({ RetCode: 429, Message: 'slow down' }), { status: 429, headers: { 'Retry-After': '7' } }));
    const error = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch }).callAsync('ListModels', {}).catch((e: unknown) => e);
    expect((error as RelayError).message).toBe('Too many requests, retrying in 7s');
  });

  it('downloads an image through the relay route as bytes', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(new Uint8Array([137, 80, 78, 71])));
    const bytes = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch }).downloadImageAsync('task/1', 2);
    expect([...bytes]).toEqual([137, 80, 78, 71]);
    expect(calls[0]?.url).toBe('https://r/v1/tasks/task%2F1/images/2');
  });

  it('times out with an abort and says so', async () => {
    const fetch: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    const error = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch, timeoutMs: 20 }).callAsync('ListModels', {}).catch((e: unknown) => e);
    expect((error as RelayError).kind).toBe('timeout');
  });
});

describe('testConnectionAsync', () => {
  it('reports OK with the upstream host from /healthz after an authenticated call', async () => {
    const { fetch, calls } = fakeFetch((url) =>
      url.endsWith('/healthz') ? json({ ok: true, version: '0.1.0', upstream: 'api.picpik.ai' }) : json({ Action: 'ListModelsResponse', RetCode: 0 }),
    );
    const result = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch }).testConnectionAsync();
    expect(result).toEqual({ outcome: 'ok', message: 'Connected to the relay at r (0.1.0), which reaches PICPIK at api.picpik.ai', upstream: 'api.picpik.ai' });
    expect(calls.map((call) => call.url)).toEqual(['https://r/healthz', 'https://r/']);
  });

  it('tells a rejected token apart', async () => {
    const { fetch } = fakeFetch((url) => (url.endsWith('/healthz') ? json({ ok: true, upstream: 'emulator' }) : json({ RetCode: 401, Message: 'unknown token' }, 401)));
    const result = await createRelayClient({ relayUrl: 'https://r', token: 'bad', fetch }).testConnectionAsync();
    expect(result.outcome).toBe('auth');
    expect(result.message).toMatch(/Access token rejected/);
  });

  it('tells "blocked by CORS" apart from "unreachable"', async () => {
    const blocked = fakeFetch((_url, init) => {
      if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
      throw new TypeError('Failed to fetch');
    });
    const blockedResult = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch: blocked.fetch }).testConnectionAsync();
    expect(blockedResult.outcome).toBe('blocked');
    expect(blockedResult.message).toMatch(/^Blocked by CORS/);

    const down = fakeFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    const downResult = await createRelayClient({ relayUrl: 'https://r', token: 't', fetch: down.fetch }).testConnectionAsync();
    expect(downResult.outcome).toBe('unreachable');
    expect(downResult.message).toMatch(/^Relay unreachable/);
    // Network access cannot be the cause in either build (every domain, or exactly the built-in relay).
    expect(downResult.message).not.toMatch(/network ?access/i);
  });

  it('refuses a URL that is not http(s) without calling fetch', async () => {
    const { fetch, calls } = fakeFetch(() => json({}));
    const result = await createRelayClient({ relayUrl: 'relay.local', token: 't', fetch }).testConnectionAsync();
    expect(result.outcome).toBe('bad-url');
    expect(result.message).toMatch(/must be https:\/\/ followed by/);
    expect(calls).toHaveLength(0);
  });

  it('refuses http:// on another computer with the reason (mixed content), and sends nothing', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: true }));
    const client = createRelayClient({ relayUrl: 'http://relay.example.com', token: 't', fetch });
    const result = await client.testConnectionAsync();
    expect(result.outcome).toBe('bad-url');
    expect(result.message).toMatch(/^The relay must use https:\/\//);
    expect(result.message).toMatch(/mixed content/);
    expect(result.message).not.toMatch(/network ?access/i);
    const error = await client.callAsync('ListModels', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'bad-url' });
    expect(calls).toHaveLength(0);
  });
});
