// Lint: TypeScript's recommended rules plus the direction of dependencies:
//   renderer -> (types only) src/api.ts;  electron -> src;  src -> nothing above it.
// Raw ipcMain/ipcRenderer are allowed only in the one typed wrapper and the preload.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'Only electron/ may import electron.' };

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'bench/.work/', 'release/', 'renderer/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-control-regex': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: ['**/renderer/**', '**/electron/**'], message: 'src/ is the engine: it never reaches up into electron/ or renderer/.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: ['**/src/**', '!**/src/api.js', '!**/src/api'], message: 'renderer/ takes only types, and only from src/api.ts.' },
          { group: ['**/src/api.js', '**/src/api'], allowTypeImports: true, message: 'renderer/ takes only types from src/api.ts (use import type).' },
          { group: ['**/electron/**', 'node:*'], message: 'renderer/ runs in a sandboxed page: no Node, no main-process code.' },
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/ipc.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Use the typed wrapper in electron/ipc.ts.' }],
        patterns: [{ group: ['**/renderer/**'], message: 'electron/ does not import the renderer.' }],
      }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'bin/**/*.js'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron] }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
