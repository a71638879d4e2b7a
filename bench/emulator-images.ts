// How many 1024 x 1024 result images per second the PICPIK emulator makes on this machine: the
// renderer alone (backdrop + foreground + PNG) and end to end over HTTP (submit, poll, download).
import os from 'node:os';
import sharp from 'sharp';
import { createPicpikClient } from '../src/contract/client';
import { loadEmulatorConfig } from '../src/emulator/config';
import { startEmulatorAsync } from '../src/emulator/serve';
import { prepareResultImagesAsync } from '../src/emulator/render-result-image';

const SIZE = 1024;
const SCENES = ['studio', 'marble', 'beach', 'sky', 'forest', 'neon', 'kitchen', 'concrete'];

async function foregroundPngAsync(): Promise<Buffer> {
  const product = await sharp({ create: { width: 420, height: 620, channels: 4, background: { r: 190, g: 40, b: 50, alpha: 1 } } }).png().toBuffer();
  return sharp({ create: { width: SIZE, height: SIZE, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: product, left: 300, top: 250 }])
    .png()
    .toBuffer();
}

async function benchRendererAsync(foreground: Buffer): Promise<{ perSecond: number; cpuMsPerImage: number; slowest: string }> {
  let total = 0;
  let cpuMicros = 0;
  let slowest = { scene: '', ms: 0 };
  for (const scene of SCENES) {
    const prepared = await prepareResultImagesAsync({
      width: SIZE,
      height: SIZE,
      positivePrompts: [scene],
      negativePrompts: [],
      foreground: { bytes: foreground, resizeMode: 'ResizeAndFill' },
    });
    await prepared.renderPngAsync(0); // warm-up
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await prepared.renderPngAsync(1);
    const cpu = process.cpuUsage(cpuStart);
    cpuMicros += cpu.user + cpu.system;
    const ms = performance.now() - start;
    total += ms;
    if (ms > slowest.ms) slowest = { scene, ms };
  }
  return {
    perSecond: (SCENES.length * 1000) / total,
    cpuMsPerImage: cpuMicros / 1000 / SCENES.length,
    slowest: `${slowest.scene} ${slowest.ms.toFixed(0)} ms`,
  };
}

async function benchOverHttpAsync(foreground: Buffer, batchSize: number): Promise<number> {
  const running = await startEmulatorAsync({ ...loadEmulatorConfig({}), port: 0, queueMs: 0, runMs: 0, credits: 1_000_000 });
  try {
    const client = createPicpikClient({ baseUrl: running.url, publicKey: 'backdrop-demo-public', privateKey: 'backdrop-demo-private' });
    const start = performance.now();
    const { TaskUID } = await client.generateBackgroundsAsync({
      MainModel: { ModelCode: 'PICPIK General' },
      PositivePrompts: ['white marble', 'soft light'],
      Width: SIZE,
      Height: SIZE,
      BatchSize: batchSize,
      Seed: 7,
      ImageList: [`data:image/png;base64,${foreground.toString('base64')}`],
      TransparentForeground: { ImageIndex: 0, ResizeMode: 'ResizeAndFill' },
    });
    for (;;) {
      const [detail] = (await client.listTasksDetailsAsync([TaskUID])).TaskDetailList;
      if (detail?.Status === 'Finished') {
        await Promise.all(detail.ImgList.map(async (url) => (await fetch(url)).arrayBuffer()));
        break;
      }
      if (detail?.Status === 'Error') throw new Error(`task failed: ${detail.ErrorMassage}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return (batchSize * 1000) / (performance.now() - start);
  } finally {
    await running.closeAsync();
  }
}

export async function benchEmulatorImages(): Promise<{ name: string; value: number; unit: string; note?: string }[]> {
  const foreground = await foregroundPngAsync();
  const renderer = await benchRendererAsync(foreground);
  const batch = 8;
  const overHttp = await benchOverHttpAsync(foreground, batch);
  const load = `load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`;
  return [
    {
      name: 'emulator render 1024x1024',
      value: renderer.perSecond,
      unit: 'images/s',
      note: `in-process, one image at a time over ${SCENES.length} scenes; slowest ${renderer.slowest}; ${load}`,
    },
    {
      name: 'emulator CPU per 1024x1024 image',
      value: renderer.cpuMsPerImage,
      unit: 'ms',
      note: 'user + system CPU of the process (libvips threads included), less sensitive to other load than wall time',
    },
    {
      name: 'emulator end to end 1024x1024',
      value: overHttp,
      unit: 'images/s',
      note: `one task of BatchSize ${batch} over HTTP with queue/run 0 ms: submit, poll, download; ${load}`,
    },
  ];
}
