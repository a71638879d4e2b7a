import { describe, expect, it } from 'vitest';
import type { UiChannel } from '../../../src/protocol/ui-channel';
import { composeJobForegroundAsync } from '../../../ui/lib/compose-job-foreground';
import { decodePngAsync, encodePngAsync } from '../../../ui/lib/png';

/** Main's exportLayer for two `side`-unit layers side by side: 'a' opaque on the left, 'b' a ring on the right. */
function fakeExports(side = 50) {
  const asked: { layerId: string; scale: number }[] = [];
  const requestAsync = (async (name: string, payload: { layerId: string; scale: number }) => {
    if (name !== 'exportLayer') throw new Error(`unexpected ${name}`);
    asked.push({ layerId: payload.layerId, scale: payload.scale });
    const width = Math.round(side * payload.scale);
    const height = Math.round(side * payload.scale);
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y += 1) {
      for (let x = 0; x < width; x += 1) {
        const ring = x > 0 && y > 0 && x < width - 1 && y < height - 1;
        if (payload.layerId === 'a' || ring) rgba.set([255, 0, 0, 255], (y * width + x) * 4);
      }
    }
    const box = { x: payload.layerId === 'a' ? 0 : side, y: 0, width: side, height: side };
    return { layerId: payload.layerId, png: await encodePngAsync({ width, height, rgba }), pixelWidth: width, pixelHeight: height, scale: payload.scale, box };
  }) as unknown as UiChannel['requestAsync'];
  return { asked, requestAsync };
}

const area = { x: 0, y: 0, width: 100, height: 50 };

describe('composeJobForegroundAsync', () => {
  it('exports at the output scale by default and composes every layer where it sits in the area', async () => {
    const { asked, requestAsync } = fakeExports();
    const composed = await composeJobForegroundAsync(requestAsync, { layerIds: ['a', 'b'], area, output: { width: 200, height: 100 } });
    expect(asked).toEqual([{ layerId: 'a', scale: 2 }, { layerId: 'b', scale: 2 }]);
    const image = await decodePngAsync(composed.png);
    expect([image.width, image.height]).toEqual([200, 100]);
    expect(image.rgba[3]).toBe(255);
    expect(image.rgba[(50 * 200 + 199) * 4 + 3]).toBe(0);
    expect(composed.transparent).toBe(true);
    expect(composed.layers.map((layer) => [layer.layerId, layer.width, layer.height])).toEqual([['a', 100, 100], ['b', 100, 100]]);
  });

  it('exports at a given scale (the preview) while composing to the requested size', async () => {
    const { asked, requestAsync } = fakeExports();
    const composed = await composeJobForegroundAsync(requestAsync, { layerIds: ['a'], area, output: { width: 40, height: 20 } }, 0.4);
    expect(asked).toEqual([{ layerId: 'a', scale: 0.4 }]);
    const image = await decodePngAsync(composed.png);
    expect([image.width, image.height]).toEqual([40, 20]);
    expect(composed.layers[0]?.width).toBe(20);
  });

  it('caps the export scale at the 64 main accepts', async () => {
    const { asked, requestAsync } = fakeExports(1);
    await composeJobForegroundAsync(requestAsync, { layerIds: ['a'], area: { x: 0, y: 0, width: 1, height: 1 }, output: { width: 128, height: 128 } });
    expect(asked[0]?.scale).toBe(64);
  });
});
