// The relay-address rule shared by Settings, the main thread and the team build.
import { describe, expect, it } from 'vitest';
import { checkRelayUrl, RELAY_NEEDS_HTTPS_TEXT, sameRelayUrl } from '../../src/protocol/relay-url-rule';

describe('checkRelayUrl', () => {
  it('accepts https on any host, and splits it into origin and host', () => {
    expect(checkRelayUrl(' https://Relay.Example.com:8443/backdrop/ ')).toEqual({
      ok: true, url: 'https://relay.example.com:8443/backdrop', origin: 'https://relay.example.com:8443', host: 'relay.example.com:8443', hostname: 'relay.example.com', scheme: 'https',
    });
  });

  it('accepts http only on localhost and 127.0.0.1 (the browser does not block loopback as mixed content)', () => {
    expect(checkRelayUrl('http://localhost:8787')).toMatchObject({ ok: true, origin: 'http://localhost:8787' });
    expect(checkRelayUrl('http://127.0.0.1:8787')).toMatchObject({ ok: true, host: '127.0.0.1:8787' });
    for (const url of ['http://relay.example.com', 'http://192.168.1.20:8787', 'http://localhost.example.com', 'http://[::2]:8787']) {
      const result = checkRelayUrl(url);
      expect(result, url).toMatchObject({ ok: false, message: RELAY_NEEDS_HTTPS_TEXT });
    }
    expect(RELAY_NEEDS_HTTPS_TEXT).toMatch(/https:\/\//);
    expect(RELAY_NEEDS_HTTPS_TEXT).toMatch(/mixed content/);
    expect(RELAY_NEEDS_HTTPS_TEXT).not.toMatch(/network ?access/i);
  });

  it('refuses what is not an http(s) address with a host, naming the field', () => {
    for (const url of ['relay.example.com', 'ftp://relay.example.com', 'https://', 'https://relay.example.com?x=1', 'https://user@relay.example.com', 'https://relay.example.com:99999', `https://${'a'.repeat(500)}.com`]) {
      const result = checkRelayUrl(url);
      expect(result.ok, url).toBe(false);
      if (!result.ok) expect(result.detail).toMatch(/^relayUrl: /);
    }
  });

  it('compares addresses ignoring case and trailing slashes', () => {
    expect(sameRelayUrl('https://Relay.example.com/', 'https://relay.example.com')).toBe(true);
    expect(sameRelayUrl('https://relay.example.com', 'https://other.example.com')).toBe(false);
    expect(sameRelayUrl('https://relay.example.com', 'https://relay.example.com:8443')).toBe(false);
  });
});
