import * as esbuild from 'esbuild';
import { minify } from 'terser';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
const stubs = process.argv.slice(2);
const stubPlugin = { name: 'stub', setup(b) {
  b.onResolve({ filter: /^!/ }, () => ({ path: 'x', namespace: 'empty' }));
  b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: '', loader: 'js' }));
  b.onLoad({ filter: /\.tsx?$/ }, async (a) => {
    const rel = path.relative(process.cwd(), a.path);
    if (!stubs.includes(rel)) return undefined;
    const fs = await import('node:fs/promises');
    const src = await fs.readFile(a.path, 'utf8');
    // keep export names, values become empty objects
    const names = [...src.matchAll(/export const (\w+)/g)].map((m) => m[1]);
    return { contents: names.map((n) => `export const ${n} = {} as any;`).join('\n'), loader: 'ts' };
  });
} };
const r = await esbuild.build({ entryPoints: ['ui/main.tsx'], bundle: true, minify: true, write: false, outdir: '/tmp/mout', format: 'iife', target: 'es2020', jsx: 'automatic', jsxImportSource: 'preact', loader: { '.png': 'dataurl', '.svg': 'text', '.css': 'empty' }, define: { BACKDROP_BUILT_IN_RELAY_URL: 'undefined' }, tsconfig: 'ui/tsconfig.json', plugins: [stubPlugin], logLevel: 'silent' });
const js = r.outputFiles.find((f) => f.path.endsWith('.js')).text;
const { code } = await minify(js, { ecma: 2020, compress: { passes: 2 }, mangle: true, format: { comments: false } });
console.log(gzipSync(code, { level: 9 }).length);
