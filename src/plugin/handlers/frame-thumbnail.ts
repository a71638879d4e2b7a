// frameThumbnail: a small PNG of one placed Backdrop frame, so the jobs list can show results
// placed in an earlier run (their images are not kept anywhere else).
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import { ProtocolError } from '../../protocol/protocol-error';
import type { PluginContext } from '../plugin-context';
import { isBackdropFrame } from '../backdrop-metadata';

export async function frameThumbnailAsync(context: PluginContext, payload: RequestPayload<'frameThumbnail'>): Promise<RequestResult<'frameThumbnail'>> {
  const node = await context.api.getNodeByIdAsync(payload.nodeId);
  if (!node || node.removed) throw new ProtocolError('That background was deleted.', 'frameThumbnail: no node ' + payload.nodeId);
  if (node.type !== 'FRAME' || !isBackdropFrame(node)) {
    throw new ProtocolError('That layer is not a Backdrop background.', 'frameThumbnail: node ' + payload.nodeId + ' (' + node.type + ') has no background metadata');
  }
  // Hidden variations export too: Figma renders the node itself whatever its visibility.
  const png = await node.exportAsync({ format: 'PNG', constraint: { type: 'WIDTH', value: Math.round(payload.width) } });
  return { nodeId: payload.nodeId, png };
}
