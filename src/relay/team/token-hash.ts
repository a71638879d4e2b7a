// Designer tokens are stored only as SHA-256 hex: a stolen store gives no usable token. Tokens
// the admin command makes are 32 random bytes, so an unsalted fast hash is enough (nothing to
// guess); Web Crypto keeps this usable on edge runtimes.
const encoder = new TextEncoder();

export async function hashTokenAsync(token: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(token)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** A new designer token: `bdr_` and 32 random bytes in base64url (43 characters). */
export function createRandomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `bdr_${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}
