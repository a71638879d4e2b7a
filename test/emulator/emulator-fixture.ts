// Shared test setup for the emulator: starts it on 127.0.0.1:0 with a fast schedule, talks to it
// with the contract's typed client, and builds foreground / reference PNGs with known pixels.
import sharp from 'sharp';
import { createPicpikClient, PicpikApiError, PicpikTransportError, type PicpikClient } from '../../src/contract/client';
import { signParams } from '../../src/contract/signature';
import type { TaskDetail } from '../../src/contract/schemas';
import { loadEmulatorConfig, type EmulatorConfig } from '../../src/emulator/config';
import { startEmulatorAsync, type RunningEmulator } from '../../src/emulator/serve';
import type { FaultConfigInput } from '../../src/emulator/fault-config';

export const TEST_KEYS = { publicKey: 'test-public', privateKey: 'test-private' };

export interface TestEmulator {
  running: RunningEmulator;
  url: string;
  client: PicpikClient;
  adminGetAsync(path: string): Promise<Response>;
  adminPostAsync(path: string, body?: unknown): Promise<Response>;
  setFaultsAsync(faults: FaultConfigInput): Promise<void>;
  closeAsync(): Promise<void>;
}

export async function startTestEmulatorAsync(overrides: Partial<EmulatorConfig> = {}): Promise<TestEmulator> {
  const base = loadEmulatorConfig({});
  const running = await startEmulatorAsync({
    ...base,
    host: '127.0.0.1',
    port: 0,
    publicKey: TEST_KEYS.publicKey,
    privateKey: TEST_KEYS.privateKey,
    queueMs: 20,
    runMs: 50,
    ...overrides,
  });
  const client = createPicpikClient({ baseUrl: running.url, ...TEST_KEYS, timeoutMs: 20_000 });
  const adminGetAsync = (path: string) => fetch(`${running.url}/__admin/${path}`);
  const adminPostAsync = (path: string, body: unknown = {}) =>
    fetch(`${running.url}/__admin/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return {
    running,
    url: running.url,
    client,
    adminGetAsync,
    adminPostAsync,
    async setFaultsAsync(faults) {
      const response = await adminPostAsync('faults', faults);
      if (!response.ok) throw new Error(`setting faults failed: ${await response.text()}`);
    },
    closeAsync: () => running.closeAsync(),
  };
}

/** Polls until every task has ended (Finished or Error); returns the last details by TaskUID. */
export async function waitForTasksAsync(client: PicpikClient, taskUids: string[], maxPolls = 400): Promise<Map<string, TaskDetail>> {
  for (let poll = 0; poll < maxPolls; poll++) {
    const { TaskDetailList } = await client.listTasksDetailsAsync(taskUids);
    if (TaskDetailList.every((detail) => detail.Status === 'Finished' || detail.Status === 'Error')) {
      return new Map(TaskDetailList.map((detail) => [detail.TaskUID, detail]));
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`tasks did not end: ${taskUids.join(', ')}`);
}

/** One signed POST / with the test keys, answered as raw JSON: the wire shape, before the contract's defaults. */
export async function postSignedRawAsync(url: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = { ...params, PublicKey: TEST_KEYS.publicKey };
  body['Signature'] = signParams(body, TEST_KEYS.privateKey);
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

/** The RetCode and Message of a call expected to be refused. */
export async function refusalOfAsync(call: Promise<unknown>): Promise<{ retCode: number; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof PicpikApiError) return { retCode: error.retCode, message: error.apiMessage };
    throw error;
  }
  throw new Error('expected the call to be refused');
}

/** The transport error (HTTP status, dropped connection) of a call expected to fail that way. */
export async function transportErrorOfAsync(call: Promise<unknown>): Promise<PicpikTransportError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof PicpikTransportError) return error;
    throw error;
  }
  throw new Error('expected a transport error');
}

/** Colour of foreground pixel (x, y) inside its opaque area: distinct per position. */
export function patternColour(x: number, y: number): [number, number, number] {
  return [(x * 7 + 13) % 256, (y * 5 + 29) % 256, (x * 3 + y * 11) % 256];
}

/**
 * A width x height RGBA PNG: a `margin`-pixel transparent border around an opaque patterned
 * area (so opaque pixels have distinct, position-dependent colours).
 */
export async function makeForegroundPngAsync(width: number, height: number, margin = 8): Promise<Buffer> {
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const inside = x >= margin && y >= margin && x < width - margin && y < height - margin;
      const [r, g, b] = patternColour(x, y);
      rgba[o] = r;
      rgba[o + 1] = g;
      rgba[o + 2] = b;
      rgba[o + 3] = inside ? 255 : 0;
    }
  }
  return sharp(rgba, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

/** A solid-colour RGBA PNG with a transparent border (for scaled, approximate checks). */
export async function makeSolidForegroundPngAsync(width: number, height: number, colour: [number, number, number], margin = 4): Promise<Buffer> {
  const inner = await sharp({ create: { width: width - 2 * margin, height: height - 2 * margin, channels: 4, background: { r: colour[0], g: colour[1], b: colour[2], alpha: 1 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: inner, left: margin, top: margin }])
    .png()
    .toBuffer();
}

export const toDataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;

/** Decodes a PNG to raw RGB. */
export async function decodeRgbAsync(png: Uint8Array): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

export async function downloadAsync(url: string): Promise<Buffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`download ${url} failed with HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Minimal valid GenerateBackgrounds parameters around a foreground PNG. */
export function generateParams(foreground: Buffer, extra: Record<string, unknown> = {}) {
  return {
    MainModel: { ModelCode: 'PICPIK General' },
    PositivePrompts: ['studio'],
    Width: 128,
    Height: 128,
    ImageList: [toDataUrl(foreground)],
    TransparentForeground: { ImageIndex: 0 },
    ...extra,
  };
}
