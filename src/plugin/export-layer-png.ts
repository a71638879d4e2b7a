// Exports one layer as PNG at the scale the output needs and says where its pixels sit in the
// area. useAbsoluteBounds is on: the PNG covers exactly absoluteBoundingBox (for a rotated layer,
// its axis-aligned bounding box), a box we know, so composition and placement share one geometry.
// Drop shadows and strokes outside that box are clipped; that is the price of exact alignment.
import { readPngInfo } from '../contract/png-header';
import { ProtocolError } from '../protocol/protocol-error';
import type { Box } from '../protocol/shapes';

/** Figma's own image limit; exports above it would be larger than any output needs. */
const MAX_EXPORT_SIDE = 4096;

export interface LayerExport {
  layerId: string;
  png: Uint8Array;
  pixelWidth: number;
  pixelHeight: number;
  box: Box;
  scale: number;
}

/** The requested scale, lowered so neither side of the export exceeds MAX_EXPORT_SIDE. */
export function cappedExportScale(box: { width: number; height: number }, scale: number): number {
  const longSide = Math.max(box.width, box.height);
  return longSide * scale > MAX_EXPORT_SIDE ? MAX_EXPORT_SIDE / longSide : scale;
}

export async function exportLayerPngAsync(api: PluginAPI, layerId: string, area: Box, scale: number): Promise<LayerExport> {
  const node = await api.getNodeByIdAsync(layerId);
  if (!node || node.removed || !('exportAsync' in node) || node.type === 'PAGE') {
    throw new ProtocolError('The selected layer is gone. Select it again.', 'exportLayer: no scene node ' + layerId);
  }
  const scene = node as SceneNode;
  const bounds = scene.absoluteBoundingBox;
  if (!bounds || bounds.width <= 0 || bounds.height <= 0) {
    throw new ProtocolError('This layer has no size to export.', 'exportLayer: no absoluteBoundingBox for ' + layerId);
  }
  const effectiveScale = cappedExportScale(bounds, scale);
  let png: Uint8Array;
  try {
    // sRGB whatever the document's profile: PICPIK reads untagged sRGB, and a Display P3
    // document's default export would shift every colour.
    png = await scene.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: effectiveScale }, useAbsoluteBounds: true, colorProfile: 'SRGB' });
  } catch (error) {
    throw new ProtocolError('Figma could not export this layer.', 'exportAsync: ' + String(error));
  }
  const info = readPngInfo(png);
  if (!info) throw new ProtocolError('Figma could not export this layer.', 'exportAsync returned bytes that are not a PNG');
  return {
    layerId,
    png,
    pixelWidth: info.width,
    pixelHeight: info.height,
    box: { x: bounds.x - area.x, y: bounds.y - area.y, width: bounds.width, height: bounds.height },
    scale: effectiveScale,
  };
}
