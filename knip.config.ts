// Dead-code check (`npm run check:unused`): files no entry reaches, exports nobody imports,
// dependencies nobody uses. Knip finds by itself the package.json scripts' entries (the relay, the
// emulator, the admin tool, the playground, bench/run.ts), the files esbuild.config.mjs bundles
// (src/plugin/main.ts, ui/main.tsx) and the vitest configs' test files and setup file; the entries
// below are the ones reached only by a path in a string. Test files count as users: an export the
// product uses only inside its own file but a test checks directly stays exported.
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  entry: [
    // Bundled by src/playground/server.ts for the host page.
    'src/playground/page/main.ts!',
    // Bundled and imported by esbuild.config.mjs to regenerate src/protocol/generated/.
    'src/protocol/generate-main-schemas.ts!',
    'build/*.ts!',
    'scripts/*.ts!',
    'bench/*.ts',
    // Injected into every module of the UI bundle by esbuild.config.mjs (JSX's h and Fragment).
    'ui/jsx-factory.ts!',
    // The tests' JSX runtime, named by vitest.config.ts's JSX import source.
    'ui/components/jsx-runtime.ts',
  ],
  project: ['*.{ts,mjs,cjs}!', '{src,ui,build,scripts}/**/*.{ts,tsx}!', 'bench/**/*.ts', 'test/**/*.{ts,tsx}'],
  // A project of its own that test/tooling/unused-code.test.ts checks.
  ignore: ['test/tooling/fixtures/**'],
  // Read by path: the browser tests inject axe-core/axe.min.js into the plugin frame.
  ignoreDependencies: ['axe-core'],
  // System tools scripts/postgres-server.ts runs to find or install PostgreSQL.
  ignoreBinaries: ['pg_config', 'apt-get'],
};

export default config;
