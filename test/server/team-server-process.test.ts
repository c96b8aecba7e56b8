import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../preload/channels.js';
import { SERVER_ROUTE_ROLES } from '../../main/server/roles.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { runCli, runCliProcess } from '../support/run-cli.js';
import { type PostgresCluster, type TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

let cluster: PostgresCluster;
let db: TestDatabase;
let a: ServerProcess;
let b: ServerProcess;
const started: ServerProcess[] = [];
let acme: { orgId: number; token: string };
let other: { orgId: number; token: string };

async function serve(args: string[] = []): Promise<ServerProcess> {
  const s = await startServerProcess(args, { BURNRATE_DATABASE_URL: db.url });
  started.push(s);
  return s;
}

/** `burnrate <args> --json` against a server with a token. */
const as = (server: ServerProcess, token: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli([...args, '--json'], { BURNRATE_SERVER: server.url, BURNRATE_TOKEN: token, ...env });

/** POST /api/<name> with a token: status and body. */
async function post(server: ServerProcess, token: string, name: string, body: unknown = {}) {
  const res = await fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { result?: unknown; error?: { code: string; message: string } } };
}

/** True when a new connection to the server's port is accepted. */
function accepts(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits (polling, no deadline of its own: the test's timeout catches a hang) until `check` holds. */
async function until(check: () => Promise<boolean>): Promise<void> {
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
  // Two processes start on an empty database at once: both migrate it, one after the other.
  [a, b] = await Promise.all([serve(), serve()]);
  acme = orgCreate('Acme', 'ada@acme.test');
  other = orgCreate('Other', 'oz@other.test');
});

afterAll(async () => {
  for (const s of started) if (s.child.exitCode === null) await s.stop();
  await cluster?.stop();
});

describe('burnrate server: one database, several processes, orgs and their people', () => {
  it('each process prints exactly one line, its URL, and never the database URL', () => {
    for (const s of [a, b]) {
      expect(s.output().stdout).toMatch(/^Burnrate server listening on http:\/\/127\.0\.0\.1:\d+\n$/);
      expect(s.output().stdout + s.output().stderr).not.toContain(db.url);
    }
  });

  it('org create prints {orgId, token} once; the token is a brt_ token', () => {
    expect(acme).toEqual({ orgId: expect.any(Number) as number, token: expect.stringMatching(/^brt_[A-Za-z0-9_-]{43}$/) as string });
    expect(other.orgId).not.toBe(acme.orgId);
  });

  it('a member added through one process works at once through the other; removed through it, refused at once through the first', async () => {
    const added = as(a, acme.token, ['members', 'add', 'lee@acme.test', '--role', 'lead']);
    expect(added.code).toBe(0);
    const lead = (added.json as { token: string }).token;
    expect((await post(b, lead, 'whoami')).body.result).toMatchObject({ orgId: acme.orgId, email: 'lee@acme.test', role: 'lead' });
    expect((as(b, acme.token, ['members', 'list']).json as { email: string }[]).map((m) => m.email)).toEqual(['ada@acme.test', 'lee@acme.test']);

    expect(as(b, acme.token, ['members', 'remove', 'lee@acme.test']).code).toBe(0);
    const refused = as(a, lead, ['members', 'list']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('burnrate: unknown or revoked token: ask an admin of your org for a new one\n');
    expect((await post(a, lead, 'whoami')).status).toBe(401);
  });

  it.each([
    ['lead', 'members add v@acme.test --role viewer'],
    ['viewer', 'members list'],
    ['lead', 'members remove ada@acme.test'],
  ])('a %s running `%s` is refused with exit 2, one line naming the admin role', (role, command) => {
    const added = as(a, acme.token, ['members', 'add', `${role}-${command.length}@acme.test`, '--role', role]);
    const token = (added.json as { token: string }).token;
    const r = as(b, token, command.split(' '));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^burnrate: members/\\w+ needs the admin role; this token is a ${role}'s \\(.+\\)\\n$`));
  });

  it("every route with another org's token is refused or sees only that org", async () => {
    const before = as(a, acme.token, ['members', 'list']).json;
    for (const route of Object.keys(SERVER_ROUTE_ROLES)) {
      const r = await post(
        a,
        other.token,
        route,
        route === 'members/remove' ? { email: 'ada@acme.test' } : route === 'members/add' ? { email: 'z@o.test', role: 'viewer' } : {},
      );
      if (route === 'members/remove') expect([r.status, r.body.error?.code], route).toEqual([404, 'unknown_member']);
      else if (route === 'members/list') expect((r.body.result as { email: string }[]).map((m) => m.email)).not.toContain('ada@acme.test');
      else if (route === 'whoami') expect(r.body.result).toMatchObject({ orgId: other.orgId });
      else expect(r.status, route).toBe(200);
    }
    for (const channel of CHANNELS) {
      const r = await post(b, other.token, channel);
      // Each channel runs on the caller's org only: none answers with another org's data.
      expect(JSON.stringify(r.body)).not.toMatch(/acme/i);
    }
    expect(as(a, acme.token, ['members', 'list']).json).toEqual(before);
  });

  it('a client clock is refused by a server without --test-clock (exit 2) and taken by one with it', async () => {
    const refused = as(a, acme.token, ['members', 'list'], { BURNRATE_NOW: '2026-05-01T00:00:00Z' });
    expect([refused.code, (refused.json as { error: { code: string } }).error.code]).toEqual([2, 'test_clock_off']);
    const t = await serve(['--test-clock']);
    expect(t.output().stdout).toMatch(/test clock/);
    const added = as(t, acme.token, ['members', 'add', 'clock@acme.test', '--role', 'viewer', '--now', '2026-05-01T00:00:00Z']);
    expect(added.code).toBe(0);
    const list = as(t, acme.token, ['members', 'list']).json as { email: string; addedAt: string }[];
    expect(list.find((m) => m.email === 'clock@acme.test')?.addedAt).toBe('2026-05-01T00:00:00.000Z');
  });

  it('SIGTERM: stops taking connections, answers the request in flight, exits 0 and closes its database connection; then exit 3', async () => {
    const admin = SyncConnection.open(db.adminUrl);
    const connections = () =>
      admin.get<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND usename = $2', [db.name, db.role])!.n;
    try {
      const before = connections();
      const s = await serve();
      // Its own connection, and one per org its scheduler has settled.
      expect(connections()).toBeGreaterThan(before);
      // A kept-alive connection left idle must not hold the server open either.
      const idle = new http.Agent({ keepAlive: true });
      await new Promise<void>((resolve, reject) => http.get(`${s.url}/health`, { agent: idle }, (res) => res.resume().on('end', resolve)).on('error', reject));
      // A request the server has begun (it has read the headers and asked for the body) when SIGTERM comes.
      const body = '{}';
      let answer = '';
      const req = http.request(`${s.url}/api/members/list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${acme.token}`, 'content-length': String(body.length), expect: '100-continue' },
      });
      const answered = new Promise<number>((resolve, reject) => {
        req.on('response', (res) => {
          res.on('data', (c: Buffer) => (answer += c.toString()));
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
      });
      const asked = new Promise((resolve) => req.once('continue', resolve));
      req.flushHeaders();
      await asked;
      const done = s.stop();
      await until(async () => !(await accepts(s.url)));
      req.end(body);
      expect(await answered).toBe(200);
      expect((JSON.parse(answer) as { result: { email: string }[] }).result.map((m) => m.email)).toContain('ada@acme.test');
      expect(await done).toBe(0);
      idle.destroy();
      expect(connections()).toBe(before);
      expect(s.output().stderr).toBe('');
      const r = runCliProcess(['members', 'list'], { BURNRATE_SERVER: s.url, BURNRATE_TOKEN: acme.token });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^burnrate: cannot reach the server at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): nothing was changed\n$/);
    } finally {
      admin.close();
    }
  });

  it.each([
    ['a database nobody listens on', () => `postgres://nobody:secret-pw@127.0.0.1:1/none`, /^burnrate: cannot use the database: .*ECONNREFUSED.*\n$/],
    [
      'a wrong password',
      () => db.url.replace(/:[^:@/]+@/, ':wrong-pw@'),
      /^burnrate: cannot use the database: password authentication failed for user "burnrate_app_\w+"\n$/,
    ],
    ['a superuser (row-level security would not apply)', () => db.adminUrl, /^burnrate: the database role postgres is a superuser or has BYPASSRLS/],
  ])('refuses %s with exit 2 and one line, never printing the URL', (_what, url, line) => {
    const r = runCli(['server', '--port', '0'], { BURNRATE_DATABASE_URL: url() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(line);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(/secret-pw|wrong-pw/);
  });
});
