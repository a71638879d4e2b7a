// deleteUnusedVariations: removes a job's hidden Backdrop variations of its layer, in one undo step.
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import type { PluginContext } from '../plugin-context';
import { removeHiddenVariations } from '../backdrop-container';
import { jobAndPageAsync } from './job-page';

export async function deleteUnusedVariationsAsync(
  context: PluginContext,
  payload: RequestPayload<'deleteUnusedVariations'>,
): Promise<RequestResult<'deleteUnusedVariations'>> {
  const { job, page } = await jobAndPageAsync(context, payload.jobId, 'deleteUnusedVariations');
  // Placements run one at a time with their own undo steps: wait for the one in progress.
  return context.undo.oneAtATimeAsync(async () => {
    context.api.commitUndo();
    const removedNodeIds = removeHiddenVariations(page, job.layerIds, job.id);
    context.api.commitUndo();
    return { removed: removedNodeIds.length, removedNodeIds };
  });
}
