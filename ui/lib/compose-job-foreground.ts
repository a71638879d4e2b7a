// Exports a job's layers over its area and composes them into one canvas: the foreground a job
// sends at output resolution, and the small picture the Generate tab previews, from one path.
import type { UiChannel } from '../../src/protocol/ui-channel';
import type { Box } from '../../src/protocol/shapes';
import { MAX_EXPORT_SCALE } from '../../src/protocol/export-scale';
import type { RequestResult } from '../../src/protocol/message-types';
import { composeForeground, type ForegroundLayer } from './compose-foreground';
import { hasTransparentPixels } from './has-transparent-pixels';
import { decodePngAsync, encodePngAsync } from './png';
import { pngHasTransparencyAsync } from './png-transparency';
import { markStage } from './stage-timing';


export interface ComposedJobForeground {
  png: Uint8Array;
  transparent: boolean;
  /** Each layer's export (its pixel size, where it sits, whether it has transparent pixels), in the order of `layerIds`. */
  layers: ExportedLayer[];
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
  const exports: LayerExport[] = [];
  for (const layerId of plan.layerIds) {
    const start = performance.now();
    exports.push(await requestAsync('exportLayer', { layerId, area: plan.area, scale }));
    markStage('export', start);
  }
  const placed = (exported: LayerExport, transparent: boolean): ExportedLayer => ({ layerId: exported.layerId, width: exported.pixelWidth, height: exported.pixelHeight, box: exported.box, transparent });
  const only = exports.length === 1 ? exports[0] : undefined;
  if (only && exportIsForeground(only, plan)) {
    // Sent as it is: only whether it is a cut-out needs its pixels, and only until the first transparent one.
    const start = performance.now();
    const transparent = await pngHasTransparencyAsync(only.png);
    markStage('decode', start);
    return { png: only.png, transparent, layers: [placed(only, transparent)] };
  }
  const decodedLayers: ForegroundLayer[] = [];
  const layers: ExportedLayer[] = [];
  for (const exported of exports) {
    const start = performance.now();
    const decoded = await decodePngAsync(exported.png);
    markStage('decode', start);
    decodedLayers.push({ rgba: decoded.rgba, width: decoded.width, height: decoded.height, box: exported.box });
    layers.push(placed(exported, hasTransparentPixels(decoded.rgba)));
  }
  let start = performance.now();
  const composed = composeForeground(decodedLayers, plan.area, plan.output);
  markStage('compose', start);
  start = performance.now();
  const png = await encodePngAsync(composed);
  markStage('encode', start);
  return { png, transparent: hasTransparentPixels(composed.rgba), layers };
}

type LayerExport = RequestResult<'exportLayer'>;

interface ExportedLayer extends Omit<ForegroundLayer, 'rgba'> {
  layerId: string;
  transparent: boolean;
}

/**
 * True when one layer's export already is the foreground: it covers exactly the area at exactly
 * the output size, so composing would copy it pixel for pixel and re-encoding would only cost time.
 */
function exportIsForeground(exported: LayerExport, plan: { area: Box; output: { width: number; height: number } }): boolean {
  const { box, pixelWidth, pixelHeight } = exported;
  return pixelWidth === plan.output.width && pixelHeight === plan.output.height && box.x === 0 && box.y === 0 && box.width === plan.area.width && box.height === plan.area.height;
}
