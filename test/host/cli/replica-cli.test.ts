import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replicaFile } from '../../../main/client/replica/replica-store.js';
import { sqliteOptions } from '../../../main/core/db/sqlite-options.js';
import type { SyncPage } from '../../../main/core/team/sync-page.js';
import { SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { type PostgresCluster, type TestDatabase } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';
import { runCli } from '../../support/run-cli.js';
import { runCliHere } from '../../support/run-cli-here.js';
import { type ServerProcess, startServerProcess } from '../../support/server-process.js';

/**
 * The synced local ledger (docs/server.md, "The synced replica"): a client
 * in team mode keeps a replica of its org in --data-dir, filled by every
 * command, and reads it with --offline when the server is gone — with the
 * same totals as online.
 */
let cluster: PostgresCluster;
let db: TestDatabase;
let server: ServerProcess;
let adminDb: SyncConnection;
let lee: NodeJS.ProcessEnv;
let ada: NodeJS.ProcessEnv;
let adaToken: string;
let orgId: number;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'replica-cli-'));
const START = '2026-04-06T08:10:00Z';
const LATER = '2026-04-06T12:20:00Z';
const LATEST = '2026-04-06T15:40:00Z';
const SERVER_ENV = () => ({ BURNRATE_DATABASE_URL: db.url, BURNRATE_SERVER_TICK_MS: '600000' });

