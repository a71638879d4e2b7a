// RemoveBackground, RemoveBackgroundsInBatch and RemoveContents in the emulator, judged by decoded
// pixels: a red disc on white is cut out (disc opaque, white transparent), erased (no red left),
// and Box, OnlyMask, InvertMask, credits and task faults behave as documented.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { PicpikValidationError } from '../../src/contract/client';
import { RET_CODES } from '../../src/emulator/ret-codes';
import { refusalOfAsync, startTestEmulatorAsync, waitForTasksAsync, type TestEmulator } from './emulator-fixture';

const SIZE = 96;
let emulator: TestEmulator;
let redDisc: string; // a red disc (radius 24) at the centre of white
let twoDiscs: string; // a red disc on the left, a blue one on the right, on white
let discMask: string; // white disc (radius 28) on black, at the centre

type Pixel = [number, number, number, number];

async function pngAsync(pixel: (x: number, y: number) => Pixel, channels: 3 | 4 = 4): Promise<string> {
  const data = Buffer.alloc(SIZE * SIZE * channels);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) data.set(pixel(x, y).slice(0, channels), (y * SIZE + x) * channels);
  return `data:image/png;base64,${(await sharp(data, { raw: { width: SIZE, height: SIZE, channels } }).png().toBuffer()).toString('base64')}`;
}

const within = (x: number, y: number, cx: number, cy: number, r: number) => Math.hypot(x + 0.5 - cx, y + 0.5 - cy) < r;

beforeAll(async () => {
  emulator = await startTestEmulatorAsync({ queueMs: 0, runMs: 0 });
  redDisc = await pngAsync((x, y) => (within(x, y, 48, 48, 24) ? [210, 25, 30, 255] : [255, 255, 255, 255]), 3);
  twoDiscs = await pngAsync((x, y) => (within(x, y, 24, 48, 14) ? [210, 25, 30, 255] : within(x, y, 72, 48, 14) ? [30, 40, 200, 255] : [255, 255, 255, 255]), 3);
  discMask = await pngAsync((x, y) => (within(x, y, 48, 48, 28) ? [255, 255, 255, 255] : [0, 0, 0, 255]));
});

afterAll(async () => {
  await emulator?.closeAsync();
});

afterEach(async () => {
  await emulator.setFaultsAsync({});
});

/** Finishes the task and decodes every image of it as RGBA. */
async function resultsAsync(taskUid: string) {
  const detail = (await waitForTasksAsync(emulator.client, [taskUid])).get(taskUid);
  expect(detail?.Status).toBe('Finished');
  return Promise.all(
    (detail?.ImgList ?? []).map(async (url) => {
      const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
      const meta = await sharp(bytes).metadata();
      const { data } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return { meta, at: (x: number, y: number): Pixel => [...data.subarray((y * SIZE + x) * 4, (y * SIZE + x) * 4 + 4)] as Pixel, data };
    }),
  );
}

