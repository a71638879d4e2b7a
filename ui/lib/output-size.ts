// The output size PICPIK generates for an area: 1x, 2x or a quick draft, snapped to multiples of
// 8 within 512..2560 on the long side, with a note for every clamp the designer should know about.

export type OutputChoice = '1x' | '2x' | 'draft';

export interface OutputSize {
  width: number;
  height: number;
  notes: string[];
}

const MAX_LONG_SIDE = 2560;
const MIN_LONG_SIDE = 512;
const DRAFT_LONG_SIDE = 768;
/** PICPIK's documented minimum for Width and Height. */
const MIN_SIDE = 64;

function snap8(value: number): number {
  return Math.max(8, Math.round(value / 8) * 8);
}

function formatFactor(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * The default output size for an area (canvas units). The short side follows the area's aspect;
 * both sides are multiples of 8 so every PICPIK model accepts them.
 */
export function defaultOutputSize(area: { width: number; height: number }, choice: OutputChoice): OutputSize {
  const notes: string[] = [];
  if (!(area.width > 0) || !(area.height > 0)) throw new RangeError('area must have a positive size');
  const areaLong = Math.max(area.width, area.height);
  const ratio = Math.min(area.width, area.height) / areaLong;
  let long = choice === 'draft' ? DRAFT_LONG_SIDE : choice === '2x' ? areaLong * 2 : areaLong;
  if (long > MAX_LONG_SIDE) {
    long = MAX_LONG_SIDE;
    const upscale = areaLong / MAX_LONG_SIDE;
    notes.push(
      upscale > 1
        ? `Long side capped at ${MAX_LONG_SIDE} px: the background will be upscaled ${formatFactor(upscale)}x on the canvas`
        : `Long side capped at ${MAX_LONG_SIDE} px`,
    );
  } else if (long < MIN_LONG_SIDE) {
    notes.push(
      `Long side raised from ${Math.round(long)} to ${MIN_LONG_SIDE} px: small areas are generated larger and scaled down on the canvas`,
    );
    long = MIN_LONG_SIDE;
  } else if (choice === 'draft' && areaLong > DRAFT_LONG_SIDE) {
    notes.push(`Draft: long side ${DRAFT_LONG_SIDE} px, upscaled ${formatFactor(areaLong / DRAFT_LONG_SIDE)}x on the canvas`);
  }
  const longSide = Math.min(MAX_LONG_SIDE, snap8(long));
  let shortSide = snap8(long * ratio);
  if (shortSide < MIN_SIDE) {
    notes.push(`Short side raised to ${MIN_SIDE} px (PICPIK's minimum): the background is stretched slightly to fit the area`);
    shortSide = MIN_SIDE;
  }
  const landscape = area.width >= area.height;
  return { width: landscape ? longSide : shortSide, height: landscape ? shortSide : longSide, notes };
}
