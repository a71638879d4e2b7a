// The emulator's task for each PICPIK action that starts one: what it decodes, what it costs and
// how it renders its images (backdrops by render-result-image.ts, cut-outs by cut-out-subject.ts,
// fills by fill-masked-area.ts).
import { randomInt } from 'node:crypto';
import { readImageDimensionsFromBase64 } from '../contract/image-dimensions';
import { stripDataUrl } from '../contract/png-header';
import type { GenerateBackgroundsParams, RemoveBackgroundParams, RemoveBackgroundsInBatchParams, RemoveContentsParams } from '../contract/schemas';
import { taskCreditCost } from './credit-ledger';
import { cutOutSubjectAsync, type CutOutRequest } from './cut-out-subject';
import { fillMaskedAreaAsync } from './fill-masked-area';
import { prepareResultImagesAsync, type ResultImageRequest } from './render-result-image';
import type { TaskImageRenderer } from './task-runner';

/** What a submitted task needs: its decodable inputs, its cost, and its renderer. */
export interface TaskSpec {
  /** Every input image with the field it came from, checked for decoding before the task starts. */
  inputs: { bytes: Buffer; field: string }[];
  cost: number;
  imageCount: number;
  seed?: number;
  prepareAsync: () => Promise<TaskImageRenderer>;
}

export function decodeBase64Image(base64OrDataUrl: string): Buffer {
  return Buffer.from(stripDataUrl(base64OrDataUrl), 'base64');
}

/**
 * PICPIK publishes no price for these actions; the emulator charges them like one
 * GenerateBackgrounds image of the same size: one credit per started megapixel per image.
 */
function imageCost(image: string): number {
  const size = readImageDimensionsFromBase64(image);
  return size ? taskCreditCost(size.width, size.height, 1) : 1;
}

type CutOutTuning = Omit<CutOutRequest, 'bytes' | 'box'>;

function tuningOf(params: RemoveBackgroundsInBatchParams | RemoveBackgroundParams): CutOutTuning {
  return {
    erodeSize: params.ErodeSize,
    foregroundThreshold: params.ForegroundThreshold,
    backgroundThreshold: params.BackgroundThreshold,
    hairOptimization: params.HairOptimization,
    onlyMask: params.OnlyMask,
  };
}

export function removeBackgroundTask(params: RemoveBackgroundParams): TaskSpec {
  const bytes = decodeBase64Image(params.RawImage);
  const request: CutOutRequest = { bytes, ...tuningOf(params), ...(params.Box ? { box: params.Box } : {}) };
  return {
    inputs: [{ bytes, field: 'RawImage' }],
    cost: imageCost(params.RawImage),
    imageCount: 1,
    prepareAsync: async () => () => cutOutSubjectAsync(request),
  };
}

/** One cut-out per RawImages entry, in order, in one task. */
export function removeBackgroundsInBatchTask(params: RemoveBackgroundsInBatchParams): TaskSpec {
  const images = params.RawImages.map(decodeBase64Image);
  const tuning = tuningOf(params);
  return {
    inputs: images.map((bytes, i) => ({ bytes, field: `RawImages[${i}]` })),
    cost: params.RawImages.reduce((sum, image) => sum + imageCost(image), 0),
    imageCount: images.length,
    prepareAsync: async () => (index) => cutOutSubjectAsync({ bytes: images[index] as Buffer, ...tuning }),
  };
}

export function removeContentsTask(params: RemoveContentsParams): TaskSpec {
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

/** GenerateBackgrounds: the seeded backdrops of render-result-image.ts, BatchSize of them. */
export function generateBackgroundsTask(params: GenerateBackgroundsParams): TaskSpec {
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
