// Lints the main-thread code (Figma sandbox) with Figma's own plugin rules.
import figmaPlugins from '@figma/eslint-plugin-figma-plugins';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**'] },
  {
    files: ['src/plugin/**/*.ts', 'src/protocol/**/*.ts'],
    extends: [...tseslint.configs.recommended],
    plugins: { '@figma/figma-plugins': figmaPlugins },
    languageOptions: {
      parserOptions: { project: './src/plugin/tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      ...figmaPlugins.configs.recommended.rules,
    },
  },
);
