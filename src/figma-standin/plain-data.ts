// Copies values the way Figma's message channel and clientStorage do: plain data, Date and
// Uint8Array survive; anything else is refused here so a test fails where Figma would lose data.
import { utf8Length } from '../contract/utf8-length.js';

class PlainDataError extends Error {
  constructor(
    readonly path: string,
    readonly rule: string,
  ) {
    super(`${path || 'value'}: ${rule}`);
    this.name = 'PlainDataError';
  }
}

/** Deep copy of structured-cloneable plain data; throws PlainDataError naming the first bad path. */
export function clonePlainData(value: unknown, path = ''): unknown {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value;
    case 'function':
      throw new PlainDataError(path, 'functions cannot be cloned');
    case 'symbol':
      throw new PlainDataError(path, 'symbols cannot be cloned');
    default:
      break;
  }
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map((item, i) => clonePlainData(item, `${path}[${i}]`));
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    const kind = Object.prototype.toString.call(value).slice(8, -1);
    throw new PlainDataError(path, `${kind} does not survive the copy; use a Uint8Array`);
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    const kind = Object.prototype.toString.call(value).slice(8, -1);
    throw new PlainDataError(path, `${kind} objects cannot be cloned; use plain objects`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = clonePlainData(item, path ? `${path}.${key}` : key);
  }
  return out;
}

/** Approximate stored size in bytes: UTF-8 of the JSON form, with Uint8Array counted by length. */
export function plainDataSize(value: unknown): number {
  if (value === null || value === undefined) return 4;
  if (typeof value === 'string') return utf8Length(value) + 2;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value).length;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Date) return 24;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + plainDataSize(item) + 1, 2);
  let size = 2;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) size += utf8Length(key) + 3 + plainDataSize(item) + 1;
  return size;
}
