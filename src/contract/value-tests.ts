// Plain value tests the contract's field schemas and cross-field rules share: the base64 image
// check, a step test, and small helpers. No zod here, so the plugin UI's checker runs them too.

export function isOnStep(value: number, step: number): boolean {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

const BASE64_BODY = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** From this length a runtime's own check may replace the expression (it must give the same verdict). */
export const LARGE_BASE64_FROM = 64 * 1024;
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

// Within one parseActionParams call the field schema and the cross-field check both test the same
// image; the second test of a large one reuses the first answer (~15 ms for 20 MB). Nothing is kept
// once the call returns.
const REMEMBER_VALID_IMAGES_FROM = 64 * 1024;
let parsingParams = false;
let lastValidLargeImage: string | undefined;

/** Runs `parse` with the large-image memo of isBase64Image on, and forgets it afterwards. */
export function withImageMemo<T>(parse: () => T): T {
  parsingParams = true;
  try {
    return parse();
  } finally {
    parsingParams = false;
    lastValidLargeImage = undefined;
  }
}

/** A base64 image or a base64 `data:image/...` URL. Checks the characters, decodes nothing. */
export function isBase64Image(value: string): boolean {
  if (parsingParams && value === lastValidLargeImage) return true;
  const prefix = DATA_URL_PREFIX.exec(value.slice(0, 64));
  if (!prefix && value.slice(0, 5).toLowerCase() === 'data:') return false;
  const body = prefix ? value.slice(prefix[0].length) : value;
  const valid = body.length % 4 !== 1 && (body.length >= LARGE_BASE64_FROM ? largeBase64Check(body) : BASE64_BODY.test(body));
  if (valid && parsingParams && value.length >= REMEMBER_VALID_IMAGES_FROM) lastValidLargeImage = value;
  return valid;
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
