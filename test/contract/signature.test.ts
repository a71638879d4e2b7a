import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSignatureNumber, signatureText, signParams, verifySignature, type HashLike } from '../../src/contract/signature';
import { signParamsWithHash } from '../../src/contract/signature-hash';
import { compareCodePoints, walkSignatureParts } from '../../src/contract/signature-text';

const PRIVATE_KEY = '123456';

// Every signature test vector (two published by PICPIK, the rest derived by the same rules): params, text before hashing, signature.
const VECTORS: Array<[Record<string, unknown>, string, string]> = [
  [{ Action: 'ListModels', PublicKey: 'abcdefg' }, 'ActionListModelsPublicKeyabcdefg123456', '4a20bc1141494035f6aaaad13224c94c5a8bc3a5'],
  [
    { Action: 'StartPicpikApp', PublicKey: 'abcdefg', AppId: 'your_app_id' },
    'ActionStartPicpikAppAppIdyour_app_idPublicKeyabcdefg123456',
    'c5e65ad1936ff695436917bf807d2281db33e7a3',
  ],
  [
    { Action: 'ListModels', PublicKey: 'abcdefg', request_uuid: 'b91fcfbe-bb35-47ce-a168-bd6252c75270' },
    'ActionListModelsPublicKeyabcdefgrequest_uuidb91fcfbe-bb35-47ce-a168-bd6252c75270123456',
    '7509c8a0b991ce27b35b95a709c1637ddff84ced',
  ],
  [
    { Action: 'ListTasksDetails', PublicKey: 'abcdefg', TaskUIDList: ['ckti5nf2h4keq8mr9n00'], request_uuid: 'ebe3bd1a-2fb6-4a85-a1bd-a5d556bf0f50' },
    'ActionListTasksDetailsPublicKeyabcdefgTaskUIDListckti5nf2h4keq8mr9n00request_uuidebe3bd1a-2fb6-4a85-a1bd-a5d556bf0f50123456',
    '3e4b285590e95738563c7172ad6bc258d202eb10',
  ],
  [
    { Action: 'ListTasksDetails', PublicKey: 'abcdefg', TaskUIDList: ['uid1', 'uid2'] },
    'ActionListTasksDetailsPublicKeyabcdefgTaskUIDListuid1uid2123456',
    '9bfb24e2366a19e4e3f0dea7bbfefdd94fd0eb98',
  ],
  [
    // Parsed from JSON so 42.0 and 2.0 arrive as the numbers the server would see.
    JSON.parse('{"Action":"X","PublicKey":"abcdefg","A":42.0,"B":0.5,"C":true,"D":false,"E":[1,2.0,"x",true]}') as Record<string, unknown>,
    'A42ActionXB0.5CtrueDfalseE12xtruePublicKeyabcdefg123456',
    '748187775a65658bea855d253c9cb5e9caad560a',
  ],
];

describe('signature: the public vectors', () => {
  it.each(VECTORS)('%j signs as documented', (params, text, signature) => {
    expect(signatureText(params, PRIVATE_KEY)).toBe(text);
    expect(signParams(params, PRIVATE_KEY)).toBe(signature);
  });

  it.each(VECTORS)('%j ignores an existing Signature and verifies', (params, _text, signature) => {
    const signed = { ...params, Signature: signature };
    expect(signParams(signed, PRIVATE_KEY)).toBe(signature);
    expect(verifySignature(signed, PRIVATE_KEY)).toBe(true);
    expect(verifySignature({ ...signed, Signature: signature.replace(/^./, (c) => (c === '0' ? '1' : '0')) }, PRIVATE_KEY)).toBe(false);
    expect(verifySignature(signed, 'other-key')).toBe(false);
    expect(verifySignature(params, PRIVATE_KEY)).toBe(false);
  });
});

