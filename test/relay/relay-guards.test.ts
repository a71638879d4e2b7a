// The relay's building blocks on their own: the bearer header, the JSON guard, the
// streamed body limit, the rate limiter, and the SSRF address rules.
import { describe, expect, it } from 'vitest';
import { bearerTokenOf } from '../../src/relay/bearer-auth';
import { decodeUtf8Body, parseGuardedJsonObject } from '../../src/relay/read-json-body';
import { readBodyLimitedAsync } from '../../src/relay/read-body-limited';
import { encodeUpstreamBody } from '../../src/relay/encode-upstream-body';
import { createRateLimiter } from '../../src/relay/rate-limiter';
import { checkImageUrl, classifyHost, createImageUrlPolicy } from '../../src/relay/image-url-policy';
import { backoffDelayMs } from '../../src/relay/upstream-call';
import { relayErrorOf } from './relay-fixtures';

const limits = { maxDepth: 8, maxStringBytes: 100, allowsLargeString: (path: readonly (string | number)[]) => path[0] === 'ImageList' };
const bytes = (text: string) => text;

describe('bearer token', () => {
  it('reads the token of an Authorization: Bearer header, and tells a missing header from a malformed one', () => {
    expect(bearerTokenOf('Bearer token-aaaaaaaa')).toEqual({ ok: true, token: 'token-aaaaaaaa' });
    expect(bearerTokenOf(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(bearerTokenOf('Token token-aaaaaaaa')).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('parseGuardedJsonObject', () => {
  it('parses a plain object', () => {
    expect(parseGuardedJsonObject(bytes('{"Action":"ListModels","A":[1,{"b":2}]}'), limits)).toEqual({ Action: 'ListModels', A: [1, { b: 2 }] });
  });

  it('rejects prototype keys without polluting anything', () => {
    const error = relayErrorOf(() => parseGuardedJsonObject(bytes('{"a":{"__proto__":{"polluted":1}}}'), limits));
    expect(error.field).toBe('a.__proto__');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('limits depth and string length, except for image strings', () => {
    expect(relayErrorOf(() => parseGuardedJsonObject(bytes(`{"a":${'['.repeat(9)}${']'.repeat(9)}}`), limits)).publicMessage).toContain(
      'nested deeper than 8',
    );
    expect(relayErrorOf(() => parseGuardedJsonObject(bytes(`{"p":["${'é'.repeat(60)}"]}`), limits)).field).toBe('p[0]');
    expect(parseGuardedJsonObject(bytes(`{"ImageList":["${'A'.repeat(1000)}"]}`), limits)).toBeTruthy();
  });
});

describe('decodeUtf8Body', () => {
  it('refuses bytes that are not UTF-8 with 400', () => {
    expect(decodeUtf8Body(new TextEncoder().encode('{"p":"é"}'))).toBe('{"p":"é"}');
    expect(relayErrorOf(() => decodeUtf8Body(new Uint8Array([0x7b, 0xff, 0x7d]))).status).toBe(400);
  });
});

describe('encodeUpstreamBody', () => {
  const decode = (out: Uint8Array) => JSON.parse(new TextDecoder().decode(out)) as unknown;

  it('writes the same JSON value as JSON.stringify, images last', () => {
    const params = { Action: 'GenerateBackgrounds', PositivePrompts: ['café "quoted"'], ImageList: ['data:image/png;base64,iVBORw0KGgo=', 'AAAA'], Seed: 3 };
    const out = encodeUpstreamBody(params);
    expect(decode(out)).toEqual(params);
    expect(new TextDecoder().decode(out).endsWith('"ImageList":["data:image/png;base64,iVBORw0KGgo=","AAAA"]}')).toBe(true);
  });

  it('falls back to JSON.stringify for images that need escaping or are not ASCII', () => {
    for (const image of ['a"b', 'a\\b', 'é']) {
      const params = { Action: 'X', ImageList: [image] };
      expect(decode(encodeUpstreamBody(params))).toEqual(params);
    }
    expect(decode(encodeUpstreamBody({ Action: 'ListModels' }))).toEqual({ Action: 'ListModels' });
  });
});

describe('readBodyLimitedAsync', () => {
  it('counts streamed bytes without trusting Content-Length and stops with 413', async () => {
    const chunk = new Uint8Array(400).fill(0x20);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 100) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request('http://relay.test/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await expect(readBodyLimitedAsync(request, 1000)).rejects.toMatchObject({ status: 413 });
    expect(pulled).toBeLessThan(10);
    const small = new Request('http://relay.test/', { method: 'POST', body: '{"a":1}' });
    expect(new TextDecoder().decode(await readBodyLimitedAsync(small, 1000))).toBe('{"a":1}');
  });
});

describe('createRateLimiter', () => {
  it('allows a burst of the per-minute budget, then tells how long to wait', () => {
    let now = 0;
    const limiter = createRateLimiter(60, () => now);
    for (let i = 0; i < 60; i += 1) expect(limiter.take('t').allowed).toBe(true);
    expect(limiter.take('t')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('other').allowed).toBe(true);
    now += 1000;
    expect(limiter.take('t').allowed).toBe(true);
  });
});

describe('image URL rules', () => {
  const remote = createImageUrlPolicy('https://api.picpik.ai');
  const local = createImageUrlPolicy('http://127.0.0.1:8788');

  it('classifies addresses', () => {
    expect(classifyHost('10.0.0.1')).toBe('private');
    expect(classifyHost('172.20.1.1')).toBe('private');
    expect(classifyHost('192.168.0.1')).toBe('private');
    expect(classifyHost('100.64.0.1')).toBe('private');
    expect(classifyHost('169.254.169.254')).toBe('link-local');
    expect(classifyHost('127.0.0.1')).toBe('loopback');
    expect(classifyHost('[::1]')).toBe('loopback');
    expect(classifyHost('[::ffff:10.0.0.1]')).toBe('private');
    expect(classifyHost('[::ffff:a9fe:a9fe]')).toBe('link-local');
    expect(classifyHost('[fd00::1]')).toBe('private');
    expect(classifyHost('[fe80::1]')).toBe('link-local');
    expect(classifyHost('0.0.0.0')).toBe('reserved');
    expect(classifyHost('localhost')).toBe('loopback');
    expect(classifyHost('8.8.8.8')).toBe('public');
    expect(classifyHost('[2606:4700::1111]')).toBe('public');
    expect(classifyHost('cdn.picpik.ai')).toBe('public');
  });

  it('allows https to public hosts and the upstream origin only', () => {
    expect(checkImageUrl('https://cdn.picpik.ai/a.png', remote).ok).toBe(true);
    expect(checkImageUrl('https://api.picpik.ai/a.png', remote).ok).toBe(true);
    expect(checkImageUrl('http://cdn.picpik.ai/a.png', remote).ok).toBe(false);
    expect(checkImageUrl('https://10.0.0.1/a.png', remote).ok).toBe(false);
    expect(checkImageUrl('https://2130706433/a.png', remote).ok).toBe(false); // 127.0.0.1 in decimal
    expect(checkImageUrl('https://0x7f.1/a.png', remote).ok).toBe(false);
    expect(checkImageUrl('data:image/png;base64,AAAA', remote).ok).toBe(false);
    expect(checkImageUrl('http://127.0.0.1:8788/images/a.png', local).ok).toBe(true);
    expect(checkImageUrl('http://127.0.0.1:9999/images/a.png', local).ok).toBe(false);
    expect(checkImageUrl('https://10.0.0.1/a.png', local).ok).toBe(true);
    expect(checkImageUrl('https://169.254.169.254/', local).ok).toBe(false);
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially with jitter and a cap', () => {
    expect(backoffDelayMs(0, () => 0)).toBe(100);
    expect(backoffDelayMs(0, () => 1)).toBe(200);
    expect(backoffDelayMs(2, () => 1)).toBe(800);
    expect(backoffDelayMs(10, () => 1)).toBe(3000);
  });
});
