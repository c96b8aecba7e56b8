import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/core/clock.js';
import { OrgServices } from '../../main/compose/server-services.js';
import { runPgMigrations } from '../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../main/stores/postgres/migrations/index.js';
import { createOrg } from '../../main/stores/postgres/orgs.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import type { PostgresCluster, TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';

/**
 * The server keeps an org's engine (one PostgreSQL connection) open between
 * calls, but only for its most recently used orgs: past the limit, the least
 * recently used idle one is closed, cleanly, and opened again when next used.
 */
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
const orgIds: number[] = [];
const sandboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'server-services-'));

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  const conn = SyncConnection.open(db.url);
  try {
    runPgMigrations(conn, SERVER_MIGRATIONS);
    for (const name of ['A', 'B', 'C', 'D']) orgIds.push(createOrg(conn, name, 0));
  } finally {
    conn.close();
  }
}, 240_000);

afterAll(async () => {
  admin?.close();
  await cluster?.stop();
  fs.rmSync(sandboxDir, { recursive: true, force: true });
}, 120_000);

/** The server role's connections to the database now (each open engine holds one). */
const backends = () => admin.get<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND usename = $2', [db.name, db.role])!.n;

/** Waits (polling; the test's timeout catches a hang) until `check` holds. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

function orgServices(maxOpenOrgs: number): OrgServices {
  return new OrgServices({ databaseUrl: db.url, sandboxDir, env: {}, log: (line) => console.error(line), maxOpenOrgs });
}

/** One call for the org: its balance, read through its engine. */
const balanceOf = (orgs: OrgServices, orgId: number) => orgs.withOrg(orgId, systemClock, (s) => Promise.resolve(s.engine.ledger.balance()));

describe('open org engines are bounded: least recently used first out, closed cleanly', () => {
  it('with a limit of 2, a third org closes the least recently used one; using an org keeps it; a closed org opens again', async () => {
    const [a, b, c, d] = orgIds as [number, number, number, number];
    const orgs = orgServices(2);
    try {
      const steps: [string, number, number[]][] = [
        ['A opens', a, [a]],
        ['B opens', b, [a, b]],
        ['A used again: now the most recent', a, [b, a]],
        ['C opens: B, least recently used, is closed', c, [a, c]],
        ['B opens again: A is closed', b, [c, b]],
        ['D opens: C is closed', d, [b, d]],
      ];
      for (const [what, orgId, open] of steps) {
        expect(await balanceOf(orgs, orgId), what).toBe(0);
        await until(() => backends() === open.length);
        expect(orgs.openOrgs(), what).toEqual(open);
        expect(backends(), what).toBe(open.length);
      }
    } finally {
      await orgs.close();
    }
    expect(backends()).toBe(0);
  });

  it('an org with a call under way is never closed under it: a later idle one goes instead, and the busy one once it is idle', async () => {
    const [a, b, c] = orgIds as [number, number, number];
    const orgs = orgServices(2);
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      // A call on A waits on the test, holding A busy while B and C open.
      const busy = orgs.withOrg(a, systemClock, async (s) => {
        await held;
        return s.engine.ledger.balance();
      });
      await until(() => orgs.openOrgs().includes(a));
      await balanceOf(orgs, b);
      await balanceOf(orgs, c);
      // A is the least recently used but busy: B went instead.
      await until(() => backends() === 2);
      expect(orgs.openOrgs()).toEqual([a, c]);
      release();
      expect(await busy).toBe(0);
      await balanceOf(orgs, b);
      // Now idle, A is the one that goes.
      await until(() => backends() === 2);
      expect(orgs.openOrgs()).toEqual([c, b]);
    } finally {
      await orgs.close();
    }
    expect(backends()).toBe(0);
  });
});
