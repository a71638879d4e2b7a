// exportAsync renders real PNGs: sizes follow the constraint and bounds options, pixels show the
// fills (solid, image), clipping, rotation and hidden layers; createImage keeps Figma's limits.

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createFigmaStandin } from '../../src/figma-standin/index.js';
import { createSharpCodec } from '../../src/figma-standin/codec-sharp.js';

function setup() {
  const standin = createFigmaStandin({ codec: createSharpCodec() });
  return { standin, figma: standin.figma };
}

async function decode(png: Uint8Array) {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const pixel = (x: number, y: number) => {
    const i = (y * info.width + x) * 4;
    return [data[i], data[i + 1], data[i + 2], data[i + 3]];
  };
  return { width: info.width, height: info.height, pixel };
}

const red = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }] as const satisfies readonly SolidPaint[];
const blue = [{ type: 'SOLID', color: { r: 0, g: 0, b: 1 } }] as const satisfies readonly SolidPaint[];

async function solidPng(width: number, height: number, rgb: [number, number, number]): Promise<Uint8Array> {
  const buf = await sharp({ create: { width, height, channels: 4, background: { r: rgb[0], g: rgb[1], b: rgb[2], alpha: 1 } } })
    .png()
    .toBuffer();
  return new Uint8Array(buf);
}

describe('exportAsync sizes', () => {
  it('follows SCALE, WIDTH and HEIGHT constraints', async () => {
    const { figma } = setup();
    const r = figma.createRectangle();
    r.resize(200, 100);
    r.fills = red;
    expect(await decode(await r.exportAsync())).toMatchObject({ width: 200, height: 100 });
    expect(await decode(await r.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: 2 } }))).toMatchObject({ width: 400, height: 200 });
    expect(await decode(await r.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: 50 } }))).toMatchObject({ width: 50, height: 25 });
    expect(await decode(await r.exportAsync({ format: 'PNG', constraint: { type: 'HEIGHT', value: 300 } }))).toMatchObject({ width: 600, height: 300 });
  });

  it('crops to rendered content by default and covers the bounding box with useAbsoluteBounds', async () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    frame.resize(100, 100);
    frame.clipsContent = false;
    frame.fills = [];
    const child = figma.createRectangle();
    frame.appendChild(child);
    child.resize(50, 50);
    child.x = 80;
    child.y = 10;
    child.fills = red;
    const content = await decode(await frame.exportAsync({ format: 'PNG' }));
    expect([content.width, content.height]).toEqual([130, 100]);
    const exact = await decode(await frame.exportAsync({ format: 'PNG', useAbsoluteBounds: true }));
    expect([exact.width, exact.height]).toEqual([100, 100]);
    expect(exact.pixel(95, 20)).toEqual([255, 0, 0, 255]);
    // A rotated layer exports its axis-aligned box.
    const r = figma.createRectangle();
    r.resize(100, 50);
    r.rotation = 90;
    const rotated = await decode(await r.exportAsync());
    expect([rotated.width, rotated.height]).toEqual([50, 100]);
  });
});

