import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliHere } from '../../support/run-cli-here.js';
import { SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { type PostgresCluster, type TestDatabase } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';
import { runCli } from '../../support/run-cli.js';
import { type ServerProcess, startServerProcess } from '../../support/server-process.js';

const run = runCliHere;

/** The JSON of a run that must succeed. */
async function ok<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const r = await run(['--json', ...args], env);
  if (r.code !== 0) throw new Error(`burnrate ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return r.json as T;
}

/**
 * Two CLIs in client mode against one real `burnrate server` process on a
 * real PostgreSQL cluster: what one does, the other sees, with the same
 * ledger and totals; a stopped server is exit 3.
 */
let cluster: PostgresCluster;
let db: TestDatabase;
let server: ServerProcess;
let adminDb: SyncConnection;
let lee: NodeJS.ProcessEnv;
let ada: NodeJS.ProcessEnv;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'client-team-'));
const START = '2026-04-06T08:10:00Z';
const LATER = '2026-04-06T12:20:00Z';

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  adminDb = SyncConnection.open(db.adminUrl);
  server = await startServerProcess(['--test-clock'], { BURNRATE_DATABASE_URL: db.url, BURNRATE_SERVER_TICK_MS: '600000' });
  const created = runCli(['server', 'org', 'create', '--name', 'Acme', '--admin-email', 'ada@acme.test', '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (created.code !== 0) throw new Error(`org create failed: ${created.stderr}`);
  const org = created.json as { orgId: number; token: string };
  ada = { BURNRATE_SERVER: server.url, BURNRATE_TOKEN: org.token, BURNRATE_DATA_DIR: path.join(root, 'ada') };
  const added = await ok<{ token: string }>(['members', 'add', 'lee@acme.test', '--role', 'lead'], ada);
  lee = { BURNRATE_SERVER: server.url, BURNRATE_TOKEN: added.token, BURNRATE_DATA_DIR: path.join(root, 'lee') };
  // The org's credits: a coupon made on the database (coupon commands are not on the door yet), redeemed over HTTP.
  adminDb.run('INSERT INTO coupons (org_id, code, credits, created_at) VALUES ($1, $2, $3, 0)', [org.orgId, 'WELCOME', 5000]);
  const res = await fetch(`${server.url}/api/coupons/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${added.token}`, 'x-burnrate-now': new Date(START).toISOString() },
    body: JSON.stringify({ code: 'WELCOME' }),
  });
  if (res.status !== 200) throw new Error(`redeem: ${res.status} ${await res.text()}`);
}, 240_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) await server.stop();
  adminDb?.close();
  await cluster?.stop();
}, 120_000);

describe('two CLIs against one team server on PostgreSQL', () => {
  it('a lead creates and starts a deployment; the admin CLI sees the same deployments, ledger and status', async () => {
    const d = await ok<{ id: number }>(
      ['--now', START, 'deploy', 'create', '--name', 'chat', '--model', 'llama-3-8b', '--params', '8', '--precision', 'fp16', '--tier', 'S'],
      lee,
    );
    const started = await ok<{ state: string; chargedCredits: number; balance: number }>(['--now', START, 'deploy', 'start', String(d.id)], lee);
    expect(started.state).toBe('running');
    expect(started.balance).toBe(5000 - started.chargedCredits);

    expect(await ok(['--now', LATER, 'deploy', 'list'], ada)).toEqual(await ok(['--now', LATER, 'deploy', 'list'], lee));
    const ledgerA = await ok<{ credits: number; balanceAfter: number }[]>(['--now', LATER, 'ledger'], ada);
    const ledgerL = await ok<{ credits: number; balanceAfter: number }[]>(['--now', LATER, 'ledger'], lee);
    expect(ledgerA).toEqual(ledgerL);
    // Coupon, then the start hour and the four hours that fell due by LATER (08, 09, 10, 11, 12).
    expect(ledgerA).toHaveLength(1 + 5);
    const statusA = await ok<{ balance: number; running: number }>(['--now', LATER, 'status'], ada);
    expect(statusA).toEqual(await ok(['--now', LATER, 'status'], lee));
    expect(statusA.balance).toBe(ledgerA.reduce((s, e) => s + e.credits, 0));
    expect(statusA.balance).toBe(ledgerA.at(-1)!.balanceAfter);
    expect(statusA.running).toBe(1);
    const sum = Number(adminDb.get<{ s: string }>('SELECT sum(credits)::text AS s FROM ledger_entries')!.s);
    expect(statusA.balance).toBe(sum);
    // Neither client opened a local ledger: their data folders hold only the synced replica.
    expect(fs.readdirSync(path.join(root, 'ada')).filter((f) => !f.startsWith('replica.db'))).toEqual([]);
    expect(fs.readdirSync(path.join(root, 'lee')).filter((f) => !f.startsWith('replica.db'))).toEqual([]);
  });

  it("a lead saves a sandbox card and buys a pack through the server; the admin's CLI sees one purchase; a viewer is refused", async () => {
    const card = await ok<{ id: string; last4: string; default: boolean }>(['--now', LATER, 'cards', 'add', 'pm_card_visa'], lee);
    expect(card).toMatchObject({ last4: '4242', default: true });
    const before = await ok<{ balance: number }>(['--now', LATER, 'status'], ada);
    const bought = await ok<Record<string, unknown>>(['--now', LATER, 'credits', 'buy', '--pack', '10'], lee);
    // The JSON of a local `credits buy`: the same fields in the same order.
    expect(Object.keys(bought)).toEqual(['credits', 'paymentIntent', 'balance', 'resumed', 'actionUrl', 'payment', 'status']);
    expect(bought).toMatchObject({ credits: 1000, status: 'succeeded', balance: before.balance + 1000, resumed: [], actionUrl: null });
    const viewer = await ok<{ token: string }>(['members', 'add', 'vi@acme.test', '--role', 'viewer'], ada);
    const refused = await run(['--now', LATER, 'credits', 'buy', '--pack', '10'], { ...lee, BURNRATE_TOKEN: viewer.token });
    expect([refused.code, refused.stderr]).toEqual([2, "burnrate: payments/purchase needs the lead role; this token is a viewer's (vi@acme.test)\n"]);
    const purchases = await ok<{ credits: number; reference: string }[]>(['--now', LATER, 'ledger', '--kind', 'purchase'], ada);
    expect(purchases.map((e) => [e.credits, e.reference])).toEqual([[1000, bought.paymentIntent]]);
    expect((await ok<{ balance: number }>(['--now', LATER, 'status'], ada)).balance).toBe(before.balance + 1000);
    // The receipt is a read: the viewer's.
    const receipt = await ok(['credits', 'receipt', String(bought.paymentIntent)], { ...lee, BURNRATE_TOKEN: viewer.token });
    expect(receipt).toMatchObject({ paymentId: bought.paymentIntent, kind: 'purchase', credits: 1000, amountUsd: '10.00', cardLast4: '4242' });
  });

  it('a refusal of the server is exit 2 with one line; once the server is stopped, exit 3 and nothing changed', async () => {
    const refused = await run(['--now', LATER, 'deploy', 'start', '99'], lee);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const before = Number(adminDb.get<{ n: string }>('SELECT count(*)::text AS n FROM ledger_entries')!.n);
    await server.stop();
    const down = await run(['--json', '--now', LATER, 'deploy', 'pause', '1'], lee);
    expect(down.code).toBe(3);
    expect(down.json).toMatchObject({ error: { code: 'server_unreachable' } });
    expect(Number(adminDb.get<{ n: string }>('SELECT count(*)::text AS n FROM ledger_entries')!.n)).toBe(before);
  });
});
