// Plugin data and shared plugin data: string entries with Figma's size limit, journaled for undo.

import type { BaseNodeImpl } from './base-node.js';
import { utf8Length } from '../contract/utf8-length.js';

/** Figma refuses plugin data entries (key + value) above 100 kB. */
const PLUGIN_DATA_ENTRY_LIMIT_BYTES = 100_000;

export function checkNamespace(namespace: string): void {
  if (typeof namespace !== 'string' || !/^[A-Za-z0-9_.-]{3,}$/.test(namespace)) {
    throw new Error(`Shared plugin data namespace "${String(namespace)}" must be at least 3 letters, digits, "_", "." or "-"`);
  }
}

/** `ownerBytes`: the UTF-8 bytes of the plugin ID (or namespace) the entry counts too. */
export function writeDataEntry(node: BaseNodeImpl, map: Map<string, string>, key: string, value: string, api: string, ownerBytes: number): void {
  if (typeof key !== 'string' || typeof value !== 'string') throw new Error(`${api}: key and value must be strings`);
  const size = ownerBytes + utf8Length(key) + utf8Length(value);
  if (size > PLUGIN_DATA_ENTRY_LIMIT_BYTES) {
    throw new Error(`${api}: entry "${key}" is ${size} bytes with its plugin ID or namespace; the limit is ${PLUGIN_DATA_ENTRY_LIMIT_BYTES} bytes (100 kB) per entry`);
  }
  const had = map.has(key);
  const old = map.get(key);
  if (value === '') map.delete(key);
  else map.set(key, value);
  node._ctx.record(() => {
    if (had) map.set(key, old as string);
    else map.delete(key);
  });
}

