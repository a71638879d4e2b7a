// A signature begun before the whole request was known (SignatureHead) gives the same Signature
// as signing the finished request from scratch, and is ignored when the text before its large
// piece is not the finished request's.
import { describe, expect, it } from 'vitest';
import { createSignatureHash, signParams, signatureTextBefore } from '../../src/contract/signature';

const KEY = '123456';
const image = `data:image/png;base64,${'QUJD'.repeat(50_000)}`;
const params = { Action: 'GenerateBackgrounds', PublicKey: 'abcdefg', BatchSize: 2, Height: 512, ImageList: [image, 'AAAA'], Width: 512, request_uuid: 'u-1' };

function headOver(before: string, piece: string) {
  const hash = createSignatureHash();
  hash.update(before);
  hash.update(new TextEncoder().encode(piece));
  return { before, piece, hash };
}

describe('a signature begun while the image arrived', () => {
  it('is the Signature of the finished request when the text before the image matches', () => {
    const before = signatureTextBefore(params, KEY, image);
    expect(before).toBe('ActionGenerateBackgroundsBatchSize2Height512ImageList');
    const signed = signParams(params, KEY, undefined, undefined, headOver(before as string, image));
    expect(signed).toBe(signParams(params, KEY));
    // It continues from the head's hash: a head that took other bytes gives another Signature.
    const forged = { ...headOver(before as string, image), hash: headOver('other text', image).hash };
    expect(signParams(params, KEY, undefined, undefined, forged)).not.toBe(signParams(params, KEY));
  });

  it('is left unused when a field before the image changed: the request is signed from the start', () => {
    const stale = headOver(signatureTextBefore({ ...params, Height: 1024 }, KEY, image) as string, image);
    const changed = { ...params, Height: 640 };
    expect(signParams(changed, KEY, undefined, undefined, stale)).toBe(signParams(changed, KEY));
  });

  it('has no text before a piece the request does not hold', () => {
    expect(signatureTextBefore(params, KEY, 'not in the request')).toBeUndefined();
  });
});
