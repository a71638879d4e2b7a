// How fast the PICPIK emulator's image edits run at 1024 x 1024, in-process: RemoveBackground's
// cut-out of a photo-like subject on white, and RemoveContents' fill of a masked disc.
import os from 'node:os';
import sharp from 'sharp';
import type { BenchRow } from './bench-row';
import { cutOutSubjectAsync } from '../src/emulator/cut-out-subject';
import { fillMaskedAreaAsync } from '../src/emulator/fill-masked-area';
import { IMAGE_EDIT_DEFAULTS } from '../src/contract/schemas';

const SIZE = 1024;
const RUNS = 5;

/** A studio-style shot: a shaded bottle-like shape with a white label on a slightly uneven white. */
async function photoAsync(): Promise<Buffer> {
  const data = Buffer.alloc(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const inside = Math.abs(x - 512) < 180 && y > 200 && y < 900;
      const label = Math.abs(x - 512) < 140 && y > 500 && y < 640;
      const light = 248 + ((x * 7 + y * 13) % 5);
      const shade = Math.round(40 * (1 - Math.abs(x - 512) / 180));
      data.set(inside ? (label ? [250, 250, 245] : [150 + shade, 30 + shade / 2, 40]) : [light, light, light], (y * SIZE + x) * 3);
    }
  }
  return sharp(data, { raw: { width: SIZE, height: SIZE, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

async function maskAsync(): Promise<Buffer> {
  const data = Buffer.alloc(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) data[y * SIZE + x] = Math.hypot(x - 512, y - 560) < 300 ? 255 : 0;
  return sharp(data, { raw: { width: SIZE, height: SIZE, channels: 1 } }).toColourspace('b-w').png().toBuffer();
}

async function medianMsAsync(run: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  await run(); // warm-up
  const times: number[] = [];
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  const cpu = process.cpuUsage(cpuStart);
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)] as number, cpuMs: (cpu.user + cpu.system) / 1000 / RUNS };
}

export async function benchEmulatorImageEdits(): Promise<BenchRow[]> {
  const photo = await photoAsync();
  const mask = await maskAsync();
  const cutOut = await medianMsAsync(() =>
    cutOutSubjectAsync({
      bytes: photo,
      erodeSize: IMAGE_EDIT_DEFAULTS.ErodeSize,
      foregroundThreshold: IMAGE_EDIT_DEFAULTS.ForegroundThreshold,
      backgroundThreshold: IMAGE_EDIT_DEFAULTS.BackgroundThreshold,
      hairOptimization: IMAGE_EDIT_DEFAULTS.HairOptimization,
      onlyMask: false,
    }),
  );
  const fill = await medianMsAsync(() => fillMaskedAreaAsync({ bytes: photo, maskBytes: mask, invertMask: false, maskBlur: IMAGE_EDIT_DEFAULTS.MaskBlur }));
  const load = `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`;
  return [
    {
      name: 'emulator RemoveBackground 1024x1024',
      value: cutOut.ms,
      unit: 'ms',
      note: `in-process cut-out of a JPEG product shot (decode, score, flood, erode 15 px, soften, PNG); median of ${RUNS}; CPU ${cutOut.cpuMs.toFixed(0)} ms; ${load}`,
    },
    {
      name: 'emulator RemoveContents 1024x1024',
      value: fill.ms,
      unit: 'ms',
      note: `in-process push-pull fill of a 300 px-radius disc, MaskBlur 12 (decode, fill, fade, PNG); median of ${RUNS}; CPU ${fill.cpuMs.toFixed(0)} ms; ${load}`,
    },
  ];
}