describe('exportAsync pixels', () => {
  it('draws a red rect red and leaves the outside of an ellipse transparent', async () => {
    const { figma } = setup();
    const r = figma.createRectangle();
    r.resize(40, 40);
    r.fills = red;
    const rect = await decode(await r.exportAsync());
    expect(rect.pixel(20, 20)).toEqual([255, 0, 0, 255]);
    expect(rect.pixel(0, 0)).toEqual([255, 0, 0, 255]);
    const e = figma.createEllipse();
    e.resize(40, 40);
    e.fills = blue;
    const ellipse = await decode(await e.exportAsync());
    expect(ellipse.pixel(20, 20)).toEqual([0, 0, 255, 255]);
    expect(ellipse.pixel(1, 1)[3]).toBe(0);
    expect(ellipse.pixel(39, 39)[3]).toBe(0);
  });

  it('exports a frame with a white fill opaque, clips children and skips hidden ones', async () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    frame.resize(100, 100);
    const inside = figma.createRectangle();
    frame.appendChild(inside);
    inside.resize(100, 100);
    inside.x = 50;
    inside.fills = red;
    const hidden = figma.createRectangle();
    frame.appendChild(hidden);
    hidden.fills = blue;
    hidden.visible = false;
    const out = await decode(await frame.exportAsync());
    expect([out.width, out.height]).toEqual([100, 100]);
    expect(out.pixel(10, 10)).toEqual([255, 255, 255, 255]);
    expect(out.pixel(75, 50)).toEqual([255, 0, 0, 255]);
  });

  it('applies layer opacity and honours itemReverseZIndex', async () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    frame.layoutMode = 'HORIZONTAL';
    frame.resize(100, 100);
    frame.fills = [];
    const first = figma.createRectangle();
    const second = figma.createRectangle();
    frame.appendChild(first);
    frame.appendChild(second);
    for (const r of [first, second]) {
      r.layoutPositioning = 'ABSOLUTE';
      r.x = 0;
      r.y = 0;
      r.resize(100, 100);
    }
    first.fills = red;
    second.fills = blue;
    expect((await decode(await frame.exportAsync())).pixel(50, 50)).toEqual([0, 0, 255, 255]);
    frame.itemReverseZIndex = true;
    expect((await decode(await frame.exportAsync())).pixel(50, 50)).toEqual([255, 0, 0, 255]);
    // A grid keeps the flag but ignores it: the last child is on top again.
    frame.layoutMode = 'GRID';
    expect(frame.itemReverseZIndex).toBe(true);
    expect((await decode(await frame.exportAsync())).pixel(50, 50)).toEqual([0, 0, 255, 255]);
    frame.layoutMode = 'HORIZONTAL';
    frame.opacity = 0.5;
    const faded = (await decode(await frame.exportAsync())).pixel(50, 50);
    expect(faded[3]).toBeGreaterThanOrEqual(127);
    expect(faded[3]).toBeLessThanOrEqual(128);
  });

  it('renders image fills in FILL (cover) and FIT (contain) modes', async () => {
    const { figma } = setup();
    // Left half green, right half red: 200 x 100.
    const left = await sharp(await solidPng(100, 100, [0, 255, 0])).toBuffer();
    const png = new Uint8Array(
      await sharp(await solidPng(200, 100, [255, 0, 0]))
        .composite([{ input: left, left: 0, top: 0 }])
        .png()
        .toBuffer(),
    );
    const image = figma.createImage(png);
    expect(await image.getSizeAsync()).toEqual({ width: 200, height: 100 });
    const frame = figma.createFrame();
    frame.resize(100, 100);
    frame.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FILL' }];
    const cover = await decode(await frame.exportAsync());
    expect(cover.pixel(25, 50)).toEqual([0, 255, 0, 255]);
    expect(cover.pixel(75, 50)).toEqual([255, 0, 0, 255]);
    frame.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'FIT' }];
    const contain = await decode(await frame.exportAsync());
    expect(contain.pixel(10, 50)).toEqual([0, 255, 0, 255]);
    expect(contain.pixel(90, 50)).toEqual([255, 0, 0, 255]);
    expect(contain.pixel(50, 10)[3]).toBe(0);
  });

  it('draws a rotated rect where its transform puts it', async () => {
    const { figma } = setup();
    const frame = figma.createFrame();
    frame.resize(100, 100);
    frame.fills = [];
    const r = figma.createRectangle();
    frame.appendChild(r);
    r.resize(50, 20);
    r.x = 10;
    r.y = 60;
    r.rotation = 90; // now covers x 10..30, y 10..60
    r.fills = red;
    const out = await decode(await frame.exportAsync({ format: 'PNG', useAbsoluteBounds: true }));
    expect(out.pixel(20, 30)).toEqual([255, 0, 0, 255]);
    expect(out.pixel(50, 65)[3]).toBe(0);
  });
});

