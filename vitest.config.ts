import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  // Vitest 4 transforms with oxc (the esbuild options above are ignored there): JSX is Preact's.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    // @create-figma-plugin/ui imports its global CSS as `!../css/base.css` (see esbuild.config.mjs).
    alias: [{ find: /^!(.*)$/, replacement: '$1' }],
  },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    setupFiles: ['test/dom-async-timeout.setup.ts'],
    // Let Vite resolve the UI kit's `!` CSS imports and CSS modules instead of Node.
    server: { deps: { inline: ['@create-figma-plugin/ui'] } },
  },
});
