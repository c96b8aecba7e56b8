import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followServerEvents } from '../../main/client/server-events.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { openEventStream } from '../support/event-stream-reader.js';
import { runCli } from '../support/run-cli.js';
import { type PostgresCluster, type TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * The event stream across server processes on one PostgreSQL: a change made
 * through one process reaches the streams of another (LISTEN/NOTIFY), never
 * another org's, a removed member's stream ends, the listener outlives its
 * connection, and the client follower rides out a server killed and restarted.
 */
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
/** Long keep-alive: its streams stay open across a database outage. */
let a: ServerProcess;
/** Short keep-alive: a removed member's stream ends quickly. */
let b: ServerProcess;
const started: ServerProcess[] = [];
let acme: { orgId: number; token: string };
let other: { orgId: number; token: string };
const spec = { name: 'llama-8b', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' };

async function serve(keepAliveMs: number, args: string[] = []): Promise<ServerProcess> {
  const s = await startServerProcess(args, { BURNRATE_DATABASE_URL: db.url, BURNRATE_SERVER_KEEPALIVE_MS: String(keepAliveMs) });
  started.push(s);
  return s;
}

/** POST /api/<name>: status and body. */
async function post(server: ServerProcess, token: string, name: string, body: unknown = {}) {
  const res = await fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { result?: unknown; error?: { code: string; message: string } } };
}

/** The result of a call that must succeed. */
async function ok<T>(server: ServerProcess, token: string, name: string, body: unknown = {}): Promise<T> {
  const r = await post(server, token, name, body);
  if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body)}\n${server.output().stderr.slice(-3000)}`);
  return r.body.result as T;
}

/** The org's change seq, straight from the database (the superuser reads past row-level security). */
function head(orgId: number): number {
  return Number(admin.get<{ s: string }>('SELECT last_sync_seq::text AS s FROM ledger_accounts WHERE org_id = $1', [orgId])?.s ?? 0);
}

/** Makes a change in the org (a new deployment: a synced row) and returns the org's seq after it. */
async function change(server: ServerProcess, token: string, orgId: number): Promise<number> {
  await ok(server, token, 'deployments/create', spec);
  return head(orgId);
}

/** Waits (polling; the test's timeout catches a hang) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 50));
}

function orgCreate(name: string, email: string): { orgId: number; token: string } {
  const r = runCli(['server', 'org', 'create', '--name', name, '--admin-email', email, '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (r.code !== 0) throw new Error(`org create failed: ${r.stderr}`);
  return r.json as { orgId: number; token: string };
}

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  [a, b] = await Promise.all([serve(600_000), serve(200)]);
  acme = orgCreate('Acme', 'ada@acme.test');
  other = orgCreate('Other', 'oz@other.test');
});

afterAll(async () => {
  for (const s of started) if (s.child.exitCode === null && s.child.signalCode === null) await s.stop();
  admin?.close();
  await cluster?.stop();
});

describe('GET /api/events on the team server (PostgreSQL LISTEN/NOTIFY)', () => {
  it('a change made through process A reaches a stream on process B; another org’s stream gets only its own', async () => {
    const acmeStream = await openEventStream(b.url, acme.token);
    const otherStream = await openEventStream(b.url, other.token);
    const first = await acmeStream.waitFor(() => true);
    expect(first).toEqual({ event: 'changed', id: String(head(acme.orgId)), data: JSON.stringify({ seq: head(acme.orgId) }) });
    const otherFirst = head(other.orgId);
    await otherStream.waitFor(() => true);

    const acmeHead = await change(a, acme.token, acme.orgId);
    await acmeStream.waitFor((e) => Number(e.id) === acmeHead);
    // Had B handed Acme's seq to Other's stream, it would be there by now: one process writes both, in order.
    const otherHead = await change(a, other.token, other.orgId);
    await otherStream.waitFor((e) => Number(e.id) === otherHead);
    expect(otherStream.seqs()).toEqual([otherFirst, otherHead]);
    expect(acmeStream.seqs().every((seq) => seq <= acmeHead)).toBe(true);
    acmeStream.close();
    otherStream.close();
  });

  it('a burst of changes ends at the newest seq, never sent out of order', async () => {
    const stream = await openEventStream(b.url, acme.token);
    await stream.waitFor(() => true);
    let last = 0;
    for (let i = 0; i < 5; i++) last = await change(a, acme.token, acme.orgId);
    await stream.waitFor((e) => Number(e.id) === last);
    const seqs = stream.seqs();
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    stream.close();
  });

  it('a removed member’s open stream ends (at the next keep-alive), and the token is refused after', async () => {
    const added = await ok<{ token: string }>(a, acme.token, 'members/add', { email: 'vi@acme.test', role: 'viewer' });
    const stream = await openEventStream(b.url, added.token);
    await stream.waitForComments(1);
    await ok(a, acme.token, 'members/remove', { email: 'vi@acme.test' });
    await stream.ended;
    const res = await fetch(`${b.url}/api/events`, { headers: { authorization: `Bearer ${added.token}` } });
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([401, 'unauthorized']);
  });

  it.each([
    ['no token', undefined, 'no token'],
    ['a token of the wrong shape', 'Bearer not-a-token', 'unknown or revoked token'],
    ['a well-shaped token nobody holds', `Bearer brt_${'x'.repeat(43)}`, 'unknown or revoked token'],
  ])('refuses %s with 401 and a JSON error', async (_name, authorization, message) => {
    const res = await fetch(`${a.url}/api/events`, { headers: authorization ? { authorization } : {} });
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect([res.status, body.error.code]).toEqual([401, 'unauthorized']);
    expect(body.error.message).toContain(message);
  });

  it('after every database connection is cut (as a PostgreSQL restart does), a change still reaches an open stream', async () => {
    const stream = await openEventStream(a.url, acme.token);
    await stream.waitFor(() => true);
    const cut = admin.all('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name]);
    expect(cut.length).toBeGreaterThan(0);
    // A request that meets a lost connection fails once (it may have been applied or not): try until one is made.
    let made = 0;
    await until(async () => {
      const r = await post(b, acme.token, 'deployments/create', spec);
      if (r.status === 200) made = head(acme.orgId);
      return r.status === 200;
    });
    await stream.waitFor((e) => Number(e.id) >= made);
    await until(() => /event stream: listening to PostgreSQL again/.test(a.output().stderr));
    stream.close();
    // A's own connections met the cut too: its next calls reconnect them (the next tests call through A).
    for (const name of ['whoami', 'deployments/list']) await until(async () => (await post(a, acme.token, name)).status === 200);
  });

  it('the client follower reports offline when its server is killed, online again when it is back, and catches up', async () => {
    const c = await serve(600_000);
    const port = new URL(c.url).port;
    const transitions: boolean[] = [];
    const seqs: number[] = [];
    const follower = followServerEvents(
      { url: c.url, token: acme.token },
      { changed: (seq) => seqs.push(seq), online: (up) => transitions.push(up) },
      { minDelayMs: 50, maxDelayMs: 400 },
    );
    try {
      await until(() => seqs.includes(head(acme.orgId)));
      expect(transitions).toEqual([true]);
      c.child.kill('SIGKILL');
      await until(() => transitions.length === 2);
      expect(transitions).toEqual([true, false]);
      // A change while the follower is offline: it is told on reconnect (the first event of every connect).
      const missed = await change(a, acme.token, acme.orgId);
      const again = await serve(600_000, ['--port', port]);
      expect(again.url).toBe(c.url);
      await until(() => transitions.length === 3 && seqs.includes(missed));
      expect(transitions).toEqual([true, false, true]);
      const next = await change(a, acme.token, acme.orgId);
      await until(() => seqs.includes(next));
      // SIGTERM with the stream open: the server ends it and exits cleanly.
      expect(await again.stop()).toBe(0);
      await until(() => transitions.length === 4);
      expect(transitions).toEqual([true, false, true, false]);
    } finally {
      await follower.stop();
    }
  });
});
