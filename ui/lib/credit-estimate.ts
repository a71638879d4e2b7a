// What a run will cost, estimated from what earlier jobs cost: PICPIK reports each finished task's
// ConsumeApiPoint, and the price scales with the images and their pixels, so the last jobs give a
// price per megapixel-image that the next run's size and variations multiply.
import type { JobRecord } from '../../src/protocol/shapes';

/** How many of the newest priced jobs the estimate averages. */
const ESTIMATE_SAMPLE = 5;

/** "1 credit", "6 credits". */
export function creditsText(count: number): string {
  return `${count} credit${count === 1 ? '' : 's'}`;
}

/** Credits per output pixel per image, from the newest jobs that report a cost; undefined without any. */
function creditsPerImagePixel(jobs: readonly JobRecord[]): number | undefined {
  const priced = [...jobs]
    .filter((job) => job.consumeApiPoint !== undefined && job.consumeApiPoint > 0 && job.imageCount > 0 && job.output.width * job.output.height > 0)
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, ESTIMATE_SAMPLE);
  if (priced.length === 0) return undefined;
  const credits = priced.reduce((sum, job) => sum + (job.consumeApiPoint ?? 0), 0);
  const imagePixels = priced.reduce((sum, job) => sum + job.imageCount * job.output.width * job.output.height, 0);
  return credits / imagePixels;
}

/** Estimated credits for jobs of these output sizes with `variations` images each; at least 1 per image. */
export function estimateCredits(jobs: readonly JobRecord[], outputs: readonly { width: number; height: number }[], variations: number): number | undefined {
  const rate = creditsPerImagePixel(jobs);
  if (rate === undefined || outputs.length === 0 || !(variations >= 1)) return undefined;
  const perRun = outputs.reduce((sum, output) => sum + Math.max(1, Math.round(rate * output.width * output.height)) * Math.round(variations), 0);
  return perRun;
}