describe('signature text rules', () => {
  it('flattens nested objects with sorted keys and no parent prefix, arrays of objects concatenated', () => {
    const params = { Action: 'A', M: { b: 2, a: { z: 'z', y: [1, { k: 'v' }] } }, L: [{ q: 1, p: 2 }, { r: 3 }] };
    expect(signatureText(params, 'K')).toBe('ActionA' + 'Lp2q1r3' + 'Ma' + 'y1kvzz' + 'b2' + 'K');
  });

  it('writes empty strings, arrays and objects as their key name only', () => {
    expect(signatureText({ A: '', B: [], C: {}, D: 'd' }, 'K')).toBe('ABCDdK');
  });

  it('skips undefined keys entirely (JSON drops them) and writes null as the key name only', () => {
    expect(signatureText({ A: undefined, B: null, C: 'c', D: [undefined, null, 'x'] }, 'K')).toBe('BCcDxK');
  });

  it('sorts by code point: request_uuid after capitalised names, astral after U+FFFF range', () => {
    expect(signatureText({ request_uuid: 'u', Zeta: 'z', Alpha: 'a' }, '')).toBe('AlphaaZetazrequest_uuidu');
    expect(compareCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect(compareCodePoints('\uFFFD', '\u{1F600}')).toBeLessThan(0);
    expect(['b', 'B', 'a', 'A', '_'].sort(compareCodePoints)).toEqual(['A', 'B', '_', 'a', 'b']);
  });

  it('rejects values JSON cannot carry', () => {
    expect(() => signatureText({ A: Number.NaN }, 'K')).toThrow(/A/);
    expect(() => signatureText({ B: [Infinity] }, 'K')).toThrow(/B\[0\]/);
    expect(() => signatureText({ C: 1n }, 'K')).toThrow(TypeError);
  });
});

describe('formatSignatureNumber', () => {
  it.each([
    [42, '42'],
    [0.5, '0.5'],
    [0.3, '0.3'],
    [-0, '0'],
    [-1, '-1'],
    [1e-7, '0.0000001'],
    [1.5e-7, '0.00000015'],
    [-2.5e-10, '-0.00000000025'],
    [1e21, '1000000000000000000000'],
    [1.2345e25, '12345000000000000000000000'],
    [2147483647, '2147483647'],
    [0.1 + 0.2, '0.30000000000000004'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [5e-324, '0.' + '0'.repeat(323) + '5'],
  ])('%s -> %s', (n, text) => {
    expect(formatSignatureNumber(n)).toBe(text);
  });

  it('never uses exponent form, round-trips, and keeps the shortest digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = formatSignatureNumber(n);
        expect(text).not.toMatch(/[eE]/);
        expect(Number(text)).toBe(n === 0 ? 0 : n);
        const significant = (s: string) => s.replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
        expect(significant(text)).toBe(significant(String(n)));
      }),
      { numRuns: 2000 },
    );
  });
});

// A deliberately naive reference: builds the whole string by recursion, sorting keys by code point.
function naiveText(params: Record<string, unknown>, privateKey: string): string {
  const byCodePoint = (a: string, b: string) => {
    const x = Array.from(a).map((c) => c.codePointAt(0) as number);
    const y = Array.from(b).map((c) => c.codePointAt(0) as number);
    for (let i = 0; i < Math.min(x.length, y.length); i += 1) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
    return x.length - y.length;
  };
  const value = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'number') return formatSignatureNumber(v);
    if (Array.isArray(v)) return v.map(value).join('');
    const o = v as Record<string, unknown>;
    return Object.keys(o)
      .sort(byCodePoint)
      .map((k) => k + value(o[k]))
      .join('');
  };
  const top = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort(byCodePoint)
    .map((k) => k + value(params[k]))
    .join('');
  return top + privateKey;
}

const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string(),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const paramsArb = fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), jsonValue, { maxKeys: 6 });

function shuffleDeep(value: unknown, random: () => number): unknown {
  if (Array.isArray(value)) return value.map((v) => shuffleDeep(v, random));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [entries[i], entries[j]] = [entries[j] as [string, unknown], entries[i] as [string, unknown]];
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) out[k] = shuffleDeep(v, random);
    return out;
  }
  return value;
}

