// hiddenLayers: which visible layers a background over the area would hide. The layer's own
// Backdrop is not among them: the new background joins it and replaces the one shown.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import { ProtocolError } from '../../protocol/protocol-error';
import type { PluginContext } from '../plugin-context';
import { layersHiddenBehind } from '../layers-hidden-behind';
import { frameAncestorOf, pageOf, sortByPaintOrder } from '../scene-tree';
import { findContainer, findVariations } from '../backdrop-container';

export async function hiddenLayersAsync(context: PluginContext, payload: RequestPayload<'hiddenLayers'>): Promise<RequestResult<'hiddenLayers'>> {
  const layers: SceneNode[] = [];
  for (const id of payload.layerIds) {
    const node = await context.api.getNodeByIdAsync(id);
    if (node && !node.removed && node.type !== 'PAGE' && node.type !== 'DOCUMENT') layers.push(node);
  }
  const lowest = sortByPaintOrder(layers)[0];
  if (!lowest) throw new ProtocolError('The selected layers are gone. Select them again.', 'hiddenLayers: none of ' + payload.layerIds.join(',') + ' exists');
  const page = pageOf(lowest);
  const own = page ? findVariations(page, payload.layerIds) : [];
  const container = page ? findContainer(page, payload.layerIds) : null;
  const exclude = payload.layerIds.concat(own.map((frame) => frame.id), container ? [container.id] : []);
  const hidden = layersHiddenBehind(lowest, frameAncestorOf(lowest), payload.area, payload.placement, exclude);
  // The variation shown now is what the new background replaces.
  const previous = own.filter((frame) => frame.visible).map((frame) => ({ id: frame.id, name: frame.name }));
  return { hidden, previous };
}
