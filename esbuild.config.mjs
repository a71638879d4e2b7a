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

await mkdir(outdir, { recursive: true });
if (watch) {
  const contexts = await Promise.all([esbuild.context(mainOptions), esbuild.context(uiOptions)]);
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('watching src/ and ui/ for changes');
} else {
  await Promise.all([esbuild.build(mainOptions), esbuild.build(uiOptions)]);
}
