// The relay app against a scripted PICPIK stand-in (injected fetch), for the relay-app test files:
// each request and log line is kept, and after the file none of them may hold a secret.
import { afterAll, beforeAll, expect } from 'vitest';
import { createRelayApp, type RelayDeps } from '../../src/relay/app';
import {
  ALICE_TOKEN,
  BOB_TOKEN,
  TEST_PRIVATE_KEY,
  authHeaders,
  createScriptedFetch,
  jsonResponse,
  makeRelayConfig,
  makeTestImagesAsync,
  type ScriptedAnswer,
  type TestImages,
} from './relay-fixtures';

export const okAnswer: ScriptedAnswer = (call) =>
  jsonResponse({ Action: call.body?.['Action'], RetCode: 0, Message: '', request_uuid: call.body?.['request_uuid'], TaskUID: 'task-1' });

/** Registers the file's hooks: test images before, the no-secret check over everything after. */
export function useRelayAppHarness(minLogLines: number) {
  const logLines: string[] = [];
  const responseTexts: string[] = [];
  const state: { images: TestImages } = { images: undefined as unknown as TestImages };

  beforeAll(async () => {
    state.images = await makeTestImagesAsync();
  });

  afterAll(() => {
    // Across every request made in the file: no response and no log line holds a secret.
    const everything = [...logLines, ...responseTexts].join('\n');
    expect(logLines.length).toBeGreaterThan(minLogLines);
    for (const secret of [TEST_PRIVATE_KEY, ALICE_TOKEN, BOB_TOKEN]) expect(everything).not.toContain(secret);
  });

  function makeRelay(answer: ScriptedAnswer = okAnswer, env: Record<string, string> = {}, deps: RelayDeps = {}) {
    const upstream = createScriptedFetch(answer);
    const app = createRelayApp(makeRelayConfig(env), {
      fetch: upstream.fetch,
      log: (line) => logLines.push(JSON.stringify(line)),
      sleep: async () => undefined,
      ...deps,
    });
    const request = async (path: string, init: RequestInit = {}) => {
      const response = await app.request(path, init);
      const text = await response.text();
      responseTexts.push(text);
      return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
    };
    const post = (body: unknown, headers: Record<string, string> = authHeaders()) =>
      request('/', { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { app, upstream, request, post };
  }

  return { logLines, state, makeRelay };
}
