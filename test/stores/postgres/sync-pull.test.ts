import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendOrgEntry, writeInOrg } from '../../../main/stores/postgres/ledger-append.js';
import { runPgMigrations } from '../../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../../main/stores/postgres/migrations/index.js';
import { createOrg } from '../../../main/stores/postgres/orgs.js';
import { SyncConnection } from '../../../main/stores/postgres/sync-connection.js';
import { readSyncPage } from '../../../main/stores/postgres/sync-pull.js';
import type { SyncPage } from '../../../main/core/team/sync-page.js';
import { type PostgresCluster } from '../../support/postgres-cluster.js';
import { postgresForFile } from '../../support/shared-postgres.js';

/**
 * The server's side of the synced replica: an org's changes after a cursor,
 * in pages, from one snapshot (docs/server.md, "The synced replica").
 */
let cluster: PostgresCluster;
const open: SyncConnection[] = [];

beforeAll(async () => {
  cluster = await postgresForFile();
}, 120_000);

afterAll(async () => {
  for (const c of open) c.close();
  await cluster?.stop();
}, 60_000);

async function migrated(steps = SERVER_MIGRATIONS) {
  const db = await cluster.createDatabase();
  const conn = SyncConnection.open(db.url, { sqliteValues: true });
  open.push(conn);
  runPgMigrations(conn, steps);
  return { db, conn };
}

let keys = 0;
/** One ledger entry of `credits` in the org. */
function entry(conn: SyncConnection, orgId: number, credits: number): void {
  writeInOrg(conn, orgId, () => appendOrgEntry(conn, { kind: 'adjustment', credits, idempotencyKey: `k${++keys}`, at: 1_000 + keys }));
}

/** A new deployment in the org; its id. */
function deployment(conn: SyncConnection, orgId: number, name: string): number {
  return writeInOrg(
    conn,
    orgId,
    () =>
      conn.get<{ id: number }>(
        "INSERT INTO deployments (name, model, params_b, precision, tier, created_at) VALUES ($1, 'llama', 8, 'fp16', 'S', 0) RETURNING id",
        [name],
      )!.id,
  );
}

function start(conn: SyncConnection, orgId: number, id: number): void {
  writeInOrg(conn, orgId, () => conn.run("UPDATE deployments SET state = 'running', next_charge_at = 3600000 WHERE id = $1", [id]));
}

function alert(conn: SyncConnection, orgId: number, key: string): void {
  writeInOrg(conn, orgId, () =>
    conn.run("INSERT INTO alerts (kind, severity, title, message, dedupe_key, at, raised_at) VALUES ('low_balance', 'warning', 't', 'm', $1, 0, 0)", [key]),
  );
}

/** Every page from `after` to the end, `limit` rows at a time. */
function pullAll(conn: SyncConnection, orgId: number, after: number, limit: number): SyncPage[] {
  const pages: SyncPage[] = [];
  for (let cursor = after; ;) {
    const p = readSyncPage(conn, orgId, cursor, limit);
    pages.push(p);
    if (!p.more) return pages;
    expect(p.cursor).toBeGreaterThan(cursor);
    cursor = p.cursor;
  }
}

const names = (p: SyncPage) => p.changes.deployments.map((d) => d.name);
const credits = (pages: SyncPage[]) => pages.flatMap((p) => p.changes.ledger_entries.map((e) => e.credits));

