// Build time only: the text of a generated TypeScript module exporting plain data (schemas, check
// specs), where every object that occurs more than once is emitted once as a constant, which keeps
// the bundled text small. Used by the main thread's and the UI's schema generators.

export interface ExportedData {
  name: string;
  /** The exported constant's type annotation. */
  type: string;
  value: unknown;
  /** A table of schemas: its own entries are always written in place, never shared. */
  table?: boolean;
}

/** The declarations of the shared constants, then one `export const` line per entry. */
export function dataModuleLines(exported: ExportedData[]): string[] {
  const counts = new Map<string, number>();
  const count = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (!Array.isArray(node)) {
      const key = JSON.stringify(node);
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    for (const child of Object.values(node as Record<string, unknown>)) count(child);
  };
  const all: Record<string, unknown> = {};
  for (const entry of exported) all[entry.name] = entry.value;
  count(all);
  const names = new Map<string, string>();
  const declarations: string[] = [];
  const emit = (node: unknown, topLevel: boolean): string => {
    if (Array.isArray(node)) return '[' + node.map((item) => emit(item, false)).join(', ') + ']';
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
    const key = JSON.stringify(node);
    const shared = !topLevel && (counts.get(key) || 0) > 1 && key.length > 12;
    const known = names.get(key);
    if (shared && known) return known;
    const record = node as Record<string, unknown>;
    const entries = Object.keys(record).map((name) => propertyName(name) + ': ' + emit(record[name], false));
    const body = entries.length === 0 ? '{}' : '{ ' + entries.join(', ') + ' }';
    if (!shared) return body;
    const name = 's' + names.size;
    names.set(key, name);
    declarations.push('const ' + name + ' = ' + body + ';');
    return name;
  };
  const lines = exported.map((entry) => 'export const ' + entry.name + ': ' + entry.type + ' = ' + emit(entry.value, entry.table === true) + ';');
  return declarations.concat(lines);
}

function propertyName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}
