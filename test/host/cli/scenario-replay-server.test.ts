import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PostgresCluster, type TestDatabase } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';
import { runCli } from '../../support/run-cli.js';
import { runCliHere } from '../../support/run-cli-here.js';
import { type ServerProcess, startServerProcess } from '../../support/server-process.js';

/**
 * Issue 12's "done when": billing scenarios replayed through the CLI against a
 * real `burnrate server` on PostgreSQL give the same charges, balances and
 * states — the same JSON, step by step — as against a local ledger. Each
 * scenario runs in an org of its own (ids start afresh, as in a new data folder).
 */
let cluster: PostgresCluster;
const servers: ServerProcess[] = [];
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-replay-'));

beforeAll(async () => {
  cluster = await postgresForFile();
}, 240_000);

afterAll(async () => {
  for (const server of servers) if (server.child.exitCode === null) await server.stop();
  await cluster?.stop();
  fs.rmSync(root, { recursive: true, force: true });
}, 120_000);

/**
 * A server on a database of its own, with one org: the server's ids are one
 * space per database, so a new database is what a new local data folder is.
 */
async function freshServer(): Promise<{ db: TestDatabase; server: ServerProcess; token: string }> {
  const db = await cluster.createDatabase();
  // A slow tick: the clients' clocks (--now) decide what falls due, never the server's own scheduler.
  const server = await startServerProcess(['--test-clock'], { BURNRATE_DATABASE_URL: db.url, BURNRATE_SERVER_TICK_MS: '3600000' });
  servers.push(server);
  const org = runCli(['server', 'org', 'create', '--name', 'Scenario', '--admin-email', 'admin@acme.test', '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (org.code !== 0) throw new Error(`org create: ${org.stderr}`);
  return { db, server, token: (org.json as { token: string }).token };
}

type Step = [now: string, ...args: string[]];

const L70 = ['deploy', 'create', '--name', 'llama-70b', '--model', 'llama-3-70b', '--params', '70', '--precision', 'fp16', '--tier', 'L'];
const S8 = ['deploy', 'create', '--name', 'chat', '--model', 'llama-3-8b', '--params', '8', '--precision', 'fp16', '--tier', 'S'];

/** Scenarios in the words of SPEC.md's "Hourly charges", "Coupons" and "Auto-refill" (no card: pauses when credits run out). */
const SCENARIOS: { name: string; steps: Step[] }[] = [
  {
    name: 'credits run out: charged each started hour, paused at the hour it cannot pay, resumed by a coupon',
    steps: [
      ['2026-03-02T09:00:00Z', 'coupon', 'create', 'START', '--credits', '1000'],
      ['2026-03-02T09:00:00Z', 'coupon', 'redeem', 'start'],
      ['2026-03-02T09:00:00Z', ...L70],
      ['2026-03-02T09:00:00Z', 'deploy', 'start', '1'],
      ['2026-03-02T11:30:00Z', 'tick'],
      ['2026-03-02T11:30:00Z', 'deploy', 'list'],
      ['2026-03-02T11:30:00Z', 'ledger'],
      ['2026-03-02T11:30:00Z', 'status'],
      ['2026-03-02T11:40:00Z', 'coupon', 'create', 'MORE', '--credits', '500'],
      ['2026-03-02T11:40:00Z', 'coupon', 'redeem', 'MORE'],
      ['2026-03-02T11:45:00Z', 'ledger'],
    ],
  },
  {
    name: 'two deployments, a pause and a resume inside one hour, a stop: each started hour charged once',
    steps: [
      ['2026-05-04T08:10:00Z', 'coupon', 'create', 'TEAM', '--credits', '5000'],
      ['2026-05-04T08:10:00Z', 'coupon', 'redeem', 'TEAM'],
      ['2026-05-04T08:10:00Z', ...S8],
      ['2026-05-04T08:10:00Z', ...L70],
      ['2026-05-04T08:15:00Z', 'deploy', 'start', '1'],
      ['2026-05-04T08:20:00Z', 'deploy', 'start', '2'],
      ['2026-05-04T08:40:00Z', 'deploy', 'pause', '1'],
      ['2026-05-04T08:50:00Z', 'deploy', 'resume', '1'],
      ['2026-05-04T10:05:00Z', 'tick'],
      ['2026-05-04T10:30:00Z', 'deploy', 'stop', '2'],
      ['2026-05-04T13:00:00Z', 'tick'],
      ['2026-05-04T13:00:00Z', 'deploy', 'list'],
      ['2026-05-04T13:00:00Z', 'ledger'],
      ['2026-05-04T13:00:00Z', 'status'],
      ['2026-05-04T13:00:00Z', 'analysis', '--days', '7'],
    ],
  },
];

describe('billing scenarios through the CLI: a team server on PostgreSQL answers as a local ledger does', () => {
  it.each(SCENARIOS.map((s, i) => [s.name, s.steps, i] as const))('%s', async (_name, steps, i) => {
    const { server, token } = await freshServer();
    const remoteEnv = { BURNRATE_SERVER: server.url, BURNRATE_TOKEN: token, BURNRATE_DATA_DIR: path.join(root, `remote-${i}`) };
    const localEnv = { BURNRATE_DATA_DIR: path.join(root, `local-${i}`) };
    let ledger: { kind: string }[] = [];
    for (const [now, ...args] of steps) {
      const argv = ['--json', '--now', now, ...args];
      const local = await runCliHere(argv, localEnv);
      const remote = await runCliHere(argv, remoteEnv);
      expect(local.code, `${args.join(' ')}: ${local.stderr}`).toBe(0);
      expect([remote.code, remote.json], args.join(' ')).toEqual([local.code, local.json]);
      if (args[0] === 'ledger') ledger = local.json as { kind: string }[];
    }
    // The scenario did bill: hours were charged on both sides.
    expect(ledger.filter((e) => e.kind === 'charge').length).toBeGreaterThanOrEqual(2);
  });
});
