import { beforeAll, describe, expect, it } from 'vitest';
import sharp, { type PngOptions } from 'sharp';
import { formatIssues } from '../../src/contract/issues';
import { IMAGE_EDIT_DEFAULTS, parseActionParams, type RemoveBackgroundParams, type RemoveContentsParams } from '../../src/contract/schemas';
import { readImageDimensionsFromBase64 } from '../../src/contract/image-dimensions';
import { checkActionPixelsAsync, checkPngMonochromeAsync } from '../../src/contract/png-monochrome';
import { dataUrl } from './images';

let photo: string; // 40 x 30 opaque PNG
let jpeg: string;
let webp: string;
let gif: string;
let tiny: string;
let greyMask: string;
let rgbaBwMask: string;
let colouredMask: string;
let interlacedBwMask: string;
let wrongSizeMask: string;

async function rgbaPngAsync(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number], options: PngOptions = {}): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
  return sharp(data, { raw: { width, height, channels: 4 } }).png(options).toBuffer();
}

beforeAll(async () => {
  const base = sharp({ create: { width: 40, height: 30, channels: 3, background: '#ffffff' } });
  photo = dataUrl(await base.clone().png().toBuffer());
  jpeg = dataUrl(await base.clone().jpeg().toBuffer(), 'image/jpeg');
  webp = dataUrl(await base.clone().webp().toBuffer(), 'image/webp');
  gif = dataUrl(await base.clone().gif().toBuffer(), 'image/gif');
  tiny = dataUrl(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer());
  const disc = (x: number, y: number) => Math.hypot(x - 20, y - 15) < 8;
  greyMask = dataUrl(await sharp(await rgbaPngAsync(40, 30, (x, y) => (disc(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 255]))).greyscale().png().toBuffer());
  rgbaBwMask = dataUrl(await rgbaPngAsync(40, 30, (x, y) => (disc(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 255])));
  colouredMask = dataUrl(await rgbaPngAsync(40, 30, (x, y) => (x === 39 && y === 29 ? [255, 0, 0, 255] : disc(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 255])));
  interlacedBwMask = dataUrl(await rgbaPngAsync(40, 30, (x, y) => (disc(x, y) ? [200, 200, 200, 255] : [0, 0, 0, 255]), { progressive: true }));
  wrongSizeMask = dataUrl(await rgbaPngAsync(20, 30, () => [0, 0, 0, 255]));
});

function issuesOf(action: string, params: unknown) {
  const result = parseActionParams(action, params);
  return result.ok ? [] : result.issues;
}

describe('image headers', () => {
  it('reads the size of PNG, JPEG, WebP (lossy, lossless, extended) and GIF images from their headers', async () => {
    for (const image of [photo, jpeg, webp, gif]) expect(readImageDimensionsFromBase64(image)).toMatchObject({ width: 40, height: 30 });
    expect(readImageDimensionsFromBase64(jpeg)?.type).toBe('jpeg');
    const lossless = dataUrl(await sharp({ create: { width: 300, height: 17, channels: 3, background: '#123456' } }).webp({ lossless: true }).toBuffer());
    const extended = dataUrl(await sharp({ create: { width: 5000, height: 21, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } } }).webp().toBuffer());
    expect(readImageDimensionsFromBase64(lossless)).toEqual({ type: 'webp', width: 300, height: 17 });
    expect(readImageDimensionsFromBase64(extended)).toEqual({ type: 'webp', width: 5000, height: 21 });
    expect(readImageDimensionsFromBase64('data:image/png;base64,AAAA')).toBeNull();
  });
});

