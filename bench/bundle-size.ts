// Sizes of the two plugin bundles as Figma loads them: dist/ui.html raw and gzip, dist/code.js.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { BenchRow } from './bench-row';

/**
 * 53 KB, and how it got there: 65.6 KB with zod/mini in the UI; 58.3 KB once the UI checked with specs generated from the
 * zod schemas (src/contract/spec-check.ts); 55.0 KB after terser's second pass over esbuild's
 * output; 56.2 KB with the typed call, the job lifecycle, the per-domain state and the
 * click-to-TaskUID path (export sent as is, native base64) that landed beside it. 56.2 KB -> 53.5 KB
 * (gzip -9: 57,592 -> 54,753 bytes) when the panel drew its own text fields, buttons, toggles, disclosure,
 * choices and slider in the kit's look (the kit's component JS, about 9.7 KB minified, and its
 * component CSS left the bundle: -2.6 KB gzip) and the build dropped the CSS custom properties
 * nothing reads (-0.2 KB); 54.5 KB with the decode that stops at an export's first transparent
 * pixel and the compose that copies a layer on the output's pixel grid (+0.8 KB, both for the
 * click-to-TaskUID stages). 53 KB (gzip -9: 55,829 -> 53,914 bytes): the panel binds signals to
 * preact itself on @preact/signals-core (ui/state/signals.ts) instead of bundling @preact/signals'
 * text, attribute and memo bindings it does not use (-947 bytes); terser runs three passes with
 * function expressions as arrows and function properties as methods (-130); the four hooks the
 * components call live in ui/components/hooks.ts instead of preact/hooks (-537 with the shared
 * preact internals); and JSX compiles to preact's h instead of the automatic runtime (-301).
 * Dropping CSS rules for classes nothing names would save nothing (every class is used), and
 * terser's other unsafe options, pure_getters, keep_fargs, hoisting and an unminified input each
 * moved it by under 0.1 KB or would change what the checks compute. Helper-call encodings of the
 * generated specs gzip worse, so they stay keyed objects. Still 53 KB (gzip -9: 53,720 -> 53,357
 * bytes): the specs leave out a rule's error that repeats its schema's (-150), the protocol's, the
 * contract's and the form's specs are one generated file whose common objects are written once
 * (-180), and new job records copy their place fields with one helper (-33). Writing every shared
 * spec object inline, or sharing smaller ones, gzips worse in the bundle. 50 KB (Node's gzip -9, as
 * the budget test measures: 53,576 -> 50,226 bytes): the panel renders with its own renderer
 * (ui/components/render.ts, about 4 KB minified) instead of preact (11 KB) and the hook and signal
 * bindings to preact's internals (-2,945), and its signals are its own (ui/state/signals.ts)
 * instead of @preact/signals-core (-969); then +255 for a throwing render or effect not stopping
 * the others and the jobs list dropping frames that are gone (+46 more when using a tile finds its
 * frame gone), and +262 for number fields that name the number in use, a test result cleared by
 * an edit, menus that follow only a moving pointer, and focus kept after a row's removal; +172
 * for asking again about gone frames, so a frame an undo brought back gets its tile (50,398). 51 KB
 * (51,363 bytes): fixes from a designer's walkthrough and an attack on the relay, +965 in all: the
 * footer's problem count showing the first problem, focus kept when an action switches tabs, option
 * menus scrolled into view near the footer, Height's problem under Height, Delete unused shown only
 * when there is something to delete, unsaved Settings kept across tabs, the team relay tested and
 * not this computer's, a clearer connection result, and the contract's check that a PNG is whole
 * (its IHDR checksum, its chunks through an IDAT to an IEND). +430 (51,793) for the keys
 * designers expect: arrows stepping number fields, only plain decimals read as numbers, Home, End
 * and type-to-jump in option menus, and a main landmark with a heading; +172 (51,965) for a fixed seed told its own range (0 up, not
 * PICPIK's -1 for "pick one") and the Replace prompt toggle saying what a tile will do; +86 (52,051) for arrows stopping at a field's
 * limits and Cmd/Ctrl+Enter kept to the Generate tab; +91 (52,142) for the Generate anyway question
 * taking focus and Escape meaning Not now. The 40 KB target is not met: the panel's own code (ui/ about 85 KB minified, a third of
 * it the panel's words, 11 KB gzip on their own), the check specs (about 3.5 KB gzip) and the
 * contract's rules and image checks make the rest; mangling every property name would take at
 * most 2.4 KB more, and names that reach the relay, main or storage must keep theirs.
 */
export const UI_GZIP_BUDGET_BYTES = 51 * 1024;
// 36 KB: the per-layer Backdrop container (placement, Use this across jobs, Delete unused) took the
// sandbox bundle from 27.8 KB to 30.6 KB, the cut-out layer and clean plate placement to 34.7 KB.
// 37 KB (37,303 bytes, from 36,734): the team relay refused when it is this computer's, Delete
// unused scoped to its job, variations numbered in their names, and the whole-PNG check.
export const CODE_BUDGET_BYTES = 37 * 1024;

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
