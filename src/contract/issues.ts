// Validation problems as a designer reads them: which field, which rule, and what to change.
// Turns zod issues into ContractIssue records; the schemas supply the "must be ..." phrases.
// No zod at run time here: the plugin UI words the issues of its generated checker with these too.
import type * as z from 'zod/mini';
import type { ContractIssue } from './contract-issue';
import type { SpecIssue } from './spec-check';

export { formatIssues, type ContractIssue, type ParseResult } from './contract-issue';

type ZodIssueLike = z.core.$ZodIssue;
type RawIssueLike = { code: string; input?: unknown; message?: string };

/** `['SubModelList', 0, 'InferenceParams']` -> `SubModelList[0].InferenceParams`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out;
}

/** A short, safe rendering of a rejected value: numbers as-is, long strings (base64) cut. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value.length === 0) return 'an empty text';
    return value.length > 40 ? `${JSON.stringify(value.slice(0, 32))}... (${value.length} characters)` : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

const REQUIRED = 'is required';

/**
 * A zod `error` option for a field: `is required` when the value is missing, otherwise the given
 * phrase (`must be a whole number between 64 and 2560`) and the value received. Unknown-key
 * issues keep their own wording (see describeZodIssues).
 */
export function mustBe(phrase: string): ((issue: RawIssueLike) => string | undefined) & { phrase: string } {
  return Object.assign((issue: RawIssueLike) => mustBeText(phrase, issue), { phrase });
}

/** What mustBe(phrase) says for an issue; the generated checker calls it with the same phrase. */
export function mustBeText(phrase: string, issue: RawIssueLike): string | undefined {
  if (issue.code === 'unrecognized_keys') return undefined;
  if (issue.code === 'invalid_type' && issue.input === undefined) return REQUIRED;
  return `${phrase} (got ${describeValue(issue.input)})`;
}

/** Zod's own default messages, replaced by our wording when a schema did not set one. */
const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized key|Expected|Required)/;

function ruleOf(issue: ZodIssueLike): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.message === REQUIRED || /received undefined/.test(issue.message)) return 'required';
      return issue.expected === 'int' ? 'integer' : 'type';
    case 'too_small':
    case 'too_big':
    case 'not_multiple_of':
      return 'range';
    case 'invalid_value':
      return 'enum';
    case 'invalid_format':
      return 'format';
    case 'unrecognized_keys':
      return 'unknown_field';
    case 'custom': {
      const rule = (issue.params as { rule?: unknown } | undefined)?.rule;
      return typeof rule === 'string' ? rule : 'custom';
    }
    default:
      return issue.code;
  }
}

function defaultPhrase(issue: ZodIssueLike): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (/received undefined/.test(issue.message)) return REQUIRED;
      const got = issue.input === undefined ? '' : ` (got ${describeValue(issue.input)})`;
      return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}${got}`;
    }
    case 'too_small':
      return issue.origin === 'array' ? `must hold at least ${String(issue.minimum)} item(s)` : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'array' ? `must hold at most ${String(issue.maximum)} item(s)` : `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return 'is not valid';
  }
}

function sentence(path: string, phrase: string): string {
  if (!path) return phrase.charAt(0).toUpperCase() + phrase.slice(1);
  return `${path} ${phrase}`;
}

/** Converts a zod error (or its issues) into one ContractIssue per problem, unknown keys one each. */
export function describeZodIssues(error: z.core.$ZodError | { issues: readonly ZodIssueLike[] } | readonly ZodIssueLike[] | readonly SpecIssue[]): ContractIssue[] {
  const issues = (Array.isArray(error) ? error : (error as { issues: readonly ZodIssueLike[] }).issues) as readonly ZodIssueLike[];
  const out: ContractIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = formatIssuePath([...issue.path, key]);
        out.push({ path, rule: 'unknown_field', message: `Unknown field "${path}": remove it` });
      }
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the branch that got furthest: the one with the fewest issues.
      const best = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
      out.push(...describeZodIssues(best.map((i) => ({ ...i, path: [...issue.path, ...i.path] }) as ZodIssueLike)));
      continue;
    }
    const path = formatIssuePath(issue.path);
    const phrase = issue.message && !ZOD_DEFAULT_MESSAGE.test(issue.message) ? issue.message : defaultPhrase(issue);
    out.push({ path, rule: ruleOf(issue), message: sentence(path, phrase) });
  }
  return out;
}
