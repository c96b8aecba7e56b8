import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COMMANDS = path.join(ROOT, 'main/host/cli/commands');

/**
 * What a command may import from the core as a value: refusing its own flags
 * (RefusedError; the core's readers of a schedule's window and days; its one
 * money parser reading a money flag once into whole credits, in words naming
 * the flag), formatting (money, instants, a card, a window), and constant lists
 * its flags offer (precisions, entry kinds, idle and refill bounds, weekdays, report kinds and formats). Everything else — the
 * engine, services, stores, rules — is reached through the door (`ctx.door.call`).
 */
const CORE_VALUES: Readonly<Record<string, readonly string[]>> = {
  'errors.js': ['RefusedError'],
  'money.js': ['formatCredits', 'creditsToUsdString'],
  'calendar.js': ['iso', 'isoOrNull'],
  'deployments/deployment-types.js': ['PRECISIONS'],
  'ledger/entry-types.js': ['ENTRY_KINDS'],
  'control/idle-pause.js': ['IDLE_MINUTES'],
  'insights/analysis.js': ['ANALYSIS_DAYS'],
  'coupons/coupons.js': ['COUPON_CREDITS'],
  'insights/suggestions.js': ['SUGGESTION_KINDS'],
  'schedules/schedule-types.js': ['WEEKDAYS'],
  'schedules/weekly-windows.js': ['parseWindowRange', 'parseDays', 'describeWindow'],
  'payments/notice-texts.js': ['cardLabel'],
  'payments/amounts.js': ['packCredits', 'usdToCredits', 'usdToCents'],
  'payments/refill-settings.js': ['REFILL_BOUNDS'],
  'reports/report-types.js': ['REPORT_KINDS', 'REPORT_FORMATS'],
};

/** Where an engine is built or its parts live: a command that imports these runs something itself instead of calling the door. */
const ENGINE_PARTS = ['main/compose/', 'main/adapters/', 'main/stores/', 'main/stripe-sandbox/'];

/**
 * Commands that host something other than the engine, so there is no
 * operation of the door to call: they may import what they run. They still
 * never touch the engine or its services.
 */
const HOST_ONLY: Readonly<Record<string, string>> = {
  'sandbox-command.ts': 'runs the built-in Stripe sandbox itself (serve, or pay as the customer on its own database file): the Stripe side, not the engine',
  'server-command.ts': 'starts the team server, a host of its own (main/compose/team-server.ts), and creates its orgs',
};

/** Command files not yet through the door (docs/cli.md, "One door"); this list only shrinks (one name a line: removals merge). */
// prettier-ignore
const NOT_YET = new Set<string>([
]);

interface Import {
  typeOnly: boolean;
  names: string[];
  from: string;
}

/** The import statements of a source file (single- and multi-line). */
function importsOf(text: string): Import[] {
  return [...text.matchAll(/^import\s+(type\s+)?([\s\S]*?)\s+from\s+'([^']+)';/gm)].map((m) => {
    const clause = m[2]!;
    const named = /\{([\s\S]*)\}/.exec(clause)?.[1] ?? '';
    const names = named
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n && !n.startsWith('type '))
      .map((n) => n.split(/\s+as\s+/)[0]!);
    const bare = clause
      .replace(/\{[\s\S]*\}/, '')
      .replace(/,/g, ' ')
      .trim();
    if (bare) names.push(bare);
    return { typeOnly: Boolean(m[1]), names, from: m[3]! };
  });
}

/** Why a command file bypasses the door, or nothing when it does not (a host-only command: only if it touches the engine). */
function bypasses(file: string, text: string): string[] {
  const out: string[] = [];
  const hostOnly = path.basename(file) in HOST_ONLY;
  for (const imp of hostOnly ? [] : importsOf(text)) {
    if (imp.typeOnly || imp.names.length === 0) continue;
    const target = path.relative(ROOT, path.resolve(path.dirname(file), imp.from));
    if (ENGINE_PARTS.some((p) => target.startsWith(p))) out.push(`imports ${imp.names.join(', ')} from ${target}`);
    if (target.startsWith('main/core/')) {
      const allowed = CORE_VALUES[target.slice('main/core/'.length)] ?? [];
      for (const n of imp.names) if (!allowed.includes(n)) out.push(`imports ${n} from ${target}`);
    }
    if (target.startsWith('main/host/handlers/') || target.startsWith('main/host/door/local')) out.push(`imports ${imp.names.join(', ')} from ${target}`);
  }
  for (const m of text.matchAll(/\bctx\.(engine|services)\b/g)) out.push(`uses ctx.${m[1]}`);
  return [...new Set(out)];
}

describe('the CLI has one door (issue 11: one application layer)', () => {
  const files = fs.readdirSync(COMMANDS).filter((f) => f.endsWith('.ts'));

  it('no command reaches the engine or services except through ctx.door', () => {
    const found = files
      .filter((f) => !NOT_YET.has(f))
      .flatMap((f) => bypasses(path.join(COMMANDS, f), fs.readFileSync(path.join(COMMANDS, f), 'utf8')).map((b) => `${f} ${b}`));
    expect(found).toEqual([]);
  });

  it('every host-only command exists', () => {
    for (const f of Object.keys(HOST_ONLY)) expect(files).toContain(f);
  });

  it.each([
    ["import { serveSandboxCli } from '../../../stripe-sandbox/index.js';", []],
    ["import { formatUsd } from '../../../core/money.js';", []],
    ['await ctx.engine.settle();', ['uses ctx.engine']],
    ['ctx.services.payments.sync();', ['uses ctx.services']],
  ])('a host-only command may import what it runs, never the engine: %j → %j', (source, expected) => {
    expect(bypasses(path.join(COMMANDS, 'sandbox-command.ts'), source)).toEqual(expected);
  });

  it('the list of commands not yet through the door names only files that still bypass it', () => {
    const done = [...NOT_YET].filter(
      (f) => !files.includes(f) || bypasses(path.join(COMMANDS, f), fs.readFileSync(path.join(COMMANDS, f), 'utf8')).length === 0,
    );
    expect(done).toEqual([]);
  });

  it.each([
    ["import { listEntries } from '../../../core/ledger/ledger-queries.js';", ['imports listEntries from main/core/ledger/ledger-queries.js']],
    ["import { formatCredits, parseCredits } from '../../../core/money.js';", ['imports parseCredits from main/core/money.js']],
    ["import {\n  openServices,\n  type Services,\n} from '../../../core/services.js';", ['imports openServices from main/core/services.js']],
    ["import { dispatch } from '../../handlers/dispatch.js';", ['imports dispatch from main/host/handlers/dispatch.js']],
    ["import { openServices } from '../../../compose/local-services.js';", ['imports openServices from main/compose/local-services.js']],
    ["import { serveSandboxCli } from '../../../stripe-sandbox/index.js';", ['imports serveSandboxCli from main/stripe-sandbox/index.js']],
    ['await ctx.engine.settle();', ['uses ctx.engine']],
    ['ctx.services.alerts.list();', ['uses ctx.services']],
    ["import type { Engine } from '../../../core/engine.js';", []],
    ["import { type Alert } from '../../../core/alerts/alert-types.js';", []],
    ["import { RefusedError } from '../../../core/errors.js';", []],
    ["const r = await ctx.door.call('deployments/list', {});", []],
  ])('the check itself: %j → %j', (source, expected) => {
    expect(bypasses(path.join(COMMANDS, 'x-command.ts'), source)).toEqual(expected);
  });
});
