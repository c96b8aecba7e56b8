import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../main/core/clock.js';
import { takeLease } from '../../main/compose/server-scheduler.js';
import { ConnectionHolder } from '../../main/stores/postgres/connection-holder.js';
import { NOW_HEADER } from '../../main/server/protocol.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { runCli } from '../support/run-cli.js';
import { type PostgresCluster, type TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * The team server runs the engine: the handler table per org over HTTP, on
 * PostgreSQL, and its own scheduler charging with nobody connected. Two
 * server processes on one database, both with the test clock and a fast tick.
 */
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
let a: ServerProcess;
let b: ServerProcess;
let acme: { orgId: number; token: string };
let other: { orgId: number; token: string };
const tokens: Record<'lead' | 'viewer' | 'otherLead', string> = { lead: '', viewer: '', otherLead: '' };

interface Answer {
  status: number;
  body: { result?: unknown; error?: { code: string; message: string } };
}

/** POST /api/<name> with a token (and, when given, the client's clock). */
async function post(server: ServerProcess, token: string, name: string, body: unknown = {}, now?: number): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (now !== undefined) headers[NOW_HEADER] = new Date(now).toISOString();
  const res = await fetch(`${server.url}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** The result of a call that must succeed. */
async function ok<T>(server: ServerProcess, token: string, name: string, body: unknown = {}, now?: number): Promise<T> {
  const r = await post(server, token, name, body, now);
  if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body)}\n${server.output().stderr.slice(-3000)}`);
  return r.body.result as T;
}

/** The org's charge hours, straight from the database (the superuser reads past row-level security). */
function chargeHours(orgId: number, deploymentId: number): number[] {
  return admin
    .all<{ h: string }>("SELECT hour_start::text AS h FROM ledger_entries WHERE org_id = $1 AND deployment_id = $2 AND kind = 'charge' ORDER BY hour_start", [
      orgId,
      deploymentId,
    ])
    .map((r) => Number(r.h));
}

/** Waits (polling; the test's timeout catches a hang) until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 100));
}

/** Every hour start from `start` up to `now`, one hour apart: what the SPEC charges a running deployment. */
function dueHours(start: number, now: number): number[] {
  const out: number[] = [];
  for (let h = start; h <= now; h += HOUR_MS) out.push(h);
  return out;
}

