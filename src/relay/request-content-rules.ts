// Rules on what a request carries beyond its schema: a ceiling on prompt text, and an ImageList
// holding only images that some index field points to, each a PNG, JPEG or WebP by its header.
// Checked before the contract's validation, so a hostile body fails on its first bytes.
import { sniffBase64ImageType } from '../contract/png-header';
import { RelayHttpError } from './relay-http-error';

const PROMPT_FIELDS = ['PositivePrompts', 'NegativePrompts'] as const;
/** Formats PICPIK documents for input images; the relay passes nothing else. */
const ACCEPTED_IMAGE_TYPES = new Set(['png', 'jpeg', 'webp']);

const encoder = new TextEncoder();

/** Refuses prompts whose texts together exceed `maxBytes` of UTF-8, naming the list that tips it over. */
export function checkPromptText(params: Record<string, unknown>, maxBytes: number): void {
  let total = 0;
  for (const field of PROMPT_FIELDS) {
    const list = params[field];
    if (!Array.isArray(list)) continue;
    for (const entry of list) if (typeof entry === 'string') total += entry.length > maxBytes ? entry.length : encoder.encode(entry).byteLength;
    if (total > maxBytes) {
      throw new RelayHttpError(400, `${field}: the prompts together are longer than ${maxBytes} bytes (RELAY_MAX_PROMPT_TEXT_BYTES). Shorten them.`, {
        field,
        detail: 'prompt text limit',
      });
    }
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every ImageList index the request's fields name (whatever shape they come in). */
function referencedImageIndexes(params: Record<string, unknown>): Set<unknown> {
  const indexes = new Set<unknown>();
  for (const field of ['TransparentForeground', 'BackgroundImage2Image']) {
    const value = params[field];
    if (isRecord(value)) indexes.add(value['ImageIndex']);
  }
  const list = params['TransparentImageIndexList'];
  if (Array.isArray(list)) for (const index of list) indexes.add(index);
  return indexes;
}

/**
 * Each ImageList entry must be pointed to by an index field and start like a PNG, JPEG or
 * WebP. The full base64 check is the contract's; this one decodes 12 bytes per image.
 */
export function checkImageList(params: Record<string, unknown>): void {
  const images = params['ImageList'];
  if (!Array.isArray(images)) return;
  const referenced = referencedImageIndexes(params);
  // A missing or out-of-range index is the contract's to report ("TransparentForeground is
  // required", "points to image 3 but ImageList has 1 image"): that is the mistake to fix first.
  const indexesSound =
    referenced.size > 0 && [...referenced].every((index) => typeof index === 'number' && Number.isInteger(index) && index >= 0 && index < images.length);
  images.forEach((image, i) => {
    const field = `ImageList[${i}]`;
    if (indexesSound && !referenced.has(i)) {
      throw new RelayHttpError(400, `${field}: no field points to this image (TransparentForeground.ImageIndex or BackgroundImage2Image.ImageIndex). Remove it.`, {
        field,
        detail: 'unreferenced image',
      });
    }
    const type = typeof image === 'string' ? sniffBase64ImageType(image) : null;
    if (type === null || !ACCEPTED_IMAGE_TYPES.has(type)) {
      throw new RelayHttpError(400, `${field}: must be a base64 PNG, JPEG or WebP image${type ? ` (this is a ${type.toUpperCase()})` : ''}.`, {
        field,
        detail: `image header ${type ?? 'unknown'}`,
      });
    }
  });
}
