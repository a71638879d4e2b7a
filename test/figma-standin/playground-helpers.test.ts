// What the playground builds on: page rendering, hit-testing a click, change notifications, and
// the less common paint modes and export options.

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
  return { width: info.width, height: info.height, pixel: (x: number, y: number) => [...data.subarray((y * info.width + x) * 4, (y * info.width + x) * 4 + 4)] };
}

/** 20 x 20 PNG of 10 px quadrants: red, green / blue, white. */
async function quadPng(): Promise<Uint8Array> {
  const raw = Buffer.alloc(20 * 20 * 4);
  for (let y = 0; y < 20; y += 1) {
    for (let x = 0; x < 20; x += 1) {
      const colour = y < 10 ? (x < 10 ? [255, 0, 0] : [0, 255, 0]) : x < 10 ? [0, 0, 255] : [255, 255, 255];
      raw.set([...colour, 255], (y * 20 + x) * 4);
    }
  }
  return new Uint8Array(await sharp(raw, { raw: { width: 20, height: 20, channels: 4 } }).png().toBuffer());
}

describe('page rendering for the canvas', () => {
  it('draws the page background and layers into RGBA at a scale', async () => {
    const { standin, figma } = setup();
    const r = figma.createRectangle();
    r.resize(10, 10);
    r.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    const { image, region } = await standin.renderPageAsync(figma.currentPage, { scale: 2, region: { x: -10, y: 0, width: 20, height: 10 } });
    expect([image.width, image.height]).toEqual([40, 20]);
    expect(region.x).toBe(-10);
    const at = (x: number, y: number) => [...image.rgba.subarray((y * 40 + x) * 4, (y * 40 + x) * 4 + 4)];
    expect(at(30, 10)).toEqual([255, 0, 0, 255]);
    expect(at(5, 10)).toEqual([245, 245, 245, 255]);
  });

  it('finds the layer a click selects: deepest layer, groups as a whole', () => {
    const { standin, figma } = setup();
    const frame = figma.createFrame();
    frame.resize(200, 200);
    const a = figma.createRectangle();
    const b = figma.createRectangle();
    frame.appendChild(a);
    frame.appendChild(b);
    b.x = 150;
    const group = figma.group([b], frame);
    expect(standin.layerAtPoint(figma.currentPage, 50, 50)).toBe(a);
    expect(standin.layerAtPoint(figma.currentPage, 160, 50)).toBe(group);
    expect(standin.layerAtPoint(figma.currentPage, 120, 150)).toBe(frame);
    expect(standin.layerAtPoint(figma.currentPage, 500, 500)).toBeNull();
  });

  it('tells listeners once per burst of document changes, undo included', async () => {
    const { standin, figma } = setup();
    let changes = 0;
    standin.onDocumentChange(() => (changes += 1));
    const r = figma.createRectangle();
    r.x = 5;
    r.name = 'moved';
    await standin.flushAsync();
    expect(changes).toBe(1);
    standin.undo.undoLast();
    await standin.flushAsync();
    expect(changes).toBe(2);
    expect(r.removed).toBe(true);
  });
});

describe('more paint modes and export options', () => {
  it('renders CROP with an imageTransform and TILE at its scaling factor', async () => {
    const { figma } = setup();
    const image = figma.createImage(await quadPng());
    const r = figma.createRectangle();
    r.resize(20, 20);
    // Show only the right column of the image (green over white), stretched.
    r.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'CROP', imageTransform: [[0.5, 0, 0.5], [0, 1, 0]] }];
    const crop = await decode(await r.exportAsync());
    expect(crop.pixel(2, 2)).toEqual([0, 255, 0, 255]);
    expect(crop.pixel(17, 17)).toEqual([255, 255, 255, 255]);
    r.fills = [{ type: 'IMAGE', imageHash: image.hash, scaleMode: 'TILE', scalingFactor: 0.5 }];
    const tile = await decode(await r.exportAsync());
    // Tiles of 10 x 10 canvas units, repeating from the top-left corner.
    expect(tile.pixel(1, 1)).toEqual([255, 0, 0, 255]);
    expect(tile.pixel(8, 1)).toEqual([0, 255, 0, 255]);
    expect(tile.pixel(11, 11)).toEqual([255, 0, 0, 255]);
    expect(tile.pixel(18, 18)).toEqual([255, 255, 255, 255]);
  });

  it('draws overlapping layers too with contentsOnly: false', async () => {
    const { figma } = setup();
    const under = figma.createRectangle();
    under.resize(100, 100);
    under.fills = [{ type: 'SOLID', color: { r: 0, g: 0, b: 1 } }];
    const subject = figma.createEllipse();
    subject.resize(100, 100);
    subject.fills = [{ type: 'SOLID', color: { r: 1, g: 0, b: 0 } }];
    expect((await decode(await subject.exportAsync())).pixel(1, 1)[3]).toBe(0);
    const withContext = await decode(await subject.exportAsync({ format: 'PNG', contentsOnly: false }));
    expect(withContext.pixel(1, 1)).toEqual([0, 0, 255, 255]);
    expect(withContext.pixel(50, 50)).toEqual([255, 0, 0, 255]);
  });

  it('exports a group over its children and rounds corners', async () => {
    const { figma } = setup();
    const a = figma.createRectangle();
    const b = figma.createRectangle();
    a.resize(10, 10);
    b.resize(10, 10);
    b.x = 30;
    b.y = 20;
    const group = figma.group([a, b], figma.currentPage);
    expect(await decode(await group.exportAsync())).toMatchObject({ width: 40, height: 30 });
    const rounded = figma.createRectangle();
    rounded.resize(40, 40);
    rounded.cornerRadius = 20;
    const out = await decode(await rounded.exportAsync());
    expect(out.pixel(1, 1)[3]).toBe(0);
    expect(out.pixel(20, 20)[3]).toBe(255);
  });

  it('accepts GIF images', async () => {
    const { figma } = setup();
    const gif = new Uint8Array(await sharp(await quadPng()).gif().toBuffer());
    expect(await figma.createImage(gif).getSizeAsync()).toEqual({ width: 20, height: 20 });
  });

  it('rejects exporting a hidden layer, a layer in a hidden frame and a layer with nothing visible, as Figma does', async () => {
    const { figma } = setup();
    const failed = 'Failed to export node. This node may not have any visible layers.';
    const r = figma.createRectangle();
    r.visible = false;
    expect(r.absoluteRenderBounds).toBeNull();
    await expect(r.exportAsync()).rejects.toThrow(failed);
    const frame = figma.createFrame();
    const inside = figma.createRectangle();
    frame.appendChild(inside);
    frame.visible = false;
    await expect(inside.exportAsync()).rejects.toThrow(failed);
    frame.visible = true;
    expect(await decode(await inside.exportAsync())).toMatchObject({ width: 100, height: 100 });
    const empty = figma.createFrame();
    empty.fills = [];
    await expect(empty.exportAsync()).rejects.toThrow(failed);
  });
});
