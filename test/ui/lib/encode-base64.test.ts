import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeBase64 } from '../../../ui/lib/encode-base64';
import { bytesToBase64 } from '../../../src/contract/png-header';

function bytesOf(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) bytes[i] = (i * 2654435761) >>> 24;
  return bytes;
}

// Lengths around the padding cases and across btoa slice boundaries (24576 bytes).
const LENGTHS = [0, 1, 2, 3, 4, 5, 24575, 24576, 24577, 3 * 24576 + 2];

describe('encodeBase64', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('gives the same text as the contract encoder, whichever way it encodes', () => {
    for (const length of LENGTHS) expect(encodeBase64(bytesOf(length))).toBe(bytesToBase64(bytesOf(length)));
  });

  it('uses the contract encoder on a host without btoa', () => {
    vi.stubGlobal('btoa', undefined);
    for (const length of LENGTHS) expect(encodeBase64(bytesOf(length))).toBe(bytesToBase64(bytesOf(length)));
  });

  it('prefers the built-in Uint8Array.prototype.toBase64 when the host has one', () => {
    const bytes = bytesOf(10);
    Object.defineProperty(bytes, 'toBase64', { value: () => 'built-in' });
    expect(encodeBase64(bytes)).toBe('built-in');
  });
});
