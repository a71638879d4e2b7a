// The relay's native base64 check gives the contract's regular-expression verdict on a corpus of
// long valid and invalid image texts (every kind of stray character, at the start, a slice
// boundary and the end, and every padding shape).
import { describe, expect, it } from 'vitest';
import { isBase64BodyNode } from '../../src/relay/node-base64-check';

const BASE64_BODY = /^[A-Za-z0-9+/_-]+={0,2}$/;
const SLICE = 1024 * 1024;

function corpus(): string[] {
  const bytes = Buffer.alloc(SLICE); // 1 MB of bytes -> ~1.33 M characters: crosses a slice boundary
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 2654435761) >>> 24;
  const valid = bytes.toString('base64').replace(/=+$/, '');
  const out = [valid, `${valid}=`, `${valid}==`, `${valid}===`, valid.slice(0, -1), valid.slice(0, -2), valid.slice(0, -3), bytes.toString('base64url'), valid.replace(/\+/g, '-').replace(/\//g, '_')];
  for (const stray of ['!', ' ', '\n', '=', '.', '\u00e9', '\u0000', '"', '*', '~']) {
    for (const at of [0, 1, 1000, SLICE - 1, SLICE, SLICE + 1, valid.length - 3, valid.length - 1]) {
      out.push(valid.slice(0, at) + stray + valid.slice(at + 1));
      out.push(valid.slice(0, at) + stray + valid.slice(at));
    }
  }
  out.push('a'.repeat(SLICE + 1), `${'A'.repeat(SLICE)}=`, `${'A'.repeat(SLICE)}=A`, `${'A'.repeat(SLICE - 1)}==`);
  return out;
}

describe('native base64 check', () => {
  it('agrees with the expression on every text of the corpus', () => {
    const texts = corpus();
    const disagreements = texts.filter((text) => isBase64BodyNode(text) !== BASE64_BODY.test(text)).map((text) => `${text.length}:${JSON.stringify(text.slice(0, 8))}...${JSON.stringify(text.slice(-8))}`);
    expect(disagreements).toEqual([]);
    // Both kinds are in the corpus.
    expect(texts.filter((text) => BASE64_BODY.test(text)).length).toBeGreaterThan(5);
    expect(texts.filter((text) => !BASE64_BODY.test(text)).length).toBeGreaterThan(100);
  });
});
