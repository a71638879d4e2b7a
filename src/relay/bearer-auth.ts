// The bearer token a request carries; team/designer-auth.ts says whose it is (hashed, through the
// store), so no token is ever compared here.

/** The token in an `Authorization: Bearer <token>` header. */
export function bearerTokenOf(header: string | null | undefined): { ok: true; token: string } | { ok: false; reason: 'missing' | 'malformed' } {
  if (!header) return { ok: false, reason: 'missing' };
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  if (!match || match[1] === undefined) return { ok: false, reason: 'malformed' };
  return { ok: true, token: match[1] };
}