describe('strokes and shadows', () => {
  it('grows render bounds and the export by outside strokes, not inside ones', async () => {
    const { figma } = setup();
    const r = figma.createRectangle();
    r.resize(40, 40);
    r.x = 100;
    r.fills = red;
    r.strokes = blue;
    r.strokeWeight = 4;
    expect(r.strokeAlign).toBe('INSIDE');
    expect(r.absoluteRenderBounds).toEqual({ x: 100, y: 0, width: 40, height: 40 });
    const inside = await decode(await r.exportAsync());
    expect([inside.width, inside.height]).toEqual([40, 40]);
    expect(inside.pixel(1, 20)).toEqual([0, 0, 255, 255]);
    expect(inside.pixel(20, 20)).toEqual([255, 0, 0, 255]);
    r.strokeAlign = 'OUTSIDE';
    expect(r.absoluteRenderBounds).toEqual({ x: 96, y: -4, width: 48, height: 48 });
    const outside = await decode(await r.exportAsync());
    expect([outside.width, outside.height]).toEqual([48, 48]);
    expect(outside.pixel(1, 24)).toEqual([0, 0, 255, 255]);
    expect(outside.pixel(5, 24)).toEqual([255, 0, 0, 255]);
    const exact = await decode(await r.exportAsync({ format: 'PNG', useAbsoluteBounds: true }));
    expect([exact.width, exact.height]).toEqual([40, 40]);
  });

  it('draws a drop shadow outside the layer and counts it in the bounds', async () => {
    const { figma } = setup();
    const r = figma.createRectangle();
    r.resize(40, 40);
    r.fills = red;
    r.effects = [
      { type: 'DROP_SHADOW', color: { r: 0, g: 0, b: 0, a: 1 }, offset: { x: 10, y: 10 }, radius: 4, spread: 0, visible: true, blendMode: 'NORMAL' },
    ];
    expect(r.absoluteRenderBounds).toEqual({ x: 0, y: 0, width: 54, height: 54 });
    const out = await decode(await r.exportAsync());
    expect([out.width, out.height]).toEqual([54, 54]);
    expect(out.pixel(20, 20)).toEqual([255, 0, 0, 255]);
    expect(out.pixel(45, 45)).toEqual([0, 0, 0, 255]);
    const edge = out.pixel(50, 30)[3] as number;
    expect(edge).toBeGreaterThan(0);
    expect(edge).toBeLessThan(255);
    expect(out.pixel(45, 3)[3]).toBe(0);
  });
});

describe('createImage', () => {
  it('refuses images over 4096 px per side and unsupported types', async () => {
    const { figma } = setup();
    const big = await solidPng(4097, 1, [0, 0, 0]);
    expect(() => figma.createImage(big)).toThrow('Image is too large');
    const webp = new Uint8Array(await sharp(await solidPng(2, 2, [0, 0, 0])).webp().toBuffer());
    expect(() => figma.createImage(webp)).toThrow('Image type is unsupported');
    expect(() => figma.createImage(new Uint8Array([1, 2, 3]))).toThrow('Image type is unsupported');
    const jpeg = new Uint8Array(await sharp(await solidPng(30, 20, [0, 0, 0])).jpeg().toBuffer());
    const handle = figma.createImage(jpeg);
    expect(await handle.getSizeAsync()).toEqual({ width: 30, height: 20 });
    expect(handle.hash).toMatch(/^[0-9a-f]{40}$/);
    expect(figma.getImageByHash(handle.hash)?.hash).toBe(handle.hash);
    expect(() => {
      figma.createRectangle().fills = [{ type: 'IMAGE', imageHash: 'nope', scaleMode: 'FILL' }];
    }).toThrow(/imageHash/);
  });
});
