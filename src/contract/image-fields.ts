// Where base64 images sit in a request body, for every action: the one place long strings belong
// (body limits, log redaction and the like ask here rather than naming fields themselves).

/** Fields whose value is one image. */
const SINGLE_IMAGE_FIELDS: ReadonlySet<string> = new Set(['RawImage', 'Mask']);
/** Fields whose value is a list of images. */
const IMAGE_LIST_FIELDS: ReadonlySet<string> = new Set(['ImageList', 'RawImages']);

/** True for a top-level field whose value is one base64 image. */
export function isSingleImageField(field: string): boolean {
  return SINGLE_IMAGE_FIELDS.has(field);
}

/** True for a top-level field whose value is a list of base64 images. */
export function isImageListField(field: string): boolean {
  return IMAGE_LIST_FIELDS.has(field);
}

/** True for `['RawImage']`, `['Mask']`, `['ImageList', i]` and `['RawImages', i]`. */
export function isImageFieldPath(path: readonly (string | number)[]): boolean {
  const [field, index] = path;
  if (typeof field !== 'string') return false;
  if (path.length === 1) return SINGLE_IMAGE_FIELDS.has(field);
  return path.length === 2 && typeof index === 'number' && IMAGE_LIST_FIELDS.has(field);
}

/** A copy of the parameters with every image replaced by its length, for logs. */
export function redactImagesForLog(params: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...params };
  const describe = (image: unknown) => (typeof image === 'string' ? `<image, ${image.length} base64 characters>` : image);
  for (const [key, value] of Object.entries(copy)) {
    if (SINGLE_IMAGE_FIELDS.has(key)) copy[key] = describe(value);
    else if (IMAGE_LIST_FIELDS.has(key) && Array.isArray(value)) copy[key] = value.map(describe);
  }
  return copy;
}
