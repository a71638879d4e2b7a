// RemoveContents without a model: the white part of the mask (the black part with InvertMask) is
// filled from the pixels around it with a push-pull pyramid, and the fill fades out over MaskBlur
// pixels around the area so no seam shows. What was inside the area is gone entirely; the fill is a smooth
// continuation of its surroundings, so it reads as background. Deterministic.
import sharp from 'sharp';
import { EMULATOR_IMAGE_SOFTWARE } from './render-result-image';
import { insertPngTextChunks } from './png-text-chunk';
import { decodeRgbaAsync } from './cut-out-subject';
import { pushPullFill } from './push-pull-fill';
import { blurMaskAsync, dilate } from './mask-geometry';

interface FillRequest {
  bytes: Uint8Array;
  maskBytes: Uint8Array;
  invertMask: boolean;
  /** 0-64: how far, in pixels, the fill fades out into the kept pixels around the area. */
  maskBlur: number;
}

/** Mask values from this grey up count as white (the mask may carry soft grey edges). */
const WHITE_FROM = 128;

/** The area to redraw (1) from the mask: white, or black with InvertMask; transparency counts as black. */
async function readAreaAsync(maskBytes: Uint8Array, width: number, height: number, invert: boolean): Promise<Uint8Array> {
  const { data, info } = await sharp(maskBytes)
    .flatten({ background: '#000000' })
    .toColourspace('b-w')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height) throw new Error(`the mask is ${info.width} x ${info.height}, the image ${width} x ${height}`);
  const area = new Uint8Array(width * height);
  for (let i = 0; i < area.length; i++) {
    const white = (data[i * info.channels] as number) >= WHITE_FROM;
    area[i] = white !== invert ? 1 : 0;
  }
  return area;
}

/** How much of the fill each pixel takes: all of it inside the area, fading out over `blur` pixels around it. */
async function blendWeightsAsync(area: Uint8Array, width: number, height: number, blur: number): Promise<Uint8Array> {
  const hard = new Uint8Array(area.length);
  for (let i = 0; i < area.length; i++) hard[i] = area[i] ? 255 : 0;
  if (blur <= 0) return hard;
  // Grown by half the blur first, so the fade happens outside the area, never inside it.
  const spread = await blurMaskAsync(hard, width, height, blur / 2);
  const weights = new Uint8Array(area.length);
  for (let i = 0; i < area.length; i++) weights[i] = area[i] ? 255 : Math.min(255, (spread[i] as number) * 2);
  return weights;
}

/** The raw image with the masked area redrawn from its surroundings, as PNG. */
export async function fillMaskedAreaAsync(request: FillRequest): Promise<Buffer> {
  const image = await decodeRgbaAsync(request.bytes);
  const { width, height } = image;
  const hasAlpha = (await sharp(request.bytes).metadata()).hasAlpha === true;
  const area = await readAreaAsync(request.maskBytes, width, height, request.invertMask);
  // The fill is drawn from beyond the fade band, so a halo around the area (anti-aliased edge,
  // shadow) is replaced too rather than smeared inward.
  const filled = pushPullFill(image.data, width, height, 4, dilate(area, width, height, request.maskBlur));
  const weights = await blendWeightsAsync(area, width, height, request.maskBlur);
  const channels = hasAlpha ? 4 : 3;
  const out = Buffer.alloc(width * height * channels);
  for (let i = 0; i < width * height; i++) {
    const w = (weights[i] as number) / 255;
    for (let c = 0; c < channels; c++) {
      const kept = image.data[i * 4 + c] as number;
      out[i * channels + c] = w === 0 ? kept : Math.round(kept * (1 - w) + (filled[i * 4 + c] as number) * w);
    }
  }
  const png = await sharp(out, { raw: { width, height, channels } }).png({ compressionLevel: 4 }).toBuffer();
  return insertPngTextChunks(png, {
    Software: EMULATOR_IMAGE_SOFTWARE,
    Comment: `Made by the ${EMULATOR_IMAGE_SOFTWARE} (a local stand-in, not an AI model): masked area filled from its surroundings.`,
  });
}
