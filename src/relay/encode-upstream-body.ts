// Serialises the signed request into the bytes sent upstream, in one pass. Base64 images hold
// only JSON-safe characters (the contract checked them), so they are copied straight into the
// output instead of being scanned and copied again by JSON.stringify: a 30 MB body costs one copy,
// or none when the image's bytes from the incoming body can be sent as they are.

const encoder = new TextEncoder();
const QUOTE = 0x22;
const COMMA = 0x2c;

function isPlainImageText(value: unknown): value is string {
  return typeof value === 'string' && value.indexOf('"') < 0 && value.indexOf('\\') < 0;
}

/** JSON bytes of `params`, with `ImageList` (when present) written last. */
export function encodeUpstreamBody(params: Record<string, unknown>): Uint8Array<ArrayBuffer> {
  const images = params['ImageList'];
  if (!Array.isArray(images) || images.length === 0 || !images.every(isPlainImageText)) {
    return encoder.encode(JSON.stringify(params));
  }
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(params)) if (key !== 'ImageList') rest[key] = params[key];
  const head = JSON.stringify(rest);
  const prefix = encoder.encode(`${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"ImageList":[`);
  let total = prefix.byteLength + 2; // + "]}"
  for (const image of images) total += image.length + 3; // quotes and a comma
  const out = new Uint8Array(total - 1);
  out.set(prefix, 0);
  let offset = prefix.byteLength;
  for (let i = 0; i < images.length; i += 1) {
    const image = images[i] as string;
    if (i > 0) out[offset++] = COMMA;
    out[offset++] = QUOTE;
    const { read, written } = encoder.encodeInto(image, out.subarray(offset, offset + image.length));
    // Anything outside ASCII would not fit byte-for-character: fall back to the general path.
    if (read !== image.length || written !== image.length) return encoder.encode(JSON.stringify(params));
    offset += written;
    out[offset++] = QUOTE;
  }
  out[offset++] = 0x5d; // ]
  out[offset++] = 0x7d; // }
  return out;
}

/**
 * The same JSON as encodeUpstreamBody, as pieces sent in order: an image that is one of
 * `rawStrings` (the very text parsed from the incoming body) goes as the body's own bytes.
 */
export function encodeUpstreamPieces(params: Record<string, unknown>, rawStrings: readonly { text: string; bytes: Uint8Array }[]): Uint8Array[] {
  const images = params['ImageList'];
  const rawOf = (image: unknown) => rawStrings.find((raw) => raw.text === image);
  if (rawStrings.length === 0 || !Array.isArray(images) || images.length === 0 || !images.some((image) => rawOf(image) !== undefined)) {
    return [encodeUpstreamBody(params)];
  }
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(params)) if (key !== 'ImageList') rest[key] = params[key];
  const head = JSON.stringify(rest);
  const pieces: Uint8Array[] = [];
  let text = `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"ImageList":[`;
  images.forEach((image, i) => {
    if (i > 0) text += ',';
    const raw = rawOf(image);
    if (raw === undefined) {
      text += JSON.stringify(image);
      return;
    }
    pieces.push(encoder.encode(`${text}"`), raw.bytes);
    text = '"';
  });
  pieces.push(encoder.encode(`${text}]}`));
  return pieces;
}

/**
 * What follows a streamed image (see streamed-upstream.ts) in a body that opened with
 * `{"<field>":"` or `{"<field>":["`: the image's closing quote, the list's other entries, then
 * every other field of `params`; the last piece is the closing brace alone.
 */
export function encodeStreamedRest(
  params: Record<string, unknown>,
  field: string,
  isList: boolean,
  rawStrings: readonly { text: string; bytes: Uint8Array }[],
): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let text = '"';
  if (isList) {
    const rest = (params[field] as unknown[]).slice(1);
    for (const image of rest) {
      const raw = rawStrings.find((candidate) => candidate.text === image);
      if (raw === undefined) text += `,${JSON.stringify(image)}`;
      else {
        pieces.push(encoder.encode(`${text},"`), raw.bytes);
        text = '"';
      }
    }
    text += ']';
  }
  const others: Record<string, unknown> = {};
  for (const key of Object.keys(params)) if (key !== field) others[key] = params[key];
  const encoded = encodeUpstreamPieces(others, rawStrings);
  const first = encoded[0] as Uint8Array;
  const last = encoded[encoded.length - 1] as Uint8Array;
  if (encoded.length === 1 && first.byteLength === 2) {
    pieces.push(encoder.encode(text));
  } else {
    // The other fields' object without its braces, after a comma.
    pieces.push(encoder.encode(`${text},`));
    if (encoded.length === 1) pieces.push(first.subarray(1, first.byteLength - 1));
    else pieces.push(first.subarray(1), ...encoded.slice(1, -1), last.subarray(0, last.byteLength - 1));
  }
  pieces.push(encoder.encode('}'));
  return pieces;
}
