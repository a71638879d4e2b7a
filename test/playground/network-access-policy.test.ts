// The playground applies a manifest's networkAccess to the plugin UI as a CSP, like Figma.
import { describe, expect, it } from 'vitest';
import { networkAccessPolicy, withNetworkAccessPolicy } from '../../src/playground/page/network-access-policy';

describe('networkAccessPolicy', () => {
  it('restricts nothing when allowedDomains has "*", whatever devAllowedDomains says', () => {
    expect(networkAccessPolicy({ allowedDomains: ['*'], devAllowedDomains: ['http://localhost:8787'] })).toBeUndefined();
    expect(networkAccessPolicy(undefined)).toBeUndefined();
  });

  it('allows exactly the listed domains (plus development ones for a local import)', () => {
    expect(networkAccessPolicy({ allowedDomains: ['https://relay.example.com'] })).toBe('connect-src https://relay.example.com');
    expect(networkAccessPolicy({ allowedDomains: ['https://relay.example.com'], devAllowedDomains: ['http://localhost:8787'] })).toBe(
      'connect-src https://relay.example.com http://localhost:8787',
    );
    expect(networkAccessPolicy({ allowedDomains: ['none'] })).toBe("connect-src 'none'");
  });

  it('puts the policy at the top of the head, before any script', () => {
    const html = withNetworkAccessPolicy('<!doctype html><html><head><script>1</script></head></html>', 'connect-src https://a.example');
    expect(html).toBe('<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="connect-src https://a.example"><script>1</script></head></html>');
    expect(withNetworkAccessPolicy('<p>x</p>', undefined)).toBe('<p>x</p>');
  });
});
