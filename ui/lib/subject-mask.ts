// The mask of a clean plate: white where the subject is (the foreground's alpha), grown by a few
// pixels so the subject's soft edge and any halo PICPIK drew around it are erased too, black
// elsewhere; opaque grey pixels, so the relay and PICPIK read it as a black-and-white image.
import type { RgbaImage } from './png';

/** Pixels the subject's area grows by, at the background's resolution. */
export const MASK_DILATE_PX = 6;
/** Alpha at or above which a foreground pixel counts as subject. */
const SUBJECT_ALPHA = 8;

/** A square dilation by `radius`, as two 1-D running-window passes (rows, then columns). */
function dilate(on: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const rows = new Uint8Array(on.length);
  for (let y = 0; y < height; y += 1) {
    let lastOn = -Infinity;
    // Forward: distance to the nearest "on" to the left; backward: to the right.
    for (let x = 0; x < width; x += 1) {
      if (on[y * width + x]) lastOn = x;
      if (x - lastOn <= radius) rows[y * width + x] = 1;
    }
    let nextOn = Infinity;
    for (let x = width - 1; x >= 0; x -= 1) {
      if (on[y * width + x]) nextOn = x;
      if (nextOn - x <= radius) rows[y * width + x] = 1;
    }
  }
  const out = new Uint8Array(on.length);
  for (let x = 0; x < width; x += 1) {
    let lastOn = -Infinity;
    for (let y = 0; y < height; y += 1) {
      if (rows[y * width + x]) lastOn = y;
      if (y - lastOn <= radius) out[y * width + x] = 1;
    }
    let nextOn = Infinity;
    for (let y = height - 1; y >= 0; y -= 1) {
      if (rows[y * width + x]) nextOn = y;
      if (nextOn - y <= radius) out[y * width + x] = 1;
    }
  }
  return out;
}

/** The mask image for a foreground of the background's size. */
export function subjectMask(foreground: RgbaImage, radius = MASK_DILATE_PX): RgbaImage {
  const { width, height, rgba } = foreground;
  const on = new Uint8Array(width * height);
  for (let i = 0; i < on.length; i += 1) on[i] = (rgba[i * 4 + 3] as number) >= SUBJECT_ALPHA ? 1 : 0;
  const grown = dilate(on, width, height, radius);
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < grown.length; i += 1) {
    const value = grown[i] ? 255 : 0;
    out[i * 4] = value;
    out[i * 4 + 1] = value;
    out[i * 4 + 2] = value;
    out[i * 4 + 3] = 255;
  }
  return { width, height, rgba: out };
}
