import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest 4 transforms with oxc: JSX the automatic way, on the panel's renderer
  // (ui/components/jsx-runtime.ts; the type checker reads preact's JSX types).
  oxc: { jsx: { runtime: 'automatic', importSource: '/ui/components', development: false } },
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
