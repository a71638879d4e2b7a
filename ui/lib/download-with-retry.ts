// One result image through the relay, retried a few times with a growing pause: a relay or
// network hiccup heals by waiting, a token, contract or relay-address problem does not.
import type { RelayClient } from './relay-client';
import { RelayError } from './relay-error';

export const DOWNLOAD_ATTEMPTS = 3;

export async function downloadWithRetryAsync(
  client: Pick<RelayClient, 'downloadImageAsync'>,
  taskUid: string,
  index: number,
  waitAsync: (ms: number) => Promise<void>,
  firstDelayMs: number,
): Promise<Uint8Array> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= DOWNLOAD_ATTEMPTS; attempt += 1) {
    try {
      return await client.downloadImageAsync(taskUid, index);
    } catch (error) {
      lastError = error;
      if (error instanceof RelayError && (error.kind === 'auth' || error.kind === 'invalid' || error.kind === 'bad-url')) break;
      if (attempt < DOWNLOAD_ATTEMPTS) await waitAsync(firstDelayMs * attempt);
    }
  }
  throw lastError;
}
