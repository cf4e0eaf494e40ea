import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layers: dependencies point one way (docs/architecture.md, "Import rules"). Each folder says what
// it may not import; test/unit/lint/boundaries.test.ts proves every rule reports a wrong-way import.
// Patterns match the import's specifier (relative paths included), so a folder's name is the key.
const restrict = (patterns, paths = []) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns, paths }],
});
const layer = (names, message, extra = {}) => ({ group: names.flatMap((n) => [`**/${n}`, `**/${n}/**`]), message, ...extra });
const rendererOutside = [
  { group: ['**/electron/**', '!**/electron/ipc/contract'], message: 'renderer/ imports from electron/ only types of electron/ipc/contract.' },
  { group: ['**/electron/ipc/contract'], allowTypeImports: true, message: 'renderer/ imports only types from electron/ipc/contract (import type).' },
  layer(['native'], 'renderer/ imports from outside renderer/ only shared/ and the contract\'s types.'),
];
const layers = [
  {
    // Pure TypeScript below everything, the renderer included: nothing outside shared/, no Node.
    files: ['shared/**/*.ts'],
    rules: restrict([
      { group: ['../*', '../**'], message: 'shared/ imports nothing outside shared/ (npm packages aside).' },
      { group: ['node:*'], message: 'shared/ is used by the renderer: no Node modules.' },
    ]),
  },
  {
    files: ['native/**/*.ts'],
    rules: restrict([layer(['electron', 'renderer', 'shared'], 'native/ knows libvirt only: no app code.')]),
  },
  {
    files: ['electron/store/**/*.ts'],
    rules: restrict([layer(
      ['services', 'ipc', 'cli', 'app', 'i18n', 'native', 'renderer', 'main', 'preload'],
      'electron/store/ knows SQLite: it imports shared/ and its own folder only.',
    )]),
  },
  {
    files: ['electron/services/**/*.ts'],
    rules: restrict([layer(
      ['ipc', 'cli', 'app', 'renderer', 'main', 'preload'],
      'electron/services/ is below the IPC, the CLI and the shell: it never imports them.',
    )]),
  },
  {
    // The renderer: shared/ and the contract's types; nothing else from outside renderer/.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict(
      [...rendererOutside, { group: ['node:*'], message: 'renderer/ runs in the sandboxed page: no Node modules.' }],
      [{ name: 'electron', message: 'renderer/ runs in the sandboxed page: Electron is the preload\'s.' }],
    ),
  },
  {
    // Component tests run under Node (jsdom) and may read files; the page's rules still hold for electron/.
    files: ['renderer/**/*.spec.{ts,tsx}'],
    rules: restrict(rendererOutside, [{ name: 'electron', message: 'renderer/ never imports Electron.' }]),
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'dist-electron', 'release', 'test-results', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS on purpose (bin/snapvisor.cjs: start-up time); require() is how it loads code.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  ...layers,
);
