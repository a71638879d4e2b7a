// figma.clientStorage for the playground: the stand-in's in-memory storage (with its 5 MB limit)
// written through to the page's localStorage, so jobs and settings survive closing the plugin
// and reloading the page, as they survive restarting Figma.
import type { StandinClientStorage } from '../../figma-standin/client-storage.js';

const STORAGE_PREFIX = 'backdrop-playground:client-storage:';

/** JSON cannot hold Uint8Array (clientStorage can): tag it as base64. */
function encodeValue(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Uint8Array) {
      let binary = '';
      for (const byte of item) binary += String.fromCharCode(byte);
      return { __uint8array__: btoa(binary) };
    }
    return item;
  });
}

function decodeValue(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item && typeof item === 'object' && '__uint8array__' in item) {
      const binary = atob(String((item as { __uint8array__: unknown }).__uint8array__));
      return Uint8Array.from(binary, (char) => char.charCodeAt(0));
    }
    return item;
  });
}

/** Loads what localStorage holds into `memory`, then returns `memory` with writes mirrored. */
export async function createPersistentClientStorageAsync(memory: StandinClientStorage, storage: Storage): Promise<StandinClientStorage> {
  for (let i = 0; i < storage.length; i++) {
    const storageKey = storage.key(i);
    if (!storageKey?.startsWith(STORAGE_PREFIX)) continue;
    const text = storage.getItem(storageKey);
    if (text === null) continue;
    try {
      await memory.setAsync(storageKey.slice(STORAGE_PREFIX.length), decodeValue(text));
    } catch (error) {
      console.warn('playground: dropping unreadable clientStorage entry', storageKey, error);
      storage.removeItem(storageKey);
    }
  }
  return {
    getAsync: (key) => memory.getAsync(key),
    keysAsync: () => memory.keysAsync(),
    usedBytes: () => memory.usedBytes(),
    async setAsync(key, value) {
      await memory.setAsync(key, value);
      storage.setItem(STORAGE_PREFIX + key, encodeValue(value));
    },
    async deleteAsync(key) {
      await memory.deleteAsync(key);
      storage.removeItem(STORAGE_PREFIX + key);
    },
  };
}

/** Forgets everything the plugin stored (the page's "reset" for a clean first run). */
export function clearPersistedClientStorage(storage: Storage): void {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(STORAGE_PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}
