// exportLayer: one layer's PNG at the output's scale, with its box in area coordinates.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';
import { exportLayerPngAsync } from '../export-layer-png';

export function handleExportLayerAsync(context: PluginContext, payload: RequestPayload<'exportLayer'>): Promise<RequestResult<'exportLayer'>> {
  return exportLayerPngAsync(context.api, payload.layerId, payload.area, payload.scale);
}
