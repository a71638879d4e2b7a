// selectLayers: select and reveal layers (e.g. a job's results) on the current page.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';
import { pageOf } from '../scene-tree';

export async function selectLayersAsync(context: PluginContext, payload: RequestPayload<'selectLayers'>): Promise<RequestResult<'selectLayers'>> {
  const api = context.api;
  const nodes: SceneNode[] = [];
  let page: PageNode | null = null;
  for (const id of payload.ids) {
    const node = await api.getNodeByIdAsync(id);
    if (!node || node.removed || node.type === 'PAGE' || node.type === 'DOCUMENT') continue;
    const nodePage = pageOf(node);
    if (!nodePage) continue;
    if (!page) page = nodePage;
    if (nodePage === page) nodes.push(node);
  }
  if (page && page !== api.currentPage) await api.setCurrentPageAsync(page);
  api.currentPage.selection = nodes;
  if (nodes.length > 0) api.viewport.scrollAndZoomIntoView(nodes);
  return { ok: true };
}
