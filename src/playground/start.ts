// `npm start`: the whole local stack in one process: the PICPIK emulator, a relay signing for
// it with the demo key pair and token, and the playground page hosting the built plugin.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEmulatorConfig } from '../emulator/config.js';
import { startEmulatorAsync } from '../emulator/serve.js';
import { loadRelayConfig } from '../relay/config.js';
import { startRelayAsync } from '../relay/serve.js';
import { startPlaygroundServerAsync } from './server.js';

export const DEMO_RELAY_TOKEN = 'backdrop-demo-token';
const DEMO_PUBLIC_KEY = 'backdrop-demo-public';
const DEMO_PRIVATE_KEY = 'backdrop-demo-private';
const LOOPBACK = '127.0.0.1';

export interface StackOptions {
  /** Ports of the three servers; 0 picks free ones (tests, benchmarks). */
  ports?: { emulator?: number; relay?: number; playground?: number } | 0;
  /** Extra EMULATOR_* variables, e.g. a short schedule for tests. */
  emulatorEnv?: Record<string, string>;
  /** Extra RELAY_* variables. */
  relayEnv?: Record<string, string>;
  /** Receives the relay's access-log lines (default: one short line each on stdout). */
  relayLog?: (line: object) => void;
}

export interface RunningStack {
  emulatorUrl: string;
  relayUrl: string;
  playgroundUrl: string;
  /** Stops the relay alone, so clients can be tested against an unreachable relay. */
  stopRelayAsync(): Promise<void>;
  close(): Promise<void>;
}

interface Closable {
  close(): unknown;
}

const closeQuietlyAsync = async (server: Closable | undefined): Promise<void> => {
  if (!server) return;
  try {
    await server.close();
  } catch {
    // Already closed: nothing left to stop.
  }
};

/** Starts emulator, relay (upstream = emulator) and playground server on loopback. */
export async function startStackAsync(options: StackOptions = {}): Promise<RunningStack> {
  const ports = options.ports === 0 ? { emulator: 0, relay: 0, playground: 0 } : options.ports ?? {};
  const emulatorConfig = loadEmulatorConfig({
    EMULATOR_HOST: LOOPBACK,
    EMULATOR_PORT: String(ports.emulator ?? 8788),
    EMULATOR_PUBLIC_KEY: DEMO_PUBLIC_KEY,
    EMULATOR_PRIVATE_KEY: DEMO_PRIVATE_KEY,
    ...options.emulatorEnv,
  });
  const runningEmulator = await startEmulatorAsync(emulatorConfig);
  const emulator: Closable = { close: () => runningEmulator.closeAsync() };
  let relay: Closable | undefined;
  let relayStopped = false;
  try {
    const relayConfig = loadRelayConfig({
      PICPIK_PUBLIC_KEY: DEMO_PUBLIC_KEY,
      PICPIK_PRIVATE_KEY: DEMO_PRIVATE_KEY,
      PICPIK_API_URL: runningEmulator.url,
      RELAY_HOST: LOOPBACK,
      RELAY_PORT: String(ports.relay ?? 8787),
      RELAY_TOKENS: `demo:${DEMO_RELAY_TOKEN}`,
      // A designer polls and downloads a lot while trying things: keep the limit out of the way.
      RELAY_RATE_LIMIT_PER_MIN: '6000',
      ...options.relayEnv,
    });
    const runningRelay = await startRelayAsync(relayConfig, { log: options.relayLog ?? printRelayLogLine });
    relay = runningRelay;
    const playground = await startPlaygroundServerAsync({
      host: LOOPBACK,
      port: ports.playground ?? 8789,
      relayUrl: runningRelay.url,
      token: DEMO_RELAY_TOKEN,
    });
    return {
      emulatorUrl: runningEmulator.url,
      relayUrl: runningRelay.url,
      playgroundUrl: playground.url,
      async stopRelayAsync() {
        relayStopped = true;
        await closeQuietlyAsync(relay);
      },
      async close() {
        await playground.closeAsync();
        if (!relayStopped) await closeQuietlyAsync(relay);
        await closeQuietlyAsync(emulator);
      },
    };
  } catch (error) {
    await closeQuietlyAsync(relay);
    await closeQuietlyAsync(emulator);
    throw error;
  }
}

/** The relay's JSON access log, shortened to what someone watching `npm start` wants to see. */
function printRelayLogLine(line: object): void {
  const entry = line as Record<string, unknown>;
  const parts = ['relay', entry.method, entry.path, entry.action, entry.status, entry.latencyMs !== undefined ? `${String(entry.latencyMs)}ms` : undefined];
  console.log(parts.filter((part) => part !== undefined && part !== '').join(' '));
}

const portFromEnv = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number (0..65535), got "${raw}"`);
  return port;
};

async function mainAsync(): Promise<void> {
  const emulatorEnv = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('EMULATOR_') && entry[1] !== undefined),
  );
  const stack = await startStackAsync({
    ports: {
      emulator: portFromEnv('EMULATOR_PORT', 8788),
      relay: portFromEnv('RELAY_PORT', 8787),
      playground: portFromEnv('PLAYGROUND_PORT', 8789),
    },
    emulatorEnv: { ...emulatorEnv, EMULATOR_HOST: LOOPBACK },
  });
  const manifestPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../manifest.json');
  console.log(
    [
      '',
      'Backdrop is running:',
      `  playground  ${stack.playgroundUrl}   <- open this in a browser`,
      `  relay       ${stack.relayUrl}   (token: ${DEMO_RELAY_TOKEN})`,
      `  emulator    ${stack.emulatorUrl}   (local PICPIK stand-in, not an AI)`,
      '',
      'To try the plugin in Figma desktop: Plugins > Development > Import plugin from manifest, and pick',
      `  ${manifestPath}`,
      `then set the relay URL to http://localhost:${new URL(stack.relayUrl).port} and the token above in the plugin settings`,
      '(manifest.json allows every domain; `npm run build -- --team https://your-relay` makes a build locked to one relay).',
      '',
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the playground, relay and emulator...`);
    stack.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

const isEntryPoint = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntryPoint) {
  mainAsync().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
