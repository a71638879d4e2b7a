import { describe, expect, it } from 'vitest';
import { fitForegroundRect } from '../../src/contract/resize-mode';

// Foreground 200 x 100 into non-square outputs, both wider and taller than its aspect.
describe('fitForegroundRect', () => {
  it('JustResize stretches to the output, ignoring aspect', () => {
    expect(fitForegroundRect('JustResize', { width: 200, height: 100 }, { width: 300, height: 600 })).toEqual({ x: 0, y: 0, width: 300, height: 600 });
  });

  it('CropAndResize covers the output and centres the overflow', () => {
    // Taller output: scale max(300/200, 600/100) = 6 -> 1200 x 600, 450 px cropped each side.
    expect(fitForegroundRect('CropAndResize', { width: 200, height: 100 }, { width: 300, height: 600 })).toEqual({ x: -450, y: 0, width: 1200, height: 600 });
    // Wider output: scale max(1000/200, 200/100) = 5 -> 1000 x 500.
    expect(fitForegroundRect('CropAndResize', { width: 200, height: 100 }, { width: 1000, height: 200 })).toEqual({ x: 0, y: -150, width: 1000, height: 500 });
  });

  it('ResizeAndFill fits inside the output and centres it', () => {
    // Taller output: scale min(1.5, 6) = 1.5 -> 300 x 150, centred vertically.
    expect(fitForegroundRect('ResizeAndFill', { width: 200, height: 100 }, { width: 300, height: 600 })).toEqual({ x: 0, y: 225, width: 300, height: 150 });
    // Wider output: scale min(5, 2) = 2 -> 400 x 200, centred horizontally.
    expect(fitForegroundRect('ResizeAndFill', { width: 200, height: 100 }, { width: 1000, height: 200 })).toEqual({ x: 300, y: 0, width: 400, height: 200 });
  });

  it('rejects an empty foreground', () => {
    expect(() => fitForegroundRect('ResizeAndFill', { width: 0, height: 10 }, { width: 64, height: 64 })).toThrow(RangeError);
  });
});
