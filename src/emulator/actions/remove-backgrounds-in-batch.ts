// RemoveBackgroundsInBatch: one cut-out per RawImages entry, in order, in one task.
import type { RemoveBackgroundsInBatchParams } from '../../contract/schemas';
import { cutOutSubjectAsync } from '../cut-out-subject';
import type { ActionHandler } from './action-handler';
import { cutOutTuningOf } from './remove-background';
import { decodeBase64Image, imageCost, submitTaskAsync, type TaskSpec } from './submit-task';

function removeBackgroundsInBatchTask(params: RemoveBackgroundsInBatchParams): TaskSpec {
  const images = params.RawImages.map(decodeBase64Image);
  const tuning = cutOutTuningOf(params);
  return {
    inputs: images.map((bytes, i) => ({ bytes, field: `RawImages[${i}]` })),
    cost: params.RawImages.reduce((sum, image) => sum + imageCost(image), 0),
    imageCount: images.length,
    prepareAsync: async () => (index) => cutOutSubjectAsync({ bytes: images[index] as Buffer, ...tuning }),
  };
}

export const removeBackgroundsInBatch: ActionHandler<'RemoveBackgroundsInBatch'> = (params, services) =>
  submitTaskAsync('RemoveBackgroundsInBatch', removeBackgroundsInBatchTask(params), services);
