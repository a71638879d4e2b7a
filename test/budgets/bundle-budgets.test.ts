// The deterministic budgets of the two plugin bundles, and the syntax Figma's sandbox accepts.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parse } from 'acorn';
import { beforeAll, describe, expect, it } from 'vitest';
import { CODE_BUDGET_BYTES, UI_GZIP_BUDGET_BYTES } from '../../bench/bundle-size';
import { DEFAULT_RELAY_URL } from '../../src/protocol/relay-defaults';
import { addressesIn } from '../build/bundle-addresses';

let code = '';
let html = '';
const TEAM_RELAY = 'https://budgets.example.com';
let teamCode = '';
let teamHtml = '';

beforeAll(() => {
  execFileSync(process.execPath, ['esbuild.config.mjs'], { stdio: 'pipe' });
  code = readFileSync('dist/code.js', 'utf8');
  html = readFileSync('dist/ui.html', 'utf8');
  // Built here, after the default build, so the two are compared without racing another build.
  execFileSync(process.execPath, ['esbuild.config.mjs', '--team', TEAM_RELAY], { stdio: 'pipe' });
  teamCode = readFileSync('dist/teams/budgets.example.com/code.js', 'utf8');
  teamHtml = readFileSync('dist/teams/budgets.example.com/ui.html', 'utf8');
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
  it('no bundle (default or team build) carries a PICPIK private key, its variable name or the demo key', () => {
    for (const bundle of [code, html, teamCode, teamHtml]) {
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

  it("carries the UI kit's base CSS and none of its components: the panel draws its own controls", () => {
    // The own Button's brand colour is rendered; a kit component would bring the package index,
    // hence every component's CSS (the Modal's reads --box-shadow-modal) and preact/compat.
    expect(html).toContain('var(--figma-color-bg-brand)');
    expect(html).toContain('font-family:var(--font-family)');
    expect(html).not.toContain('var(--box-shadow-modal)');
    expect(readFileSync('node_modules/@create-figma-plugin/ui/lib/components/modal/modal.module.css', 'utf8')).toContain('var(--box-shadow-modal)');
    expect(html).not.toContain('react.forward_ref');
  });

  it('carries the rules of the requests the UI sends: GenerateBackgrounds and the cut-out and clean-plate actions', () => {
    expect(html).toContain('must be a whole number between 64 and 2048 in steps of 64');
    expect(readFileSync('src/contract/image-edit-schemas.ts', 'utf8')).toContain('the corners of the subject in pixels');
    expect(html).toContain('the corners of the subject in pixels');
  });

  it('is one self-contained file: scripts and styles inlined, nothing loaded from elsewhere', () => {
    expect(html).toContain('<script>');
    expect(html).toContain('<style>');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+rel=["']?stylesheet/);
  });
});

describe('the default build next to a team build', () => {
  it('keeps the relay typed in Settings: the default UI has no built-in relay, and the manifest allows every domain', () => {
    expect(addressesIn(html)).toEqual([DEFAULT_RELAY_URL]);
    expect(html).not.toContain('BACKDROP_BUILT_IN_RELAY_URL');
    const manifest = JSON.parse(readFileSync('manifest.json', 'utf8')) as { main: string; ui: string; networkAccess: Record<string, unknown> };
    expect(manifest).toMatchObject({ main: 'dist/code.js', ui: 'dist/ui.html' });
    expect(manifest.networkAccess).toMatchObject({ allowedDomains: ['*'], devAllowedDomains: ['http://localhost:8787'] });
  });

  it('runs the same main thread code in both, and the team UI carries its relay and no other', () => {
    expect(teamCode).toBe(code);
    expect(addressesIn(teamHtml)).toEqual([TEAM_RELAY]);
    expect(teamHtml).not.toContain('BACKDROP_BUILT_IN_RELAY_URL');
  });

  it(`keeps the team UI within the same ${UI_GZIP_BUDGET_BYTES / 1024} KB gzip`, () => {
    expect(gzipSync(Buffer.from(teamHtml), { level: 9 }).length).toBeLessThanOrEqual(UI_GZIP_BUDGET_BYTES);
  });
});
