// frameThumbnail: the image of one placed Backdrop frame, read from its image fill, so the jobs
// list can show results placed in an earlier run (the UI shrinks it). Exporting the frame would
// fail for hidden variations: Figma's exportAsync rejects nodes with nothing visible.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import { FRAME_DELETED_MESSAGE, ProtocolError } from '../../protocol/protocol-error';
import type { PluginContext } from '../plugin-context';
import { isBackdropFrame } from '../backdrop-metadata';

function imageHashOf(frame: FrameNode): string | null {
  const fills = frame.fills;
  if (!Array.isArray(fills)) return null;
  for (const paint of fills as ReadonlyArray<Paint>) {
    if (paint.type === 'IMAGE' && paint.imageHash) return paint.imageHash;
  }
  return null;
}

export async function frameThumbnailAsync(context: PluginContext, payload: RequestPayload<'frameThumbnail'>): Promise<RequestResult<'frameThumbnail'>> {
  const node = await context.api.getNodeByIdAsync(payload.nodeId);
  if (!node || node.removed) throw new ProtocolError(FRAME_DELETED_MESSAGE, 'frameThumbnail: no node ' + payload.nodeId);
  if (node.type !== 'FRAME' || !isBackdropFrame(node)) {
    throw new ProtocolError('That layer is not a Backdrop background.', 'frameThumbnail: node ' + payload.nodeId + ' (' + node.type + ') has no background metadata');
  }
  const hash = imageHashOf(node);
  const image = hash ? context.api.getImageByHash(hash) : null;
  if (!image) throw new ProtocolError('That background no longer shows its image.', 'frameThumbnail: no image fill on ' + payload.nodeId);
  return { nodeId: payload.nodeId, image: await image.getBytesAsync() };
}
