// Bearer-token authentication for designers: which configured token (if any) a request carries.
// Every configured token is compared, each in constant time, so timing tells nothing about tokens.
import type { RelayToken } from './config';

const encoder = new TextEncoder();

/**
 * Compares two strings in time that depends only on their lengths, never on where they differ.
 * Pure JS (no node:crypto) so the relay app runs on edge runtimes too.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const length = Math.max(x.length, y.length);
  let difference = x.length ^ y.length;
  for (let i = 0; i < length; i += 1) difference |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return difference === 0;
}

export type AuthResult = { ok: true; tokenId: string } | { ok: false; reason: 'missing' | 'malformed' | 'unknown' };

/** The token in an `Authorization: Bearer <token>` header. */
export function bearerTokenOf(header: string | null | undefined): { ok: true; token: string } | { ok: false; reason: 'missing' | 'malformed' } {
  if (!header) return { ok: false, reason: 'missing' };
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  if (!match || match[1] === undefined) return { ok: false, reason: 'malformed' };
  return { ok: true, token: match[1] };
}

/** The token id behind an `Authorization: Bearer <token>` header. */
export function authenticateBearer(
  header: string | null | undefined,
  tokens: readonly RelayToken[],
  equal: (a: string, b: string) => boolean = constantTimeEqual,
): AuthResult {
  const bearer = bearerTokenOf(header);
  if (!bearer.ok) return bearer;
  const presented = bearer.token;
  let found: string | undefined;
  for (const candidate of tokens) {
    // No early exit: every token is compared whatever matched before.
    if (equal(presented, candidate.token) && found === undefined) found = candidate.id;
  }
  return found === undefined ? { ok: false, reason: 'unknown' } : { ok: true, tokenId: found };
}
