// Export: the PNG covers the layer's absoluteBoundingBox at the requested scale; its size comes
// from the PNG header and its box is given relative to the area.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { cappedExportScale } from '../../src/plugin/export-layer-png';
import { frame, openSessionAsync, rectangle } from './plugin-session';

async function pixelAt(png: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * 4;
  return [data[offset] as number, data[offset + 1] as number, data[offset + 2] as number, data[offset + 3] as number];
}

describe('exportLayer', () => {
  it('exports at the output scale and reports the real pixel size and the box in area coordinates', async () => {
    let layerId = '';
    const { channel } = await openSessionAsync({
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 200, 100, 400, 300);
        layerId = rectangle(figma, post, 'Product', 10, 20, 100, 50).id;
      },
    });
    const area = { x: 200, y: 100, width: 400, height: 300 };
    const result = await channel.requestAsync('exportLayer', { layerId, area, scale: 2.5 });
    expect([result.pixelWidth, result.pixelHeight]).toEqual([250, 125]);
    const meta = await sharp(result.png).metadata();
    expect([meta.width, meta.height]).toEqual([250, 125]);
    expect(result.box).toEqual({ x: 10, y: 20, width: 100, height: 50 });
    expect(result.scale).toBe(2.5);
    expect(await pixelAt(result.png, 125, 62)).toEqual([255, 0, 0, 255]);
  });

  it('exports a rotated layer as its axis-aligned bounding box, transparent in the corners', async () => {
    let layerId = '';
    const { channel, figma } = await openSessionAsync({
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
        const product = rectangle(figma, post, 'Product', 100, 100, 100, 50);
        product.rotation = 30;
        layerId = product.id;
      },
    });
    const node = (await figma.getNodeByIdAsync(layerId)) as RectangleNode;
    const bounds = node.absoluteBoundingBox as Rect;
    // 100 x 50 rotated by 30 degrees: 100 cos30 + 50 sin30 = 111.6 wide, 100 sin30 + 50 cos30 = 93.3 high.
    expect(bounds.width).toBeCloseTo(111.6, 1);
    expect(bounds.height).toBeCloseTo(93.3, 1);
    const result = await channel.requestAsync('exportLayer', { layerId, area: { x: 0, y: 0, width: 400, height: 300 }, scale: 2 });
    expect([result.pixelWidth, result.pixelHeight]).toEqual([Math.round(bounds.width * 2), Math.round(bounds.height * 2)]);
    expect(result.box.x).toBeCloseTo(bounds.x, 5);
    expect(result.box.y).toBeCloseTo(bounds.y, 5);
    expect((await pixelAt(result.png, 1, 1))[3]).toBe(0);
    expect(await pixelAt(result.png, Math.round(bounds.width), Math.round(bounds.height))).toEqual([255, 0, 0, 255]);
  });

  it('exports sRGB from a Display P3 document, so PICPIK gets the colours the designer sees', async () => {
    let layerId = '';
    const { channel } = await openSessionAsync({
      documentColorProfile: 'DISPLAY_P3',
      build: (figma) => {
        const post = frame(figma, figma.currentPage, 'Post', 0, 0, 400, 300);
        const product = rectangle(figma, post, 'Product', 10, 20, 100, 50);
        product.fills = [{ type: 'SOLID', color: { r: 0.2, g: 0.6, b: 0.3 } }];
        layerId = product.id;
      },
    });
    const result = await channel.requestAsync('exportLayer', { layerId, area: { x: 0, y: 0, width: 400, height: 300 }, scale: 1 });
    // P3 (51, 153, 77) is sRGB (0, 156, 67): green outside sRGB's red axis, clamped; the
    // document's own values would be (51, 153, 77).
    const pixel = await pixelAt(result.png, 50, 25);
    [0, 156, 67, 255].forEach((value, channel) => expect(Math.abs((pixel[channel] as number) - value)).toBeLessThanOrEqual(1));
  });

  it('never exports above Figma image size however large the scale', () => {
    expect(cappedExportScale({ width: 3000, height: 100 }, 2)).toBeCloseTo(4096 / 3000, 10);
    expect(cappedExportScale({ width: 300, height: 100 }, 2)).toBe(2);
  });

  it('answers a deleted layer with a designer-facing error', async () => {
    const { channel } = await openSessionAsync();
    await expect(channel.requestAsync('exportLayer', { layerId: '9:99', area: { x: 0, y: 0, width: 1, height: 1 }, scale: 1 })).rejects.toMatchObject({
      message: 'The selected layer is gone. Select it again.',
    });
  });
});
