// The smallest axis-aligned rectangle holding a set of rectangles; the main thread, the UI, the
// playground and the stand-in each need it for layer groups, page content and node bounds.
import type { Rect } from './resize-mode';

/** The union of `rects`, or null when there are none (callers choose their own empty answer). */
export function unionOfRects(rects: Iterable<Rect>): Rect | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const r of rects) {
    left = Math.min(left, r.x);
    top = Math.min(top, r.y);
    right = Math.max(right, r.x + r.width);
    bottom = Math.max(bottom, r.y + r.height);
  }
  return left === Infinity ? null : { x: left, y: top, width: right - left, height: bottom - top };
}
