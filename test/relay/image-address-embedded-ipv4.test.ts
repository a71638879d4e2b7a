// IPv6 spellings that embed or reach an IPv4 address are judged by that address, so the image
// route cannot be pointed at a private, loopback or link-local host through an IPv6 literal.
import { describe, expect, it } from 'vitest';
import { checkImageUrl, classifyHost, createImageUrlPolicy } from '../../src/relay/image-url-policy';

describe('IPv6 forms carrying an IPv4 address', () => {
  it.each([
    ['[2002:a9fe:a9fe::]', 'link-local'], // 6to4 of 169.254.169.254
    ['[2002:0a00:0001::1]', 'private'], // 6to4 of 10.0.0.1
    ['[2002:7f00:0001::]', 'loopback'], // 6to4 of 127.0.0.1
    ['[64:ff9b:1::a9fe:a9fe]', 'private'], // local-use NAT64
    ['[64:ff9b:1:ffff::1]', 'private'],
    ['[64:ff9b::169.254.169.254]', 'link-local'], // well-known NAT64
    ['[::ffff:0:a9fe:a9fe]', 'link-local'], // IPv4-translated
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['[0:0:0:0:0:ffff:c0a8:0001]', 'private'],
    ['[2001:0:4136:e378:8000:63bf:f5ff:fffe]', 'private'], // Teredo, client ~f5ff:fffe = 10.0.0.1
    ['[2001:0:a9fe:a9fe::1]', 'link-local'], // Teredo server 169.254.169.254
    ['[fec0::1]', 'private'], // site-local
    ['[feff::1]', 'private'],
  ])('%s is %s', (host, expected) => {
    expect(classifyHost(host)).toBe(expected);
  });

  it('keeps public forms public', () => {
    expect(classifyHost('[2002:0808:0808::1]')).toBe('public'); // 6to4 of 8.8.8.8
    expect(classifyHost('[64:ff9b::8.8.8.8]')).toBe('public');
    expect(classifyHost('[2001:0:4136:e378:8000:63bf:f7f7:f7f7]')).toBe('public'); // Teredo client 8.8.8.8
    expect(classifyHost('[2606:4700::1111]')).toBe('public');
  });

  it('refuses image URLs at those addresses even behind a public upstream', () => {
    const policy = createImageUrlPolicy('https://api.picpik.ai');
    for (const host of ['[2002:a9fe:a9fe::]', '[64:ff9b:1::a00:1]', '[fec0::1]', '[::ffff:0:a00:1]']) {
      const verdict = checkImageUrl(`https://${host}/img.png`, policy);
      expect(verdict.ok, host).toBe(false);
    }
  });
});
