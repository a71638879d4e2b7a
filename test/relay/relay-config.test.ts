// Configuration from environment variables: defaults, clear messages naming each bad
// variable, token parsing, and the refusal to listen publicly without tokens.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY_LIMIT_BYTES, loadRelayConfig, parseRelayTokens, RelayConfigError } from '../../src/relay/config';
import { startRelayAsync } from '../../src/relay/serve';

const keys = { PICPIK_PUBLIC_KEY: 'pub', PICPIK_PRIVATE_KEY: 'priv' };

function issuesOf(env: Record<string, string | undefined>): string[] {
  try {
    loadRelayConfig(env);
  } catch (error) {
    if (error instanceof RelayConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('loadRelayConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadRelayConfig(keys);
    expect(config).toMatchObject({
      apiUrl: 'https://api.picpik.ai',
      host: '127.0.0.1',
      port: 8787,
      tokens: [],
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
      rateLimitPerMin: 120,
      debugLogBodies: false,
      allowCreditBalance: true,
    });
    expect(config).toMatchObject({
      maxJsonElements: 10_000,
      maxListItems: 100,
      maxPromptTextBytes: 16 * 1024,
      inflightBodyBytes: 256 * 2 ** 20,
      inflightBodyBytesPerToken: 128 * 2 ** 20,
      bodyMinBytesPerSec: 16 * 1024,
      bodyGraceMs: 10_000,
      authFailuresPerMin: 30,
      imageClientTimeoutMs: 600_000,
    });
    // Two of the largest uploads fit one token's in-flight budget.
    expect(config.inflightBodyBytesPerToken).toBeGreaterThanOrEqual(2 * 60 * 2 ** 20);
    // A 2560x2560 RGBA PNG, stored uncompressed, in base64: it must fit.
    expect(config.bodyLimitBytes).toBeGreaterThan(Math.ceil((2560 * 2560 * 4 * 4) / 3));
  });

  it('names every missing or invalid variable with its rule', () => {
    const issues = issuesOf({ PICPIK_API_URL: 'ftp://x', RELAY_PORT: '99999', RELAY_RATE_LIMIT_PER_MIN: 'lots', RELAY_DEBUG_LOG_BODIES: 'maybe' });
    const text = issues.join('\n');
    for (const name of ['PICPIK_PUBLIC_KEY', 'PICPIK_PRIVATE_KEY', 'PICPIK_API_URL', 'RELAY_PORT', 'RELAY_RATE_LIMIT_PER_MIN', 'RELAY_DEBUG_LOG_BODIES']) {
      expect(text).toContain(name);
    }
    expect(text).toContain('65535');
  });

  it('never echoes the private key in its errors', () => {
    const error = (() => {
      try {
        loadRelayConfig({ PICPIK_PUBLIC_KEY: 'pub', PICPIK_PRIVATE_KEY: 'very-secret-key', RELAY_PORT: 'x' });
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error?.message).toContain('RELAY_PORT');
    expect(error?.message).not.toContain('very-secret-key');
  });

  it('refuses a non-loopback host without tokens, and accepts it with tokens', () => {
    expect(issuesOf({ ...keys, RELAY_HOST: '0.0.0.0' }).join()).toContain('RELAY_TOKENS: required');
    expect(loadRelayConfig({ ...keys, RELAY_HOST: '0.0.0.0', RELAY_TOKENS: 'ci:0123456789abcdef' }).tokens).toEqual([
      { id: 'ci', token: '0123456789abcdef' },
    ]);
    expect(loadRelayConfig({ ...keys, RELAY_HOST: '::1' }).host).toBe('::1');
  });

  it('startRelayAsync refuses to listen publicly without tokens even with a hand-made config', async () => {
    const config = { ...loadRelayConfig(keys), host: '0.0.0.0', port: 0 };
    await expect(startRelayAsync(config)).rejects.toThrow(/RELAY_TOKENS/);
  });
});

describe('parseRelayTokens', () => {
  it('reads named and unnamed tokens; unnamed ones get a fingerprint id, not the token', () => {
    const { tokens, issues } = parseRelayTokens(' alice:alice-secret-1 , plain-token-xyz ');
    expect(issues).toEqual([]);
    expect(tokens[0]).toEqual({ id: 'alice', token: 'alice-secret-1' });
    expect(tokens[1]?.id).toMatch(/^tok-[0-9a-f]{8}$/);
    expect(tokens[1]?.id).not.toContain('plain-token');
  });

  it('rejects short tokens, bad names and duplicate names', () => {
    const { issues } = parseRelayTokens('a:short,bad name:0123456789,b:0123456789,b:9876543210');
    expect(issues).toHaveLength(3);
    expect(issues.join('\n')).toMatch(/at least 8 characters/);
    expect(issues.join('\n')).toMatch(/used twice/);
  });
});
