// Starts the emulator on a real port with @hono/node-server: used by `npm run emulator`, the
// playground's `npm start` and the tests (which pass port 0 for an ephemeral port).
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createEmulator, type Emulator } from './app';
import type { EmulatorConfig } from './config';

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:8788 */
  url: string;
  port: number;
  emulator: Emulator;
  closeAsync(): Promise<void>;
}

export async function startEmulatorAsync(config: EmulatorConfig): Promise<RunningEmulator> {
  let emulator: Emulator | undefined;
  const server = await new Promise<Server>((resolve, reject) => {
    // The image base URL defaults to the port actually bound, known only after listening.
    const created = serve({ fetch: (request, env) => (emulator as Emulator).app.fetch(request, env), hostname: config.host, port: config.port }, () =>
      resolve(created as Server),
    );
    created.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  emulator = createEmulator({ ...config, port });
  return {
    url,
    port,
    emulator,
    closeAsync: () =>
      new Promise<void>((resolve, reject) => {
        (emulator as Emulator).close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
