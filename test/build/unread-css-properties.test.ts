// The build's pass over the UI's CSS: custom properties nothing reads go, everything else stays.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { dropUnreadCustomProperties } from '../../build/unread-css-properties';

describe('dropUnreadCustomProperties', () => {
  it('drops what no var() and no script reads, also when its only reader was dropped, and keeps the rest', () => {
    const css = ':root{--a: 1px;--b: var(--c);--c: 2px;--d: red;--e: 0 0 0 1px rgba(0, 0, 0, .2);--f: 3px}x{margin:var(--a);color:var( --d , blue)}';
    expect(dropUnreadCustomProperties(css, 'el.style.setProperty("--f", "4px")')).toBe(':root{--a: 1px;--d: red;--f: 3px}x{margin:var(--a);color:var( --d , blue)}');
  });

  it('leaves no var() in the built panel without its definition, unless Figma supplies it', async () => {
    const html = await readFile('dist/ui.html', 'utf8');
    const css = html.slice(html.indexOf('<style>') + 7, html.indexOf('</style>'));
    const read = new Set([...css.matchAll(/var\(\s*(--[\w-]+)/g)].map((match) => match[1] as string));
    const defined = new Set([...css.matchAll(/(--[\w-]+)\s*:/g)].map((match) => match[1]));
    expect([...read].filter((name) => !defined.has(name) && !name.startsWith('--figma-color-'))).toEqual([]);
    expect(css).not.toContain('--space-extra-large');
  });
});
