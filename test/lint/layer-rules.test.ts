import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layering of ARCHITECTURE.md, as the linter enforces it (eslint.config.js,
// lint/layer-imports.js): each rule is shown refusing a forbidden import and
// letting an allowed one through, by linting a small file placed in the layer.

const ROOT = path.resolve(import.meta.dirname, '../..');
const LAYER_RULE = 'burnrate/layer-imports';
const IMPORT_RULE = 'no-restricted-imports';
const LAZY_RULE = '@typescript-eslint/no-restricted-imports';

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT, overrideConfigFile: path.join(ROOT, 'eslint.config.js') });
});

/** The messages ESLint gives `code` as if it were the file at `file` (never written to disk). */
async function lint(file: string, code: string): Promise<Linter.LintMessage[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  const messages = result?.messages ?? [];
  // A snippet that does not parse would pass every "allowed" case for the wrong reason.
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages;
}

interface Case {
  file: string;
  code: string;
  /** The rule that must fire (forbidden) and the text its message must hold; absent = allowed. */
  refused?: { rule: string; says: string };
}

const importing = (spec: string) => `import { x } from '${spec}';\nexport { x };\n`;
const importingType = (spec: string) => `import type { T } from '${spec}';\nexport type { T };\n`;
const layer = (says: string) => ({ rule: LAYER_RULE, says });

