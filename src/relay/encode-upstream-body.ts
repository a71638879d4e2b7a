// Serialises the signed request into the bytes sent upstream, in one pass. Base64 images hold
// only JSON-safe characters (the contract checked them), so they are copied straight into the
// output instead of being scanned and copied again by JSON.stringify: a 30 MB body costs one copy.

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
