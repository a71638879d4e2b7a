// Lints every folder with typescript-eslint's recommended rules (syntax only, so it stays fast),
// and the main-thread code (Figma sandbox) also with Figma's own plugin rules, which need types.
import figmaPlugins from '@figma/eslint-plugin-figma-plugins';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/protocol/generated/**'] },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [...tseslint.configs.recommended],
    rules: {
      // `const { Action: _action, ...rest } = body` is how the code drops a field.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      // The emulator's server hands requests to an app it creates once the port is bound.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The node classes walk the tree from themselves: `for (let n = this; n; n = n._parent)`.
    files: ['src/figma-standin/**/*.ts'],
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
  {
    files: ['src/plugin/**/*.ts', 'src/protocol/**/*.ts'],
    plugins: { '@figma/figma-plugins': figmaPlugins },
    languageOptions: {
      parserOptions: { project: './src/plugin/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...figmaPlugins.configs.recommended.rules,
    },
  },
);
