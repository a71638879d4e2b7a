// Plain value tests the contract's field schemas and cross-field rules share: the base64 image
// check, a step test, and small helpers. No zod here, so the plugin UI's checker runs them too.

export function isOnStep(value: number, step: number): boolean {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

const BASE64_BODY = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** From this length a runtime's own check may replace the expression (it must give the same verdict). */
const LARGE_BASE64_FROM = 64 * 1024;
let largeBase64Check: (body: string) => boolean = (body) => BASE64_BODY.test(body);

/**
 * Installs a faster check for long base64 text (characters A-Z a-z 0-9 + / - _, then at most two
 * "="), e.g. one built on a native decoder; the relay's Node entry does. Test corpora hold it to
 * the expression's verdicts.
 */
export function useLargeBase64Check(check: (body: string) => boolean): void {
  largeBase64Check = check;
}
const DATA_URL_PREFIX = /^data:image\/[a-z0-9.+-]+;base64,/i;

/** A base64 image or a base64 `data:image/...` URL. Checks the characters, decodes nothing. */
export function isBase64Image(value: string): boolean {
  const prefix = DATA_URL_PREFIX.exec(value.slice(0, 64));
  if (!prefix && value.slice(0, 5).toLowerCase() === 'data:') return false;
  const body = prefix ? value.slice(prefix[0].length) : value;
  return body.length % 4 !== 1 && (body.length >= LARGE_BASE64_FROM ? largeBase64Check(body) : BASE64_BODY.test(body));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const IMAGE_TYPE_NAMES = { png: 'a PNG', jpeg: 'a JPEG', gif: 'a GIF', webp: 'a WebP' } as const;

/** A cross-field check's way to report: the path, a stable rule id, the sentence after the path. */
export type AddIssue = (path: (string | number)[], rule: string, message: string) => void;

/**
 * A cross-field check's question: did a field's own check already reject the value at `path`? A
 * rule skips such a field, which spares it a second test of a large image (~15 ms for 20 MB).
 */
export type FieldRejected = (path: (string | number)[]) => boolean;
