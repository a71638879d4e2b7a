// Import boundaries between Backdrop's parts (run by `npm run check:boundaries`, part of `npm test`).
// Paths are matched by folder, so the rules hold as files inside a part are split or renamed.
const HOSTS = '^(src/(plugin|relay|emulator|figma-standin|playground)|ui)/';
const PRODUCT = '^(src/(plugin|relay|contract|protocol)|ui)/';

module.exports = {
  forbidden: [
    {
      name: 'contract-imports-no-host',
      comment: 'src/contract is shared by every part, so it imports none of them.',
      severity: 'error',
      from: { path: '^src/contract/' },
      to: { path: HOSTS },
    },
    {
      name: 'plugin-not-ui',
      comment: 'The main thread and the UI meet only in src/protocol (both may use src/contract).',
      severity: 'error',
      from: { path: '^src/plugin/' },
      to: { path: '^ui/' },
    },
    {
      name: 'ui-not-plugin',
      comment: 'The main thread and the UI meet only in src/protocol (both may use src/contract).',
      severity: 'error',
      from: { path: '^ui/' },
      to: { path: '^src/plugin/' },
    },
    {
      name: 'product-not-stand-ins',
      comment: 'The product never depends on the playground or on the stand-ins of Figma and PICPIK.',
      severity: 'error',
      from: { path: PRODUCT },
      to: { path: '^src/(playground|figma-standin|emulator)/' },
    },
    {
      name: 'relay-not-emulator',
      comment: 'The relay talks to PICPIK (or the emulator) over HTTP only.',
      severity: 'error',
      from: { path: '^src/relay/' },
      to: { path: '^src/emulator/' },
    },
    {
      name: 'emulator-not-relay',
      comment: 'The emulator stands in for PICPIK, which knows nothing of the relay.',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: '^src/relay/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a deleted file.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs', '.json', '.css'] },
  },
};