describe('RemoveBackground', () => {
  it('applies the documented defaults and keeps a Box inside the image', () => {
    const result = parseActionParams('RemoveBackground', { RawImage: jpeg, Box: [2, 3, 39, 29] });
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const value: RemoveBackgroundParams = result.value;
    expect(value).toEqual({ RawImage: jpeg, Box: [2, 3, 39, 29], ErodeSize: 15, ForegroundThreshold: 240, BackgroundThreshold: 15, HairOptimization: 'auto', OnlyMask: false });
  });

  it.each([
    [{}, 'RawImage', 'required', 'RawImage is required'],
    [{ ErodeSize: 41 }, 'ErodeSize', 'range', 'between 0 and 40'],
    [{ ErodeSize: 2.5 }, 'ErodeSize', 'integer', 'whole number'],
    [{ ForegroundThreshold: 256 }, 'ForegroundThreshold', 'range', 'between 0 and 255'],
    [{ BackgroundThreshold: -1 }, 'BackgroundThreshold', 'range', 'between 0 and 255'],
    [{ BackgroundThreshold: 240 }, 'BackgroundThreshold', 'threshold_order', 'below ForegroundThreshold (240)'],
    [{ HairOptimization: 'yes' }, 'HairOptimization', 'enum', 'auto, on, off'],
    [{ OnlyMask: 'true' }, 'OnlyMask', 'type', 'true or false'],
    [{ Box: [1, 2, 3] }, 'Box', 'range', 'four whole numbers'],
    [{ Box: [10, 2, 5, 20] }, 'Box', 'box', 'x1 < x2'],
    [{ Box: [0, 0, 40, 29] }, 'Box', 'box', 'x2 at most 39'],
    [{ Mask: 'x' }, 'Mask', 'unknown_field', 'Unknown field'],
  ])('rejects %j naming %s', (extra, path, rule, text) => {
    const body = { RawImage: photo, ...extra };
    if (!('RawImage' in extra) && path === 'RawImage') delete (body as Record<string, unknown>)['RawImage'];
    const issues = issuesOf('RemoveBackground', path === 'RawImage' ? {} : body);
    const issue = issues.find((i) => i.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.rule).toBe(rule);
    expect(issue?.message).toContain(text);
  });

  it('rejects images that are not PNG/JPEG/WebP or of no sane size, by their header', () => {
    expect(issuesOf('RemoveBackground', { RawImage: gif })[0]).toMatchObject({ path: 'RawImage', rule: 'image_format' });
    expect(issuesOf('RemoveBackground', { RawImage: 'data:image/png;base64,iVBORw0KGgo=' })[0]).toMatchObject({ path: 'RawImage', rule: 'image_format' });
    expect(issuesOf('RemoveBackground', { RawImage: tiny })[0]?.message).toContain('is 8 x 8 pixels, but each side must be between 16 and 4096');
    expect(issuesOf('RemoveBackground', { RawImage: 'not base64!' })[0]).toMatchObject({ path: 'RawImage', rule: 'base64' });
  });

  it('reports an image its field rejects once, by that field: the header rules leave it alone', () => {
    expect(issuesOf('RemoveBackground', { RawImage: 'not base64!' }).map((issue) => [issue.path, issue.rule])).toEqual([['RawImage', 'base64']]);
    expect(issuesOf('RemoveContents', { RawImage: photo, Mask: 'not base64!' }).map((issue) => [issue.path, issue.rule])).toEqual([['Mask', 'base64']]);
    expect(issuesOf('RemoveBackgroundsInBatch', { RawImages: [photo, 42] }).map((issue) => [issue.path, issue.rule])).toEqual([['RawImages[1]', 'type']]);
  });
});

describe('RemoveBackgroundsInBatch', () => {
  it('takes 1-16 images with the same tuning and no Box', () => {
    const result = parseActionParams('RemoveBackgroundsInBatch', { RawImages: [photo, webp], ErodeSize: 0 });
    expect(result.ok && result.value).toMatchObject({ RawImages: [photo, webp], ErodeSize: 0, ForegroundThreshold: 240, OnlyMask: false });
    expect(issuesOf('RemoveBackgroundsInBatch', { RawImages: [] })[0]?.message).toContain('at least one image');
    expect(issuesOf('RemoveBackgroundsInBatch', { RawImages: Array(17).fill(photo) })[0]?.message).toContain('at most 16');
    expect(issuesOf('RemoveBackgroundsInBatch', { RawImages: [photo, tiny] })[0]).toMatchObject({ path: 'RawImages[1]', rule: 'image_size' });
    expect(issuesOf('RemoveBackgroundsInBatch', { RawImages: [photo], Box: [0, 0, 1, 1] })[0]).toMatchObject({ path: 'Box', rule: 'unknown_field' });
  });
});

describe('RemoveContents', () => {
  it('applies InvertMask false and MaskBlur 12 by default', () => {
    const result = parseActionParams('RemoveContents', { RawImage: photo, Mask: rgbaBwMask });
    if (!result.ok) throw new Error(formatIssues(result.issues));
    const value: RemoveContentsParams = result.value;
    expect(value).toEqual({ RawImage: photo, Mask: rgbaBwMask, InvertMask: IMAGE_EDIT_DEFAULTS.InvertMask, MaskBlur: 12 });
  });

  it('requires both images, MaskBlur 0-64, and a PNG mask of the raw image size', () => {
    expect(issuesOf('RemoveContents', { RawImage: photo })[0]).toMatchObject({ path: 'Mask', rule: 'required' });
    expect(issuesOf('RemoveContents', { RawImage: photo, Mask: greyMask, MaskBlur: 65 })[0]?.message).toContain('between 0 and 64');
    expect(issuesOf('RemoveContents', { RawImage: photo, Mask: greyMask, InvertMask: 1 })[0]?.path).toBe('InvertMask');
    expect(issuesOf('RemoveContents', { RawImage: photo, Mask: jpeg })[0]).toMatchObject({ path: 'Mask', rule: 'mask_format' });
    expect(issuesOf('RemoveContents', { RawImage: photo, Mask: wrongSizeMask })[0]?.message).toBe('Mask is 20 x 30 pixels, but it must be the size of RawImage (40 x 30)');
  });

  it('tells a black-and-white mask from a coloured one by its pixels, interlaced or not', async () => {
    expect(await checkPngMonochromeAsync(greyMask)).toBe('monochrome');
    expect(await checkPngMonochromeAsync(rgbaBwMask)).toBe('monochrome');
    expect(await checkPngMonochromeAsync(interlacedBwMask)).toBe('monochrome');
    expect(await checkPngMonochromeAsync(colouredMask)).toBe('coloured');
    expect(await checkActionPixelsAsync('RemoveContents', { Mask: colouredMask })).toEqual([
      expect.objectContaining({ path: 'Mask', rule: 'mask_monochrome' }),
    ]);
    expect(await checkActionPixelsAsync('RemoveContents', { Mask: rgbaBwMask })).toEqual([]);
  });
});
