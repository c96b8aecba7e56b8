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
          patterns: [
            ...electronBan.patterns,
            { group: ['**/main/**', 'node:*'], message: 'The renderer is untrusted: import only from preload/contract.ts (types).' },
          ],
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
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'Use the contract: raw IPC only in main/shell/ipc-gate.ts and preload/index.ts.',
            },
          ],
        },
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
    // The CLI runs in-process (tests, and any host that calls runCliInProcess):
    // a command writes to its run's streams and reads its run's env (CliContext),
    // never the process's, and ends with an exit code instead of exiting.
    files: ['main/host/cli/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['stdout', 'stderr', 'env', 'exit', 'exitCode', 'argv'].map((property) => ({
          object: 'process',
          property,
          message: "Use the run's CliContext (ctx.out, ctx.err, ctx.env) and return an exit code: the CLI must be callable in-process.",
        })),
      ],
    },
  },
  {
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs', 'test/support/*.mjs', 'main/stores/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
