// The deterministic budgets of the two plugin bundles, and the syntax Figma's sandbox accepts.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parse } from 'acorn';
import { beforeAll, describe, expect, it } from 'vitest';
import { CODE_BUDGET_BYTES, UI_GZIP_BUDGET_BYTES } from '../../bench/bundle-size';

let code = '';
let html = '';

beforeAll(() => {
  execFileSync(process.execPath, ['esbuild.config.mjs'], { stdio: 'pipe' });
  code = readFileSync('dist/code.js', 'utf8');
  html = readFileSync('dist/ui.html', 'utf8');
});

describe('dist/code.js (Figma sandbox)', () => {
  it('parses as ES2017: no optional chaining, nullish coalescing, object spread or newer syntax', () => {
    expect(() => parse(code, { ecmaVersion: 2017, sourceType: 'script' })).not.toThrow();
  });

  it('is rejected by the same ES2017 check when newer syntax slips in (the check can fail)', () => {
    expect(() => parse('const a = b?.c;', { ecmaVersion: 2017, sourceType: 'script' })).toThrow();
    expect(() => parse('const a = { ...b };', { ecmaVersion: 2017, sourceType: 'script' })).toThrow();
  });

  it(`stays within ${CODE_BUDGET_BYTES / 1024} KB minified`, () => {
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(CODE_BUDGET_BYTES);
  });

  it('uses no DOM or browser-only globals', () => {
    for (const name of ['document.', 'window.', 'localStorage', 'TextEncoder', 'atob(', 'btoa(', 'new URL(', 'new Blob(']) {
      expect(code, name).not.toContain(name);
    }
  });
});

describe('secrets stay off designers\' machines', () => {
  it('neither bundle carries a PICPIK private key, its variable name or the demo key', () => {
    for (const bundle of [code, html]) {
      for (const secret of ['backdrop-demo-private', 'PICPIK_PRIVATE_KEY', 'EMULATOR_PRIVATE_KEY', 'privateKey']) {
        expect(bundle).not.toContain(secret);
      }
    }
  });
});

describe('dist/ui.html (plugin UI)', () => {
  it(`stays within ${UI_GZIP_BUDGET_BYTES / 1024} KB gzip`, () => {
    expect(gzipSync(Buffer.from(html), { level: 9 }).length).toBeLessThanOrEqual(UI_GZIP_BUDGET_BYTES);
  });

  it('is one self-contained file: scripts and styles inlined, nothing loaded from elsewhere', () => {
    expect(html).toContain('<script>');
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+rel=["']?stylesheet/);
  });
});
