import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MIGRATION_LOCK_KEY, runPgMigrations } from '../../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../../main/stores/postgres/migrations/index.js';
import { createOrg } from '../../../main/stores/postgres/orgs.js';
import { SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { withClient, type PostgresCluster } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';
import { bundleChild, runTogether, startChild } from './support/child-process.js';
import type { AppendResult } from './support/pg-child.js';

let cluster: PostgresCluster;
let childBundle: string;
const open: SyncConnection[] = [];

async function freshDatabase(migrate: boolean) {
  const db = await cluster.createDatabase();
  const conn = SyncConnection.open(db.url);
  open.push(conn);
  if (migrate) runPgMigrations(conn, SERVER_MIGRATIONS);
  return { db, conn };
}

beforeAll(async () => {
  [cluster, childBundle] = await Promise.all([postgresForFile(), bundleChild()]);
});

afterAll(async () => {
  for (const c of open) c.close();
  await cluster?.stop();
});

describe('concurrent writers to one org ledger, from separate processes', () => {
  test.each(['lock', 'serializable'] as const)('with %s: every entry stored exactly once, the chain intact, the balance the sum', async (mode) => {
    const { db, conn } = await freshDatabase(true);
    const orgId = createOrg(conn, 'Busy org', 0);
    const otherOrg = createOrg(conn, 'Quiet org', 0);
    const writers = ['w1', 'w2', 'w3'];
    const count = 40;
    const sharedKeys = 30;
    const { results } = await runTogether<AppendResult>(
      childBundle,
      writers.map((name) => ({ op: 'append', url: db.url, orgId, mode, name, count, sharedKeys })),
    );

    const rows = conn.transaction(
      () =>
        conn.all<{ seq: number; key: string; credits: number; before: number; after: number }>(
          'SELECT seq, idempotency_key AS key, credits, balance_before AS before, balance_after AS after FROM ledger_entries ORDER BY seq',
        ),
      { orgId },
    );
    // No lost entry: each writer's own entries are all there, and the shared keys once each.
    const claimed = results.flatMap((r) => r.appended);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual(rows.map((r) => r.key).sort());
    expect(rows).toHaveLength(writers.length * count + sharedKeys);
    // Chain intact: positions 1..n, each starting where the previous ended.
    rows.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      expect(r.before).toBe(i === 0 ? 0 : rows[i - 1]!.after);
      expect(r.after).toBe(r.before + r.credits);
    });
    const account = conn.transaction(() => conn.get('SELECT balance, last_seq FROM ledger_accounts'), { orgId });
    expect(account).toEqual({ balance: rows.reduce((s, r) => s + r.credits, 0), last_seq: rows.length });
    expect(conn.transaction(() => conn.all('SELECT * FROM ledger_entries'), { orgId: otherOrg })).toEqual([]);
  });
});

describe('migrating from several processes at once', () => {
  test('a migrating process waits for the advisory lock another holds, then migrates', async () => {
    const { db, conn } = await freshDatabase(false);
    await withClient(db.url, async (holder) => {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const child = startChild<{ applied: number[] }>(childBundle, { op: 'migrate', url: db.url });
      child.go();
      // Wait (untimed) until the child is queued on the lock: it has applied nothing meanwhile.
      for (;;) {
        const waiting = await holder.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
        if (waiting.rowCount) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await holder.query("SELECT to_regclass('schema_migrations') AS t")).rows).toEqual([{ t: null }]);
      await holder.query('COMMIT');
      expect(await child.done).toEqual({ applied: SERVER_MIGRATIONS.map((m) => m.version) });
    });
    expect(conn.all('SELECT version FROM schema_migrations ORDER BY version').map((r) => r.version)).toEqual(SERVER_MIGRATIONS.map((m) => m.version));
  });

  test('two processes started together both succeed and each step is applied once', async () => {
    const { db, conn } = await freshDatabase(false);
    const { results } = await runTogether<{ applied: number[] }>(childBundle, [
      { op: 'migrate', url: db.url },
      { op: 'migrate', url: db.url },
    ]);
    expect(results.flatMap((r) => r.applied).sort((a, b) => a - b)).toEqual(SERVER_MIGRATIONS.map((m) => m.version));
    expect(conn.all('SELECT version FROM schema_migrations ORDER BY version').map((r) => r.version)).toEqual(SERVER_MIGRATIONS.map((m) => m.version));
  });
});
