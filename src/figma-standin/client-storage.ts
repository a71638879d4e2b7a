// figma.clientStorage: async, per user and plugin, plain data and Uint8Array, 5 MB in total.
// Pass the same instance to a second stand-in to simulate the plugin running again.

import { utf8Length } from '../contract/utf8-length.js';
import { clonePlainData, plainDataSize } from './plain-data.js';

const CLIENT_STORAGE_LIMIT_BYTES = 5 * 1024 * 1024;

export interface StandinClientStorage {
  getAsync(key: string): Promise<unknown>;
  setAsync(key: string, value: unknown): Promise<void>;
  deleteAsync(key: string): Promise<void>;
  keysAsync(): Promise<string[]>;
  /** Bytes in use (keys + values), as the limit counts them. */
  usedBytes(): number;
}

export function createMemoryClientStorage(limitBytes = CLIENT_STORAGE_LIMIT_BYTES): StandinClientStorage {
  const entries = new Map<string, { value: unknown; size: number }>();
  const used = (): number => {
    let total = 0;
    for (const e of entries.values()) total += e.size;
    return total;
  };
  const requireKey = (key: unknown): string => {
    if (typeof key !== 'string') throw new Error('clientStorage: key must be a string');
    return key;
  };
  return {
    getAsync(key) {
      return Promise.resolve().then(() => {
        const entry = entries.get(requireKey(key));
        return entry === undefined ? undefined : clonePlainData(entry.value);
      });
    },
    setAsync(key, value) {
      return Promise.resolve().then(() => {
        const k = requireKey(key);
        const copy = clonePlainData(value);
        const size = utf8Length(k) + plainDataSize(copy);
        const others = used() - (entries.get(k)?.size ?? 0);
        if (others + size > limitBytes) {
          throw new Error(
            `clientStorage quota exceeded: storing "${k}" (${size} bytes) would use ${others + size} of ${limitBytes} bytes`,
          );
        }
        entries.set(k, { value: copy, size });
      });
    },
    deleteAsync(key) {
      return Promise.resolve().then(() => {
        entries.delete(requireKey(key));
      });
    },
    keysAsync() {
      return Promise.resolve().then(() => [...entries.keys()]);
    },
    usedBytes: used,
  };
}
