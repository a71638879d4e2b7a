// Runs a check spec: the data form of a zod/mini schema, written at build time by
// build/generate-ui-checks.ts, so the plugin UI validates with the contract's and the protocol's
// own rules without bundling zod. It follows zod's parse order, abort rules, defaults and issue
// fields, so describeZodIssues and describeIssues word its issues exactly as they word zod's.
import { formatIssuePath, mustBeText } from './issues';
import type { FieldRejected } from './value-tests';

/** One schema node. `t` is zod's def.type; the other keys are short because the UI bundles them. */
export interface CheckSpec {
  t: string;
  /** Checks, in zod's order. */
  c?: SpecRule[];
  /** The schema's own error text: a `mustBe` phrase, or a fixed message. */
  e?: SpecError;
  /** Inner schema: optional, nullable, default, array element, record value. */
  i?: CheckSpec;
  /** Object shape. */
  p?: { [key: string]: CheckSpec };
  /** Object catchall: `never` for strict objects, `unknown` for loose ones; absent strips. */
  x?: CheckSpec;
  /** Pipe: in and out. */
  a?: CheckSpec;
  b?: CheckSpec;
  /** Record key schema. */
  k?: CheckSpec;
  /** Literal or enum values. */
  v?: unknown[];
  /** Default value. */
  d?: unknown;
  /** Named function of a transform. */
  f?: string;
}

export interface SpecRule {
  /** gt, lt (with n and inclusive `i`), int, minlen, maxlen, regex (`r` source, `g` flags), fn, cross, trim. */
  k: string;
  n?: number;
  i?: boolean;
  r?: string;
  g?: string;
  f?: string;
  q?: Record<string, unknown>;
  e?: SpecError;
}

export type SpecError = { mustBe: string } | { message: string };

/** The functions a spec names: transforms, refinements, custom types and cross-field rules. */
export type SpecFunctions = { [name: string]: (value: never, add: SpecAddIssue, rejected?: FieldRejected) => unknown };
type SpecAddIssue = (path: (string | number)[], rule: string, message: string) => void;

/** A zod-shaped issue: the fields describeZodIssues and describeIssues read. */
export interface SpecIssue {
  code: string;
  path: (string | number)[];
  message: string;
  expected?: string;
  origin?: string;
  minimum?: number;
  maximum?: number;
  inclusive?: boolean;
  values?: unknown[];
  keys?: string[];
  format?: string;
  params?: Record<string, unknown>;
}

export type SpecResult<T> = { success: true; data: T } | { success: false; issues: SpecIssue[] };

interface RawIssue extends Partial<SpecIssue> {
  code: string;
  input?: unknown;
  continue?: boolean;
}

interface Payload {
  value: unknown;
  issues: RawIssue[];
  aborted?: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function receivedName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : 'number';
  return typeof value;
}

function textOf(error: SpecError | undefined, issue: RawIssue): string | undefined {
  if (!error) return undefined;
  return 'message' in error ? error.message : mustBeText(error.mustBe, issue);
}

/** zod's English default, as far as describeZodIssues reads it: only "received undefined" matters. */
function defaultText(issue: RawIssue): string {
  return issue.code === 'invalid_type' ? `Invalid input: expected ${issue.expected}, received ${receivedName(issue.input)}` : 'Invalid input';
}

const aborted = (payload: Payload, from = 0) => payload.aborted === true || payload.issues.slice(from).some((issue) => issue.continue !== true);
const explicitlyAborted = (payload: Payload) => payload.aborted === true || payload.issues.some((issue) => issue.continue === false);

function optIn(spec: CheckSpec): string | undefined {
  if (spec.t === 'optional') return optIn(spec.i as CheckSpec) === 'defaulted' ? 'defaulted' : 'optional';
  if (spec.t === 'default') return 'defaulted';
  if (spec.t === 'transform') return 'optional';
  if (spec.t === 'nullable') return optIn(spec.i as CheckSpec);
  if (spec.t === 'pipe') return optIn(spec.a as CheckSpec);
  return undefined;
}

function optOut(spec: CheckSpec): string | undefined {
  if (spec.t === 'optional') return 'optional';
  if (spec.t === 'nullable') return optOut(spec.i as CheckSpec);
  if (spec.t === 'pipe') return optOut(spec.b as CheckSpec);
  return undefined;
}

function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice();
  return isObject(value) ? { ...value } : value;
}

