// Whether an RGBA buffer has any pixel that is not fully opaque: PICPIK needs a cut-out.

export function hasTransparentPixels(rgba: Uint8Array | Uint8ClampedArray): boolean {
  for (let i = 3; i < rgba.length; i += 4) if ((rgba[i] as number) < 255) return true;
  return false;
}
