// The stand-in's pure-JS SHA-1 (image hashes) against node:crypto, across padding edge cases.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1Hex } from '../../src/figma-standin/image-store';

function nodeSha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

describe('sha1Hex', () => {
  it('matches the known digests of "" and "abc"', () => {
    expect(sha1Hex(new Uint8Array(0))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex(new TextEncoder().encode('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it.each([0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 750 * 1024])('matches node:crypto on %i random bytes', (size) => {
    const bytes = new Uint8Array(randomBytes(size));
    expect(sha1Hex(bytes)).toBe(nodeSha1(bytes));
  });

  it('hashes only the view it is given, not the whole underlying buffer', () => {
    const whole = new Uint8Array(randomBytes(300));
    const view = whole.subarray(17, 17 + 200);
    expect(sha1Hex(view)).toBe(nodeSha1(view));
  });

  it('high bytes (0xff) everywhere hash right too', () => {
    const bytes = new Uint8Array(4099).fill(0xff);
    expect(sha1Hex(bytes)).toBe(nodeSha1(bytes));
  });
});