export function createSpecChecker(functions: SpecFunctions) {
  function named(name: string | undefined): SpecFunctions[string] {
    const fn = name === undefined ? undefined : functions[name];
    if (!fn) throw new Error('check spec: no function named ' + String(name));
    return fn;
  }

  function push(payload: Payload, issue: RawIssue, own: SpecError | undefined, owner?: SpecError): void {
    issue.path = issue.path || [];
    issue.message = issue.message || textOf(own, issue) || textOf(owner, issue) || defaultText(issue);
    payload.issues.push(issue);
  }

  function run(spec: CheckSpec, payload: Payload): Payload {
    const result = parse(spec, payload);
    // A custom type's own test is its first rule (the generator puts it there).
    if (spec.c) runRules(spec, spec.c, result);
    return result;
  }

  function child(spec: CheckSpec, value: unknown): Payload {
    return run(spec, { value, issues: [] });
  }

  function prefixed(issues: RawIssue[], key: string | number): RawIssue[] {
    return issues.map((issue) => Object.assign(issue, { path: [key].concat(issue.path || []) }));
  }

  function parse(spec: CheckSpec, payload: Payload): Payload {
    const input = payload.value;
    const fail = (expected: string) => push(payload, { code: 'invalid_type', expected, input }, spec.e);
    switch (spec.t) {
      case 'string':
      case 'boolean':
        if (typeof input !== spec.t) fail(spec.t);
        return payload;
      case 'number':
        if (typeof input !== 'number' || !Number.isFinite(input)) fail('number');
        return payload;
      case 'never':
        fail('never');
        return payload;
      case 'unknown':
      case 'any':
      case 'custom':
        return payload;
      case 'literal':
      case 'enum':
        if ((spec.v || []).indexOf(input) < 0) push(payload, { code: 'invalid_value', values: spec.v, input }, spec.e);
        return payload;
      case 'optional':
        if (input === undefined) {
          if (optIn(spec.i as CheckSpec) !== 'defaulted') return payload;
          const inner = child(spec.i as CheckSpec, input);
          payload.value = inner.issues.length ? undefined : inner.value;
          return payload;
        }
        return run(spec.i as CheckSpec, payload);
      case 'nullable':
        return input === null ? payload : run(spec.i as CheckSpec, payload);
      case 'default':
        if (input === undefined) {
          payload.value = copyOf(spec.d);
          return payload;
        }
        run(spec.i as CheckSpec, payload);
        if (payload.value === undefined) payload.value = copyOf(spec.d);
        return payload;
      case 'pipe': {
        const left = run(spec.a as CheckSpec, payload);
        if (left.issues.some((issue) => issue.code !== 'unrecognized_keys')) {
          left.aborted = true;
          return left;
        }
        return run(spec.b as CheckSpec, left);
      }
      case 'transform':
        payload.value = named(spec.f)(input as never, () => {});
        return payload;
      case 'array':
        return parseArray(spec, payload);
      case 'object':
        return parseObject(spec, payload);
      case 'record':
        return parseRecord(spec, payload);
      default:
        throw new Error('check spec: no parser for ' + spec.t);
    }
  }

  function parseArray(spec: CheckSpec, payload: Payload): Payload {
    const input = payload.value;
    if (!Array.isArray(input)) {
      push(payload, { code: 'invalid_type', expected: 'array', input }, spec.e);
      return payload;
    }
    // Like zod, an array over a leading maximum-length rule is refused on its length alone, unread.
    const caps: SpecRule[] = [];
    for (const rule of spec.c || []) {
      if (rule.k !== 'minlen' && rule.k !== 'maxlen') break;
      if (rule.k === 'maxlen') caps.push(rule);
    }
    const over = caps.find((rule) => input.length > (rule.n as number));
    if (over) {
      push(payload, { code: 'too_big', origin: 'array', maximum: over.n, inclusive: true, input, continue: false }, over.e, spec.e);
      return payload;
    }
    const out: unknown[] = new Array(input.length);
    // A loop, not map(): holes in a sparse array are checked as undefined, as zod does.
    for (let index = 0; index < input.length; index += 1) {
      const result = child(spec.i as CheckSpec, input[index]);
      payload.issues.push(...prefixed(result.issues, index));
      out[index] = result.value;
    }
    payload.value = out;
    return payload;
  }

  function parseObject(spec: CheckSpec, payload: Payload): Payload {
    const input = payload.value;
    if (!isObject(input)) {
      push(payload, { code: 'invalid_type', expected: 'object', input }, spec.e);
      return payload;
    }
    const out: Record<string, unknown> = {};
    const shape = spec.p || {};
    for (const key of Object.keys(shape)) {
      if (key !== '__proto__') property(shape[key] as CheckSpec, key, input, out, payload);
    }
    const rest = spec.x;
    if (!rest) {
      payload.value = out;
      return payload;
    }
    const unknownKeys: string[] = [];
    for (const key in input) {
      if (Object.prototype.hasOwnProperty.call(shape, key)) continue;
      if (rest.t === 'never') unknownKeys.push(key);
      else if (key !== '__proto__') property(rest, key, input, out, payload);
    }
    if (unknownKeys.length) push(payload, { code: 'unrecognized_keys', keys: unknownKeys, input, continue: true }, undefined);
    payload.value = out;
    return payload;
  }

  /** zod's handlePropertyResult: absent optional keys add nothing; absent required ones are issues. */
  function property(spec: CheckSpec, key: string, input: Record<string, unknown>, out: Record<string, unknown>, payload: Payload): void {
    const present = key in input;
    const optin = optIn(spec);
    const optionalOut = optOut(spec) === 'optional';
    if (!present && optionalOut && optin === 'optional') return;
    const result = child(spec, input[key]);
    if (result.issues.length) {
      if (optin !== undefined && optionalOut && !present) return;
      payload.issues.push(...prefixed(result.issues, key));
    }
    if (!present && optin === undefined) {
      if (!result.issues.length) push(payload, { code: 'invalid_type', expected: 'nonoptional', input: undefined, path: [key] }, undefined);
      return;
    }
    if (result.value !== undefined) out[key] = result.value;
    else if (present || (optin === 'defaulted' && !optionalOut)) out[key] = undefined;
  }

  function parseRecord(spec: CheckSpec, payload: Payload): Payload {
    const input = payload.value;
    const prototype = isObject(input) ? Object.getPrototypeOf(input) : undefined;
    if (!isObject(input) || (prototype !== null && prototype !== Object.prototype)) {
      push(payload, { code: 'invalid_type', expected: 'record', input }, spec.e);
      return payload;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (key === '__proto__') continue;
      const result = child(spec.i as CheckSpec, input[key]);
      payload.issues.push(...prefixed(result.issues, key));
      out[key] = result.value;
    }
    payload.value = out;
    return payload;
  }

  function runRules(spec: CheckSpec, rules: SpecRule[], payload: Payload): void {
    let isAborted = aborted(payload);
    for (const rule of rules) {
      const lengthRule = rule.k === 'minlen' || rule.k === 'maxlen';
      if (lengthRule || rule.k === 'cross') {
        // zod's `when`: length checks run on anything with a length, cross-field rules on records.
        if (explicitlyAborted(payload)) continue;
        const value = payload.value as { length?: unknown } | null | undefined;
        if (lengthRule ? value === null || value === undefined || value.length === undefined : !isObject(payload.value)) continue;
      } else if (isAborted) {
        continue;
      }
      const before = payload.issues.length;
      applyRule(spec, rule, payload);
      if (payload.issues.length > before && !isAborted) isAborted = aborted(payload, before);
    }
  }

  function applyRule(spec: CheckSpec, rule: SpecRule, payload: Payload): void {
    const input = payload.value;
    const raise = (issue: RawIssue) => push(payload, Object.assign({ input, continue: true }, issue), rule.e, spec.e);
    const amount = input as number;
    const origin = typeof input;
    switch (rule.k) {
      case 'gt':
        if (rule.i ? !(amount >= (rule.n as number)) : !(amount > (rule.n as number))) raise({ code: 'too_small', origin, minimum: rule.n, inclusive: rule.i });
        return;
      case 'lt':
        if (rule.i ? !(amount <= (rule.n as number)) : !(amount < (rule.n as number))) raise({ code: 'too_big', origin, maximum: rule.n, inclusive: rule.i });
        return;
      case 'int':
        if (!Number.isInteger(amount)) raise({ code: 'invalid_type', expected: 'int', format: 'safeint', continue: false });
        else if (!Number.isSafeInteger(amount)) {
          raise(amount > 0 ? { code: 'too_big', origin: 'int', maximum: Number.MAX_SAFE_INTEGER, inclusive: true } : { code: 'too_small', origin: 'int', minimum: Number.MIN_SAFE_INTEGER, inclusive: true });
        }
        return;
      case 'minlen':
      case 'maxlen': {
        const length = (input as { length: number }).length;
        const lengthOrigin = Array.isArray(input) ? 'array' : typeof input === 'string' ? 'string' : 'unknown';
        if (rule.k === 'minlen' && length < (rule.n as number)) raise({ code: 'too_small', origin: lengthOrigin, minimum: rule.n, inclusive: true });
        if (rule.k === 'maxlen' && length > (rule.n as number)) raise({ code: 'too_big', origin: lengthOrigin, maximum: rule.n, inclusive: true });
        return;
      }
      case 'regex':
        if (!new RegExp(rule.r as string, rule.g).test(input as string)) raise({ code: 'invalid_format', origin: 'string', format: 'regex' });
        return;
      case 'trim':
        payload.value = (input as string).trim();
        return;
      case 'fn':
        if (!named(rule.f)(input as never, () => {})) raise(rule.q ? { code: 'custom', params: rule.q } : { code: 'custom' });
        return;
      case 'cross': {
        // As rejectedFields does for zod: the fields rejected before the rule runs, so it skips them.
        const rejected = new Set(payload.issues.map((issue) => formatIssuePath(issue.path ?? [])));
        named(rule.f)(input as never, (path, ruleName, message) => raise({ code: 'custom', path, message, params: { rule: ruleName } }), (path) => rejected.has(formatIssuePath(path)));
        return;
      }
      default:
        throw new Error('check spec: no rule ' + rule.k);
    }
  }

  /** Checks a value as zod's safeParse would: the parsed (defaulted, transformed) data, or the issues. */
  return function checkSpec<T>(spec: CheckSpec, value: unknown): SpecResult<T> {
    const result = child(spec, value);
    if (!result.issues.length) return { success: true, data: result.value as T };
    return {
      success: false,
      issues: result.issues.map((issue) => {
        const { input: _input, continue: _continue, ...rest } = issue;
        return rest as SpecIssue;
      }),
    };
  };
}
