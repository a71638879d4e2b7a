// The relay's Node entry: serves the app with @hono/node-server, checks image hosts against
// DNS, and closes gracefully (in-flight requests finish, idle connections are dropped).
import { isAscii } from 'node:buffer';
import { lookup } from 'node:dns/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createRelayApp, type RelayDeps } from './app';
import { isLoopbackHost, type RelayConfig } from './config';
import { createNodeUpstreamFetch } from './node-upstream-fetch';
import type { FastBytes } from './read-json-body';
import { classifyIpLiteral, createImageUrlPolicy, isAddressAllowed } from './image-url-policy';
import { openRelayStoreAsync } from './store/open-relay-store';
import { seedRelayTokensAsync } from './team/seed-relay-tokens';
import { createRelayMetrics } from './relay-metrics';
import { useLargeBase64Check } from '../contract/field-rules';
import { incomingOf, nodeBodyReader } from './node-body-reader';
import { isBase64BodyNode } from './node-base64-check';

export interface RunningRelay {
  url: string;
  port: number;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close: () => Promise<void>;
}

/** Every address a host name resolves to (IPv4 and IPv6), for the image SSRF rules. */
const bufferOf = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Node's native byte helpers: a SIMD ASCII check with a one-byte-per-character copy, and memchr. */
export const NODE_FAST_BYTES: FastBytes = {
  decodeAscii: (bytes) => (isAscii(bytes) ? bufferOf(bytes).toString('latin1') : null),
  indexOf: (bytes, byte, from) => bufferOf(bytes).indexOf(byte, from),
};

async function resolveHostAsync(hostname: string): Promise<string[]> {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => answer.address);
}

const FORCE_CLOSE_AFTER_MS = 30_000;

export async function startRelayAsync(config: RelayConfig, deps: RelayDeps = {}): Promise<RunningRelay> {
  // The image character check on Node's native decoder (same verdicts, a fraction of the time).
  useLargeBase64Check(isBase64BodyNode);
  if (config.tokens.length === 0 && !isLoopbackHost(config.host)) {
    throw new Error(`Refusing to listen on ${config.host} without RELAY_TOKENS: anyone reaching it could spend your PICPIK credits.`);
  }
  // --- team store hook: opened (and migrated) before listening, so a bad store stops the start.
  const ownStore = deps.store ? undefined : await openRelayStoreAsync(config.store);
  const store = deps.store ?? ownStore!;
  try {
    await seedRelayTokensAsync(store, config.tokens, Date.now());
  } catch (error) {
    await ownStore?.closeAsync();
    throw error;
  }
  const policy = createImageUrlPolicy(config.apiUrl);
  const upstream = deps.fetch
    ? undefined
    : createNodeUpstreamFetch({
        isAddressAllowed: (address) => isAddressAllowed(classifyIpLiteral(address) ?? 'reserved', policy),
        trustedHosts: [policy.upstream.hostname],
      });
  const closing = new AbortController();
  const app = createRelayApp(config, {
    closing: closing.signal,
    resolveHost: resolveHostAsync,
    fastBytes: NODE_FAST_BYTES,
    clientAddress: (_request, env) => incomingOf(env)?.socket.remoteAddress,
    bodyReader: (env) => {
      const incoming = incomingOf(env);
      return incoming ? () => nodeBodyReader(incoming) : undefined;
    },
    // One write per line, without console.log's formatting machinery.
    log: (line) => process.stdout.write(`${JSON.stringify(line)}\n`),
    ...(upstream ? { fetch: upstream.fetch, post: upstream.post } : {}),
    metrics: createRelayMetrics({ defaultMetrics: true }),
    ...deps,
    store,
  });
  const { server, port } = await new Promise<{ server: Server; port: number }>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info: AddressInfo) =>
      resolve({ server: started as Server, port: info.port }),
    ) as Server;
    started.once('error', reject);
  });
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing.abort();
      closed ??= new Promise<void>((resolve, reject) => {
        // Keep-alive connections become idle after their last answer; sweep them until closed.
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        const force = setTimeout(() => server.closeAllConnections(), FORCE_CLOSE_AFTER_MS);
        server.close((error) => {
          clearInterval(sweep);
          clearTimeout(force);
          upstream?.close();
          const stored = ownStore ? ownStore.closeAsync() : Promise.resolve();
          stored.then(
            () => (error ? reject(error) : resolve()),
            (closeError: unknown) => reject(error ?? closeError),
          );
        });
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
