// The shared PNG chunk CRC gives the standard CRC-32 check values and honours its byte range.

import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/contract/png-crc32';

const ascii = (text: string): Uint8Array => Uint8Array.from(text, (ch) => ch.charCodeAt(0));

describe('crc32', () => {
  it('gives the CRC-32 check value of "123456789" and the CRC every IEND chunk carries', () => {
    expect(crc32(ascii('123456789'))).toBe(0xcbf43926);
    expect(crc32(ascii('IEND'))).toBe(0xae426082);
  });

  it('covers only bytes[start..end) when a range is given', () => {
    const bytes = ascii('xxIENDyy');
    expect(crc32(bytes, 2, 6)).toBe(0xae426082);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});
