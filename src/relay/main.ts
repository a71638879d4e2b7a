// `npm run relay`: reads the configuration from the environment, starts the relay, and shuts
// down cleanly on SIGINT/SIGTERM once in-flight requests are answered.
import { resolve } from 'node:path';
import { loadRelayConfig, RelayConfigError } from './config';
import { startRelayAsync } from './serve';

async function mainAsync(): Promise<void> {
  let config;
  try {
    config = loadRelayConfig(process.env);
  } catch (error) {
    if (error instanceof RelayConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const relay = await startRelayAsync(config);
  const upstream = new URL(config.apiUrl);
  console.error(`Backdrop relay listening on ${relay.url}, forwarding to ${upstream.origin}`);
  console.error(config.store.databaseUrl ? 'Store: PostgreSQL (RELAY_DATABASE_URL)' : `Store: embedded, in ${resolve(config.store.dataDir)} (RELAY_DATA_DIR)`);
  if (config.tokens.length === 0) {
    console.error('Warning: RELAY_TOKENS is empty, so any program on this machine can use the relay. Set tokens before sharing it.');
  } else {
    console.error(`Accepting ${config.tokens.length} token(s): ${config.tokens.map((token) => token.id).join(', ')}`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`${signal}: finishing in-flight requests, then stopping`);
    relay.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

mainAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
