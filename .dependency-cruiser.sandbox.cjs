// What Figma's sandbox loads: dist/code.js runs without Node and within a size budget, so nothing
// the main thread reaches at run time may be zod or a Node built-in (its messages are checked with
// the generated JSON Schema instead; signing hashes are injected). Run by `npm run
// check:boundaries` after the main rules. Type-only imports vanish from the bundle, so this check
// follows the compiled imports (tsPreCompilationDeps off) and keeps node_modules in the graph.
module.exports = {
  forbidden: [
    {
      name: 'sandbox-no-zod-or-node',
      comment: 'src/plugin becomes dist/code.js: it must not reach zod or a Node built-in at run time.',
      severity: 'error',
      from: { path: '^src/plugin/' },
      to: { path: ['(^|/)node_modules/zod/', '^(node:)?(crypto|buffer|fs|path|stream|zlib|os|util)$'], reachable: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: false,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] },
  },
};
