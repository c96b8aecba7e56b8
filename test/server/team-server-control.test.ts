import http from 'node:http';
import os from 'node:os';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../main/core/clock.js';
import { NOW_HEADER } from '../../main/server/protocol.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { runCli } from '../support/run-cli.js';
import type { PostgresCluster, TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { exited, type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * Deployment control on the team server: several server processes share one
 * outbox on PostgreSQL; each state change is sent to the real receiver once,
 * by whichever process claims it — the one that made the change, or the
 * scheduler with nobody connected — and a claim left by a server that died is
 * taken over by another once its deadline (PostgreSQL's clock) has passed.
 */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
const servers: ServerProcess[] = [];

interface Delivery {
  id: string;
  type: string;
  reason: string;
  status: number;
}
const deliveries: Delivery[] = [];
let receiverUrl = '';
let receiver: http.Server;

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  // The real receiver: it verifies each POST with the Standard Webhooks library and answers 204.
  const wh = new Webhook(SECRET);
  receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      let body: { type: string; reason: string } | null;
      try {
        body = wh.verify(raw, req.headers as Record<string, string>) as { type: string; reason: string };
      } catch {
        body = null;
      }
      const status = body ? 204 : 400;
      deliveries.push({ id: String(req.headers['webhook-id']), type: body?.type ?? '', reason: body?.reason ?? '', status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/burnrate`;
}, 240_000);

afterAll(async () => {
  for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) await s.stop();
  await new Promise((r) => receiver?.close(r));
  admin?.close();
  await cluster?.stop();
}, 120_000);

/** A server process on the test database, with fast ticks and the shipped control limits (a webhook has 10 s to answer). */
async function serve(env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const s = await startServerProcess(['--test-clock'], {
    BURNRATE_DATABASE_URL: db.url,
    BURNRATE_SERVER_TICK_MS: '200',
    ...env,
  });
  servers.push(s);
  return s;
}

function orgCreate(name: string): { orgId: number; token: string } {
  const r = runCli(['server', 'org', 'create', '--name', name, '--admin-email', `admin@${name.toLowerCase()}.test`, '--json'], {
    BURNRATE_DATABASE_URL: db.url,
  });
  if (r.code !== 0) throw new Error(`org create failed: ${r.stderr}`);
  return r.json as { orgId: number; token: string };
}

/** POST /api/<name>; the result of a call that must succeed. */
async function ok<T>(server: ServerProcess, token: string, name: string, body: unknown, now?: number): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  if (now !== undefined) headers[NOW_HEADER] = new Date(now).toISOString();
  const res = await fetch(`${server.url}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const answer = (await res.json()) as { result?: T; error?: unknown };
  if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(answer)}\n${server.output().stderr.slice(-3000)}`);
  return answer.result as T;
}

/** Waits (polling; the test's timeout catches a hang) until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 100));
}

interface ActionRow {
  id: number;
  action: string;
  reason: string;
  action_key: string;
  status: string;
  attempts: number;
  claimed_by: string | null;
  claim_until: number | null;
}

/** The org's control actions, oldest first, straight from the database (the superuser reads past row-level security). */
function actions(orgId: number): ActionRow[] {
  return admin.all<ActionRow>(
    'SELECT id::int, action, reason, action_key, status, attempts, claimed_by, claim_until::float8 AS claim_until FROM control_actions WHERE org_id = $1 ORDER BY id',
    [orgId],
  );
}

/** The receiver's deliveries of one action (by its key, the webhook id). */
const deliveriesOf = (key: string) => deliveries.filter((d) => d.id === key);

/** A deployment with a webhook control and credits (a coupon made on the database), ready to start. */
async function controlledDeployment(server: ServerProcess, org: { orgId: number; token: string }, credits: number, now?: number): Promise<number> {
  admin.run('INSERT INTO coupons (org_id, code, credits, created_at) VALUES ($1, $2, $3, 0)', [org.orgId, `C${org.orgId}`, credits]);
  await ok(server, org.token, 'coupons/redeem', { code: `C${org.orgId}` }, now);
  const spec = { name: 'chat-8b', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' };
  const { id } = await ok<{ id: number }>(server, org.token, 'deployments/create', spec, now);
  await ok(server, org.token, 'control/set', { id, kind: 'webhook', url: receiverUrl, secret: SECRET, verifyUrl: null }, now);
  return id;
}

describe('deployment control on the team server: one successful delivery per state change', () => {
  it('a server killed after claiming an action, before sending it: another process takes the claim over once its deadline passed, and sends it once', async () => {
    // Alone on the database, so the action it owes is its to claim; it dies right after claiming it.
    // Its claims hold 12 s, not 2 minutes, under the tests' short control limits (the claimer dates its own claim).
    const doomed = await serve({ BURNRATE_CRASH_AT: 'control-after-claim', BURNRATE_CONTROL_TIMEOUT_MS: '2000' });
    const org = orgCreate('Crash');
    const id = await controlledDeployment(doomed, org, 10_000);
    const died = exited(doomed.child);
    // The request's own settle usually claims it (the answer never comes); its scheduler may claim it just after.
    await ok(doomed, org.token, 'deployments/start', { id }).catch(() => null);
    expect(await died).toBe('SIGKILL');
    // Claimed by the dead process — host, pid and boot id — until a deadline on PostgreSQL's clock; nothing was sent.
    const [claimed] = actions(org.orgId);
    expect(claimed).toMatchObject({ action: 'start', status: 'sending', attempts: 1 });
    expect(claimed!.claimed_by).toMatch(new RegExp(`^${os.hostname()}:${doomed.child.pid}:[0-9a-f]{12}$`));
    expect(deliveriesOf(claimed!.action_key)).toEqual([]);

    // Two live servers: whichever settles the org takes the claim over once it has lapsed.
    await Promise.all([serve(), serve()]);
    await until(() => actions(org.orgId)[0]!.status === 'succeeded');
    expect(actions(org.orgId)).toMatchObject([{ action: 'start', status: 'succeeded', attempts: 2, claimed_by: null }]);
    expect(deliveriesOf(claimed!.action_key)).toEqual([{ id: claimed!.action_key, type: 'deployment.start', reason: 'user', status: 204 }]);
    // The dead process's try is closed as interrupted; the takeover started only after the claim's deadline.
    const tries = admin.all<{ n: number; outcome: string; detail: string; started_at: number }>(
      'SELECT n, outcome, detail, started_at::float8 AS started_at FROM control_attempts WHERE org_id = $1 AND action_id = $2 ORDER BY n',
      [org.orgId, claimed!.id],
    );
    expect(tries.map((t) => [t.n, t.outcome, t.detail])).toEqual([
      [1, 'failed', 'interrupted: the process sending it ended'],
      [2, 'ok', 'HTTP 204'],
    ]);
    expect(tries[1]!.started_at).toBeGreaterThanOrEqual(claimed!.claim_until!);
  });

  it('state changes made through either of two processes are each delivered exactly once', async () => {
    const [a, b] = servers.slice(1) as [ServerProcess, ServerProcess];
    const org = orgCreate('Both');
    const id = await controlledDeployment(a, org, 100_000);
    const steps: [ServerProcess, string, string][] = [
      [a, 'deployments/start', 'deployment.start'],
      [b, 'deployments/pause', 'deployment.pause'],
      [a, 'deployments/resume', 'deployment.resume'],
      [b, 'deployments/stop', 'deployment.stop'],
    ];
    for (const [i, [server, channel]] of steps.entries()) {
      await ok(server, org.token, channel, { id });
      // Each change is sent before the next is made (a later change would supersede one not yet sent).
      await until(() => actions(org.orgId).length === i + 1 && actions(org.orgId)[i]!.status === 'succeeded');
    }
    const done = actions(org.orgId);
    expect(done.map((x) => [x.action, x.status, x.attempts])).toEqual([
      ['start', 'succeeded', 1],
      ['pause', 'succeeded', 1],
      ['resume', 'succeeded', 1],
      ['stop', 'succeeded', 1],
    ]);
    for (const [i, x] of done.entries()) expect(deliveriesOf(x.action_key).map((d) => [d.type, d.status])).toEqual([[steps[i]![2], 204]]);
  });

  it("with nobody connected, the scheduler's own state change (credits ran out) is delivered exactly once", async () => {
    const [a] = servers.slice(1) as [ServerProcess];
    const org = orgCreate('Idle');
    // Started an hour and a minute ago by the client's clock, with credits for one hour (60 credits an hour on tier S).
    const start = Date.now() - HOUR_MS - 60_000;
    const id = await controlledDeployment(a, org, 100, start);
    await ok(a, org.token, 'deployments/start', { id }, start);
    // No request from here on: the scheduler finds the second hour due, cannot pay it, pauses, and sends the pause.
    await until(() => actions(org.orgId).length === 2 && actions(org.orgId)[1]!.status === 'succeeded');
    const [started, paused] = actions(org.orgId) as [ActionRow, ActionRow];
    expect([paused.action, paused.reason, paused.attempts]).toEqual(['pause', 'insufficient_credits', 1]);
    // The start was sent by the request, or — when the scheduler's pause came first — superseded unsent (only the latest state matters).
    const startSent = deliveriesOf(started.action_key).map((d) => d.type);
    expect([started.status, startSent]).toEqual(started.status === 'superseded' ? ['superseded', []] : ['succeeded', ['deployment.start']]);
    expect(deliveriesOf(paused.action_key).map((d) => [d.type, d.reason, d.status])).toEqual([['deployment.pause', 'insufficient_credits', 204]]);
    for (const s of servers.slice(1)) expect(s.output().stderr).toBe('');
  });
});
