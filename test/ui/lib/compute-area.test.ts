import { describe, expect, it } from 'vitest';
import { computeArea } from '../../../ui/lib/compute-area';

const layer = { x: 100, y: 200, width: 200, height: 100 };
const frame = { box: { x: 0, y: 0, width: 1080, height: 1350 } };

describe('computeArea', () => {
  it('uses the frame box for the frame area', () => {
    expect(computeArea({ frame, layerBoxes: [layer] }, { kind: 'frame' }).box).toEqual(frame.box);
  });

  it('falls back to the padded layer with a note when there is no frame', () => {
    const result = computeArea({ frame: null, layerBoxes: [layer] }, { kind: 'frame' });
    expect(result.box).toEqual({ x: 50, y: 150, width: 300, height: 200 });
    expect(result.notes[0]).toMatch(/not inside a frame/);
  });

  it('pads the layer by a share of its longer side on every side', () => {
    expect(computeArea({ frame: null, layerBoxes: [layer] }, { kind: 'layer', padding: 0 }).box).toEqual(layer);
    expect(computeArea({ frame: null, layerBoxes: [layer] }, { kind: 'layer', padding: 10 }).box).toEqual({ x: 80, y: 180, width: 240, height: 140 });
    expect(computeArea({ frame: null, layerBoxes: [layer] }, { kind: 'layer', padding: 50 }).box).toEqual({ x: 0, y: 100, width: 400, height: 300 });
  });

  it('takes the union of several layers', () => {
    const other = { x: 400, y: 100, width: 100, height: 100 };
    expect(computeArea({ frame: null, layerBoxes: [layer, other] }, { kind: 'layer', padding: 0 }).box).toEqual({ x: 100, y: 100, width: 400, height: 200 });
  });

  it.each([
    ['1:1', 1],
    ['4:5', 4 / 5],
    ['3:2', 3 / 2],
    ['16:9', 16 / 9],
    ['9:16', 9 / 16],
  ] as const)('centres the smallest %s box on the layer and contains it', (aspect, ratio) => {
    const box = computeArea({ frame: null, layerBoxes: [layer] }, { kind: 'aspect', aspect }).box;
    expect(box.width / box.height).toBeCloseTo(ratio, 6);
    expect(box.x).toBeLessThanOrEqual(layer.x);
    expect(box.y).toBeLessThanOrEqual(layer.y);
    expect(box.x + box.width).toBeGreaterThanOrEqual(layer.x + layer.width - 1e-9);
    expect(box.y + box.height).toBeGreaterThanOrEqual(layer.y + layer.height - 1e-9);
    // One side touches the layer: it is the smallest such box.
    expect(box.width === layer.width || Math.abs(box.height - layer.height) < 1e-9).toBe(true);
    expect(box.x + box.width / 2).toBeCloseTo(200, 6);
    expect(box.y + box.height / 2).toBeCloseTo(250, 6);
  });

  it('gives exact boxes for 1:1 and 16:9 around a 2:1 layer', () => {
    expect(computeArea({ frame: null, layerBoxes: [layer] }, { kind: 'aspect', aspect: '1:1' }).box).toEqual({ x: 100, y: 150, width: 200, height: 200 });
    expect(computeArea({ frame: null, layerBoxes: [layer] }, { kind: 'aspect', aspect: '16:9' }).box).toEqual({ x: 100, y: 193.75, width: 200, height: 112.5 });
  });

  it('centres a custom size on the layer and grows it, with a note, when the layer does not fit', () => {
    expect(computeArea({ frame: null, layerBoxes: [layer] }, { kind: 'custom', width: 400, height: 400 })).toEqual({
      box: { x: 0, y: 50, width: 400, height: 400 },
      notes: [],
    });
    const grown = computeArea({ frame: null, layerBoxes: [layer] }, { kind: 'custom', width: 100, height: 100 });
    expect(grown.box).toEqual({ x: 100, y: 150, width: 200, height: 200 });
    expect(grown.notes[0]).toMatch(/grows 2x/);
  });
});