const FORBIDDEN: Case[] = [
  // main/core: the rules; nothing it would have to choose.
  { file: 'main/core/payments/probe.ts', code: importing('../../host/cli/program.js'), refused: layer('main/core may not import main/host') },
  { file: 'main/core/payments/probe.ts', code: importing('../../server/app.js'), refused: layer('main/core may not import main/server') },
  { file: 'main/core/probe.ts', code: importing('../shell/tray.js'), refused: layer('main/core may not import main/shell') },
  { file: 'main/core/probe.ts', code: importingType('../../preload/contract.js'), refused: layer('main/core may not import preload') },
  { file: 'main/core/probe.ts', code: importingType('../../renderer/src/store.js'), refused: layer('main/core may not import renderer') },
  { file: 'main/core/probe.ts', code: importing('../compose/local-services.js'), refused: layer('main/core may not import main/compose') },
  {
    file: 'main/core/control/probe.ts',
    code: importing('../../adapters/control/default-transport.js'),
    refused: layer('main/core may not import main/adapters'),
  },
  { file: 'main/core/ledger/probe.ts', code: importing('../../stores/postgres/ledger-store.js'), refused: layer('main/core may not import main/stores') },
  { file: 'main/core/payments/probe.ts', code: importing('../../stripe-sandbox/index.js'), refused: layer('main/core may not import main/stripe-sandbox') },
  {
    file: 'main/core/payments/probe.ts',
    code: "export async function start() {\n  return import('../../stripe-sandbox/index.js');\n}\n",
    refused: layer('main/core may not import main/stripe-sandbox'),
  },
  { file: 'main/core/payments/probe.ts', code: "import Stripe from 'stripe';\nexport { Stripe };\n", refused: layer('main/core may not import stripe') },
  { file: 'main/core/control/probe.ts', code: importing('standardwebhooks'), refused: layer('main/core may not import standardwebhooks') },
  { file: 'main/core/db/probe.ts', code: importing('pg'), refused: layer('main/core may not import pg') },
  { file: 'main/core/control/probe.ts', code: importing('node:child_process'), refused: layer('main/core may not import node:child_process') },
  { file: 'main/core/control/probe.ts', code: importing('child_process'), refused: layer('main/core may not import child_process') },
  { file: 'main/core/probe.ts', code: importing('electron'), refused: { rule: IMPORT_RULE, says: 'Only main/shell and preload may import electron' } },
  // Hosts run without Electron; the shell wraps them.
  { file: 'main/host/cli/probe.ts', code: importing('../../shell/tray.js'), refused: layer('main/host may not import main/shell') },
  { file: 'main/host/probe.ts', code: importing('../../renderer/src/store.js'), refused: layer('main/host may not import renderer') },
  { file: 'main/host/web/probe.ts', code: importing('electron'), refused: { rule: IMPORT_RULE, says: 'Only main/shell and preload may import electron' } },
  { file: 'main/server/probe.ts', code: importing('../shell/main.js'), refused: layer('main/server may not import main/shell') },
  { file: 'main/server/probe.ts', code: importing('../../renderer/src/store.js'), refused: layer('main/server may not import renderer') },
  // A client of the team server runs no engine wiring.
  { file: 'main/client/probe.ts', code: importing('../shell/tray.js'), refused: layer('main/client may not import main/shell') },
  { file: 'main/client/probe.ts', code: importing('../../renderer/src/store.js'), refused: layer('main/client may not import renderer') },
  { file: 'main/client/probe.ts', code: importing('../compose/local-services.js'), refused: layer('main/client may not import main/compose') },
  { file: 'main/client/probe.ts', code: importing('../adapters/payments/stripe-gateway.js'), refused: layer('main/client may not import main/adapters') },
  { file: 'main/client/probe.ts', code: importing('../stores/postgres/orgs.js'), refused: layer('main/client may not import main/stores') },
  { file: 'main/client/probe.ts', code: importing('../stripe-sandbox/index.js'), refused: layer('main/client may not import main/stripe-sandbox') },
  // Adapters and stores implement the core's ports; the composition root picks them.
  { file: 'main/adapters/control/probe.ts', code: importing('../../host/cli/program.js'), refused: layer('main/adapters may not import main/host') },
  { file: 'main/adapters/control/probe.ts', code: importing('../../server/app.js'), refused: layer('main/adapters may not import main/server') },
  { file: 'main/adapters/control/probe.ts', code: importing('../../shell/tray.js'), refused: layer('main/adapters may not import main/shell') },
  { file: 'main/adapters/payments/probe.ts', code: importing('../../compose/open-gateway.js'), refused: layer('main/adapters may not import main/compose') },
  {
    file: 'main/adapters/payments/probe.ts',
    code: importing('../../stripe-sandbox/index.js'),
    refused: layer('main/adapters may not import main/stripe-sandbox'),
  },
  { file: 'main/adapters/probe.ts', code: importingType('../../preload/contract.js'), refused: layer('main/adapters may not import preload') },
  { file: 'main/adapters/probe.ts', code: importing('../../renderer/src/store.js'), refused: layer('main/adapters may not import renderer') },
  { file: 'main/stores/postgres/probe.ts', code: importing('../../compose/local-services.js'), refused: layer('main/stores may not import main/compose') },
  { file: 'main/stores/postgres/probe.ts', code: importing('../../host/handlers/dispatch.js'), refused: layer('main/stores may not import main/host') },
  { file: 'main/stores/postgres/probe.ts', code: importing('../../server/app.js'), refused: layer('main/stores may not import main/server') },
  { file: 'main/stores/postgres/probe.ts', code: importing('../../shell/tray.js'), refused: layer('main/stores may not import main/shell') },
  { file: 'main/stores/postgres/probe.ts', code: importing('../../stripe-sandbox/index.js'), refused: layer('main/stores may not import main/stripe-sandbox') },
  { file: 'main/stores/probe.ts', code: importingType('../../preload/contract.js'), refused: layer('main/stores may not import preload') },
  { file: 'main/stores/probe.ts', code: importing('../../renderer/src/store.js'), refused: layer('main/stores may not import renderer') },
  // The sandbox is a tool: it knows no host, adapter or store.
  { file: 'main/stripe-sandbox/probe.ts', code: importing('../host/cli/program.js'), refused: layer('main/stripe-sandbox may not import main/host') },
  { file: 'main/stripe-sandbox/probe.ts', code: importing('../server/app.js'), refused: layer('main/stripe-sandbox may not import main/server') },
  { file: 'main/stripe-sandbox/probe.ts', code: importing('../shell/tray.js'), refused: layer('main/stripe-sandbox may not import main/shell') },
  { file: 'main/stripe-sandbox/probe.ts', code: importing('../compose/open-gateway.js'), refused: layer('main/stripe-sandbox may not import main/compose') },
  {
    file: 'main/stripe-sandbox/probe.ts',
    code: importing('../adapters/payments/stripe-gateway.js'),
    refused: layer('main/stripe-sandbox may not import main/adapters'),
  },
  { file: 'main/stripe-sandbox/probe.ts', code: importing('../stores/postgres/x.js'), refused: layer('main/stripe-sandbox may not import main/stores') },
  { file: 'main/stripe-sandbox/probe.ts', code: importingType('../../preload/contract.js'), refused: layer('main/stripe-sandbox may not import preload') },
  { file: 'main/stripe-sandbox/probe.ts', code: importing('../../renderer/src/store.js'), refused: layer('main/stripe-sandbox may not import renderer') },
  {
    file: 'main/stripe-sandbox/probe.ts',
    code: importing('electron'),
    refused: { rule: IMPORT_RULE, says: 'Only main/shell and preload may import electron' },
  },
  // Composition roots and the shell may import all of main/, but the renderer is a separate bundle.
  { file: 'main/compose/probe.ts', code: importing('../../renderer/src/store.js'), refused: layer('main/compose may not import renderer') },
  { file: 'main/shell/probe.ts', code: importing('../../renderer/src/store.js'), refused: layer('main/shell may not import renderer') },
  // The contract stands alone.
  { file: 'preload/probe.ts', code: importingType('../main/core/engine.js'), refused: layer('preload may not import main') },
  { file: 'preload/probe.ts', code: importing('../renderer/src/store.js'), refused: layer('preload may not import renderer') },
  // The renderer sees the contract's types and nothing else of ours.
  {
    file: 'renderer/src/probe.ts',
    code: importing('../../preload/contract'),
    refused: layer('renderer/src may import only types from preload/contract, not preload/contract'),
  },
  { file: 'renderer/src/probe.ts', code: importing('../../preload/contract/app.js'), refused: layer('not preload/contract/app.js') },
  { file: 'renderer/src/api/probe.ts', code: importingType('../../../preload/channels.js'), refused: layer('not preload/channels.js') },
  { file: 'renderer/src/api/probe.ts', code: importing('../../../preload/build-api.js'), refused: layer('not preload/build-api.js') },
  { file: 'renderer/src/probe.ts', code: importingType('../../main/core/money.js'), refused: layer('not main/core/money.js') },
  { file: 'renderer/src/probe.ts', code: "export type * from '../../main/core/services.js';\n", refused: layer('not main/core/services.js') },
  { file: 'renderer/src/probe.ts', code: importing('node:fs'), refused: { rule: IMPORT_RULE, says: 'The renderer is untrusted' } },
  { file: 'renderer/src/probe.ts', code: importing('electron'), refused: { rule: IMPORT_RULE, says: 'Only main/shell and preload may import electron' } },
  // Heavy packages load where first used, never at the top of a module (ARCHITECTURE.md, Conventions).
  ...['stripe', 'pdfkit', 'pg'].map((name) => ({
    file: 'main/compose/probe.ts',
    code: `import pkg from '${name}';\nexport { pkg };\n`,
    refused: { rule: LAZY_RULE, says: `Load '${name}' where it is first used` },
  })),
];

