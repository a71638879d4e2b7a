import { describe, expect, it } from 'vitest';
import { defaultOutputSize } from '../../../ui/lib/output-size';

describe('defaultOutputSize', () => {
  it('keeps a 1x area that is already within limits, snapped to multiples of 8', () => {
    expect(defaultOutputSize({ width: 1080, height: 1350 }, '1x')).toEqual({ width: 1080, height: 1352, notes: [] });
    expect(defaultOutputSize({ width: 1001, height: 601 }, '1x')).toEqual({ width: 1000, height: 600, notes: [] });
  });

  it('doubles for 2x and caps the long side at 2560 with an upscale note when the area is larger', () => {
    expect(defaultOutputSize({ width: 1000, height: 500 }, '2x')).toEqual({ width: 2000, height: 1000, notes: [] });
    const capped = defaultOutputSize({ width: 4096, height: 2048 }, '1x');
    expect(capped).toMatchObject({ width: 2560, height: 1280 });
    expect(capped.notes).toEqual(['Long side capped at 2560 px: the background will be upscaled 1.6x on the canvas']);
    const twice = defaultOutputSize({ width: 1600, height: 900 }, '2x');
    expect(twice).toMatchObject({ width: 2560, height: 1440 });
    expect(twice.notes).toEqual(['Long side capped at 2560 px']);
  });

  it('raises small areas to a 512 px long side and says so', () => {
    const small = defaultOutputSize({ width: 200, height: 100 }, '1x');
    expect(small).toMatchObject({ width: 512, height: 256 });
    expect(small.notes[0]).toMatch(/raised from 200 to 512 px/);
  });

  it('draft uses a 768 px long side whatever the area', () => {
    expect(defaultOutputSize({ width: 2000, height: 1000 }, 'draft')).toMatchObject({ width: 768, height: 384 });
    expect(defaultOutputSize({ width: 900, height: 1600 }, 'draft')).toMatchObject({ width: 432, height: 768 });
  });

  it('keeps the short side at PICPIK\'s 64 px minimum for extreme aspects', () => {
    const strip = defaultOutputSize({ width: 5000, height: 50 }, '1x');
    expect(strip).toMatchObject({ width: 2560, height: 64 });
    expect(strip.notes.some((note) => note.includes('64 px'))).toBe(true);
  });

  it('always produces multiples of 8 within 64..2560', () => {
    for (const [w, h] of [[1, 1], [333, 777], [12345, 17], [2561, 2561], [511, 513]] as const) {
      for (const choice of ['1x', '2x', 'draft'] as const) {
        const size = defaultOutputSize({ width: w, height: h }, choice);
        expect(size.width % 8, `${w}x${h} ${choice}`).toBe(0);
        expect(size.height % 8).toBe(0);
        expect(Math.max(size.width, size.height)).toBeLessThanOrEqual(2560);
        expect(Math.max(size.width, size.height)).toBeGreaterThanOrEqual(512);
        expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(64);
      }
    }
  });
});
