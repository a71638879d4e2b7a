// A small JSON Schema subset checker for the main thread, which cannot afford zod in its bundle: it
// runs the schemas generated from the protocol's zod schemas and words issues the way zod's do.

/** The keywords the generator may emit; it refuses any schema needing others. */
export interface JsonSchema {
  type?: string | string[];
  properties?: { [key: string]: JsonSchema };
  required?: string[];
  /** Absent: unknown keys are dropped, as zod's z.object does; false: rejected; a schema: kept and checked. */
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  /** Custom keyword: the value's Object.prototype.toString tag ("Uint8Array"), which also works across realms. */
  typeTag?: string;
}

export const JSON_SCHEMA_KEYWORDS: ReadonlyArray<keyof JsonSchema> = [
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'oneOf',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'typeTag',
];

/** Shaped like a zod issue, so describeIssues words both alike. */
interface SchemaIssue {
  code: 'custom';
  path: Array<string | number>;
  message: string;
}

export type SchemaCheck<T> = { success: true; data: T } | { success: false; issues: SchemaIssue[] };

/** Checks a value and returns a copy holding only the keys the schema allows (like zod's parsed data). */
export function checkSchema<T>(schema: JsonSchema, value: unknown): SchemaCheck<T> {
  const issues: SchemaIssue[] = [];
  const data = checkNode(schema, value, [], issues);
  return issues.length === 0 ? { success: true, data: data as T } : { success: false, issues };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return !isFinite(value) ? 'non-finite' : value % 1 === 0 ? 'integer' : 'number';
  return typeof value;
}

function checkNode(schema: JsonSchema, value: unknown, path: Array<string | number>, issues: SchemaIssue[]): unknown {
  function fail(message: string): unknown {
    issues.push({ code: 'custom', path, message });
    return value;
  }
  if (schema.enum || 'const' in schema) {
    const allowed = schema.enum || [schema.const];
    return allowed.indexOf(value) >= 0 ? value : fail('expected one of ' + allowed.map((item) => JSON.stringify(item)).join(', '));
  }
  if (schema.typeTag) {
    return Object.prototype.toString.call(value) === '[object ' + schema.typeTag + ']' ? value : fail('expected a ' + schema.typeTag);
  }
  const branches = schema.anyOf || schema.oneOf;
  if (branches) return checkBranches(branches, !schema.anyOf, value, path, issues);

  const kind = kindOf(value);
  const types = typeof schema.type === 'string' ? [schema.type] : schema.type || [];
  if (types.length > 0 && !types.some((type) => type === kind || (type === 'number' && kind === 'integer'))) {
    // Like zod's z.nullable, name the inner type; like z.int, say "int" for a finite non-integer.
    const expected = types.filter((type) => type !== 'null')[0] || 'null';
    return fail('expected ' + (expected === 'integer' ? (kind === 'number' ? 'int' : 'number') : expected));
  }
  if (kind === 'integer' || kind === 'number') checkRange(schema, value as number, '', fail);
  if (kind === 'string') checkRange(schema, (value as string).length, 'Length', fail);
  if (kind === 'array') {
    // A loop, not map(): holes in a sparse array must be checked as undefined, as zod does.
    const items = value as unknown[];
    const out: unknown[] = [];
    for (let index = 0; index < items.length; index += 1) out.push(checkNode(schema.items || {}, items[index], path.concat(index), issues));
    return out;
  }
  if (kind === 'object' && (schema.properties || schema.additionalProperties !== undefined)) return checkObject(schema, value as Record<string, unknown>, path, issues);
  return value;
}

function checkRange(schema: JsonSchema, amount: number, suffix: '' | 'Length', fail: (message: string) => unknown): void {
  const lowest = suffix ? schema.minLength : schema.minimum;
  const highest = suffix ? schema.maxLength : schema.maximum;
  if (lowest !== undefined && amount < lowest) fail('must be at least ' + lowest);
  if (schema.exclusiveMinimum !== undefined && !suffix && amount <= schema.exclusiveMinimum) fail('must be more than ' + schema.exclusiveMinimum);
  if (highest !== undefined && amount > highest) fail('must be at most ' + highest);
  if (schema.exclusiveMaximum !== undefined && !suffix && amount >= schema.exclusiveMaximum) fail('must be less than ' + schema.exclusiveMaximum);
}

function checkObject(schema: JsonSchema, value: Record<string, unknown>, path: Array<string | number>, issues: SchemaIssue[]): unknown {
  const properties = schema.properties || {};
  const required = schema.required || [];
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(properties)) {
    const item = value[key];
    if (item === undefined && required.indexOf(key) < 0) continue;
    out[key] = checkNode(properties[key] as JsonSchema, item, path.concat(key), issues);
  }
  const rest = schema.additionalProperties;
  // An own "__proto__" key (JSON.parse makes them) would set the copy's prototype; zod drops it too.
  const unknownKeys = Object.keys(value).filter((key) => !Object.prototype.hasOwnProperty.call(properties, key) && key !== '__proto__');
  if (rest === false && unknownKeys.length > 0) issues.push({ code: 'custom', path, message: 'unknown keys ' + unknownKeys.join(', ') });
  if (rest && rest !== true) for (const key of unknownKeys) out[key] = checkNode(rest, value[key], path.concat(key), issues);
  if (rest === true) for (const key of unknownKeys) out[key] = value[key];
  return out;
}

/** anyOf: the first branch that fits; oneOf: exactly one. Otherwise the first non-null branch's issues. */
function checkBranches(branches: JsonSchema[], exactlyOne: boolean, value: unknown, path: Array<string | number>, issues: SchemaIssue[]): unknown {
  let fits = 0;
  let data: unknown = value;
  let firstIssues: SchemaIssue[] | undefined;
  for (const branch of branches) {
    const own: SchemaIssue[] = [];
    const out = checkNode(branch, value, path, own);
    if (own.length === 0) {
      fits += 1;
      if (fits === 1) data = out;
      if (!exactlyOne) break;
    } else if (!firstIssues && branch.type !== 'null') {
      firstIssues = own;
    }
  }
  if (fits === 1 || (fits > 1 && !exactlyOne)) return data;
  if (fits > 1) issues.push({ code: 'custom', path, message: 'matches more than one allowed shape' });
  else issues.push(...(firstIssues || [{ code: 'custom' as const, path, message: 'Invalid input' }]));
  return value;
}
