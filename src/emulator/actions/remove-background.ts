// RemoveBackground: a task cutting the subject out of RawImage (cut-out-subject.ts).
import type { RemoveBackgroundParams, RemoveBackgroundsInBatchParams } from '../../contract/schemas';
import { cutOutSubjectAsync, type CutOutRequest } from '../cut-out-subject';
import type { ActionHandler } from './action-handler';
import { decodeBase64Image, imageCost, submitTaskAsync, type TaskSpec } from './submit-task';

type CutOutTuning = Omit<CutOutRequest, 'bytes' | 'box'>;

/** The cut-out parameters RemoveBackground and RemoveBackgroundsInBatch share. */
export function cutOutTuningOf(params: RemoveBackgroundsInBatchParams | RemoveBackgroundParams): CutOutTuning {
  return {
    erodeSize: params.ErodeSize,
    foregroundThreshold: params.ForegroundThreshold,
    backgroundThreshold: params.BackgroundThreshold,
    hairOptimization: params.HairOptimization,
    onlyMask: params.OnlyMask,
  };
}

function removeBackgroundTask(params: RemoveBackgroundParams): TaskSpec {
  const bytes = decodeBase64Image(params.RawImage);
  const request: CutOutRequest = { bytes, ...cutOutTuningOf(params), ...(params.Box ? { box: params.Box } : {}) };
  return {
    inputs: [{ bytes, field: 'RawImage' }],
    cost: imageCost(params.RawImage),
    imageCount: 1,
    prepareAsync: async () => () => cutOutSubjectAsync(request),
  };
}

export const removeBackground: ActionHandler<'RemoveBackground'> = (params, services) =>
  submitTaskAsync('RemoveBackground', removeBackgroundTask(params), services);
