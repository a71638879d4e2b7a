// Which result-image URLs the relay may fetch (SSRF rules): https to public addresses, or the
// upstream's own origin. Private, loopback and link-local addresses only when the upstream itself
// is local (the emulator), and link-local (cloud metadata) never.

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'reserved';

function classifyIpv4(parts: readonly number[]): AddressClass {
  const [a = 0, b = 0, c = 0] = parts;
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) {
    return 'private';
  }
  if (a === 169 && b === 254) return 'link-local';
  if (
    a === 0 ||
    a >= 224 ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113)
  ) {
    return 'reserved';
  }
  return 'public';
}

function parseIpv4(text: string): number[] | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) return null;
  const parts = match.slice(1).map(Number);
  return parts.every((part) => part <= 255) ? parts : null;
}

/** Eight 16-bit groups, or null. Accepts `::` compression and a dotted IPv4 tail. */
function parseIpv6(text: string): number[] | null {
  let hex = text;
  const lastColon = text.lastIndexOf(':');
  const dotted = lastColon >= 0 ? parseIpv4(text.slice(lastColon + 1)) : null;
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted;
    hex = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = hex.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string | undefined): number[] | null => {
    if (!part) return [];
    const groups = part.split(':').map((group) => (/^[0-9a-f]{1,4}$/i.test(group) ? parseInt(group, 16) : NaN));
    return groups.some(Number.isNaN) ? null : groups;
  };
  const left = toGroups(halves[0]);
  const right = toGroups(halves[1]);
  if (!left || !right) return null;
  const known = left.length + right.length;
  if (halves.length === 1) return known === 8 ? left : null;
  if (known > 7) return null;
  return [...left, ...new Array<number>(8 - known).fill(0), ...right];
}

const v4Of = (high: number, low: number): AddressClass => classifyIpv4([high >> 8, high & 255, low >> 8, low & 255]);

/** The stricter of two classes: anything not public wins over public. */
const stricter = (a: AddressClass, b: AddressClass): AddressClass => (a === 'public' ? b : a);

/**
 * IPv6 forms that carry an IPv4 address take that address's class (RFC 4291 mapped and
 * translated, RFC 6052 NAT64, RFC 3056 6to4, RFC 4380 Teredo), so a private IPv4 host cannot be
 * reached through its IPv6 spelling.
 */
function classifyIpv6(groups: readonly number[]): AddressClass {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const firstFiveZero = groups.slice(0, 5).every((group) => group === 0);
  if (firstFiveZero && g5 === 0xffff) return v4Of(g6, g7); // IPv4-mapped ::ffff:a.b.c.d
  if (groups.slice(0, 4).every((group) => group === 0) && g4 === 0xffff && g5 === 0) return v4Of(g6, g7); // IPv4-translated
  if (g0 === 0x64 && g1 === 0xff9b && groups.slice(2, 6).every((group) => group === 0)) return v4Of(g6, g7); // NAT64 well-known
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private'; // RFC 8215 local-use NAT64: a network's own translator
  if (g0 === 0x2002) return v4Of(g1, g2); // 6to4: the IPv4 address after the prefix
  if (g0 === 0x2001 && g1 === 0) return stricter(v4Of(g2, g3), v4Of(~g6 & 0xffff, ~g7 & 0xffff)); // Teredo: server, obfuscated client
  if (groups.slice(0, 7).every((group) => group === 0)) return g7 === 1 ? 'loopback' : 'reserved';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated by RFC 3879, still routed inside sites)
  if ((g0 & 0xfe00) === 0xfc00) return 'private';
  if ((g0 & 0xff00) === 0xff00 || (g0 === 0x2001 && g1 === 0x0db8) || firstFiveZero) return 'reserved';
  return 'public';
}

/** The class of an IP literal (with or without IPv6 brackets), or null for a host name. */
export function classifyIpLiteral(host: string): AddressClass | null {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = parseIpv4(bare);
  if (v4) return classifyIpv4(v4);
  if (!bare.includes(':')) return null;
  const v6 = parseIpv6(bare.replace(/%.*$/, ''));
  return v6 ? classifyIpv6(v6) : 'reserved';
}

/** The class of a URL host: IP literals by range, `localhost` names as loopback, other names public. */
export function classifyHost(host: string): AddressClass {
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === 'localhost' || lower.endsWith('.localhost')) return 'loopback';
  return classifyIpLiteral(lower) ?? 'public';
}

export interface ImageUrlPolicy {
  upstream: URL;
  /** The upstream runs on this machine or a private network (the emulator, a test double). */
  upstreamIsLocal: boolean;
}

export function createImageUrlPolicy(apiUrl: string): ImageUrlPolicy {
  const upstream = new URL(apiUrl);
  const upstreamClass = classifyHost(upstream.hostname);
  return { upstream, upstreamIsLocal: upstreamClass === 'loopback' || upstreamClass === 'private' };
}

/** Whether an address of this class may be contacted under the policy. */
export function isAddressAllowed(addressClass: AddressClass, policy: ImageUrlPolicy): boolean {
  if (addressClass === 'public') return true;
  if (addressClass === 'loopback' || addressClass === 'private') return policy.upstreamIsLocal;
  return false;
}

export type UrlVerdict = { ok: true; url: URL; sameOrigin: boolean } | { ok: false; reason: string };

/**
 * Checks a URL before any connection: parseable, no credentials, https (or exactly the
 * upstream's origin), and not an IP literal in a forbidden range. Host names that resolve to
 * forbidden addresses are caught by the resolver check at fetch time.
 */
export function checkImageUrl(raw: string, policy: ImageUrlPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'URL carries credentials' };
  const sameOrigin = url.origin === policy.upstream.origin;
  if (sameOrigin) return { ok: true, url, sameOrigin };
  if (url.protocol !== 'https:') return { ok: false, reason: `scheme ${url.protocol} is not https` };
  const addressClass = classifyHost(url.hostname);
  if (!isAddressAllowed(addressClass, policy)) return { ok: false, reason: `${addressClass} address` };
  return { ok: true, url, sameOrigin };
}