describe('signature properties', () => {
  it('matches a naive whole-string reference for nested objects and arrays', () => {
    fc.assert(
      fc.property(paramsArb, fc.string(), (params, key) => {
        expect(signatureText(params, key)).toBe(naiveText(params, key));
      }),
      { numRuns: 500 },
    );
  });

  it('does not depend on key order at any depth', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer(), (params, seed) => {
        let state = seed >>> 0 || 1;
        const random = () => {
          state = (state * 1103515245 + 12345) >>> 0;
          return state / 2 ** 32;
        };
        const shuffled = shuffleDeep(params, random) as Record<string, unknown>;
        expect(signParams(shuffled, 'k')).toBe(signParams(params, 'k'));
      }),
      { numRuns: 300 },
    );
  });

  it('never writes a number in exponent form', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 8 }), (numbers) => {
        expect(signatureText({ N: numbers }, '')).not.toMatch(/e/i);
      }),
    );
  });

  it('hashes with a custom hash the same text the walker emits', () => {
    fc.assert(
      fc.property(paramsArb, (params) => {
        let seen = '';
        const hash: HashLike = { update: (chunk) => (seen += chunk), digest: () => 'ignored' };
        signParams(params, 'pk', () => hash);
        expect(seen).toBe(signatureText(params, 'pk'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('incremental hashing', () => {
  it.each(VECTORS)('%j signs the same with an injected SHA-1, fed exactly the signature text', (params, text, signature) => {
    let fed = '';
    const injected = (): HashLike => {
      const real = createHash('sha1');
      return { update: (chunk) => ((fed += String(chunk)), real.update(chunk)), digest: (encoding) => real.digest(encoding) };
    };
    expect(signParamsWithHash(injected, params, PRIVATE_KEY)).toBe(signature);
    expect(fed).toBe(text);
  });

  it('gives the same signature when a large piece is hashed from its UTF-8 bytes', () => {
    const image = `data:image/png;base64,${'QUJD'.repeat(300_000)}`;
    const prompt = `caf\u00e9 ${'x'.repeat(5000)}`;
    const params = { Action: 'GenerateBackgrounds', PositivePrompts: [prompt], ImageList: [image], PublicKey: 'p' };
    const fed: unknown[] = [];
    const bytesOf = (piece: string) => (piece === image || piece === prompt ? new TextEncoder().encode(piece) : undefined);
    const signed = signParams(params, 'k', () => {
      const real = createHash('sha1');
      return { update: (chunk) => (fed.push(chunk), real.update(chunk)), digest: (encoding) => real.digest(encoding) };
    }, bytesOf);
    expect(signed).toBe(signParams(params, 'k'));
    expect(fed.filter((chunk) => chunk instanceof Uint8Array)).toHaveLength(2);
  });

  it('feeds a large image string to the hash in 1 MB slices of the original, never concatenated', () => {
    const image = 'A'.repeat(5_000_000);
    const chunks: string[] = [];
    const hash: HashLike = { update: (chunk) => chunks.push(chunk as string), digest: () => 'x' };
    signParams({ Action: 'GenerateBackgrounds', ImageList: [image, image], PublicKey: 'p' }, 'k', () => hash);
    const large = chunks.filter((c) => c.length >= 4096);
    expect(large).toHaveLength(10);
    expect(Math.max(...chunks.map((c) => c.length))).toBe(1024 * 1024);
    expect(large.slice(0, 5).join('')).toBe(image);
    expect(chunks.join('').length).toBe(10_000_000 + 'ActionGenerateBackgroundsImageListPublicKeypk'.length);
  });

  it('signs a 30 MB body to the same hash as the whole signature text', async () => {
    const { createHash } = await import('node:crypto');
    const body = { Action: 'GenerateBackgrounds', PublicKey: 'p', ImageList: ['data:image/png;base64,' + 'QUJD'.repeat(7_500_000)] };
    const signature = signParams(body, 'k');
    expect(signature).toBe(createHash('sha1').update(signatureText(body, 'k')).digest('hex'));
  });

  it('walks pieces in order and ends with the private key', () => {
    const pieces: string[] = [];
    walkSignatureParts({ B: 1, A: 'a', Signature: 'ignored' }, 'secret', (p) => pieces.push(p));
    expect(pieces).toEqual(['A', 'a', 'B', '1', 'secret']);
  });
});
