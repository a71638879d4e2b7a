// Builds the two plugin bundles: dist/code.js for Figma's sandbox (ES2017, no DOM) and
// dist/ui.html, one self-contained page with the UI's JS and CSS inlined.
// `--team https://relay.example.com [--name ...] [--id ...]` instead writes a team build to
// dist/teams/<host>/: the same code with that relay built into the UI, and its own manifest.json
// allowing exactly that origin (build/team-build-plan.ts).
import * as esbuild from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { minify } from 'terser';

const watch = process.argv.includes('--watch');
// `--metafile` also writes dist/ui.meta.json: which input puts how many bytes into the UI's JS.
const metafile = process.argv.includes('--metafile');

/** Bundles a TypeScript module of this project in memory and imports it (the build runs on plain Node). */
async function importTypeScriptAsync(entry) {
  const bundled = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent' });
  return import('data:text/javascript;base64,' + Buffer.from(bundled.outputFiles[0].text).toString('base64'));
}

const { dropUnreadCustomProperties } = await importTypeScriptAsync('build/unread-css-properties.ts');

let team;
try {
  const { parseTeamBuildArgs, planTeamBuild } = await importTypeScriptAsync('build/team-build-plan.ts');
  const options = parseTeamBuildArgs(process.argv.slice(2));
  if (options) team = planTeamBuild(options, JSON.parse(await readFile('manifest.json', 'utf8')));
} catch (error) {
  console.error('team build refused: ' + (error instanceof Error ? error.message : String(error)));
  process.exit(1);
}
if (team && watch) {
  console.error('--team and --watch do not combine: build the team folder once');
  process.exit(1);
}
const outdir = team ? team.outdir : 'dist';

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

/**
 * Terser's options for a second pass over esbuild's minified UI JS: its compressor and its
 * frequency-ordered mangler take about 3.5 KB off the gzipped panel, which the frame parses on
 * every open. Of the unsafe options only two are on: the UI never calls `new` on a function
 * expression or an object's function property (its constructors are classes and declarations), so
 * those may become arrows and methods (about 0.1 KB). The others would change what the checks
 * compute (`unsafe_comps` reorders comparisons that NaN answers differently) or drop reads that
 * matter (`pure_getters`: a signal's `.value` subscribes).
 */
const TERSER_OPTIONS = {
  ecma: 2020,
  compress: { passes: 3, unsafe_arrows: true, unsafe_methods: true },
  mangle: true,
  format: { comments: false },
};

/** Shrinks the UI JS with terser and drops the CSS custom properties nothing reads, then inlines both into dist/ui.html after every build. */
const inlineHtmlPlugin = {
  name: 'inline-ui-html',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const { code: js } = await minify(await readFile(path.join(outdir, 'ui.js'), 'utf8'), TERSER_OPTIONS);
      await writeFile(path.join(outdir, 'ui.js'), js);
      let css = '';
      try { css = await readFile(path.join(outdir, 'ui.css'), 'utf8'); } catch { /* no CSS emitted */ }
      css = dropUnreadCustomProperties(css, js);
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
  // Read by ui/lib/built-in-relay.ts. The default build defines it as undefined, so no global of
  // that name is ever looked up and the minifier drops the team-only branches.
  define: { BACKDROP_BUILT_IN_RELAY_URL: team ? JSON.stringify(team.relayUrl) : 'undefined' },
  entryPoints: ['ui/main.tsx'],
  outdir,
  entryNames: 'ui',
  target: 'es2020',
  format: 'iife',
  platform: 'browser',
  // JSX as calls of the renderer's h (see ui/tsconfig.build.json).
  inject: ['ui/jsx-factory.ts'],
  loader: { '.png': 'dataurl', '.svg': 'text' },
  plugins: [globalCssPlugin, inlineHtmlPlugin],
  tsconfig: 'ui/tsconfig.build.json',
  metafile,
};

/**
 * Regenerates src/protocol/generated/main-schemas.ts (JSON Schema of the zod schemas the main thread
 * checks, so dist/code.js needs no zod). Writes only on change, so watch mode does not loop.
 */
async function generateMainSchemasAsync() {
  const generator = await importTypeScriptAsync('src/protocol/generate-main-schemas.ts');
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

/**
 * Regenerates the UI's check specs (build/generate-ui-specs.ts: the protocol's, the contract's and
 * the form's zod schemas as data, so dist/ui.html needs no zod) before every UI build. Writes only
 * on change, so watch mode does not loop.
 */
const uiSpecsPlugin = {
  name: 'generate-ui-specs',
  setup(build) {
    build.onStart(async () => {
      try {
        const generator = await importTypeScriptAsync('build/generate-ui-specs.ts');
        for (const target of generator.UI_SPEC_FILES) {
          const source = generator.generateUiSpecSource();
          let current = '';
          try { current = await readFile(target, 'utf8'); } catch { /* first run */ }
          if (current === source) continue;
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, source);
          console.log('wrote ' + target);
        }
        return {};
      } catch (error) {
        return { errors: [{ text: 'could not generate the UI check specs: ' + String(error && error.stack ? error.stack : error) }] };
      }
    });
  },
};
uiOptions.plugins.unshift(uiSpecsPlugin);

await mkdir(outdir, { recursive: true });
if (watch) {
  const contexts = await Promise.all([esbuild.context(mainOptions), esbuild.context(uiOptions)]);
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('watching src/ and ui/ for changes');
} else {
  const [, ui] = await Promise.all([esbuild.build(mainOptions), esbuild.build(uiOptions)]);
  if (metafile) await writeFile(path.join(outdir, 'ui.meta.json'), JSON.stringify(ui.metafile));
}
if (team) {
  // A folder to import as it is: the manifest next to the two files it names, nothing else.
  await Promise.all(['ui.js', 'ui.css'].map((name) => rm(path.join(outdir, name), { force: true })));
  await writeFile(path.join(outdir, 'manifest.json'), JSON.stringify(team.manifest, null, 2) + '\n');
  console.log(`team build for ${team.relayUrl} in ${outdir}/ (import ${outdir}/manifest.json in Figma desktop)`);
}
