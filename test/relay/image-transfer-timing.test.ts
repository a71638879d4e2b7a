// The image route times PICPIK and the designer's client separately: a slow reader gets the
// whole image even past the upstream timeout, while a PICPIK that stops sending cuts the
// transfer, and the access log reports that cut as an error rather than a clean 200.
import { describe, expect, it } from 'vitest';
import { createRelayApp } from '../../src/relay/app';
import { authHeaders, createScriptedFetch, jsonResponse, makeRelayConfig } from './relay-fixtures';

const CDN = 'https://cdn.picpik.test';
const CHUNK = 64 * 1024;

/** An image body of `chunks` pieces; after `stallAfter` pieces it sends nothing more. */
function pngStream(chunks: number, stallAfter = Number.POSITIVE_INFINITY): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent >= stallAfter) return new Promise<void>(() => undefined);
        if (sent >= chunks) return controller.close();
        const piece = new Uint8Array(CHUNK).fill(sent);
        if (sent === 0) piece.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        sent += 1;
        controller.enqueue(piece);
        return undefined;
      },
    },
    { highWaterMark: 0 },
  );
}

function imageRelay(body: () => ReadableStream<Uint8Array>) {
  const lines: Record<string, unknown>[] = [];
  const upstream = createScriptedFetch((call) => {
    if (call.body?.['Action'] === 'ListTasksDetails') {
      return jsonResponse({ Action: 'ListTasksDetails', RetCode: 0, Message: '', TaskDetailList: [{ TaskUID: 'task-1', Status: 'Finished', ImgList: [`${CDN}/a.png`], ErrorCode: 0 }] });
    }
    return new Response(body(), { headers: { 'content-type': 'image/png' } });
  });
  const app = createRelayApp(makeRelayConfig({ RELAY_UPSTREAM_TIMEOUT_MS: '200', RELAY_UPSTREAM_RETRIES: '0' }), {
    fetch: upstream.fetch,
    log: (line) => lines.push(line as Record<string, unknown>),
  });
  return { app, lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForLineAsync(lines: Record<string, unknown>[]): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200 && lines.length === 0; i += 1) await sleep(10);
  expect(lines).toHaveLength(1);
  return lines[0] ?? {};
}

describe('image transfer timing', () => {
  it('gives a slow reader the whole image although reading takes longer than the upstream timeout', async () => {
    const { app, lines } = imageRelay(() => pngStream(8));
    const response = await app.request('/v1/tasks/task-1/images/0', { headers: authHeaders() });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let received = 0;
    for (;;) {
      await sleep(60); // 8 pieces at 60 ms: well past the 200 ms upstream timeout
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
    }
    expect(received).toBe(8 * CHUNK);
    const line = await waitForLineAsync(lines);
    expect(line['status']).toBe(200);
    expect(line['error']).toBeUndefined();
    expect(line['bytesOut']).toBe(8 * CHUNK);
  });

  it('cuts a transfer PICPIK stops sending and logs it as an error with the bytes sent', async () => {
    const { app, lines } = imageRelay(() => pngStream(8, 3));
    const response = await app.request('/v1/tasks/task-1/images/0', { headers: authHeaders() });
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    const line = await waitForLineAsync(lines);
    expect(String(line['error'])).toContain('PICPIK sent nothing for 200 ms');
    expect(line['bytesOut']).toBe(3 * CHUNK);
  });

  it('logs a client that goes away mid-image as a cut transfer', async () => {
    const { app, lines } = imageRelay(() => pngStream(8));
    const response = await app.request('/v1/tasks/task-1/images/0', { headers: authHeaders() });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    const line = await waitForLineAsync(lines);
    expect(String(line['error'])).toContain('the client went away');
  });
});
