// Sizes of the two plugin bundles as Figma loads them: dist/ui.html raw and gzip, dist/code.js.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { BenchRow } from './bench-row';

/**
 * 66 KB: the panel (footer, Advanced, tiles, menus) came to 59.3 KB after trimming the kit's CSS
 * and preact/compat; the cut-out and clean-plate flows add about 5 KB. zod/mini (about 34 KB
 * minified) is where it shrinks next.
 */
export const UI_GZIP_BUDGET_BYTES = 66 * 1024;
// 36 KB: the per-layer Backdrop container (placement, Use this across jobs, Delete unused) took the
// sandbox bundle from 27.8 KB to 30.6 KB, the cut-out layer and clean plate placement to 34.7 KB.
export const CODE_BUDGET_BYTES = 36 * 1024;

export async function measureBundleSizesAsync(distDir = 'dist') {
  const html = await readFile(`${distDir}/ui.html`);
  const code = await readFile(`${distDir}/code.js`);
  return { uiRaw: html.length, uiGzip: gzipSync(html, { level: 9 }).length, code: code.length };
}

export async function benchBundleSizes(): Promise<BenchRow[]> {
  const sizes = await measureBundleSizesAsync();
  return [
    { name: 'dist/ui.html (raw)', value: sizes.uiRaw / 1024, unit: 'KB' },
    { name: 'dist/ui.html (gzip)', value: sizes.uiGzip / 1024, unit: 'KB', reference: UI_GZIP_BUDGET_BYTES / 1024, ratio: sizes.uiGzip / UI_GZIP_BUDGET_BYTES, note: 'reference = budget' },
    { name: 'dist/code.js (minified)', value: sizes.code / 1024, unit: 'KB', reference: CODE_BUDGET_BYTES / 1024, ratio: sizes.code / CODE_BUDGET_BYTES, note: 'reference = budget' },
  ];
}
