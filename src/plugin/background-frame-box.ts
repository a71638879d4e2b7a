// Where a generated image goes on the canvas so the subject lands back on its area: the inverse
// of PICPIK's ResizeMode fitting. Pure, so it is tested for every mode and aspect.
import { fitForegroundRect } from '../contract/resize-mode';
import type { ResizeMode } from '../contract/resize-mode';
import type { Box, Size } from '../protocol/shapes';

/**
 * The foreground image covered `area` when it was composed. PICPIK fits it into the output as
 * rect R (output px); mapping R back onto `area` gives canvas units per output pixel on each
 * axis, and the whole output then spans the returned box. Equal aspects give the area itself;
 * with CropAndResize the box can be smaller than the area, with ResizeAndFill larger.
 */
export function backgroundFrameBox(area: Box, foreground: Size, output: Size, mode: ResizeMode): Box {
  const fitted = fitForegroundRect(mode, foreground, output);
  const unitsPerPixelX = area.width / fitted.width;
  const unitsPerPixelY = area.height / fitted.height;
  return {
    x: area.x - fitted.x * unitsPerPixelX,
    y: area.y - fitted.y * unitsPerPixelY,
    width: output.width * unitsPerPixelX,
    height: output.height * unitsPerPixelY,
  };
}

/**
 * True when the box shows the image undistorted (FILL is then exact); otherwise the image must
 * be stretched (JustResize with differing aspects), which needs scaleMode CROP with an identity
 * transform, because FILL would crop instead.
 */
export function keepsImageAspect(box: Box, image: Size): boolean {
  // Within half a canvas unit on the long side.
  const expectedHeight = (box.width * image.height) / image.width;
  return Math.abs(expectedHeight - box.height) <= 0.5;
}
