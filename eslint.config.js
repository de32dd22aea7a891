// Lint: TypeScript's recommended rules, React's hook rules, and the layer boundaries of the code
// (README "Project layout"): core is pure (no UI, model, CLI, browser or Node APIs), model never
// reaches into the UI or the CLI, the UI never into the CLI. Formatting is Prettier's business.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const layer = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const upper = (dirs) => dirs.map((d) => ({ group: [`**/${d}/*`, `../${d}`, `../../${d}`], message: `no ${d}/ here` }));

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'test-results/', 'bench-results/', 'data/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      ...layer([
        ...upper(['ui', 'model', 'cli', 'embed']),
        { group: ['react', 'react-dom', 'react-dom/*', 'zustand', 'sigma', 'sigma/*'], message: 'core has no UI' },
        { group: ['@tensorflow/*'], message: 'core has no tfjs: the model lives in src/model' },
        { group: ['node:*', 'fs', 'path'], message: 'core runs in the page and workers too: no Node APIs' },
      ]),
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'location', 'localStorage', 'fetch', 'process', 'require'].map(
          (name) => ({ name, message: 'core is pure: no DOM, network or Node globals' }),
        ),
      ],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: layer([
      ...upper(['ui', 'cli', 'embed']),
      { group: ['react', 'react-dom', 'zustand', 'sigma'], message: 'no UI in the model' },
    ]),
  },
  { files: ['src/ui/**/*.{ts,tsx}', 'src/embed/**/*.ts'], rules: layer(upper(['cli'])) },
  // Tests build malformed inputs on purpose.
  { files: ['tests/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  prettier,
);
