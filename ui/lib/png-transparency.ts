// Whether a PNG has a pixel that is not fully opaque, reading no more of it than the answer needs.
// A job whose one export already is the foreground sends that PNG as it is and only has to know
// that it is a cut-out; a cut-out's first transparent pixel is usually in its first rows, so the
// check stops there instead of decoding 26 MB of a 2560 px export.
import { hasTransparentPixels } from './has-transparent-pixels';
import { decodePngAsync, readPngLayout, unfilterRow } from './png';

export async function pngHasTransparencyAsync(bytes: Uint8Array): Promise<boolean> {
  const layout = readPngLayout(bytes);
  const { colorType, bitDepth, transparentKey, paletteAlpha, idat, stride, bpp, height } = layout;
  // Grey or RGB without a transparent colour has no alpha to look at.
  if ((colorType === 0 || colorType === 2) && !transparentKey) return false;
  if (colorType === 3 && !(paletteAlpha ?? []).some((alpha) => alpha < 255)) return false;
  // Figma exports 8-bit RGBA; anything else is rare enough to decode whole.
  if (colorType !== 6 || bitDepth !== 8) return hasTransparentPixels((await decodePngAsync(bytes)).rgba);

  const stream = new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // Fed without waiting for the reads; a cancelled read side rejects the writes that remain.
  const written = (async () => {
    for (const part of idat) await writer.write(part as Uint8Array<ArrayBuffer>);
    await writer.close();
  })().catch(() => undefined);
  const reader = stream.readable.getReader();
  // Two rows of output (this one and the one above) and the filtered row being gathered.
  const lines = new Uint8Array(stride * 2);
  const row = new Uint8Array(stride + 1);
  let filled = 0;
  let y = 0;
  const finishRow = (source: Uint8Array, start: number): boolean => {
    const dst = (y & 1) * stride;
    unfilterRow(source[start] as number, source, start + 1, lines, dst, y > 0 ? stride - dst : -1, stride, bpp);
    y += 1;
    for (let i = dst + 3; i < dst + stride; i += 4) if ((lines[i] as number) < 255) return true;
    return false;
  };
  try {
    while (y < height) {
      const { done, value } = await reader.read();
      if (done) break;
      let at = 0;
      while (at < value.length && y < height) {
        if (filled === 0 && value.length - at >= stride + 1) {
          // A whole row inside this piece: unfilter it where it is.
          if (finishRow(value, at)) return true;
          at += stride + 1;
          continue;
        }
        const take = Math.min(stride + 1 - filled, value.length - at);
        row.set(value.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled === stride + 1) {
          filled = 0;
          if (finishRow(row, 0)) return true;
        }
      }
    }
    if (y < height) throw new RangeError('PNG image data is truncated');
    return false;
  } finally {
    await reader.cancel().catch(() => undefined);
    await written;
  }
}
