// Build time only: turns a zod/mini schema into the check spec ./spec-check runs, so the plugin UI
// checks with the very rules (and words) of the zod schemas without bundling zod. Functions the
// schemas call (refinements, transforms, cross-field rules, custom types) are named from a table;
// anything the checker cannot run exactly makes the generator throw instead of guessing.
import type * as z from 'zod/mini';
import { CROSS_FIELD_RULES } from './field-rules';
import { dataModuleLines } from './module-source';
import type { CheckSpec, SpecError, SpecRule } from './spec-check';

type Def = Record<string, unknown> & { type: string; checks?: Array<{ _zod: { def: Record<string, unknown> } }>; error?: unknown };
type Named = { [name: string]: unknown };

export function specFromZod(schema: z.ZodMiniType, functions: Named, where = '#'): CheckSpec {
  const names = new Map<unknown, string>();
  for (const name of Object.keys(functions)) names.set(functions[name], name);
  const nameOf = (fn: unknown, at: string): string => {
    const name = names.get(fn);
    if (name === undefined) throw new Error(`check spec: ${at} calls a function missing from the table of named functions`);
    return name;
  };

  function errorOf(error: unknown, at: string): SpecError | undefined {
    if (error === undefined) return undefined;
    if (typeof error !== 'function') throw new Error(`check spec: ${at} has an error option that is not a function`);
    const phrase = (error as { phrase?: unknown }).phrase;
    if (typeof phrase === 'string') return { mustBe: phrase };
    const text = (error as (issue: unknown) => unknown)({ code: 'custom', input: undefined });
    if (typeof text !== 'string') throw new Error(`check spec: ${at} has an error function that is not a mustBe phrase nor a fixed text`);
    return { message: text };
  }

  function rule(check: { _zod: { def: Record<string, unknown> } }, at: string): SpecRule {
    const def = check._zod.def;
    const e = errorOf(def.error, at);
    const out = ((spec: SpecRule): SpecRule => (e ? { ...spec, e } : spec));
    if (def.abort) throw new Error(`check spec: ${at} uses abort, which the checker does not model`);
    switch (def.check) {
      case 'greater_than':
      case 'less_than':
        return out({ k: def.check === 'greater_than' ? 'gt' : 'lt', n: def.value as number, i: def.inclusive as boolean });
      case 'number_format':
        if (def.format !== 'safeint') break;
        return out({ k: 'int' });
      case 'min_length':
        return out({ k: 'minlen', n: def.minimum as number });
      case 'max_length':
        return out({ k: 'maxlen', n: def.maximum as number });
      case 'string_format':
        if (def.format !== 'regex') break;
        return out({ k: 'regex', r: (def.pattern as RegExp).source, g: (def.pattern as RegExp).flags });
      case 'overwrite':
        // z.trim() is the only overwrite the schemas use; its function is zod's own, so test it.
        if ((def.tx as (value: string) => string)(' a ') !== 'a') break;
        return { k: 'trim' };
      case 'custom': {
        const cross = CROSS_FIELD_RULES.get(check);
        if (cross) return out({ k: 'cross', f: nameOf(cross, at) });
        if (def.when !== undefined) break;
        const spec: SpecRule = { k: 'fn', f: nameOf(def.fn, at) };
        if (def.params) spec.q = def.params as Record<string, unknown>;
        return out(spec);
      }
    }
    throw new Error(`check spec: ${at} has a check the checker cannot run (${String(def.check)} ${String(def.format ?? '')})`);
  }

  function walk(node: z.ZodMiniType, at: string): CheckSpec {
    const def = node._zod.def as unknown as Def;
    const spec: CheckSpec = { t: def.type };
    const e = errorOf(def.error, at);
    const rules: SpecRule[] = [];
    switch (def.type) {
      case 'string':
        if (def.format !== undefined) throw new Error(`check spec: ${at} is a ${String(def.format)} string format, which the checker does not run`);
        break;
      case 'boolean':
      case 'unknown':
      case 'any':
      case 'never':
        break;
      case 'number':
        if (def.format !== undefined) throw new Error(`check spec: ${at} is a number format type; use z.number().check(z.int())`);
        break;
      case 'literal':
        spec.v = def.values as unknown[];
        break;
      case 'enum':
        spec.v = Object.values(def.entries as Record<string, unknown>);
        break;
      case 'array':
        spec.i = walk(def.element as z.ZodMiniType, at + '[]');
        break;
      case 'object': {
        const shape = def.shape as Record<string, z.ZodMiniType>;
        spec.p = {};
        for (const key of Object.keys(shape)) spec.p[key] = walk(shape[key] as z.ZodMiniType, at + '.' + key);
        if (def.catchall) spec.x = walk(def.catchall as z.ZodMiniType, at + '.*');
        break;
      }
      case 'optional':
      case 'nullable':
        spec.i = walk(def.innerType as z.ZodMiniType, at);
        break;
      case 'default':
        spec.i = walk(def.innerType as z.ZodMiniType, at);
        spec.d = JSON.parse(JSON.stringify(def.defaultValue));
        break;
      case 'pipe':
        spec.a = walk(def.in as z.ZodMiniType, at);
        spec.b = walk(def.out as z.ZodMiniType, at);
        break;
      case 'transform':
        spec.f = nameOf(def.transform, at);
        break;
      case 'record':
        if ((def.keyType as z.ZodMiniType)._zod.def.type !== 'string' || (def.keyType as z.ZodMiniType)._zod.def.checks) {
          throw new Error(`check spec: ${at} is a record whose keys are not plain strings`);
        }
        spec.i = walk(def.valueType as z.ZodMiniType, at + '{}');
        break;
      case 'custom':
        // A custom type tests its value as its first check, worded by its own error.
        rules.push({ k: 'fn', f: nameOf(def.fn, at) });
        break;
      default:
        throw new Error(`check spec: ${at} is a zod ${def.type}, which the checker does not run`);
    }
    for (const check of def.checks || []) rules.push(rule(check, at));
    // A rule's issue falls back to its schema's error, so a rule repeating that error needs none.
    const own = JSON.stringify(e);
    for (const item of rules) if (item.e && JSON.stringify(item.e) === own) delete item.e;
    if (rules.length) spec.c = rules;
    if (e) spec.e = e;
    return spec;
  }

  return walk(schema, where);
}

/** A generated module exporting the given specs (and tables of specs). */
export function specModuleSource(header: string[], roots: Record<string, CheckSpec | Record<string, CheckSpec>>, typeImport: string): string {
  const lines = dataModuleLines(
    Object.keys(roots).map((name) => {
      const table = typeof (roots[name] as CheckSpec).t !== 'string';
      return { name, type: table ? 'Record<string, CheckSpec>' : 'CheckSpec', value: roots[name], table };
    }),
  );
  return header.concat([typeImport, ''], lines).join('\n') + '\n';
}
