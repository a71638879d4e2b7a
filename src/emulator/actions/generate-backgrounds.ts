// GenerateBackgrounds: a task rendering BatchSize seeded backdrops (render-result-image.ts).
import { randomInt } from 'node:crypto';
import type { GenerateBackgroundsParams } from '../../contract/schemas';
import { taskCreditCost } from '../credit-ledger';
import { prepareResultImagesAsync, type ResultImageRequest } from '../render-result-image';
import type { ActionHandler } from './action-handler';
import { decodeBase64Image, submitTaskAsync, type TaskSpec } from './submit-task';

function generateBackgroundsTask(params: GenerateBackgroundsParams): TaskSpec {
  const images = params.ImageList;
  const foregroundIndex = params.TransparentForeground.ImageIndex;
  const foreground = decodeBase64Image(images[foregroundIndex] as string);
  const referenceIndex = params.BackgroundImage2Image?.ImageIndex;
  const reference = referenceIndex === undefined ? undefined : decodeBase64Image(images[referenceIndex] as string);
  const seed = params.Seed === -1 ? randomInt(0, 2147483647 - 16) : params.Seed;
  const request: ResultImageRequest = {
    width: params.Width,
    height: params.Height,
    positivePrompts: params.PositivePrompts ?? [],
    negativePrompts: params.NegativePrompts ?? [],
    foreground: { bytes: foreground, resizeMode: params.TransparentForeground.ResizeMode },
    ...(reference && params.BackgroundImage2Image ? { reference: { bytes: reference, strength: params.BackgroundImage2Image.ReferStrength } } : {}),
  };
  return {
    inputs: [
      { bytes: foreground, field: `ImageList[${foregroundIndex}]` },
      ...(reference ? [{ bytes: reference, field: `ImageList[${referenceIndex}]` }] : []),
    ],
    cost: taskCreditCost(params.Width, params.Height, params.BatchSize),
    imageCount: params.BatchSize,
    seed,
    prepareAsync: async () => {
      const prepared = await prepareResultImagesAsync(request);
      return (index) => prepared.renderPngAsync(seed + index);
    },
  };
}

export const generateBackgrounds: ActionHandler<'GenerateBackgrounds'> = (params, services) =>
  submitTaskAsync('GenerateBackgrounds', generateBackgroundsTask(params), services);
