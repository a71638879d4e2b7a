// showVariation: show one of a job's results and hide every other Backdrop variation of the same
// layer (other jobs' too, in the container or loose from earlier versions).
import type { RequestPayload, RequestResult } from '../../protocol/message-types';
import { FRAME_DELETED_MESSAGE, ProtocolError } from '../../protocol/protocol-error';
import type { PluginContext } from '../plugin-context';
import { readMetadata } from '../backdrop-metadata';
import { findJobFrames } from '../place-background';
import { findVariations, showOnly } from '../backdrop-container';
import { jobAndPageAsync } from './job-page';

export async function showVariationAsync(context: PluginContext, payload: RequestPayload<'showVariation'>): Promise<RequestResult<'showVariation'>> {
  const { job, page } = await jobAndPageAsync(context, payload.jobId, 'showVariation');
  const frames = findJobFrames(page, job);
  const chosen = frames.find((frame) => {
    const metadata = readMetadata(frame);
    return metadata !== null && metadata.imageIndex === payload.imageIndex;
  });
  if (!chosen) throw new ProtocolError(FRAME_DELETED_MESSAGE, 'showVariation: no frame for image ' + payload.imageIndex);
  showOnly(findVariations(page, job.layerIds).concat(frames), chosen);
  context.api.commitUndo();
  const saved = await context.jobs.saveAsync(Object.assign({}, job, { visibleIndex: payload.imageIndex, shownAt: context.now(), updatedAt: context.now() }));
  return { job: saved };
}
