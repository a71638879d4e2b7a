// The playground's web server: the host page, its bundled script, the built plugin (dist/code.js
// and dist/ui.html, served unchanged), the sample fixtures and Figma's theme variables (light, or dark with ?theme=dark).
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const playgroundDir = path.dirname(fileURLToPath(import.meta.url));
const projectDir = path.resolve(playgroundDir, '../..');

export interface PlaygroundServerConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** What the plugin's settings are seeded with on first run. */
  relayUrl: string;
  token: string;
  /** Where code.js and ui.html live (default: the project's dist/; a team build's folder also works). */
  distDir?: string;
  /** A relay address in the sample document's shared plugin data, as a teammate's file may carry one. */
  documentRelayUrl?: string;
}

export interface RunningPlaygroundServer {
  url: string;
  port: number;
  closeAsync(): Promise<void>;
}

const FIXTURE_NAMES = new Set(['bottle.png', 'sneaker.png', 'bottle-photo.png']);

/** Bundles the page script in memory (browser, ES2020) so the server needs no build step of its own. */
async function bundlePageScriptAsync(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(playgroundDir, 'page', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    sourcemap: 'inline',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no page bundle');
  return output.text;
}

/**
 * Figma injects its colour tokens as CSS variables on the plugin page; the values of each theme
 * are copied from @create-figma-plugin/ui's theme.css so the panel looks as it does in Figma.
 */
async function readThemeVariablesAsync(theme: 'light' | 'dark'): Promise<string> {
  const require = createRequire(import.meta.url);
  const css = await readFile(require.resolve('@create-figma-plugin/ui/css/theme.css'), 'utf8');
  const match = new RegExp(`\\.figma-${theme}\\s*\\{([^}]*)\\}`).exec(css);
  if (!match?.[1]) throw new Error(`figma-${theme} theme block not found in @create-figma-plugin/ui theme.css`);
  return `:root{${match[1].trim()}}`;
}

function renderIndexHtml(config: PlaygroundServerConfig): string {
  const pageConfig = JSON.stringify({ relayUrl: config.relayUrl, token: config.token, documentRelayUrl: config.documentRelayUrl }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Backdrop playground</title>
<link rel="stylesheet" href="/page.css">
<script>window.__PLAYGROUND_CONFIG__ = ${pageConfig};</script>
<script defer src="/page.js"></script>
</head>
<body>
<header class="toolbar">
  <strong>Backdrop playground</strong>
  <span class="hint">A stand-in for Figma: select a layer, then generate in the plugin panel.</span>
  <span class="spacer"></span>
  <label class="file-button">Add PNG layer<input type="file" id="add-png" accept="image/png" aria-label="Add PNG layer"></label>
  <button type="button" id="open-plugin">Open plugin</button>
  <button type="button" id="close-plugin">Close plugin</button>
  <button type="button" id="reset-playground" class="secondary" title="Forget the plugin's saved jobs and settings and start over">Reset</button>
</header>
<main class="workspace">
  <aside class="layers" aria-label="Layers">
    <h2>Layers</h2>
    <ul id="layers-list" role="tree"></ul>
    <section class="relaunch" id="relaunch-panel" aria-label="Relaunch" hidden>
      <h2>Backdrop</h2>
      <div id="relaunch-buttons"></div>
    </section>
  </aside>
  <section class="stage" id="stage" aria-label="Canvas">
    <canvas id="canvas" width="800" height="600"></canvas>
    <div class="drop-hint" id="drop-hint">Drop a PNG to add it as a layer</div>
  </section>
  <aside class="plugin" id="plugin-panel" aria-label="Plugin">
    <div class="plugin-title" id="plugin-title">Backdrop</div>
    <div id="plugin-host"></div>
    <p class="plugin-closed" id="plugin-closed" hidden>The plugin is closed. Open it again: open jobs resume.</p>
  </aside>
</main>
<div class="toasts" id="toasts" aria-live="polite"></div>
</body>
</html>`;
}

/** Starts the playground server on `config.host:config.port`. */
export async function startPlaygroundServerAsync(config: PlaygroundServerConfig): Promise<RunningPlaygroundServer> {
  const distDir = config.distDir ?? path.join(projectDir, 'dist');
  const [pageScript, pageCss, themeCss, darkThemeCss] = await Promise.all([
    bundlePageScriptAsync(),
    readFile(path.join(playgroundDir, 'page', 'page.css'), 'utf8'),
    readThemeVariablesAsync('light'),
    readThemeVariablesAsync('dark'),
  ]);
  const indexHtml = renderIndexHtml(config);

  const app = new Hono();
  app.get('/', (c) => c.html(indexHtml));
  app.get('/page.js', (c) => c.body(pageScript, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/page.css', (c) => c.body(pageCss, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('/figma-theme.css', (c) => c.body(c.req.query('theme') === 'dark' ? darkThemeCss : themeCss, 200, { 'content-type': 'text/css; charset=utf-8' }));
  // The plugin is read from disk on every request so a rebuild (npm run dev) shows up on reload.
  app.get('/plugin/code.js', async (c) => {
    const code = await readFile(path.join(distDir, 'code.js'), 'utf8');
    return c.body(code, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
  });
  app.get('/plugin/ui.html', async (c) => {
    const html = await readFile(path.join(distDir, 'ui.html'), 'utf8');
    return c.body(html, 200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  });
  // The manifest next to the bundles (a team build's), else the project's: the page applies its networkAccess.
  app.get('/plugin/manifest.json', async (c) => {
    const local = path.join(distDir, 'manifest.json');
    const manifest = await readFile(local, 'utf8').catch(() => readFile(path.join(projectDir, 'manifest.json'), 'utf8'));
    return c.body(manifest, 200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  });
  app.get('/fixtures/:name', async (c) => {
    const name = c.req.param('name');
    if (!FIXTURE_NAMES.has(name)) return c.text('no such fixture', 404);
    const png = await readFile(path.join(playgroundDir, 'fixtures', name));
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png' });
  });
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/favicon.ico', (c) => c.body(null, 204));

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    closeAsync: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections from an open browser tab would otherwise hold close() open.
        if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') server.closeAllConnections();
      }),
  };
}