function orgCreate(name: string, email: string): { orgId: number; token: string } {
  const r = runCli(['server', 'org', 'create', '--name', name, '--admin-email', email, '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (r.code !== 0) throw new Error(`org create failed: ${r.stderr}`);
  return r.json as { orgId: number; token: string };
}

const serve = () => startServerProcess(['--test-clock'], { BURNRATE_DATABASE_URL: db.url, BURNRATE_SERVER_TICK_MS: '200' });
const spec = { name: 'llama-8b', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' };

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  [a, b] = await Promise.all([serve(), serve()]);
  acme = orgCreate('Acme', 'ada@acme.test');
  other = orgCreate('Other', 'oz@other.test');
  tokens.lead = (await ok<{ token: string }>(a, acme.token, 'members/add', { email: 'lee@acme.test', role: 'lead' })).token;
  tokens.viewer = (await ok<{ token: string }>(b, acme.token, 'members/add', { email: 'vi@acme.test', role: 'viewer' })).token;
  tokens.otherLead = (await ok<{ token: string }>(a, other.token, 'members/add', { email: 'lo@other.test', role: 'lead' })).token;
}, 240_000);

afterAll(async () => {
  for (const s of [a, b]) if (s && s.child.exitCode === null) await s.stop();
  admin?.close();
  await cluster?.stop();
}, 120_000);

describe('the team server serves the handler table per org and charges on its own', () => {
  let deploymentId = 0;
  let start = 0;

  it('a lead redeems credits, creates and starts a deployment over HTTP; the scheduler charges every due hour with nobody connected', async () => {
    // Started three hours and a bit ago by the client's clock: the server's own clock (real time) finds those hours due.
    start = Date.now() - 3 * HOUR_MS - 10 * 60_000;
    // The org's coupon, made on the database (no API route creates coupons yet).
    admin.run('INSERT INTO coupons (org_id, code, credits, created_at) VALUES ($1, $2, $3, 0)', [acme.orgId, 'WELCOME', 5000]);
    const redeemed = await ok<{ balance: number }>(a, tokens.lead, 'coupons/redeem', { code: 'welcome' }, start);
    expect(redeemed.balance).toBe(5000);
    const created = await ok<{ id: number; state: string }>(a, tokens.lead, 'deployments/create', spec, start);
    deploymentId = created.id;
    const started = await ok<{ deployment: { state: string } }>(b, tokens.lead, 'deployments/start', { id: deploymentId }, start);
    expect(started.deployment.state).toBe('running');
    // No request from here on: only the servers' schedulers can charge the hours that fell due since.
    const now = Date.now();
    await until(() => chargeHours(acme.orgId, deploymentId).length >= dueHours(start, now).length);
    expect(chargeHours(acme.orgId, deploymentId).slice(0, dueHours(start, now).length)).toEqual(dueHours(start, now));
    // Status, read through the other process: what the database holds.
    const status = await ok<{ balance: number; running: number; paused: number }>(a, tokens.viewer, 'billing/status');
    const sum = Number(admin.get<{ s: string }>('SELECT sum(credits)::text AS s FROM ledger_entries WHERE org_id = $1', [acme.orgId])!.s);
    expect(status).toMatchObject({ balance: sum, running: 1, paused: 0 });
    // One lease for the org, held by one of the two processes.
    const leases = admin.all<{ holder: string }>('SELECT holder FROM scheduler_leases WHERE org_id = $1', [acme.orgId]);
    expect(leases).toHaveLength(1);
  });

  it('both processes settling the same hours at once (test clock) charge each hour exactly once; balance = sum of entries everywhere', async () => {
    const later = start + 7 * HOUR_MS + 5 * 60_000;
    const calls = [a, b, a, b].map((s) => post(s, tokens.viewer, 'ledger/balance', {}, later));
    const answers = await Promise.all(calls);
    for (const r of answers) expect(r.status).toBe(200);
    expect(chargeHours(acme.orgId, deploymentId)).toEqual(dueHours(start, later));
    const sum = Number(admin.get<{ s: string }>('SELECT sum(credits)::text AS s FROM ledger_entries WHERE org_id = $1', [acme.orgId])!.s);
    for (const r of answers) expect(r.body.result).toEqual({ balance: sum });
    for (const s of [a, b]) expect(s.output().stderr).toBe('');
  });

  it('a viewer is refused (403) on a mutating channel, and nothing changes', async () => {
    const before = await ok<unknown[]>(a, tokens.viewer, 'deployments/list');
    for (const [channel, input] of [
      ['deployments/create', spec],
      ['deployments/pause', { id: deploymentId }],
      ['coupons/redeem', { code: 'WELCOME' }],
    ] as const) {
      const r = await post(b, tokens.viewer, channel, input);
      expect([r.status, r.body.error?.code], channel).toEqual([403, 'forbidden']);
      expect(r.body.error?.message).toMatch(new RegExp(`^${channel} needs the lead role; this token is a viewer's`));
    }
    expect(await ok<unknown[]>(a, tokens.viewer, 'deployments/list')).toEqual(before);
  });

  it("another org's token sees nothing of it and cannot act on it", async () => {
    expect(await ok<unknown[]>(a, tokens.otherLead, 'deployments/list')).toEqual([]);
    expect(await ok<{ balance: number }>(b, tokens.otherLead, 'ledger/balance')).toEqual({ balance: 0 });
    const page = await ok<{ entries: unknown[] }>(a, other.token, 'ledger/page', {});
    expect(page.entries).toEqual([]);
    for (const channel of ['deployments/get', 'deployments/pause', 'deployments/stop']) {
      const r = await post(b, tokens.otherLead, channel, { id: deploymentId });
      expect(r.status, channel).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(r.body)).not.toContain('llama');
    }
    expect((await ok<{ state: string }>(a, tokens.viewer, 'deployments/get', { id: deploymentId })).state).toBe('running');
  });

  it.each(['shell/openExternal', 'reports/export', 'payments/setMode'])('%s is refused on the server with not_on_server (501)', async (channel) => {
    const r = await post(a, acme.token, channel, {});
    expect([r.status, r.body.error?.code]).toEqual([501, 'not_on_server']);
  });
});

