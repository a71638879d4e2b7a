// The mapping area + foreground + output + ResizeMode -> frame box puts the subject back on its area.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backgroundFrameBox, keepsImageAspect } from '../../src/plugin/background-frame-box';
import { fitForegroundRect, RESIZE_MODES } from '../../src/contract/resize-mode';
import type { Box } from '../../src/protocol/shapes';

function expectBox(actual: Box, expected: Box): void {
  expect(Math.abs(actual.x - expected.x)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(actual.y - expected.y)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(actual.width - expected.width)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(actual.height - expected.height)).toBeLessThanOrEqual(0.5);
}

const area = { x: 100, y: 50, width: 300, height: 200 };

describe('backgroundFrameBox', () => {
  it.each(RESIZE_MODES)('%s with the area aspect on foreground and output covers exactly the area', (mode) => {
    expectBox(backgroundFrameBox(area, { width: 600, height: 400 }, { width: 1200, height: 800 }, mode), area);
  });

  it('JustResize stretches the output back onto the area when the aspects differ', () => {
    expectBox(backgroundFrameBox(area, { width: 600, height: 400 }, { width: 800, height: 800 }, 'JustResize'), area);
  });

  it('CropAndResize of a 3:2 foreground into a square output shows the middle of the area', () => {
    // Scale 2: the foreground spans 1200 x 800 output px, 200 px cropped left and right.
    expectBox(backgroundFrameBox(area, { width: 600, height: 400 }, { width: 800, height: 800 }, 'CropAndResize'), {
      x: 150,
      y: 50,
      width: 200,
      height: 200,
    });
  });

  it('ResizeAndFill of a 3:2 foreground into a square output extends above and below the area', () => {
    expectBox(backgroundFrameBox(area, { width: 600, height: 400 }, { width: 800, height: 800 }, 'ResizeAndFill'), {
      x: 100,
      y: 0,
      width: 300,
      height: 300,
    });
  });

  it('ResizeAndFill of a portrait foreground into a landscape output extends left and right', () => {
    const portrait = { x: -40, y: 10, width: 400, height: 500 };
    // Scale min(1024/400, 576/500) = 1.152: the foreground spans 460.8 x 576, 281.6 px margin each side.
    const box = backgroundFrameBox(portrait, { width: 400, height: 500 }, { width: 1024, height: 576 }, 'ResizeAndFill');
    const unitsPerPixel = 400 / 460.8;
    expectBox(box, { x: -40 - 281.6 * unitsPerPixel, y: 10, width: 1024 * unitsPerPixel, height: 500 });
  });

  it('for every mode and size, the fitted foreground rect maps back onto the area (to 0.5 px)', () => {
    const size = fc.record({ width: fc.integer({ min: 16, max: 2560 }), height: fc.integer({ min: 16, max: 2560 }) });
    fc.assert(
      fc.property(
        fc.constantFrom(...RESIZE_MODES),
        fc.record({ x: fc.integer({ min: -5000, max: 5000 }), y: fc.integer({ min: -5000, max: 5000 }) }),
        size,
        size,
        (mode, origin, foreground, output) => {
          // The foreground is composed at the area's aspect, as the UI does.
          const a = { x: origin.x, y: origin.y, width: foreground.width / 2, height: foreground.height / 2 };
          const box = backgroundFrameBox(a, foreground, output, mode);
          const rect = fitForegroundRect(mode, foreground, output);
          const kx = box.width / output.width;
          const ky = box.height / output.height;
          expectBox({ x: box.x + rect.x * kx, y: box.y + rect.y * ky, width: rect.width * kx, height: rect.height * ky }, a);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('keepsImageAspect', () => {
  it('accepts a box of the image aspect and rejects a stretched one', () => {
    expect(keepsImageAspect({ x: 0, y: 0, width: 300, height: 200 }, { width: 1200, height: 800 })).toBe(true);
    expect(keepsImageAspect({ x: 0, y: 0, width: 300, height: 200 }, { width: 800, height: 800 })).toBe(false);
  });
});