describe('RemoveBackground', () => {
  it('cuts a red disc out of white: the disc opaque and red, the white transparent', async () => {
    const { TaskUID } = await emulator.client.removeBackgroundAsync({ RawImage: redDisc });
    const [cutOut] = await resultsAsync(TaskUID);
    expect(cutOut?.meta).toMatchObject({ format: 'png', width: SIZE, height: SIZE, hasAlpha: true });
    expect(cutOut?.at(48, 48)).toEqual([210, 25, 30, 255]);
    expect(cutOut?.at(48, 30)).toEqual([210, 25, 30, 255]); // 6 px inside the edge
    for (const [x, y] of [[0, 0], [95, 95], [10, 48], [48, 80]] as const) expect(cutOut?.at(x, y)[3], `${x},${y}`).toBe(0);
    let opaque = 0;
    for (let i = 3; i < (cutOut?.data.length ?? 0); i += 4) if ((cutOut?.data[i] as number) > 128) opaque++;
    expect(opaque / (Math.PI * 24 * 24)).toBeGreaterThan(0.95);
    expect(opaque / (Math.PI * 24 * 24)).toBeLessThan(1.05);
  });

  it('copes with a JPEG photo: compression noise in the white (beyond the 8 px blocks of the edge) stays transparent', async () => {
    const png = Buffer.from(redDisc.split(',')[1] as string, 'base64');
    const jpeg = `data:image/jpeg;base64,${(await sharp(png).jpeg({ quality: 70 }).toBuffer()).toString('base64')}`;
    const { TaskUID } = await emulator.client.removeBackgroundAsync({ RawImage: jpeg });
    const [cutOut] = await resultsAsync(TaskUID);
    expect(cutOut?.at(48, 48)[3]).toBe(255);
    expect(cutOut?.at(48, 48)[0]).toBeGreaterThan(180);
    let haze = 0;
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if (!within(x, y, 48, 48, 32) && (cutOut?.at(x, y)[3] as number) > 0) haze++;
    expect(haze).toBe(0);
  });

  it('is deterministic: the same request gives the same bytes', async () => {
    const first = await emulator.client.removeBackgroundAsync({ RawImage: redDisc, ErodeSize: 5 });
    const second = await emulator.client.removeBackgroundAsync({ RawImage: redDisc, ErodeSize: 5 });
    const [a] = await resultsAsync(first.TaskUID);
    const [b] = await resultsAsync(second.TaskUID);
    expect(Buffer.compare(a?.data as Buffer, b?.data as Buffer)).toBe(0);
  });

  it('keeps only the subject inside Box', async () => {
    const { TaskUID } = await emulator.client.removeBackgroundAsync({ RawImage: twoDiscs, Box: [50, 20, 95, 76] });
    const [cutOut] = await resultsAsync(TaskUID);
    expect(cutOut?.at(72, 48)).toEqual([30, 40, 200, 255]); // the blue disc, inside the box
    expect(cutOut?.at(24, 48)[3]).toBe(0); // the red disc, outside it
  });

  it('answers the black-and-white mask with OnlyMask', async () => {
    const { TaskUID } = await emulator.client.removeBackgroundAsync({ RawImage: redDisc, OnlyMask: true });
    const [mask] = await resultsAsync(TaskUID);
    expect(mask?.meta).toMatchObject({ channels: 1, hasAlpha: false });
    expect(mask?.at(48, 48)).toEqual([255, 255, 255, 255]);
    expect(mask?.at(5, 5)).toEqual([0, 0, 0, 255]);
  });

  it('cuts out each image of a batch, in order, charging one credit per image', async () => {
    const before = (await (await emulator.adminGetAsync('stats')).json()) as { credits: { used: number } };
    const { TaskUID } = await emulator.client.removeBackgroundsInBatchAsync({ RawImages: [twoDiscs, redDisc] });
    const [first, second] = await resultsAsync(TaskUID);
    expect([first?.at(24, 48), first?.at(72, 48), first?.at(48, 48)[3]]).toEqual([[210, 25, 30, 255], [30, 40, 200, 255], 0]);
    expect(second?.at(48, 48)).toEqual([210, 25, 30, 255]);
    const detail = (await waitForTasksAsync(emulator.client, [TaskUID])).get(TaskUID);
    expect([detail?.Action, detail?.ConsumeApiPoint, detail?.Seed]).toEqual(['RemoveBackgroundsInBatch', 2, undefined]);
    const after = (await (await emulator.adminGetAsync('stats')).json()) as { credits: { used: number } };
    expect(after.credits.used - before.credits.used).toBe(2);
  });
});