const ALLOWED: Case[] = [
  { file: 'main/core/payments/probe.ts', code: importing('../engine.js') },
  { file: 'main/core/probe.ts', code: importing('./payments/gateway.js') },
  // Resolved, not matched as text: from here `../host` is main/core/host, inside the core.
  { file: 'main/core/payments/probe.ts', code: importing('../host/x.js') },
  { file: 'main/core/db/probe.ts', code: "import Database from 'better-sqlite3';\nexport { Database };\n" },
  { file: 'main/core/reports/probe.ts', code: importing('node:fs') },
  { file: 'main/host/cli/probe.ts', code: importing('../../core/engine.js') },
  { file: 'main/host/cli/probe.ts', code: importing('../../compose/local-services.js') },
  { file: 'main/host/cli/probe.ts', code: importing('../../stripe-sandbox/index.js') },
  { file: 'main/host/handlers/probe.ts', code: importingType('../../../preload/contract.js') },
  { file: 'main/server/probe.ts', code: importing('../core/engine.js') },
  { file: 'main/client/probe.ts', code: importing('../server/protocol.js') },
  { file: 'main/client/probe.ts', code: importing('../core/errors.js') },
  { file: 'main/adapters/control/probe.ts', code: importingType('../../core/control/control-types.js') },
  { file: 'main/adapters/control/probe.ts', code: importing('standardwebhooks') },
  { file: 'main/adapters/payments/probe.ts', code: "import type Stripe from 'stripe';\nexport type { Stripe };\n" },
  { file: 'main/stores/postgres/probe.ts', code: importing('../../core/ledger/ledger.js') },
  { file: 'main/stores/postgres/probe.ts', code: importingType('pg') },
  { file: 'main/stripe-sandbox/probe.ts', code: importing('../core/db/sqlite-options.js') },
  { file: 'main/compose/probe.ts', code: importing('../stripe-sandbox/index.js') },
  { file: 'main/compose/probe.ts', code: importing('../adapters/control/default-transport.js') },
  { file: 'main/compose/probe.ts', code: importing('../stores/postgres/x.js') },
  { file: 'main/compose/probe.ts', code: importing('../host/cli/program.js') },
  { file: 'main/shell/probe.ts', code: importing('../compose/local-services.js') },
  { file: 'main/shell/probe.ts', code: importing('electron') },
  { file: 'preload/probe.ts', code: importingType('./contract.js') },
  { file: 'renderer/src/probe.ts', code: importingType('../../preload/contract') },
  { file: 'renderer/src/api/probe.ts', code: importingType('../../../preload/contract.js') },
  { file: 'renderer/src/api/probe.ts', code: importingType('../../../preload/contract/app.js') },
  { file: 'renderer/src/api/probe.ts', code: "export type * from '../../../preload/contract';\n" },
  { file: 'renderer/src/probe.ts', code: "import { type T } from '../../preload/contract';\nexport type { T };\n" },
  { file: 'renderer/src/features/probe.ts', code: importing('../store.js') },
  { file: 'renderer/src/probe.ts', code: importing('react') },
  // Heavy packages loaded where they are used (as types above).
  { file: 'main/compose/probe.ts', code: "export async function load() {\n  return (await import('pdfkit')).default;\n}\n" },
];

