import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runPgMigrations } from '../../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../../main/stores/postgres/migrations/index.js';
import { ConnectionHolder } from '../../../main/stores/postgres/connection-holder.js';
import { PgMemberDirectory } from '../../../main/stores/postgres/members.js';
import { SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { newMemberToken, tokenHash } from '../../../main/server/tokens.js';
import { type PostgresCluster } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';
import { memberDirectoryCases } from '../../server/member-directory-cases.js';

let cluster: PostgresCluster;
const holders: ConnectionHolder[] = [];
const conns: SyncConnection[] = [];

beforeAll(async () => {
  cluster = await postgresForFile();
});
afterAll(async () => {
  for (const h of holders) h.drop();
  for (const c of conns) c.close();
  await cluster?.stop();
});

/** A migrated fresh database: its URL and a directory over it. */
async function fresh(): Promise<{ url: string; dir: PgMemberDirectory }> {
  const db = await cluster.createDatabase();
  const holder = new ConnectionHolder(db.url);
  holders.push(holder);
  holder.use((conn) => runPgMigrations(conn, SERVER_MIGRATIONS));
  return { url: db.url, dir: new PgMemberDirectory(holder) };
}

function open(url: string): SyncConnection {
  const c = SyncConnection.open(url);
  conns.push(c);
  return c;
}

// One database serves every case below but the lost connection: each case makes orgs of its own, and every
// read is scoped to an org, so cases cannot see each other (that is the point of the scoping).
let shared: Promise<{ url: string; dir: PgMemberDirectory }> | undefined;
const sharedDb = () => (shared ??= fresh());

memberDirectoryCases('PostgreSQL', async () => (await sharedDb()).dir);

describe('PostgreSQL members: what the database itself holds', () => {
  let refusals: Promise<{ conn: SyncConnection; orgId: number }> | undefined;
  let reader: SyncConnection | undefined;
  /** A second connection to the shared database, as the server's role. */
  const readerOf = (url: string) => (reader ??= open(url));

  it('row-level security: unscoped, nothing is visible; scoped to an org, only its rows', async () => {
    const { url, dir } = await sharedDb();
    const a = await dir.createOrg({ name: 'A', adminEmail: 'a@a.test', tokenHash: tokenHash(newMemberToken()), at: 1 });
    const b = await dir.createOrg({ name: 'B', adminEmail: 'b@b.test', tokenHash: tokenHash(newMemberToken()), at: 1 });
    const conn = readerOf(url);
    const counts = (orgId?: number) =>
      conn.transaction(
        () => [
          conn.get<{ n: number }>('SELECT count(*)::int AS n FROM members')!.n,
          conn.get<{ n: number }>('SELECT count(*)::int AS n FROM member_tokens')!.n,
        ],
        { orgId },
      );
    expect(counts()).toEqual([0, 0]);
    expect(counts(a.orgId)).toEqual([1, 1]);
    expect(conn.transaction(() => conn.all<{ email: string }>('SELECT email FROM members').map((r) => r.email), { orgId: b.orgId })).toEqual(['b@b.test']);
  });

  it('a token row is visible before the org is known only to whoever names its hash, and only for reading', async () => {
    const { url, dir } = await sharedDb();
    const token = newMemberToken();
    await dir.createOrg({ name: 'A', adminEmail: 'a@a.test', tokenHash: tokenHash(token), at: 1 });
    await dir.createOrg({ name: 'B', adminEmail: 'b@b.test', tokenHash: tokenHash(newMemberToken()), at: 1 });
    const conn = readerOf(url);
    const seen = conn.transaction(() => {
      conn.get("SELECT set_config('burnrate.token_hash', $1, true)", [tokenHash(token)]);
      const rows = conn.all<{ token_hash: string }>('SELECT token_hash FROM member_tokens');
      const revoked = conn.run('UPDATE member_tokens SET revoked_at = 5').rowCount;
      const members = conn.get<{ n: number }>('SELECT count(*)::int AS n FROM members')!.n;
      return { rows: rows.map((r) => r.token_hash), revoked, members };
    });
    expect(seen).toEqual({ rows: [tokenHash(token)], revoked: 0, members: 0 });
  });

  it.each([
    ['DELETE FROM members', /never deleted/],
    ['DELETE FROM member_tokens', /never deleted/],
    ["UPDATE members SET role = 'viewer'", /changes only by being removed/],
    ["UPDATE member_tokens SET token_hash = repeat('0', 64)", /changes only by being revoked/],
    ["INSERT INTO members (email, role, added_at) VALUES ('Caps@x.test', 'lead', 1)", /members_email_check|check constraint/],
    ["INSERT INTO members (email, role, added_at) VALUES ('x@x.test', 'owner', 1)", /check constraint/],
    ["INSERT INTO member_tokens (member_id, token_hash, created_at) VALUES (1, 'brt_plain_token', 1)", /check constraint/],
  ])('the database refuses %s', async (sql, message) => {
    refusals ??= sharedDb().then(async ({ url, dir }) => ({
      conn: readerOf(url),
      orgId: (await dir.createOrg({ name: 'A', adminEmail: 'a@a.test', tokenHash: tokenHash(newMemberToken()), at: 1 })).orgId,
    }));
    // Each statement fails inside its own transaction, which rolls back: one database serves them all.
    const { conn, orgId } = await refusals;
    expect(() => conn.transaction(() => conn.run(sql), { orgId })).toThrow(message);
  });

  it('a removal is kept on record: the row stays, with when it happened, and its tokens are revoked', async () => {
    const { url, dir } = await sharedDb();
    const { orgId } = await dir.createOrg({ name: 'A', adminEmail: 'a@a.test', tokenHash: tokenHash(newMemberToken()), at: 1 });
    await dir.add(orgId, { email: 'l@a.test', role: 'lead', tokenHash: tokenHash(newMemberToken()), at: 2 });
    await dir.remove(orgId, 'l@a.test', 3);
    const conn = readerOf(url);
    const rows = conn.transaction(
      () => conn.all("SELECT m.removed_at, t.revoked_at FROM members m JOIN member_tokens t ON t.member_id = m.id WHERE m.email = 'l@a.test'"),
      { orgId },
    );
    expect(rows).toEqual([{ removed_at: 3, revoked_at: 3 }]);
  });

  it('a request is authenticated in one round trip, leaves no scope behind, and a revocation by another connection stops the token at once', async () => {
    const { url, dir } = await sharedDb();
    const token = newMemberToken();
    const { orgId } = await dir.createOrg({ name: 'A', adminEmail: 'a@a.test', tokenHash: tokenHash(token), at: 1 });
    const lead = newMemberToken();
    await dir.add(orgId, { email: 'l@a.test', role: 'lead', tokenHash: tokenHash(lead), at: 2 });
    // Every statement the connection sends goes through its one private `call`: count them.
    const proto = SyncConnection.prototype as unknown as { call: (...args: unknown[]) => unknown };
    const calls = vi.spyOn(proto, 'call');
    try {
      const cases: [string, string, object | null][] = [
        ['a live token', tokenHash(token), { orgId, orgName: 'A', email: 'a@a.test', role: 'admin' }],
        ['an unknown token', tokenHash(newMemberToken()), null],
      ];
      for (const [what, hash, owner] of cases) {
        calls.mockClear();
        const found = await dir.authenticate(hash);
        if (owner) expect(found, what).toMatchObject(owner);
        else expect(found, what).toBeNull();
        expect(calls.mock.calls.length, what).toBe(1);
      }
    } finally {
      calls.mockRestore();
    }
    // The scope set for the lookup ended with its statement: a later plain read on the same connection sees no org.
    const settings = await (dir as unknown as { db: ConnectionHolder }).db.use((conn) =>
      conn.get<{ org: string | null; hash: string | null }>('SELECT burnrate_org()::text AS org, burnrate_token_hash() AS hash'),
    );
    expect(settings).toEqual({ org: null, hash: null });
    // Removed through another directory (another server process's connection): refused on the very next lookup.
    const other = new ConnectionHolder(url);
    holders.push(other);
    expect((await dir.authenticate(tokenHash(lead)))?.role).toBe('lead');
    await new PgMemberDirectory(other).remove(orgId, 'l@a.test', 3);
    expect(await dir.authenticate(tokenHash(lead))).toBeNull();
  });

  it('a lost connection fails that call, and the next call works on a fresh connection', async () => {
    const db = await cluster.createDatabase();
    const holder = new ConnectionHolder(db.url);
    holders.push(holder);
    holder.use((conn) => runPgMigrations(conn, SERVER_MIGRATIONS));
    const dir = new PgMemberDirectory(holder);
    const token = newMemberToken();
    await dir.createOrg({ name: 'A', adminEmail: 'a@a.test', tokenHash: tokenHash(token), at: 1 });
    const admin = open(db.adminUrl);
    admin.get('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = $2', [db.name, db.role]);
    await expect(dir.authenticate(tokenHash(token))).rejects.toThrow();
    expect((await dir.authenticate(tokenHash(token)))?.email).toBe('a@a.test');
  });
});
