// `npm start`'s stack on ephemeral ports: the playground server serves the page with the relay
// settings to seed, the built plugin byte for byte, the fixtures and Figma's theme variables;
// the relay signs for the emulator with the demo token; close() stops all three.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { startStackAsync, DEMO_RELAY_TOKEN, type RunningStack } from '../../src/playground/start.js';

let stack: RunningStack;

beforeAll(async () => {
  stack = await startStackAsync({ ports: 0, relayLog: () => {} });
});

afterAll(async () => {
  await stack?.close();
});

describe('startStackAsync', () => {
  it('serves the playground page with the relay URL and demo token to prefill', async () => {
    const html = await (await fetch(stack.playgroundUrl)).text();
    expect(html).toContain('<canvas id="canvas"');
    expect(html).toContain(JSON.stringify({ relayUrl: stack.relayUrl, token: DEMO_RELAY_TOKEN }));
    const script = await fetch(`${stack.playgroundUrl}/page.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(1000);
  });

  it('serves dist/code.js and dist/ui.html unchanged, and the fixtures', async () => {
    const code = Buffer.from(await (await fetch(`${stack.playgroundUrl}/plugin/code.js`)).arrayBuffer());
    expect(code.equals(await readFile('dist/code.js'))).toBe(true);
    const ui = Buffer.from(await (await fetch(`${stack.playgroundUrl}/plugin/ui.html`)).arrayBuffer());
    expect(ui.equals(await readFile('dist/ui.html'))).toBe(true);
    const bottle = Buffer.from(await (await fetch(`${stack.playgroundUrl}/fixtures/bottle.png`)).arrayBuffer());
    expect(bottle.equals(await readFile('src/playground/fixtures/bottle.png'))).toBe(true);
    expect((await fetch(`${stack.playgroundUrl}/fixtures/..%2Fserver.ts`)).status).toBe(404);
  });

  it('serves the light theme colour tokens as :root variables', async () => {
    const css = await (await fetch(`${stack.playgroundUrl}/figma-theme.css`)).text();
    expect(css.startsWith(':root{')).toBe(true);
    expect(css).toContain('--figma-color-bg-brand: #0d99ff');
  });

  it('runs a relay that accepts the demo token and signs for the emulator', async () => {
    const call = (token: string) =>
      fetch(`${stack.relayUrl}/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ Action: 'ListModels' }),
      });
    const ok = await call(DEMO_RELAY_TOKEN);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { RetCode: number }).RetCode).toBe(0);
    expect((await call('wrong-token')).status).toBe(401);
  });
});

describe('close', () => {
  it('stops the three servers', async () => {
    const other = await startStackAsync({ ports: 0, relayLog: () => {} });
    await other.close();
    for (const url of [other.playgroundUrl, other.relayUrl, other.emulatorUrl]) {
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    }
  });
});
