// Builds the corpora the schema agreement tests run: a few valid samples, then every path of each set
// to values that sit on or next to every rule, deleted, and extended with one more item or key.

export type Path = Array<string | number>;

/** Every path to a value inside a sample (the root included), not descending into typed arrays. */
export function pathsOf(value: unknown, path: Path = []): Path[] {
  const out: Path[] = [path];
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...pathsOf(item, path.concat(index))));
  else if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    for (const key of Object.keys(value)) out.push(...pathsOf((value as Record<string, unknown>)[key], path.concat(key)));
  }
  return out;
}

export function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    // defineProperty, so an own "__proto__" key stays an own key in the copy.
    for (const key of Object.keys(value)) {
      Object.defineProperty(out, key, { value: cloneValue((value as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

const DELETE = Symbol('delete');

function valueAt(sample: unknown, path: Path): unknown {
  return path.reduce((node: unknown, key) => (node as Record<string | number, unknown>)[key], sample);
}

/** A copy of the sample with the value at path replaced (or deleted). */
export function withValueAt(sample: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = cloneValue(sample) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === DELETE) delete parent[last];
  else parent[last] = value;
  return copy;
}

/** Valid samples, then each path of each set to each odd value, deleted, and extended. */
export function corpusOf(valid: unknown[], oddValues: unknown[]): unknown[] {
  const corpus: unknown[] = valid.slice();
  for (const sample of valid) {
    for (const path of pathsOf(sample)) {
      for (const odd of oddValues) corpus.push(withValueAt(sample, path, odd));
      if (path.length > 0) corpus.push(withValueAt(sample, path, DELETE));
      const target = valueAt(sample, path);
      if (Array.isArray(target)) for (const odd of oddValues) corpus.push(withValueAt(sample, path.concat(target.length), odd));
      else if (typeof target === 'object' && target !== null && !ArrayBuffer.isView(target)) corpus.push(withValueAt(sample, path.concat('extra'), 'added'));
    }
  }
  return corpus;
}
