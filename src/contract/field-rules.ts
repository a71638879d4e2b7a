// Field builders shared by every action's schema: one wording per rule, so every rejection reads
// the same way, plus the base64 image check and small helpers the cross-field rules use.
import * as z from 'zod/mini';
import { formatIssuePath, mustBe } from './issues';
import { RESIZE_MODES } from './resize-mode';

export function wholeNumber(min: number, max: number, extra = '', minLabel = String(min)) {
  const error = mustBe(`must be a whole number between ${minLabel} and ${max}${extra}`);
  return z.number({ error }).check(z.int({ error }), z.gte(min, { error }), z.lte(max, { error }));
}

export function decimal(min: number, max: number) {
  const error = mustBe(`must be a number between ${min} and ${max}`);
  return z.number({ error }).check(z.gte(min, { error }), z.lte(max, { error }));
}

export function isOnStep(value: number, step: number): boolean {
  const ratio = value / step;
  return Math.abs(ratio - Math.round(ratio)) < 1e-6;
}

export const bool = () => z.boolean({ error: mustBe('must be true or false') });
export const text = () => z.string({ error: mustBe('must be text') });
export const textList = (example: string) =>
  z.array(text(), { error: mustBe(`must be a list of texts, e.g. ${example}`) });

export const imageIndex = () => {
  const error = mustBe('must be a whole number from 0 (the position of an image in ImageList)');
  return z.number({ error }).check(z.int({ error }), z.gte(0, { error }));
};

export const resizeMode = () =>
  z.enum(RESIZE_MODES, { error: mustBe(`must be one of ${RESIZE_MODES.join(', ')}`) });

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
function isBase64Image(value: string): boolean {
  const prefix = DATA_URL_PREFIX.exec(value.slice(0, 64));
  if (!prefix && value.slice(0, 5).toLowerCase() === 'data:') return false;
  const body = prefix ? value.slice(prefix[0].length) : value;
  return body.length % 4 !== 1 && (body.length >= LARGE_BASE64_FROM ? largeBase64Check(body) : BASE64_BODY.test(body));
}

export const imageString = () =>
  text().check(
    z.refine(isBase64Image, {
      error: mustBe('must be a base64 image or a data URL such as data:image/png;base64,...'),
      params: { rule: 'base64' },
    }),
  );

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const IMAGE_TYPE_NAMES = { png: 'a PNG', jpeg: 'a JPEG', gif: 'a GIF', webp: 'a WebP' } as const;

/** A cross-field check's way to report: the path, a stable rule id, the sentence after the path. */
export type AddIssue = (path: (string | number)[], rule: string, message: string) => void;

export function issueAdder(ctx: z.core.$RefinementCtx): AddIssue {
  return (path, rule, message) => ctx.addIssue({ code: 'custom', path, message, params: { rule }, input: undefined });
}

/** A cross-field check's question: did a field's own schema already reject the value at `path`? */
export type FieldRejected = (path: (string | number)[]) => boolean;

/**
 * The fields rejected before the cross-field check runs (taken now, so the check's own issues do
 * not count). A cross-field rule skips such a field, which spares it a second test of a large
 * image (~15 ms for 20 MB of base64).
 */
export function rejectedFields(ctx: z.core.$RefinementCtx): FieldRejected {
  const rejected = new Set(ctx.issues.map((issue) => formatIssuePath(issue.path ?? [])));
  return (path) => rejected.has(formatIssuePath(path));
}
