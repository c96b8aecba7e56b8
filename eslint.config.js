import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerImports } from './lint/layer-imports.js';

const electronBan = {
  paths: [{ name: 'electron', message: 'Only main/shell and preload may import electron: keep the core testable in Node.' }],
  patterns: [{ group: ['electron/*'], message: 'Only main/shell and preload may import electron.' }],
};

// The layers (ARCHITECTURE.md, "Layers the linter enforces"). Rules point one way:
// hosts and adapters depend on the core, composition roots depend on everything,
// and the core depends on nothing it would have to choose (host, adapter, store, sandbox).
const HOST_FREE = ['main/host', 'main/server', 'main/shell', 'preload', 'renderer'];
export const LAYERS = [
  {
    folder: 'main/core',
    forbid: [...HOST_FREE, 'main/compose', 'main/adapters', 'main/stores', 'main/stripe-sandbox'],
    forbidPackages: ['stripe', 'standardwebhooks', 'pg', 'node:child_process', 'child_process'],
    why: 'the core holds the rules; hosts, adapters and stores plug into its ports and a composition root (main/compose) wires them.',
  },
  {
    folder: 'main/host',
    forbid: ['main/shell', 'renderer'],
    why: 'hosts (CLI, web host) run without Electron; the shell wraps them, never the reverse.',
  },
  {
    folder: 'main/server',
    forbid: ['main/shell', 'renderer'],
    why: 'the team server is a host: it runs without Electron.',
  },
  {
    folder: 'main/client',
    forbid: ['main/shell', 'renderer', 'main/compose', 'main/adapters', 'main/stores', 'main/stripe-sandbox'],
    why: "a client calls the team server's API; it neither runs the engine's wiring nor needs Electron.",
  },
  {
    folder: 'main/adapters',
    forbid: [...HOST_FREE, 'main/compose', 'main/stripe-sandbox'],
    why: "an adapter implements one of the core's ports; which adapter runs is the composition root's choice.",
  },
  {
    folder: 'main/stores',
    forbid: [...HOST_FREE, 'main/compose', 'main/stripe-sandbox'],
    why: "a store implements the core's store interfaces; the composition root chooses it.",
  },
  {
    folder: 'main/stripe-sandbox',
    forbid: [...HOST_FREE, 'main/compose', 'main/adapters', 'main/stores'],
    why: 'the sandbox is a tool a composition root (or `burnrate sandbox`) starts; it knows no host.',
  },
  {
    folder: 'main/compose',
    forbid: ['renderer'],
    why: 'composition roots wire main/ together; the renderer is a separate, untrusted bundle.',
  },
  {
    folder: 'main/shell',
    forbid: ['renderer'],
    why: 'the renderer is a separate, untrusted bundle loaded by URL, not imported.',
  },
  {
    folder: 'preload',
    forbid: ['main', 'renderer'],
    why: 'the contract stands alone: main and the renderer both build on it.',
  },
  {
    folder: 'renderer/src',
    onlyTypesFrom: ['preload/contract'],
    why: 'the renderer is untrusted: it sees the contract (preload/contract.ts) and nothing of main or the preload.',
  },
];

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
            // Paths are the layer rule's (burnrate/layer-imports); Node's modules do not exist in the page.
            { group: ['node:*'], message: 'The renderer is untrusted: import only from preload/contract.ts (types).' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { burnrate: { rules: { 'layer-imports': layerImports } } },
    rules: { 'burnrate/layer-imports': ['error', { root: import.meta.dirname, layers: LAYERS }] },
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
    // Heavy packages only some commands need are loaded where first used (`await import(...)`):
    // a bundle hoists every static import, so one at the top of any module slowed every command's start.
    files: ['main/**/*.ts'],
    ignores: ['main/stripe-sandbox/client.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: ['stripe', 'pdfkit', 'pg'].map((name) => ({
            name,
            allowTypeImports: true,
            message: `Load '${name}' where it is first used (await import('${name}')): a static import slows every command's start (ARCHITECTURE.md, Conventions).`,
          })),
        },
      ],
    },
  },
  {
    files: ['bin/**/*.mjs', 'scripts/**/*.mjs', 'test/support/*.mjs', 'main/stores/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