async function ok<T>(args: string[], env: NodeJS.ProcessEnv): Promise<T> {
  const r = await runCliHere(['--json', ...args], env);
  if (r.code !== 0) throw new Error(`burnrate ${args.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return r.json as T;
}

/** POST /api/sync/pull as `token`: the HTTP status and body. */
async function pull(token: string, body: unknown): Promise<{ status: number; body: { result?: SyncPage; error?: { code: string } } }> {
  const res = await fetch(`${server.url}/api/sync/pull`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { result?: SyncPage } };
}

/** The replica's own record of how far it has pulled. */
function replicaState(dir: string): { cursor: number; ledger_seq: number; org_id: number } {
  const r = new Database(replicaFile(dir), sqliteOptions({ readonly: true }));
  try {
    return r.prepare('SELECT cursor, ledger_seq, org_id FROM replica_state').get() as { cursor: number; ledger_seq: number; org_id: number };
  } finally {
    r.close();
  }
}

const serverHead = () => Number(adminDb.get<{ h: string }>('SELECT last_sync_seq::text AS h FROM ledger_accounts WHERE org_id = $1', [orgId])!.h);

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  adminDb = SyncConnection.open(db.adminUrl);
  server = await startServerProcess(['--test-clock'], SERVER_ENV());
  const created = runCli(['server', 'org', 'create', '--name', 'Acme', '--admin-email', 'ada@acme.test', '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (created.code !== 0) throw new Error(`org create failed: ${created.stderr}`);
  ({ orgId, token: adaToken } = created.json as { orgId: number; token: string });
  ada = { BURNRATE_SERVER: server.url, BURNRATE_TOKEN: adaToken, BURNRATE_DATA_DIR: path.join(root, 'ada') };
  const added = await ok<{ token: string }>(['members', 'add', 'lee@acme.test', '--role', 'lead'], ada);
  lee = { BURNRATE_SERVER: server.url, BURNRATE_TOKEN: added.token, BURNRATE_DATA_DIR: path.join(root, 'lee') };
  adminDb.run('INSERT INTO coupons (org_id, code, credits, created_at) VALUES ($1, $2, $3, 0)', [orgId, 'WELCOME', 5000]);
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
  fs.rmSync(root, { recursive: true, force: true });
}, 120_000);

describe('the synced replica of a client in team mode', () => {
  it('every command fills the replica (a private file); a second pull fetches only the new rows', async () => {
    const d = await ok<{ id: number }>(
      ['--now', START, 'deploy', 'create', '--name', 'chat', '--model', 'llama-3-8b', '--params', '8', '--precision', 'fp16', '--tier', 'S'],
      lee,
    );
    await ok(['--now', START, 'deploy', 'start', String(d.id)], lee);
    await ok(['--now', LATER, 'status'], ada);
    const adaDir = ada.BURNRATE_DATA_DIR!;
    expect(fs.statSync(replicaFile(adaDir)).mode & 0o777).toBe(0o600);
    const first = replicaState(adaDir);
    expect(first).toMatchObject({ org_id: orgId, cursor: serverHead() });
    // Coupon, then the hours 08–12 charged by LATER.
    expect(first.ledger_seq).toBe(6);

    await ok(['--now', LATEST, 'deploy', 'pause', String(d.id)], lee);
    // What the next pull after the replica's cursor brings: the three hours 13–15 and the paused deployment, nothing older.
    const next = await pull(adaToken, { after: first.cursor });
    expect(next.body.result!.changes.ledger_entries.map((e) => e.seq)).toEqual([7, 8, 9]);
    expect(next.body.result!.changes.deployments.map((x) => x.state)).toEqual(['paused']);
    await ok(['--now', LATEST, 'deploy', 'list'], ada);
    expect(replicaState(adaDir)).toMatchObject({ cursor: serverHead(), ledger_seq: 9 });
  });

  it.each([
    ['a negative cursor', { after: -1 }, 400, 'invalid_input'],
    ['a fractional cursor', { after: 1.5 }, 400, 'invalid_input'],
    ['a cursor that is text', { after: '3' }, 400, 'invalid_input'],
    ['a page of 0 rows', { limit: 0 }, 400, 'invalid_input'],
    ['a page over 10,000 rows', { limit: 10_001 }, 400, 'invalid_input'],
    ['an unknown field', { after: 0, org: 2 }, 400, 'invalid_input'],
    ['a cursor past the head', { after: 1_000_000 }, 422, 'cursor_ahead'],
  ])('sync/pull refuses %s', async (_name, body, status, code) => {
    const r = await pull(adaToken, body);
    expect([r.status, r.body.error?.code]).toEqual([status, code]);
  });

  it.each([
    ['no cursor (a new replica): everything, in one page', {}, { from: 1, more: false }],
    ['a page of one row', { after: 0, limit: 1 }, { from: 1, more: true }],
    ['the head: nothing', 'head', { from: null, more: false }],
  ])('sync/pull with %s', async (_name, body, want) => {
    const head = serverHead();
    const r = await pull(adaToken, body === 'head' ? { after: head } : body);
    const page = r.body.result!;
    expect([page.changes.ledger_entries[0]?.seq ?? null, page.more]).toEqual([want.from, want.more]);
    expect(page.head).toBe(head);
    expect(page.reference === null).toBe(page.more);
  });

  it('a replica whose cursor the server no longer has (a restored database) is pulled again from the start', async () => {
    const dir = path.join(root, 'restored');
    await ok(['--now', LATEST, 'deploy', 'list'], { ...ada, BURNRATE_DATA_DIR: dir });
    const r = new Database(replicaFile(dir), sqliteOptions());
    r.prepare('UPDATE replica_state SET cursor = cursor + 1000').run();
    r.close();
    await ok(['--now', LATEST, 'deploy', 'list'], { ...ada, BURNRATE_DATA_DIR: dir });
    expect(replicaState(dir)).toMatchObject({ cursor: serverHead(), ledger_seq: 9 });
  });

  it('a data folder holding another org’s replica is refused for an export (exit 2); the org’s own replica is untouched', async () => {
    const created = runCli(['server', 'org', 'create', '--name', 'Other', '--admin-email', 'o@other.test', '--json'], { BURNRATE_DATABASE_URL: db.url });
    const other = (created.json as { token: string }).token;
    const before = replicaState(ada.BURNRATE_DATA_DIR!);
    const r = await runCliHere(['--json', 'export', '--kind', 'transactions', '--format', 'csv', '--out', path.join(root, 'x.csv')], {
      ...ada,
      BURNRATE_TOKEN: other,
    });
    expect([r.code, (r.json as { error: { code: string } }).error.code]).toEqual([2, 'replica_other_org']);
    expect(replicaState(ada.BURNRATE_DATA_DIR!)).toEqual(before);
  });

  it('offline: status, ledger, analysis and exports from the replica give the same totals as online; no replica is exit 2, no server exit 3', async () => {
    // What a team lead reads offline besides the ledger: a saved card, a purchase, auto-refill, imported usage.
    await ok(['--now', LATEST, 'cards', 'add', 'pm_card_visa'], lee);
    const bought = await ok<{ paymentIntent: string; credits: number }>(['--now', LATEST, 'credits', 'buy', '--pack', '10'], lee);
    await ok(['--now', LATEST, 'refill', 'set', '--threshold', '100', '--amount', '2000', '--monthly-limit', '10000'], ada);
    const usageFile = path.join(root, 'usage.csv');
    fs.writeFileSync(usageFile, 'deploymentId,hour,requests\n1,2026-04-06T09:00:00Z,1200\n1,2026-04-06T10:00:00Z,0\n1,2026-04-06T11:00:00Z,300\n');
    await ok(['--now', LATEST, 'usage', 'import', usageFile], lee);
    await ok(['--now', LATEST, 'usage', 'scrape-config', '1', '--url', 'http://127.0.0.1:9/metrics?token=t0ken&pass=s3cret'], ada);
    const reads: [string, string[]][] = [
      ['cards list', ['cards', 'list']],
      ['refill show', ['refill', 'show']],
      ['credits receipt', ['credits', 'receipt', bought.paymentIntent]],
      ['account show', ['account', 'show']],
      ['usage targets', ['usage', 'targets']],
      ['analysis with usage', ['analysis', '--days', '7']],
      ['suggestions with usage', ['suggestions']],
    ];
    const onlineReads = new Map<string, unknown>();
    for (const [name, args] of reads) onlineReads.set(name, await ok(['--now', LATEST, ...args], ada));
    expect(onlineReads.get('cards list')).toEqual([expect.objectContaining({ brand: 'visa', last4: '4242', default: true })]);
    expect(onlineReads.get('refill show')).toMatchObject({ enabled: true, threshold: 100, amount: 2000, monthlyLimitCredits: 10000, inFlight: null });
    expect(onlineReads.get('credits receipt')).toMatchObject({ paymentId: bought.paymentIntent, credits: 1000, cardLast4: '4242' });
    // A metrics URL is listed without its query values, and the replica never holds them.
    expect(onlineReads.get('usage targets')).toEqual([expect.objectContaining({ deploymentId: 1, url: 'http://127.0.0.1:9/metrics?token=***&pass=***' })]);
    for (const f of fs.readdirSync(ada.BURNRATE_DATA_DIR!)) expect(fs.readFileSync(path.join(ada.BURNRATE_DATA_DIR!, f)).includes('s3cret'), f).toBe(false);
    for (const f of fs.readdirSync(ada.BURNRATE_DATA_DIR!)) expect(fs.readFileSync(path.join(ada.BURNRATE_DATA_DIR!, f)).includes('t0ken'), f).toBe(false);
    const receiptOnline = await ok<Record<string, unknown>>(
      ['--now', LATEST, 'export', '--kind', 'receipt', '--format', 'pdf', '--id', bought.paymentIntent, '--out', path.join(root, 'r-online.pdf')],
      ada,
    );
    const online = {
      status: await ok<Record<string, unknown>>(['--now', LATEST, 'status'], ada),
      ledger: await ok<{ credits: number; kind: string }[]>(['--now', LATEST, 'ledger'], ada),
      analysis: await ok<unknown>(['--now', LATEST, 'analysis', '--days', '7'], ada),
      suggestions: await ok<unknown>(['--now', LATEST, 'suggestions'], ada),
      transactions: await ok<{ rows: number; totalCredits: number }>(
        ['--now', LATEST, 'export', '--kind', 'transactions', '--format', 'csv', '--from', '2026-04', '--out', path.join(root, 'online.csv')],
        ada,
      ),
    };
    await server.stop();

    const offline = (args: string[]) => ok<unknown>(['--now', LATEST, '--offline', ...args], ada);
    for (const [name, args] of reads) expect(await offline(args), name).toEqual(onlineReads.get(name));
    const receiptOffline = (await offline([
      'export',
      '--kind',
      'receipt',
      '--format',
      'pdf',
      '--id',
      bought.paymentIntent,
      '--out',
      path.join(root, 'r-offline.pdf'),
    ])) as Record<string, unknown>;
    expect({ ...receiptOffline, out: null }).toEqual({ ...receiptOnline, out: null });
    expect(receiptOffline).toMatchObject({ rows: 1, totalCredits: 1000 });
    // Paying needs the server; and no read of the replica's payments started a payments backend of its own in the folder.
    const buy = await runCliHere(['--json', '--offline', 'credits', 'buy', '--pack', '5'], ada);
    expect([buy.code, (buy.json as { error: { code: string } }).error.code]).toEqual([2, 'offline']);
    expect(fs.readdirSync(ada.BURNRATE_DATA_DIR!).filter((f) => !f.startsWith('replica.db'))).toEqual([]);
    expect(await offline(['status'])).toEqual(online.status);
    expect(await offline(['ledger'])).toEqual(online.ledger);
    expect(await offline(['analysis', '--days', '7'])).toEqual(online.analysis);
    expect(await offline(['suggestions'])).toEqual(online.suggestions);
    const tx = (await offline(['export', '--kind', 'transactions', '--format', 'csv', '--from', '2026-04', '--out', path.join(root, 'offline.csv')])) as {
      rows: number;
      totalCredits: number;
    };
    expect([tx.rows, tx.totalCredits]).toEqual([online.transactions.rows, online.transactions.totalCredits]);
    expect(fs.readFileSync(path.join(root, 'offline.csv'), 'utf8')).toBe(fs.readFileSync(path.join(root, 'online.csv'), 'utf8'));
    // The totals agree with the ledger itself.
    const charges = online.ledger.filter((e) => e.kind === 'charge').reduce((s, e) => s + e.credits, 0);
    expect(online.status.balance).toBe(online.ledger.reduce((s, e) => s + e.credits, 0));
    expect(online.status.monthSpend).toBe(-charges);
    const daily = (await offline(['export', '--kind', 'daily', '--format', 'csv', '--from', '2026-04', '--out', path.join(root, 'daily.csv')])) as {
      totalCredits: number;
    };
    expect(Math.abs(daily.totalCredits)).toBe(-charges);
    const statement = (await offline(['export', '--kind', 'statement', '--format', 'pdf', '--from', '2026-04', '--out', path.join(root, 's.pdf')])) as {
      rows: number;
    };
    expect(statement.rows).toBeGreaterThan(0);

    // The other reads of the replica answer offline too.
    for (const args of [
      ['deploy', 'list'],
      ['alerts', 'list'],
      ['schedule', 'show'],
      ['catalog', 'list'],
      ['settings', 'show'],
    ]) {
      const r = await runCliHere(['--json', '--now', LATEST, '--offline', ...args], ada);
      expect([r.code, r.stderr], args.join(' ')).toEqual([0, '']);
    }
    // A change needs the server: refused offline before anything is sent.
    const act = await runCliHere(['--json', '--offline', 'deploy', 'pause', '1'], ada);
    expect([act.code, (act.json as { error: { code: string } }).error.code]).toEqual([2, 'offline']);
    // No replica yet: exit 2 with one line saying what to do.
    const fresh = await runCliHere(['--offline', 'status'], { ...ada, BURNRATE_DATA_DIR: path.join(root, 'fresh') });
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toMatch(/^burnrate: no synced replica in .+fresh yet: .+\n$/);
    // Without --offline the server is needed: exit 3, as for every client-mode command.
    for (const args of [['status'], ['ledger'], ['export', '--kind', 'transactions', '--format', 'csv', '--out', path.join(root, 'y.csv')]]) {
      const r = await runCliHere(['--now', LATEST, ...args], ada);
      expect(r.code, args.join(' ')).toBe(3);
    }
    expect(fs.existsSync(path.join(root, 'y.csv'))).toBe(false);
  });
});
