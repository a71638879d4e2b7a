// A RemoveContents mask whose few kilobytes inflate to far more than its pixels: the relay's
// mask check reads no further than the header's size needs and refuses the extra data, so the
// request costs a scanline of memory and never reaches PICPIK.
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../src/contract/png-crc32';
import { checkPngMonochromeAsync } from '../../src/contract/png-monochrome';
import type { RunningEmulator } from '../../src/emulator/serve';
import type { RunningRelay } from '../../src/relay/serve';
import { authHeaders, emulatorStatsAsync, startRelayOverEmulatorAsync, type TestImages } from './relay-fixtures';

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** An 8-bit RGBA PNG of `side` x `side` black pixels whose image data carries `extraBytes` of zeros after them. */
function maskPng(side: number, extraBytes: number): string {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(side * (1 + side * 4));
  for (let y = 0; y < side; y += 1) for (let x = 0; x < side; x += 1) rows[y * (1 + side * 4) + 1 + x * 4 + 3] = 255;
  const idat = deflateSync(Buffer.concat([rows, Buffer.alloc(extraBytes)]), { level: 9 });
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

const BOMB_EXTRA_BYTES = 64 * 1024 * 1024;
let images: TestImages;
let emulator: RunningEmulator;
let relay: RunningRelay;
let bomb: string;

beforeAll(async () => {
  ({ images, emulator, relay } = await startRelayOverEmulatorAsync({ deps: { log: () => undefined } }));
  bomb = maskPng(32, BOMB_EXTRA_BYTES);
});

afterAll(async () => {
  await relay?.close();
  await emulator?.closeAsync();
});

describe('a mask that inflates past its pixels', () => {
  it('is small on the wire and refused naming Mask, with nothing sent upstream', async () => {
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await checkPngMonochromeAsync(maskPng(32, 0))).toBe('monochrome');
    const before = (await emulatorStatsAsync(emulator)).requests.total;
    const response = await fetch(`${relay.url}/`, { method: 'POST', headers: authHeaders(), body: JSON.stringify({ Action: 'RemoveContents', RawImage: images.opaquePng, Mask: bomb }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ RetCode: 90400, Field: 'Mask' });
    expect((await emulatorStatsAsync(emulator)).requests.total).toBe(before);
  });

  it('is inflated only as far as its pixels and one chunk more', async () => {
    const Original = globalThis.DecompressionStream;
    let inflated = 0;
    class CountingDecompressionStream {
      readonly writable: WritableStream<BufferSource>;
      readonly readable: ReadableStream<Uint8Array>;
      constructor(format: CompressionFormat) {
        const inner = new Original(format);
        this.writable = inner.writable;
        this.readable = inner.readable.pipeThrough(
          new TransformStream<Uint8Array, Uint8Array>({
            transform(piece, controller) {
              inflated += piece.byteLength;
              controller.enqueue(piece);
            },
          }),
        );
      }
    }
    globalThis.DecompressionStream = CountingDecompressionStream as unknown as typeof DecompressionStream;
    try {
      expect(await checkPngMonochromeAsync(bomb)).toBe('unreadable');
    } finally {
      globalThis.DecompressionStream = Original;
    }
    expect(inflated).toBeGreaterThan(0);
    expect(inflated).toBeLessThan(BOMB_EXTRA_BYTES / 16);
  });
});
