// The text PICPIK signs, produced piece by piece (PICPIK's documented signature rules).
// No runtime imports, so browsers, the relay and the emulator can all reuse the walker.

/**
 * Choices where PICPIK's API documentation is silent, kept here in one place:
 * - `undefined` (at any depth) is skipped together with its key: JSON.stringify drops such keys,
 *   so the server never sees them. Inside arrays it contributes nothing.
 * - `null` contributes nothing but its key name, like an empty string: JSON keeps `"k": null` and
 *   that is the closest documented rule. Prefer not sending null at all.
 * - NaN, Infinity, bigint, functions and symbols cannot travel as JSON: they throw a TypeError.
 * - Keys sort by Unicode code point (not UTF-16 unit, not locale).
 */
export type SignatureEmit = (piece: string) => void;

/** Compares two strings by Unicode code point, as the signature's sort requires. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (0xD800-0xDFFF) encode code points above 0xFFFF, which sort after 0xE000-0xFFFF.
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function sortedKeys(obj: Record<string, unknown>): string[] {
  return Object.keys(obj).sort(compareCodePoints);
}

/** Expands a JS number string in exponent form (`1.5e-7`, `1e+21`) to plain decimal. */
function expandExponent(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const sign = match[1] ?? '';
  const intPart = match[2] ?? '';
  const fracPart = match[3] ?? '';
  const exponent = Number(match[4]);
  const digits = intPart + fracPart;
  const point = intPart.length + exponent; // position of the decimal point within `digits`
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  out = out.replace(/^0+(?=\d)/, '');
  if (out.indexOf('.') >= 0) out = out.replace(/\.?0+$/, '');
  return sign + out;
}

/**
 * A number as the signature writes it: integers in decimal, floats as their shortest round-trip
 * digits, never in exponent form (1e-7 -> 0.0000001, 1e21 -> 1000000000000000000000), -0 -> 0.
 */
export function formatSignatureNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`cannot sign the number ${String(n)}: it is not finite`);
  if (n === 0) return '0';
  return expandExponent(String(n));
}

function emitValue(value: unknown, emit: SignatureEmit, path: string): void {
  if (value === null || value === undefined) return;
  switch (typeof value) {
    case 'string':
      if (value.length > 0) emit(value);
      return;
    case 'boolean':
      emit(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot sign ${path}: ${String(value)} is not a finite number`);
      emit(formatSignatureNumber(value));
      return;
    case 'object':
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i += 1) emitValue(value[i], emit, `${path}[${i}]`);
        return;
      }
      emitObject(value as Record<string, unknown>, emit, path);
      return;
    default:
      throw new TypeError(`cannot sign ${path}: a ${typeof value} is not a JSON value`);
  }
}

function emitObject(obj: Record<string, unknown>, emit: SignatureEmit, path: string, skipKey?: string): void {
  for (const key of sortedKeys(obj)) {
    if (key === skipKey) continue;
    const value = obj[key];
    if (value === undefined) continue;
    emit(key);
    emitValue(value, emit, path ? `${path}.${key}` : key);
  }
}

/**
 * Walks the parameters in signature order and emits each piece of the text to sign: names and
 * values, then the private key. `Signature` itself is left out. Large strings are emitted whole
 * and never concatenated, so a hash can consume a 30 MB body without copying it.
 */
export function walkSignatureParts(params: Record<string, unknown>, privateKey: string, emit: SignatureEmit): void {
  emitObject(params, emit, '', 'Signature');
  emit(privateKey);
}

/** The whole text before hashing. For tests and debugging only: real bodies use walkSignatureParts. */
export function signatureText(params: Record<string, unknown>, privateKey: string): string {
  const pieces: string[] = [];
  walkSignatureParts(params, privateKey, (piece) => pieces.push(piece));
  return pieces.join('');
}
