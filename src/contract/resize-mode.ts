// PICPIK's ResizeMode rules as one pure function: where a foreground of w x h lands inside an
// output of W x H. Used by the emulator (compositing), the main thread (placement) and tests.

export const RESIZE_MODES = ['JustResize', 'CropAndResize', 'ResizeAndFill'] as const;
export type ResizeMode = (typeof RESIZE_MODES)[number];

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The rectangle, in output pixels, that the whole foreground covers after fitting.
 * - JustResize: stretched to exactly W x H.
 * - CropAndResize: scaled by max(W/w, H/h) and centred; the overflow is cropped, so the rect
 *   may extend past the output's edges.
 * - ResizeAndFill: scaled by min(W/w, H/h) and centred; the rest of the output is generated.
 */
export function fitForegroundRect(
  mode: ResizeMode,
  foreground: { width: number; height: number },
  output: { width: number; height: number },
): Rect {
  if (foreground.width <= 0 || foreground.height <= 0) throw new RangeError('foreground size must be positive');
  if (mode === 'JustResize') return { x: 0, y: 0, width: output.width, height: output.height };
  const sx = output.width / foreground.width;
  const sy = output.height / foreground.height;
  const scale = mode === 'CropAndResize' ? Math.max(sx, sy) : Math.min(sx, sy);
  const width = foreground.width * scale;
  const height = foreground.height * scale;
  return { x: (output.width - width) / 2, y: (output.height - height) / 2, width, height };
}