describe('the linter enforces the layers (ARCHITECTURE.md)', () => {
  it.each(FORBIDDEN)('$file: refuses $code', async ({ file, code, refused }) => {
    const messages = await lint(file, code);
    const fired = messages.filter((m) => m.ruleId === refused!.rule).map((m) => m.message);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toContain(refused!.says);
  });

  it.each(ALLOWED)('$file: allows $code', async ({ file, code }) => {
    const messages = await lint(file, code);
    expect(messages.filter((m) => m.ruleId === LAYER_RULE || m.ruleId === IMPORT_RULE || m.ruleId === LAZY_RULE)).toEqual([]);
  });

  it('shows every forbidden folder and package of every layer refused above', async () => {
    // A rule added to eslint.config.js without a case here fails this test.
    const config = (await eslint.calculateConfigForFile(path.join(ROOT, 'main/core/probe.ts'))) as Linter.Config;
    const [, options] = config.rules?.[LAYER_RULE] as [
      unknown,
      { layers: { folder: string; forbid?: string[]; forbidPackages?: string[]; onlyTypesFrom?: string[] }[] },
    ];
    const shown = new Set(FORBIDDEN.filter((c) => c.refused!.rule === LAYER_RULE).map((c) => c.refused!.says));
    const expected = options.layers.flatMap((l) => [
      ...[...(l.forbid ?? []), ...(l.forbidPackages ?? [])].map((target) => `${l.folder} may not import ${target}`),
      ...(l.onlyTypesFrom ? [`${l.folder} may import only types from ${l.onlyTypesFrom.join(', ')}, not preload/contract`] : []),
    ]);
    expect(expected.length).toBeGreaterThan(40);
    expect(expected.filter((says) => !shown.has(says))).toEqual([]);
  });
});
