// Exports a job's layers over its area and composes them into one canvas: the foreground a job
// sends at output resolution, and the small picture the Generate tab previews, from one path.
import type { UiChannel } from '../../src/protocol/ui-channel';
import type { Box } from '../../src/protocol/shapes';
import { composeForeground, type ForegroundLayer } from './compose-foreground';
import { hasTransparentPixels } from './has-transparent-pixels';
import { decodePngAsync, encodePngAsync } from './png';

/** Main accepts at most 64 output px per canvas unit; tiny areas are upscaled by composing. */
const MAX_EXPORT_SCALE = 64;

export interface ComposedJobForeground {
  png: Uint8Array;
  transparent: boolean;
  /** Each layer's exported pixels, in the order of `layerIds`. */
  layers: (ForegroundLayer & { layerId: string })[];
}

/**
 * Exports each layer at `scale` (by default the output's scale over the area) and composes them
 * into an `output`-sized canvas mapping the whole area.
 */
export async function composeJobForegroundAsync(
  requestAsync: UiChannel['requestAsync'],
  plan: { layerIds: readonly string[]; area: Box; output: { width: number; height: number } },
  scale = Math.min(MAX_EXPORT_SCALE, plan.output.width / plan.area.width),
): Promise<ComposedJobForeground> {
  const layers: ComposedJobForeground['layers'] = [];
  for (const layerId of plan.layerIds) {
    const exported = await requestAsync('exportLayer', { layerId, area: plan.area, scale });
    const decoded = await decodePngAsync(exported.png);
    layers.push({ layerId, rgba: decoded.rgba, width: decoded.width, height: decoded.height, box: exported.box });
  }
  const composed = composeForeground(layers, plan.area, plan.output);
  return { png: await encodePngAsync(composed), transparent: hasTransparentPixels(composed.rgba), layers };
}