describe('RemoveContents', () => {
  const reds = (data: Buffer) => {
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if ((data[i] as number) > 150 && (data[i + 1] as number) < 120) count++;
    return count;
  };

  it('erases the white part of the mask: no red is left, the area reads as the white around it', async () => {
    const { TaskUID } = await emulator.client.removeContentsAsync({ RawImage: redDisc, Mask: discMask });
    const [plate] = await resultsAsync(TaskUID);
    expect(plate?.meta).toMatchObject({ width: SIZE, height: SIZE, hasAlpha: false });
    expect(reds(plate?.data as Buffer)).toBe(0);
    for (const [x, y] of [[48, 48], [30, 48], [48, 70]] as const) {
      for (const channel of (plate?.at(x, y) ?? []).slice(0, 3)) expect(channel, `${x},${y}`).toBeGreaterThan(245);
    }
  });

  it('with InvertMask erases the black part instead, keeping what the white part covers', async () => {
    // A blue disc at the centre (under the mask's white disc) and a red one in a corner (under its black).
    const image = await pngAsync((x, y) => (within(x, y, 48, 48, 10) ? [30, 40, 200, 255] : within(x, y, 14, 14, 10) ? [210, 25, 30, 255] : [255, 255, 255, 255]), 3);
    const { TaskUID } = await emulator.client.removeContentsAsync({ RawImage: image, Mask: discMask, InvertMask: true });
    const [plate] = await resultsAsync(TaskUID);
    expect(plate?.at(48, 48)).toEqual([30, 40, 200, 255]);
    expect(reds(plate?.data as Buffer)).toBe(0);
    const [r, g] = plate?.at(14, 14) ?? [];
    expect((r as number) - (g as number)).toBeLessThan(30); // filled from what is left: white and blue, no red
  });

  it('fades the fill over MaskBlur pixels outside the area, and leaves far pixels untouched', async () => {
    const stripes = await pngAsync((x) => (x % 8 < 4 ? [0, 0, 0, 255] : [255, 255, 255, 255]), 3);
    const hard = await emulator.client.removeContentsAsync({ RawImage: stripes, Mask: discMask, MaskBlur: 0 });
    const soft = await emulator.client.removeContentsAsync({ RawImage: stripes, Mask: discMask, MaskBlur: 12 });
    const [a] = await resultsAsync(hard.TaskUID);
    const [b] = await resultsAsync(soft.TaskUID);
    // 4 px outside the area: kept as drawn without blur, partly replaced with it.
    expect(a?.at(48 + 32, 48)).toEqual([0, 0, 0, 255]);
    expect(b?.at(48 + 32, 48)[0]).toBeGreaterThan(40);
    expect(b?.at(2, 2)).toEqual([0, 0, 0, 255]);
  });

  it('refuses a mask in colour, naming the rule', async () => {
    const coloured = await pngAsync((x, y) => (within(x, y, 48, 48, 28) ? [255, 0, 0, 255] : [0, 0, 0, 255]));
    const refusal = await refusalOfAsync(emulator.client.removeContentsAsync({ RawImage: redDisc, Mask: coloured }, { validate: false }));
    expect(refusal).toEqual({ retCode: RET_CODES.invalidParam, message: expect.stringContaining('Mask has coloured pixels') });
    // The typed client reads the mask's pixels too, and sends nothing.
    const sent = ((await (await emulator.adminGetAsync('stats')).json()) as { requests: { total: number } }).requests.total;
    await expect(emulator.client.removeContentsAsync({ RawImage: redDisc, Mask: coloured })).rejects.toBeInstanceOf(PicpikValidationError);
    expect(((await (await emulator.adminGetAsync('stats')).json()) as { requests: { total: number } }).requests.total).toBe(sent);
  });
});

describe('task faults and credits of the image-editing actions', () => {
  it('fails tasks at failTaskRate 1 and refuses submissions with submitRetCode, like GenerateBackgrounds', async () => {
    await emulator.setFaultsAsync({ failTaskRate: 1, failErrorCode: 5001 });
    const { TaskUID } = await emulator.client.removeContentsAsync({ RawImage: redDisc, Mask: discMask });
    const detail = (await waitForTasksAsync(emulator.client, [TaskUID])).get(TaskUID);
    expect([detail?.Status, detail?.ErrorCode, detail?.ImgList]).toEqual(['Error', 5001, []]);
    await emulator.setFaultsAsync({ submitRetCode: 8100, submitRetCodeRate: 1, actions: ['RemoveBackground'] });
    expect((await refusalOfAsync(emulator.client.removeBackgroundAsync({ RawImage: redDisc }))).retCode).toBe(8100);
    expect((await emulator.client.removeContentsAsync({ RawImage: redDisc, Mask: discMask })).RetCode).toBe(0);
  });

  it('refuses a task the credits cannot cover', async () => {
    const poor = await startTestEmulatorAsync({ credits: 0 });
    try {
      expect((await refusalOfAsync(poor.client.removeBackgroundAsync({ RawImage: redDisc }))).retCode).toBe(RET_CODES.insufficientCredits);
    } finally {
      await poor.closeAsync();
    }
  });
});
