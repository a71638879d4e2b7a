// deleteUnusedVariations: removes the hidden Backdrop variations of a job's layer, in one undo step.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import { ProtocolError } from '../../protocol/protocol-error';
import type { PluginContext } from '../plugin-context';
import { removeHiddenVariations } from '../backdrop-container';

export async function deleteUnusedVariationsAsync(
  context: PluginContext,
  payload: RequestPayload<'deleteUnusedVariations'>,
): Promise<RequestResult<'deleteUnusedVariations'>> {
  const job = context.jobs.get(payload.jobId);
  if (!job) throw new ProtocolError('This job is no longer known.', 'deleteUnusedVariations: unknown job ' + payload.jobId);
  const page = await context.api.getNodeByIdAsync(job.pageId);
  if (!page || page.type !== 'PAGE') throw new ProtocolError("This job's page was deleted.", 'deleteUnusedVariations: no page ' + job.pageId);
  await page.loadAsync();
  // Placements run one at a time with their own undo steps: wait for the one in progress.
  return context.undo.oneAtATimeAsync(async () => {
    context.api.commitUndo();
    const removed = removeHiddenVariations(page, job.layerIds);
    context.api.commitUndo();
    return { removed };
  });
}
