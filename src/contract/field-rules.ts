// Field builders shared by every action's schema: one wording per rule, so every rejection reads
// the same way. The value tests they and the cross-field rules share are in ./value-tests.
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { formatIssuePath, mustBe } from './issues';
import { RESIZE_MODES } from './resize-mode';
import { isBase64Image, isRecord, type AddIssue, type FieldRejected } from './value-tests';

export { isRecord, useLargeBase64Check, type AddIssue, type FieldRejected } from './value-tests';

// describeZodIssues reads zod's English wording ("... received undefined" marks a missing field),
// and zod/mini ships no wording of its own. Register English the way full zod does: only when no
// locale is set yet, so a locale chosen elsewhere still wins.
if (!z.config().localeError) z.config(en());

export function wholeNumber(min: number, max: number, extra = '', minLabel = String(min)) {
  const error = mustBe(`must be a whole number between ${minLabel} and ${max}${extra}`);
  return z.number({ error }).check(z.int({ error }), z.gte(min, { error }), z.lte(max, { error }));
}

export function decimal(min: number, max: number) {
  const error = mustBe(`must be a number between ${min} and ${max}`);
  return z.number({ error }).check(z.gte(min, { error }), z.lte(max, { error }));
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

export const imageString = () =>
  text().check(
    z.refine(isBase64Image, {
      error: mustBe('must be a base64 image or a data URL such as data:image/png;base64,...'),
      params: { rule: 'base64' },
    }),
  );

function issueAdder(ctx: z.core.$RefinementCtx): AddIssue {
  return (path, rule, message) => ctx.addIssue({ code: 'custom', path, message, params: { rule }, input: undefined });
}

/** The fields rejected before the cross-field check runs (taken now, so the check's own issues do not count). */
function rejectedFields(ctx: z.core.$RefinementCtx): FieldRejected {
  const rejected = new Set(ctx.issues.map((issue) => formatIssuePath(issue.path ?? [])));
  return (path) => rejected.has(formatIssuePath(path));
}

/** Each cross-field zod check's rule function, so build/generate-ui-specs.ts can name it. */
export const CROSS_FIELD_RULES = new WeakMap<object, (value: Record<string, unknown>, add: AddIssue, rejected: FieldRejected) => void>();

/**
 * A cross-field rule as a zod check. Runs even when other fields failed (on any record), so the
 * rule reads its input defensively and only reports what it can judge.
 */
export function crossFieldCheck(rule: (value: Record<string, unknown>, add: AddIssue, rejected: FieldRejected) => void) {
  const check = z.superRefine((value, ctx) => rule(value as Record<string, unknown>, issueAdder(ctx), rejectedFields(ctx)), { when: (payload) => isRecord(payload.value) });
  CROSS_FIELD_RULES.set(check, rule);
  return check;
}
