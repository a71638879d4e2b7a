// Exports a job's layers over its area and composes them into one canvas: the foreground a job
// sends at output resolution, and the small picture the Generate tab previews, from one path.
import type { UiChannel } from '../../src/protocol/ui-channel';
import type { Box } from '../../src/protocol/shapes';
import { MAX_EXPORT_SCALE } from '../../src/protocol/export-scale';
import type { RequestResult } from '../../src/protocol/message-types';
import { composeForeground, type ForegroundLayer } from './compose-foreground';
import { hasTransparentPixels } from './has-transparent-pixels';
import { decodePngAsync, encodePngAsync } from './png';
import { markStage } from './stage-timing';


export interface ComposedJobForeground {
  png: Uint8Array;
  transparent: boolean;
  /** Each layer's exported pixels, in the order of `layerIds`. */
  layers: (ForegroundLayer & { layerId: string })[];
}

/**
 * Exports each layer at `scale` (by default the output's scale over the area) and composes them
 * into an `output`-sized canvas mapping the whole area. Tiny areas are upscaled by composing, past
 * what main exports.
 */
export async function composeJobForegroundAsync(
  requestAsync: UiChannel['requestAsync'],
  plan: { layerIds: readonly string[]; area: Box; output: { width: number; height: number } },
  scale = Math.min(MAX_EXPORT_SCALE, plan.output.width / plan.area.width),
): Promise<ComposedJobForeground> {
  const layers: ComposedJobForeground['layers'] = [];
  const exports: LayerExport[] = [];
  for (const layerId of plan.layerIds) {
    let start = performance.now();
    const exported = await requestAsync('exportLayer', { layerId, area: plan.area, scale });
    markStage('export', start);
    start = performance.now();
    const decoded = await decodePngAsync(exported.png);
    markStage('decode', start);
    exports.push(exported);
    layers.push({ layerId, rgba: decoded.rgba, width: decoded.width, height: decoded.height, box: exported.box });
  }
  const only = exports.length === 1 ? exports[0] : undefined;
  if (only && exportIsForeground(only, plan)) return { png: only.png, transparent: hasTransparentPixels((layers[0] as ForegroundLayer).rgba), layers };
  let start = performance.now();
  const composed = composeForeground(layers, plan.area, plan.output);
  markStage('compose', start);
  start = performance.now();
  const png = await encodePngAsync(composed);
  markStage('encode', start);
  return { png, transparent: hasTransparentPixels(composed.rgba), layers };
}

type LayerExport = RequestResult<'exportLayer'>;

/**
 * True when one layer's export already is the foreground: it covers exactly the area at exactly
 * the output size, so composing would copy it pixel for pixel and re-encoding would only cost time.
 */
function exportIsForeground(exported: LayerExport, plan: { area: Box; output: { width: number; height: number } }): boolean {
  const { box, pixelWidth, pixelHeight } = exported;
  return pixelWidth === plan.output.width && pixelHeight === plan.output.height && box.x === 0 && box.y === 0 && box.width === plan.area.width && box.height === plan.area.height;
}
