// Shared by the actions that start a task (GenerateBackgrounds, RemoveBackground,
// RemoveBackgroundsInBatch, RemoveContents): each describes its task as a TaskSpec (what it
// decodes, what it costs, how it renders its images) and submits it here.
import sharp from 'sharp';
import { readImageDimensionsFromBase64 } from '../../contract/image-dimensions';
import { stripDataUrl } from '../../contract/png-header';
import type { TaskAction } from '../../contract/schemas';
import { taskCreditCost } from '../credit-ledger';
import { RET_CODES } from '../ret-codes';
import type { TaskImageRenderer } from '../task-runner';
import { ok, refuse, type ActionOutcome, type ActionServices } from './action-handler';

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
 * PICPIK publishes no price for the image-edit actions; the emulator charges them like one
 * GenerateBackgrounds image of the same size: one credit per started megapixel per image.
 */
export function imageCost(image: string): number {
  const size = readImageDimensionsFromBase64(image);
  return size ? taskCreditCost(size.width, size.height, 1) : 1;
}

/** Checks the inputs decode, reserves the credits, decides the task faults and queues the task. */
export async function submitTaskAsync(action: TaskAction, spec: TaskSpec, { credits, faults, runner }: ActionServices): Promise<ActionOutcome> {
  for (const input of spec.inputs) {
    try {
      await sharp(input.bytes).metadata();
    } catch (error) {
      return refuse(RET_CODES.undecodableImage, `${input.field} cannot be decoded as an image (${(error as Error).message}): send a valid PNG`);
    }
  }
  if (!credits.reserve(spec.cost)) {
    return refuse(RET_CODES.insufficientCredits, `not enough credits: this task costs ${spec.cost}, ${Math.max(0, credits.available)} left`);
  }
  const faulty = faults.appliesTo(action);
  const failTask = faulty && faults.hits(faults.config.failTaskRate);
  const finishEmpty = !failTask && faulty && faults.hits(faults.config.finishEmptyRate);
  const unknownStatus = faulty && faults.hits(faults.config.unknownStatusRate);
  const task = runner.submit({
    action,
    prepareAsync: spec.prepareAsync,
    imageCount: spec.imageCount,
    ...(spec.seed !== undefined ? { seed: spec.seed } : {}),
    cost: spec.cost,
    ...(failTask ? { injectedFailure: { errorCode: faults.config.failErrorCode, message: faults.config.failErrorMessage } } : {}),
    ...(finishEmpty ? { finishEmpty } : {}),
    ...(unknownStatus ? { runningStatusText: faults.config.unknownStatus } : {}),
  });
  return ok({ TaskUID: task.uid });
}
