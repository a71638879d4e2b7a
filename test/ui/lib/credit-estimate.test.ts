import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../src/protocol/shapes';
import { creditsText, estimateCredits } from '../../../ui/lib/credit-estimate';
import { INSUFFICIENT_CREDITS_RET_CODE } from '../../../ui/lib/relay-error';
import { RET_CODES } from '../../../src/emulator/ret-codes';

const job = (createdAt: number, width: number, height: number, imageCount: number, consumeApiPoint?: number) =>
  ({ createdAt, output: { width, height }, imageCount, consumeApiPoint }) as JobRecord;

describe('estimateCredits', () => {
  it('scales the last jobs\' cost per image and pixel to the next run\'s size and variations', () => {
    // 2 images of 1024 x 1024 cost 6: 3 per megapixel-image.
    const jobs = [job(1, 1024, 1024, 2, 6), job(2, 512, 512, 1, undefined)];
    expect(estimateCredits(jobs, [{ width: 1024, height: 1024 }], 4)).toBe(12);
    expect(estimateCredits(jobs, [{ width: 1024, height: 1024 }, { width: 2048, height: 1024 }], 1)).toBe(3 + 6);
    // Never under one credit an image.
    expect(estimateCredits(jobs, [{ width: 64, height: 64 }], 2)).toBe(2);
  });

  it('has no estimate before any job reported its cost', () => {
    expect(estimateCredits([job(1, 1024, 1024, 1, undefined)], [{ width: 1024, height: 1024 }], 1)).toBeUndefined();
  });

  it('says "1 credit" and "2 credits"', () => {
    expect([creditsText(1), creditsText(2), creditsText(0)]).toEqual(['1 credit', '2 credits', '0 credits']);
  });

  it('knows the insufficient-credits RetCode the emulator answers with', () => {
    expect(INSUFFICIENT_CREDITS_RET_CODE).toBe(RET_CODES.insufficientCredits);
  });
});