describe("the scheduler's lease: one process per org at a time", () => {
  it('a live lease is refused to another holder, renewed by its own, and taken over once it has expired', async () => {
    // The servers stop first (cleanly: they give their leases up), so no scheduler of theirs takes this org's lease.
    expect(await Promise.all([a.stop(), b.stop()])).toEqual([0, 0]);
    expect(admin.all('SELECT org_id FROM scheduler_leases')).toEqual([]);
    const org = orgCreate('Leased', 'le@leased.test').orgId;
    const conn = new ConnectionHolder(db.url);
    try {
      const cases: [string, string, number, boolean][] = [
        ['free: the first asker takes it', 'p1', 60_000, true],
        ['held and live: another holder is refused', 'p2', 60_000, false],
        ['its own holder renews it', 'p1', 1, true],
      ];
      for (const [what, holder, ms, taken] of cases) expect(takeLease(conn, org, holder, ms), what).toBe(taken);
      // p1's renewal lasted 1 ms: once PostgreSQL's clock has passed it, the lease is free.
      await until(() => admin.get<{ over: boolean }>('SELECT expires_at < now() AS over FROM scheduler_leases WHERE org_id = $1', [org])!.over);
      expect(takeLease(conn, org, 'p2', 60_000)).toBe(true);
      expect(takeLease(conn, org, 'p1', 60_000)).toBe(false);
      expect(admin.all('SELECT holder FROM scheduler_leases WHERE org_id = $1', [org])).toEqual([{ holder: 'p2' }]);
    } finally {
      conn.drop();
    }
  });
});

describe('with nobody connected, an hour falling due is settled within a minute, by one of two processes (default 15 s tick)', () => {
  it('two servers with the default tick: the hour is charged once, within a minute of falling due, by the one holding the lease', async () => {
    // The file's fast-ticking servers were stopped above: these two run the scheduler as shipped.
    const pair = await Promise.all([0, 1].map(() => startServerProcess(['--test-clock'], { BURNRATE_DATABASE_URL: db.url, BURNRATE_SERVER_TICK_MS: '' })));
    try {
      const org = orgCreate('Due', 'du@due.test');
      admin.run('INSERT INTO coupons (org_id, code, credits, created_at) VALUES ($1, $2, $3, 0)', [org.orgId, 'DUE', 5000]);
      // Started (by the client's clock) just under an hour ago: its first hour is charged by the request, its second
      // falls due in 2 s. Every request carries that clock, so none of them can charge the second hour: only a scheduler can.
      const start = Date.now() - HOUR_MS + 2_000;
      const [p, q] = pair as [ServerProcess, ServerProcess];
      await ok(p, org.token, 'coupons/redeem', { code: 'DUE' }, start);
      const { id } = await ok<{ id: number }>(q, org.token, 'deployments/create', spec, start);
      await ok(p, org.token, 'deployments/start', { id }, start);
      // The second hour may already be charged here if the requests took longer than 2 s (a busy machine).
      expect(chargeHours(org.orgId, id)[0]).toBe(start);
      // No request from here on.
      const dueAt = start + HOUR_MS;
      await until(() => chargeHours(org.orgId, id).length === 2);
      const seenAt = Date.now();
      expect(chargeHours(org.orgId, id)).toEqual([start, dueAt]);
      expect(seenAt - dueAt).toBeLessThan(60_000);
      // One lease for the org, held by one of the two processes (its holder names the process: host:pid:random).
      const leases = admin.all<{ holder: string }>('SELECT holder FROM scheduler_leases WHERE org_id = $1', [org.orgId]);
      expect(leases).toHaveLength(1);
      const holderPid = Number(leases[0]!.holder.split(':')[1]);
      expect(pair.filter((s) => s.child.pid === holderPid)).toHaveLength(1);
      for (const s of pair) expect(s.output().stderr).toBe('');
    } finally {
      await Promise.all(pair.map((s) => s.stop()));
    }
  });
});
