// RemoveContents: a task filling the masked area of RawImage from its surroundings (fill-masked-area.ts).
import type { RemoveContentsParams } from '../../contract/schemas';
import { fillMaskedAreaAsync } from '../fill-masked-area';
import type { ActionHandler } from './action-handler';
import { decodeBase64Image, imageCost, submitTaskAsync, type TaskSpec } from './submit-task';

function removeContentsTask(params: RemoveContentsParams): TaskSpec {
  const bytes = decodeBase64Image(params.RawImage);
  const maskBytes = decodeBase64Image(params.Mask);
  return {
    inputs: [
      { bytes, field: 'RawImage' },
      { bytes: maskBytes, field: 'Mask' },
    ],
    cost: imageCost(params.RawImage),
    imageCount: 1,
    prepareAsync: async () => () => fillMaskedAreaAsync({ bytes, maskBytes, invertMask: params.InvertMask, maskBlur: params.MaskBlur }),
  };
}

export const removeContents: ActionHandler<'RemoveContents'> = (params, services) =>
  submitTaskAsync('RemoveContents', removeContentsTask(params), services);
