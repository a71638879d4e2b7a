// GET /images/<token>.png: result images, subject to the faults aimed at `Image`.
import { Hono } from 'hono';
import type { EmulatorEnv } from './emulator-env';
import type { FaultInjector } from './fault-injector';
import { IMAGE_DOWNLOAD_TARGET, injectRequestFaults } from './middleware/request-faults';
import type { RequestStats } from './middleware/request-stats';
import type { TaskStore } from './task-store';

export function createImagesApp(store: TaskStore, faults: FaultInjector, stats: RequestStats): Hono<EmulatorEnv> {
  const app = new Hono<EmulatorEnv>();
  app.get('/:file', injectRequestFaults(faults, stats, IMAGE_DOWNLOAD_TARGET), (c) => {
    const file = c.req.param('file');
    const token = file.endsWith('.png') ? file.slice(0, -4) : '';
    const image = token ? store.getImage(token, Date.now()) : undefined;
    if (!image) return c.text('image not found: it has expired or never existed', 404);
    stats.imageDownloads++;
    return new Response(new Uint8Array(image.bytes), {
      headers: {
        'Content-Type': 'image/png',
        'Cache-Control': 'private, max-age=86400',
        'Content-Length': String(image.bytes.length),
        // The playground may show results straight from the emulator.
        'Access-Control-Allow-Origin': '*',
      },
    });
  });
  return app;
}
