// The Node entry's upstream fetch against a real local server: bodies both ways, streaming of
// large answers, redirects not followed, timeouts via AbortSignal, dropped connections, and how
// far a failed POST got.
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeUpstreamFetch } from '../../src/relay/node-upstream-fetch';
import { mapFetchFailure, startTimedAttempt, type TransientUpstreamError } from '../../src/relay/upstream-call';

const big = Buffer.alloc(3 * 1024 * 1024);
for (let i = 0; i < big.length; i += 1) big[i] = (i * 31) & 255;
let server: http.Server;
let base: string;
const upstream = createNodeUpstreamFetch();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url === '/echo') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, length: body.length, contentLength: req.headers['content-length'] ?? null, sum: body.reduce((a, b) => (a + b) % 65521, 0) }));
      } else if (req.url === '/big') {
        res.setHeader('content-type', 'image/png');
        res.write(big.subarray(0, 1000));
        res.end(big.subarray(1000)); // no Content-Length: chunked, so the answer streams
      } else if (req.url === '/redirect') {
        res.writeHead(302, { location: '/echo' }).end();
      } else if (req.url === '/slow') {
        setTimeout(() => res.end('late'), 2000);
      } else if (req.url === '/drop') {
        req.socket.destroy();
      } else res.writeHead(404).end('no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  upstream.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('createNodeUpstreamFetch', () => {
  it('sends Uint8Array and stream bodies with their Content-Length', async () => {
    const payload = new Uint8Array(big.subarray(0, 2_000_000));
    const expectedSum = payload.reduce((a, b) => (a + b) % 65521, 0);
    const plain = await upstream.fetch(`${base}/echo`, { method: 'POST', body: payload, headers: { 'content-length': String(payload.byteLength) } });
    expect(await plain.json()).toEqual({ method: 'POST', length: 2_000_000, contentLength: '2000000', sum: expectedSum });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(payload);
        controller.close();
      },
    });
    const streamed = await upstream.fetch(`${base}/echo`, { method: 'POST', body: stream, headers: { 'content-length': String(payload.byteLength) } });
    expect(await streamed.json()).toEqual({ method: 'POST', length: 2_000_000, contentLength: '2000000', sum: expectedSum });
  });

  it('streams a large answer byte for byte', async () => {
    const res = await upstream.fetch(`${base}/big`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(big)).toBe(true);
  });

  it("returns redirects unfollowed with 'manual' and fails them with 'error'", async () => {
    const manual = await upstream.fetch(`${base}/redirect`, { redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([302, '/echo']);
    await expect(upstream.fetch(`${base}/redirect`, { redirect: 'error' })).rejects.toThrow(/fetch failed/);
  });

  it('refuses at connect time a host name resolving to a forbidden address, unless it is trusted', async () => {
    const seen: string[] = [];
    const guarded = createNodeUpstreamFetch({ isAddressAllowed: (address) => (seen.push(address), false) });
    const viaName = base.replace('127.0.0.1', 'localhost');
    const refused = await guarded.fetch(`${viaName}/echo`).then(
      () => undefined,
      (error: unknown) => error as Error & { cause?: Error & { code?: string } },
    );
    expect(refused?.message).toBe('fetch failed');
    expect(refused?.cause?.code).toBe('EADDRNOTALLOWED');
    expect(seen.length).toBeGreaterThan(0);
    guarded.close();
    const trusting = createNodeUpstreamFetch({ isAddressAllowed: () => false, trustedHosts: ['localhost'] });
    expect((await trusting.fetch(`${viaName}/echo`)).status).toBe(200);
    trusting.close();
  });

  it('rejects with the abort reason on timeout and with "fetch failed" on a dropped connection', async () => {
    const reason = new Error('no answer in time');
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 100);
    await expect(upstream.fetch(`${base}/slow`, { signal: controller.signal })).rejects.toBe(reason);
    await expect(upstream.fetch(`${base}/drop`, { method: 'POST', body: 'x' })).rejects.toThrow(/fetch failed/);
  });
});

describe('how far a failed POST got (what a retry of a credit-costing call may rely on)', () => {
  /** POSTs `body` and returns how mapFetchFailure reads the failure ('resolved' when it did not fail). */
  async function deliveryOfAsync(client: ReturnType<typeof createNodeUpstreamFetch>, url: string, body: Uint8Array): Promise<string> {
    const attempt = startTimedAttempt(5000);
    try {
      await client.post(url, [body], { 'content-type': 'application/json', 'content-length': String(body.byteLength) }, attempt.signal);
      return 'resolved';
    } catch (error) {
      return (mapFetchFailure(error, attempt, 'POST') as TransientUpstreamError).delivery;
    } finally {
      attempt.finish();
    }
  }

  it('a pooled socket the server had already reset: unsent, and the server never got the request', async () => {
    let whole = 0;
    let last: net.Socket | undefined;
    const resetting = http.createServer((req, res) => {
      last = req.socket;
      req.resume();
      req.on('end', () => {
        whole += 1;
        res.end('{"RetCode":0}');
      });
    });
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', () => resolve()));
    const client = createNodeUpstreamFetch();
    const url = `http://127.0.0.1:${(resetting.address() as AddressInfo).port}/`;
    try {
      expect(await deliveryOfAsync(client, url, new Uint8Array(200).fill(0x20))).toBe('resolved');
      await new Promise((resolve) => setTimeout(resolve, 20)); // the socket is back in the agent's pool
      // The server resets it, and before the relay's event loop hears of it the next POST takes it.
      last?.resetAndDestroy();
      expect(await deliveryOfAsync(client, url, new Uint8Array(200).fill(0x20))).toBe('unsent');
      expect(whole).toBe(1);
    } finally {
      client.close();
      resetting.closeAllConnections();
      await new Promise((resolve) => resetting.close(resolve));
    }
  });

  it('a request the server read whole before the connection died: sent', async () => {
    expect(await deliveryOfAsync(upstream, `${base}/drop`, new Uint8Array(3 * 1024 * 1024).fill(0x20))).toBe('sent');
  });

  it('a redirect answered before the body was read: answered, and the connection is let go', async () => {
    const open = new Set<net.Socket>();
    const redirecting = http.createServer((_req, res) => void res.writeHead(307, { location: '/' }).end());
    redirecting.on('connection', (socket: net.Socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', () => resolve()));
    const client = createNodeUpstreamFetch();
    try {
      const url = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}/`;
      expect(await deliveryOfAsync(client, url, new Uint8Array(8 * 1024 * 1024).fill(0x20))).toBe('answered');
      const until = Date.now() + 5000;
      while (open.size > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(open.size).toBe(0);
    } finally {
      client.close();
      redirecting.closeAllConnections();
      await new Promise((resolve) => redirecting.close(resolve));
    }
  });
});