describe('sync/pull on PostgreSQL: an org’s changes after a cursor', () => {
  it('pages are a prefix of the org’s changes each; the last carries the reference tables; only new rows after a cursor', async () => {
    const { conn } = await migrated();
    const org = createOrg(conn, 'Acme', 0);
    const other = createOrg(conn, 'Other', 0);
    entry(conn, org, 500);
    const d = deployment(conn, org, 'chat');
    entry(conn, other, 999);
    entry(conn, org, -20);
    alert(conn, org, 'a1');
    start(conn, org, d);

    const one = readSyncPage(conn, org, 0, 100);
    expect(one).toMatchObject({ orgId: org, after: 0, more: false });
    expect(one.cursor).toBe(one.head);
    expect(one.changes.ledger_entries.map((e) => [e.seq, e.credits])).toEqual([
      [1, 500],
      [2, -20],
    ]);
    // The deployment appears once, at its latest state; the other org's rows never.
    expect(one.changes.deployments.map((x) => [x.name, x.state])).toEqual([['chat', 'running']]);
    expect(one.changes.alerts.map((a) => a.dedupe_key)).toEqual(['a1']);
    expect(JSON.stringify(one)).not.toMatch(/999|org_id|sync_seq/);
    expect(one.reference?.instance_tiers.length).toBeGreaterThan(0);
    expect(one.timeZone).toEqual(expect.any(String));

    // One row a page: the same rows in the same order, reference tables only on the last page.
    const pages = pullAll(conn, org, 0, 1);
    expect(pages.slice(0, -1).every((p) => p.reference === null && p.timeZone === null)).toBe(true);
    expect(pages.at(-1)!.reference).toEqual(one.reference);
    expect(credits(pages)).toEqual([500, -20]);
    expect(pages.flatMap(names)).toEqual(['chat']);

    // After the cursor: only what changed since.
    entry(conn, org, 7);
    start(conn, org, deployment(conn, org, 'batch'));
    const next = readSyncPage(conn, org, one.cursor, 100);
    expect(credits([next])).toEqual([7]);
    expect(names(next)).toEqual(['batch']);
    expect(next.changes.alerts).toEqual([]);
    expect(readSyncPage(conn, other, 0, 100).changes.ledger_entries.map((e) => e.credits)).toEqual([999]);
  });

  it.each([
    ['the head itself', (head: number) => head, { more: false, rows: 0 }],
    ['one before the head', (head: number) => head - 1, { more: false, rows: 1 }],
    ['zero (a new replica)', () => 0, { more: false, rows: 4 }],
  ])('a cursor at %s', async (_name, cursorOf, want) => {
    const { conn } = await migrated();
    const org = createOrg(conn, 'Acme', 0);
    entry(conn, org, 10);
    entry(conn, org, 20);
    deployment(conn, org, 'a');
    alert(conn, org, 'x');
    const head = readSyncPage(conn, org, 0, 100).head;
    const p = readSyncPage(conn, org, cursorOf(head), 100);
    const rows = p.changes.ledger_entries.length + p.changes.deployments.length + p.changes.alerts.length;
    expect({ more: p.more, rows, cursor: p.cursor }).toEqual({ ...want, cursor: head });
  });

  it('a cursor past the org’s head (a replica of another database) is refused with cursor_ahead', async () => {
    const { conn } = await migrated();
    const org = createOrg(conn, 'Acme', 0);
    entry(conn, org, 10);
    const head = readSyncPage(conn, org, 0, 100).head;
    expect(() => readSyncPage(conn, org, head + 1, 100)).toThrow(expect.objectContaining({ code: 'cursor_ahead' }));
  });

  it('a page exactly as long as what is left says there may be more; the next one is empty and ends it', async () => {
    const { conn } = await migrated();
    const org = createOrg(conn, 'Acme', 0);
    entry(conn, org, 10);
    entry(conn, org, 20);
    const first = readSyncPage(conn, org, 0, 2);
    expect([first.more, first.changes.ledger_entries.length]).toEqual([true, 2]);
    const last = readSyncPage(conn, org, first.cursor, 2);
    expect([last.more, last.changes.ledger_entries.length, last.cursor]).toEqual([false, 0, first.cursor]);
  });

  it('a change not yet committed is not served, and nothing before it is skipped once it is', async () => {
    const { db, conn } = await migrated();
    const org = createOrg(conn, 'Acme', 0);
    entry(conn, org, 10);
    const writer = SyncConnection.open(db.url, { sqliteValues: true });
    open.push(writer);
    writer.query('BEGIN');
    writer.query("SELECT set_config('burnrate.org_id', $1, true)", [String(org)]);
    writer.query('SELECT balance FROM ledger_accounts WHERE org_id = burnrate_org() FOR UPDATE');
    writer.query("INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, at) VALUES ('adjustment', 5, 15, 'in-flight', 1)");
    const during = readSyncPage(conn, org, 0, 100);
    expect(credits([during])).toEqual([10]);
    writer.query('COMMIT');
    expect(credits([readSyncPage(conn, org, during.cursor, 100)])).toEqual([5]);
  });

  it('migration 007 numbers the rows already there, org by org, ledger first in chain order', async () => {
    const { conn } = await migrated(SERVER_MIGRATIONS.slice(0, 6));
    const org = createOrg(conn, 'Acme', 0);
    const other = createOrg(conn, 'Other', 0);
    entry(conn, org, 10);
    deployment(conn, org, 'old');
    entry(conn, other, 30);
    entry(conn, org, 20);
    runPgMigrations(conn, SERVER_MIGRATIONS);
    const p = readSyncPage(conn, org, 0, 100);
    expect(p.head).toBe(3);
    expect(credits([p])).toEqual([10, 20]);
    expect(names(p)).toEqual(['old']);
    expect(readSyncPage(conn, other, 0, 100).head).toBe(1);
    // New changes continue the count.
    entry(conn, org, 5);
    expect(readSyncPage(conn, org, 3, 100)).toMatchObject({ head: 4, cursor: 4 });
  });
  it('migration 011: payments and usage hours already there are numbered above the head; a payment’s new state and a card’s removal move the cursor', async () => {
    const { conn } = await migrated(SERVER_MIGRATIONS.slice(0, 10));
    const org = createOrg(conn, 'Acme', 0);
    entry(conn, org, 10);
    const d = deployment(conn, org, 'chat');
    const pay = (key: string) =>
      writeInOrg(conn, org, () =>
        conn.run(
          `INSERT INTO payments (idempotency_key, kind, credits, request, status, created_at, updated_at) VALUES ($1, 'purchase', 500, '{}', 'pending', 0, 0)`,
          [key],
        ),
      );
    pay('before');
    writeInOrg(conn, org, () =>
      conn.run("INSERT INTO usage_hours (deployment_id, hour_start, requests, source, updated_at) VALUES ($1, 0, 7, 'import', 0)", [d]),
    );
    runPgMigrations(conn, SERVER_MIGRATIONS);
    const all = readSyncPage(conn, org, 0, 100);
    expect(all.head).toBe(4);
    expect(all.changes.payments.map((p) => p.idempotency_key)).toEqual(['before']);
    expect(all.changes.usage_hours.map((u) => u.requests)).toEqual([7]);
    expect(JSON.stringify(all.changes)).not.toMatch(/sync_seq|org_id/);

    // A payment's new state is a new change: a pull after the head brings it alone.
    writeInOrg(conn, org, () => conn.run("UPDATE payments SET status = 'failed', updated_at = 1 WHERE idempotency_key = 'before'"));
    const failed = readSyncPage(conn, org, all.head, 100);
    expect([failed.changes.payments.map((p) => p.status), failed.changes.ledger_entries]).toEqual([['failed'], []]);

    // Cards go whole on the last page; adding, removing one and changing auto-refill each move the counter (and so wake a follower).
    const card = (sql: string) => writeInOrg(conn, org, () => conn.run(sql));
    card(
      "INSERT INTO payment_cards (id, brand, last4, exp_month, exp_year, funding, is_default, added_at) VALUES ('pm_1', 'visa', '4242', 12, 2030, 'credit', 1, 0)",
    );
    const added = readSyncPage(conn, org, failed.cursor, 100);
    expect(added.head).toBe(failed.head + 1);
    expect(added.reference!.payment_cards.map((c) => [c.id, c.last4, c.is_default])).toEqual([['pm_1', '4242', 1]]);
    card("DELETE FROM payment_cards WHERE id = 'pm_1'");
    card('INSERT INTO auto_refill (id) VALUES (1)');
    card('UPDATE auto_refill SET enabled = 1');
    const removed = readSyncPage(conn, org, added.cursor, 100);
    expect([removed.head, removed.reference!.payment_cards, removed.reference!.auto_refill[0]!.enabled]).toEqual([added.head + 2, [], 1]);
  });
});
