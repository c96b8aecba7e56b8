import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronBan = {
  paths: [{ name: 'electron', message: 'Only main/shell and preload may import electron: keep the core testable in Node.' }],
  patterns: [{ group: ['electron/*'], message: 'Only main/shell and preload may import electron.' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'coverage/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The layering: the engine, the sandbox, the host and the renderer never touch Electron.
    files: ['main/core/**', 'main/stripe-sandbox/**', 'main/host/**', 'renderer/**'],
    rules: { 'no-restricted-imports': ['error', electronBan] },
  },
  {
    // The renderer sees only the contract's types, never main's code.
    // (renderer/vite.config.ts is build tooling that runs in Node, not in the page.)
    files: ['renderer/**'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronBan,
          patterns: [...electronBan.patterns, { group: ['**/main/**', 'node:*'], message: 'The renderer is untrusted: import only from preload/contract.ts (types).' }],
        },
      ],
    },
  },
  {
    // Raw IPC lives in exactly two files: the gate (sender check + handler table) and the preload.
    files: ['main/shell/**', 'preload/**'],
    ignores: ['main/shell/ipc-gate.ts', 'preload/index.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Use the contract: raw IPC only in main/shell/ipc-gate.ts and preload/index.ts.' }] },
      ],
    },
  },
  {
    // Two processes share a ledger (the app and the CLI). A deferred write
    // transaction that reads first cannot wait for the other's lock (SQLite
    // answers SQLITE_BUSY at once), so every write takes the lock up front.
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[arguments.length=0] > CallExpression.callee[callee.property.name='transaction']",
          message: 'Run write transactions with .immediate() (BEGIN IMMEDIATE), so a second process waits for the lock instead of failing.',
        },
      ],
    },
  },
  {
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
