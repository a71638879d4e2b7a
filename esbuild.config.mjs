// Builds the two plugin bundles: dist/code.js for Figma's sandbox (ES2017, no DOM) and
// dist/ui.html, one self-contained page with the UI's JS and CSS inlined.
import * as esbuild from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const watch = process.argv.includes('--watch');
const outdir = 'dist';

/** @create-figma-plugin/ui imports its global CSS as `!../css/base.css`: resolve and load it as plain CSS. */
const globalCssPlugin = {
  name: 'global-css-bang',
  setup(build) {
    build.onResolve({ filter: /^!/ }, async (args) => {
      const target = args.path.slice(1);
      if (target.startsWith('.')) return { path: path.resolve(args.resolveDir, target) };
      const resolved = await build.resolve(target, { kind: args.kind, resolveDir: args.resolveDir });
      return { path: resolved.path, errors: resolved.errors };
    });
  },
};

/** Inlines the UI bundle's JS and CSS into dist/ui.html after every build. */
const inlineHtmlPlugin = {
  name: 'inline-ui-html',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const js = await readFile(path.join(outdir, 'ui.js'), 'utf8');
      let css = '';
      try { css = await readFile(path.join(outdir, 'ui.css'), 'utf8'); } catch { /* no CSS emitted */ }
      const template = await readFile('ui/index.html', 'utf8');
      const html = template
        .replace('<!--CSS-->', () => `<style>${css}</style>`)
        .replace('<!--JS-->', () => `<script>${js.replace(/<\/script/gi, '<\\/script')}</script>`);
      await writeFile(path.join(outdir, 'ui.html'), html);
    });
  },
};

const common = { bundle: true, minify: true, logLevel: 'info', legalComments: 'none' };

const mainOptions = {
  ...common,
  entryPoints: ['src/plugin/main.ts'],
  outfile: path.join(outdir, 'code.js'),
  target: 'es2017',
  format: 'iife',
  platform: 'neutral',
  mainFields: ['module', 'main'],
  tsconfig: 'src/plugin/tsconfig.json',
};

const uiOptions = {
  ...common,
  entryPoints: ['ui/main.tsx'],
  outdir,
  entryNames: 'ui',
  target: 'es2020',
  format: 'iife',
  platform: 'browser',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  loader: { '.png': 'dataurl', '.svg': 'text' },
  plugins: [globalCssPlugin, inlineHtmlPlugin],
  tsconfig: 'ui/tsconfig.json',
};

/**
 * Regenerates src/protocol/generated/main-schemas.ts (JSON Schema of the zod schemas the main thread
 * checks, so dist/code.js needs no zod). Writes only on change, so watch mode does not loop.
 */
async function generateMainSchemasAsync() {
  const bundled = await esbuild.build({
    entryPoints: ['src/protocol/generate-main-schemas.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
  });
  const url = 'data:text/javascript;base64,' + Buffer.from(bundled.outputFiles[0].text).toString('base64');
  const generator = await import(url);
  const source = generator.generateMainSchemasSource();
  const target = generator.GENERATED_MAIN_SCHEMAS_PATH;
  let current = '';
  try { current = await readFile(target, 'utf8'); } catch { /* first run */ }
  if (current !== source) {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, source);
    console.log('wrote ' + target);
  }
}

/** Regenerates the main-thread schemas before every main build, watch rebuilds included. */
const mainSchemasPlugin = {
  name: 'generate-main-schemas',
  setup(build) {
    build.onStart(async () => {
      try {
        await generateMainSchemasAsync();
        return {};
      } catch (error) {
        return { errors: [{ text: 'could not generate the main-thread schemas: ' + String(error && error.stack ? error.stack : error) }] };
      }
    });
  },
};
mainOptions.plugins = [mainSchemasPlugin];

await mkdir(outdir, { recursive: true });
if (watch) {
  const contexts = await Promise.all([esbuild.context(mainOptions), esbuild.context(uiOptions)]);
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('watching src/ and ui/ for changes');
} else {
  await Promise.all([esbuild.build(mainOptions), esbuild.build(uiOptions)]);
}
