// The one seam between the stand-in and real image formats, so the core runs in Node and in a
// browser page alike: codec-sharp.ts for Node, codec-canvas.ts for the playground.

export interface RgbaImage {
  width: number;
  height: number;
  /** Straight (not premultiplied) RGBA, row-major, 4 bytes per pixel. */
  rgba: Uint8ClampedArray;
}

export interface ImageCodec {
  decodeAsync(bytes: Uint8Array): Promise<RgbaImage>;
  encodePngAsync(image: RgbaImage): Promise<Uint8Array>;
}
