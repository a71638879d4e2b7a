// The clean plate's mask: white over the subject's alpha grown by MASK_DILATE_PX, black elsewhere,
// opaque grey pixels only.
import { describe, expect, it } from 'vitest';
import { MASK_DILATE_PX, subjectMask } from '../../../ui/lib/subject-mask';

function disc(size: number, cx: number, cy: number, r: number) {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) rgba.set([200, 0, 0, 255], (y * size + x) * 4);
  return { width: size, height: size, rgba };
}

describe('subjectMask', () => {
  it('covers the subject and a few pixels around it, nothing further', () => {
    const mask = subjectMask(disc(64, 32, 32, 10));
    const at = (x: number, y: number) => [...mask.rgba.subarray((y * 64 + x) * 4, (y * 64 + x) * 4 + 4)];
    expect(at(32, 32)).toEqual([255, 255, 255, 255]);
    expect(at(32 + 10 + MASK_DILATE_PX, 32)).toEqual([255, 255, 255, 255]);
    expect(at(32 + 10 + MASK_DILATE_PX + 1, 32)).toEqual([0, 0, 0, 255]);
    expect(at(0, 0)).toEqual([0, 0, 0, 255]);
    for (let i = 0; i < mask.rgba.length; i += 4) {
      expect(mask.rgba[i]).toBe(mask.rgba[i + 1]);
      expect(mask.rgba[i + 3]).toBe(255);
    }
  });

  it('an empty foreground gives an all-black mask', () => {
    const mask = subjectMask({ width: 8, height: 8, rgba: new Uint8Array(8 * 8 * 4) });
    expect(mask.rgba.every((value, i) => (i % 4 === 3 ? value === 255 : value === 0))).toBe(true);
  });
});
