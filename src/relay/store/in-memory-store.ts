// A throwaway store for an app created without one (tests, quick embedding): the embedded
// backend in memory, loaded on demand so the app module itself imports no native code.
import type { RelayToken } from '../config';
import type { RelayStore } from './relay-store';

export async function openInMemoryStoreAsync(tokens: readonly RelayToken[], at: number): Promise<RelayStore> {
  const [{ openRelayStoreAsync }, { seedRelayTokensAsync }] = await Promise.all([import('./open-relay-store'), import('../team/seed-relay-tokens')]);
  const store = await openRelayStoreAsync({ databaseUrl: undefined, dataDir: ':memory:' });
  await seedRelayTokensAsync(store, tokens, at);
  return store;
}
