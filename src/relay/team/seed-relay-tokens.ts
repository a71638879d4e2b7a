// RELAY_TOKENS entries become designers in the store at start (hashed), so the quick start
// keeps working and the admin command sees them too.
import type { RelayToken } from '../config';
import type { RelayStore } from '../store/relay-store';
import { hashTokenAsync } from './token-hash';

export async function seedRelayTokensAsync(store: RelayStore, tokens: readonly RelayToken[], at: number): Promise<void> {
  const entries = await Promise.all(tokens.map(async (token) => ({ name: token.id, tokenHash: await hashTokenAsync(token.token) })));
  await store.seedDesignersAsync(entries, at);
}
