// A bounded scan of a JSON body's shape while it streams in: counts elements, tracks nesting and
// the length of every string, so a body of millions of tiny values (or one huge text outside
// an image field) is refused after a few kilobytes, before JSON.parse builds anything from it.
import { isImageListField, isSingleImageField } from '../contract/image-fields';
import { RelayHttpError } from './relay-http-error';
import type { FastBytes } from './read-json-body';

export interface JsonShapeLimits {
  /** Items and members over the whole body (every `,` and every opened array or object). */
  maxElements: number;
  maxDepth: number;
  /** Longest string outside the image fields (contract/image-fields.ts), in bytes as sent (an escape can stand for at most 6 of them). */
  maxStringBytes: number;
}

/** Where a base64 image's text starts or ends in the body (byte offsets of its content). */
export type ImageTextEvent =
  | { kind: 'open'; field: string; index: number | undefined; at: number }
  | { kind: 'close'; at: number };

export interface JsonShapeScanner {
  /** Scans the next bytes of the body; throws a RelayHttpError (400) as soon as a limit is passed. */
  feed: (chunk: Uint8Array) => void;
  /**
   * [start, end) of the text of every base64 image the body held, in order: the string
   * literals parseJsonBody keeps out of JSON.parse, found here so the body is searched once.
   */
  imageSpans: () => readonly (readonly [number, number])[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
/** Raw bytes per decoded byte at most: `\u00e9` is 6 bytes for 2. */
const ESCAPE_EXPANSION = 6;

function refuse(message: string, field: string, detail: string): RelayHttpError {
  return new RelayHttpError(400, message, { field, detail });
}

/** indexOf with the runtime's memchr when there is one. */
function indexOfByte(bytes: Uint8Array, byte: number, from: number, fast?: FastBytes): number {
  if (fast) return fast.indexOf(bytes, byte, from);
  for (let i = from; i < bytes.length; i += 1) if (bytes[i] === byte) return i;
  return -1;
}

/**
 * Long strings are allowed only as base64 images: the value of a top-level single-image field
 * (RawImage, Mask) or an entry of a top-level image list (ImageList, RawImages); those hold no escapes: base64 needs none, and only unescaped text takes the fast parse path.
 */
export function createJsonShapeScanner(limits: JsonShapeLimits, fast?: FastBytes, onImageText?: (event: ImageTextEvent) => void): JsonShapeScanner {
  const rawStringLimit = limits.maxStringBytes * ESCAPE_EXPANSION;
  let elements = 0;
  let depth = 0;
  let inString = false;
  let escapeNext = false;
  let stringBytes = 0;
  let stringHasEscape = false;
  let imageIndex = -1;
  /** The last string closed at depth 1 (a candidate key), and the top-level key now open. */
  let lastTopString = '';
  let collecting: number[] | null = null;
  let topKey = '';
  let insideImageList = false;
  /** A top-level key has been read and its value has not ended yet. */
  let topValueOpen = false;
  /** Body bytes scanned before the current chunk, and whether the open string is an image. */
  let scanned = 0;
  let inImageText = false;
  const spans: [number, number][] = [];

  function openContainer(isArray: boolean): void {
    depth += 1;
    elements += 1;
    if (depth > limits.maxDepth) {
      throw refuse(`The body is nested deeper than ${limits.maxDepth} levels (RELAY_MAX_JSON_DEPTH).`, 'body', 'depth limit (scan)');
    }
    if (depth === 2 && isArray && isImageListField(topKey)) {
      insideImageList = true;
      imageIndex = 0;
    }
  }

  function closeContainer(): void {
    if (depth === 2 && insideImageList) insideImageList = false;
    depth = Math.max(0, depth - 1);
  }

  function stringIsImage(): boolean {
    return (insideImageList && depth === 2) || (depth === 1 && topValueOpen && isSingleImageField(topKey));
  }

  function imageFieldName(): string {
    return insideImageList ? `${topKey}[${imageIndex}]` : topKey;
  }

  function checkStringLength(): void {
    if (stringIsImage()) return;
    if (stringBytes > rawStringLimit) {
      throw refuse(
        `A text in the body is longer than ${limits.maxStringBytes} bytes (RELAY_MAX_STRING_BYTES).`,
        'body',
        'string limit (scan)',
      );
    }
  }

  function endString(closeAt: number): void {
    inString = false;
    if (inImageText) {
      onImageText?.({ kind: 'close', at: closeAt });
      const open = spans[spans.length - 1];
      if (open) open[1] = closeAt;
    }
    inImageText = false;
    if (stringIsImage() && stringHasEscape) {
      const field = imageFieldName();
      throw refuse(`${field}: a base64 image must not contain JSON escapes (backslashes).`, field, 'escaped image text');
    }
    if (depth === 1 && collecting) lastTopString = String.fromCharCode(...collecting);
    if (depth === 1 && topValueOpen) topValueOpen = false; // that string was the value
    collecting = null;
  }

  function feed(chunk: Uint8Array): void {
    try {
      scan(chunk);
    } finally {
      scanned += chunk.length;
    }
  }

  function scan(chunk: Uint8Array): void {
    let i = 0;
    const length = chunk.length;
    // Where the next backslash is, found once per chunk stretch, so strings cost memchr time.
    let nextBackslash = -2;
    while (i < length) {
      if (inString) {
        if (escapeNext) {
          escapeNext = false;
          stringBytes += 1;
          i += 1;
          continue;
        }
        const quote = indexOfByte(chunk, QUOTE, i, fast);
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = indexOfByte(chunk, BACKSLASH, i, fast);
        const end = quote < 0 ? length : quote;
        if (nextBackslash >= 0 && nextBackslash < end) {
          stringBytes += nextBackslash - i + 1;
          if (collecting && collecting.length < 64) collecting.push(...chunk.subarray(i, Math.min(nextBackslash, i + 64)));
          stringHasEscape = true;
          escapeNext = true;
          i = nextBackslash + 1;
          checkStringLength();
          continue;
        }
        stringBytes += end - i;
        if (collecting && collecting.length < 64) collecting.push(...chunk.subarray(i, Math.min(end, i + 64)));
        checkStringLength();
        if (quote < 0) return;
        endString(scanned + quote);
        i = quote + 1;
        continue;
      }
      const byte = chunk[i] as number;
      i += 1;
      switch (byte) {
        case QUOTE:
          inString = true;
          stringBytes = 0;
          stringHasEscape = false;
          collecting = depth === 1 && !topValueOpen ? [] : null;
          inImageText = stringIsImage();
          if (inImageText) {
            onImageText?.({ kind: 'open', field: topKey, index: insideImageList ? imageIndex : undefined, at: scanned + i });
            spans.push([scanned + i, -1]);
          }
          break;
        case COLON:
          if (depth === 1) {
            topKey = lastTopString;
            topValueOpen = true;
          }
          break;
        case COMMA:
          elements += 1;
          if (depth === 1) topValueOpen = false;
          if (insideImageList && depth === 2) imageIndex += 1;
          break;
        case OPEN_ARRAY:
          openContainer(true);
          break;
        case OPEN_OBJECT:
          openContainer(false);
          break;
        case CLOSE_ARRAY:
        case CLOSE_OBJECT:
          closeContainer();
          break;
        default:
          break;
      }
      if (elements > limits.maxElements) {
        throw refuse(
          `The body holds more than ${limits.maxElements} list entries and fields (RELAY_MAX_JSON_ELEMENTS).`,
          'body',
          'element limit (scan)',
        );
      }
    }
  }

  return { feed, imageSpans: () => spans.filter(([, end]) => end >= 0) };
}
