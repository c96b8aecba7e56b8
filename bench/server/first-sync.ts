import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { HOUR_MS, systemClock } from '../../main/core/clock.js';
import { DEFAULT_PULL_LIMIT } from '../../main/core/team/sync-page.js';
import { pullReplica } from '../../main/client/replica/pull-replica.js';
import { replicaFile } from '../../main/client/replica/replica-store.js';
import { createOrgOnDatabase } from '../../main/compose/team-server.js';
import { readSyncPage } from '../../main/stores/postgres/sync-pull.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { startServerProcess } from '../../test/support/server-process.js';

/** The first sync of a big org into an empty replica, beside a raw paged copy of the same rows. */
export interface FirstSyncFigures {
  entries: number;
  seedMs: number;
  /** `pullReplica` into an empty data folder, through a `burnrate server` process (HTTP, JSON, the replica's SQLite). */
  pullMs: number;
  pages: number;
  /** The server's part alone: `readSyncPage` page after page on one connection, in this process (no HTTP, no SQLite). */
  serverReadMs: number;
  /** Baseline: async `pg`, the same rows by keyset pages of the same size, into a bare SQLite table, one transaction a page. */
  rawCopyMs: number;
  replicaBytes: number;
}

const DEPLOYMENTS = 50;
const TIERS = [
  { code: 'S', price: 100 },
  { code: 'M', price: 250 },
  { code: 'L', price: 400 },
] as const;
/**
 * Entries per seeding transaction. One transaction appending n entries leaves
 * n dead versions of the org's `ledger_accounts` row that none of its own
 * later statements can prune (docs/server.md, "the raw baseline is itself
 * slow"), and each append walks them (two per entry: the chain and the sync
 * stamp). 10,000 a transaction seeded ~220 entries/s on the loaded bench
 * machine, 500 ~1,600: small transactions keep the seeding linear.
 */
const SEED_CHUNK = 500;

function progress(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

/**
 * An org of `entries` ledger entries through the real table, chain and sync
 * triggers: one opening adjustment that pays for everything, then charges of
 * 50 deployments hour after hour, backwards from `end`, each transaction one
 * `INSERT … SELECT generate_series` of 500 rows that states the
 * balances the chain trigger checks (so the seeding is as fast as the
 * database's own append path, and the result is a valid chain).
 */
export async function seedBigOrg(url: string, entries: number, end: number): Promise<{ orgId: number; token: string }> {
  if (!Number.isSafeInteger(entries) || entries < 2) throw new Error('the first-sync bench needs at least 2 entries');
  const { orgId, token } = await createOrgOnDatabase(url, { name: 'firstsync', adminEmail: 'admin@firstsync.bench', at: end });
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  try {
    const inOrg = async (fn: () => Promise<void>) => {
      await raw.query('BEGIN');
      await raw.query("SELECT set_config('burnrate.org_id', $1, true)", [String(orgId)]);
      await fn();
      await raw.query('COMMIT');
    };
    const charges = entries - 1;
    const hours = Math.ceil(charges / DEPLOYMENTS);
    const first = end - hours * HOUR_MS;
    let balance = 0;
    const ids: number[] = [];
    const prices: number[] = [];
    await inOrg(async () => {
      for (let i = 0; i < DEPLOYMENTS; i++) {
        const tier = TIERS[i % TIERS.length]!;
        const r = await raw.query(
          `INSERT INTO deployments (name, model, params_b, precision, tier, state, created_at) VALUES ($1, 'llama-3-8b', 8, 'fp16', $2, 'stopped', $3) RETURNING id`,
          [`bench-${i + 1}`, tier.code, first],
        );
        ids.push(Number(r.rows[0].id));
        prices.push(tier.price);
      }
      const opening = prices.reduce((s, p) => s + p, 0) * hours;
      await raw.query(
        `INSERT INTO ledger_entries (kind, credits, balance_before, balance_after, idempotency_key, at, description)
         VALUES ('adjustment', $1, 0, $1, 'bench:opening', $2, 'first-sync bench: opening balance')`,
        [opening, first],
      );
      balance = opening;
    });
    // Charge g (0-based) is deployment g % 50 at hour g / 50; its balance_after is the running balance after it.
    for (let from = 0; from < charges; from += SEED_CHUNK) {
      const to = Math.min(charges, from + SEED_CHUNK) - 1;
      await inOrg(async () => {
        const r = await raw.query(
          `INSERT INTO ledger_entries (kind, credits, balance_before, balance_after, idempotency_key, reference, deployment_id, hour_start, at, description)
           SELECT 'charge', -c.price, $1::bigint - c.spent_before, $1::bigint - c.spent_before - c.price,
                  'charge:' || c.dep || ':' || c.hour, 'deployment:' || c.dep, c.dep, c.hour, c.hour,
                  'bench-' || (c.g % ${DEPLOYMENTS} + 1) || ' — GPU, 1 hour'
           FROM (SELECT g, ($4::bigint[])[1 + g % ${DEPLOYMENTS}] AS dep, ($5::bigint[])[1 + g % ${DEPLOYMENTS}] AS price,
                        $6::bigint + (g / ${DEPLOYMENTS}) * ${HOUR_MS}::bigint AS hour,
                        coalesce(sum(($5::bigint[])[1 + g % ${DEPLOYMENTS}]) OVER (ORDER BY g ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS spent_before
                 FROM generate_series($2::bigint, $3::bigint) g) c
           ORDER BY c.g
           RETURNING balance_after`,
          [balance, from, to, ids, prices, first],
        );
        balance = Math.min(...r.rows.map((x: { balance_after: string }) => Number(x.balance_after)));
      });
      if ((from / SEED_CHUNK) % 200 === 199) progress(`first sync: seeded ${(to + 2).toLocaleString('en-US')} entries…`);
    }
  } finally {
    await raw.end();
  }
  return { orgId, token };
}

/** The replica's ledger columns, as a bare table (no key, no index, no trigger) for the baseline. */
const BARE_COLUMNS = [
  'id',
  'seq',
  'kind',
  'credits',
  'balance_before',
  'balance_after',
  'idempotency_key',
  'reference',
  'deployment_id',
  'hour_start',
  'at',
  'description',
] as const;

/** The baseline: keyset pages of `pageSize` rows on async `pg`, each written to a bare SQLite table in one transaction. */
async function rawPagedCopy(url: string, orgId: number, file: string, pageSize: number): Promise<number> {
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  const lite = new Database(file);
  try {
    lite.pragma('journal_mode = WAL');
    lite.exec(`CREATE TABLE ledger_entries (${BARE_COLUMNS.join(', ')})`);
    const insert = lite.prepare(`INSERT INTO ledger_entries VALUES (${BARE_COLUMNS.map(() => '?').join(', ')})`);
    const write = lite.transaction((rows: unknown[][]) => {
      for (const r of rows) insert.run(r);
    });
    let after = 0;
    let copied = 0;
    for (;;) {
      await raw.query('BEGIN');
      await raw.query("SELECT set_config('burnrate.org_id', $1, true)", [String(orgId)]);
      const r = await raw.query({
        text: `SELECT sync_seq, ${BARE_COLUMNS.join(', ')} FROM ledger_entries WHERE org_id = $1 AND sync_seq > $2 ORDER BY sync_seq LIMIT $3`,
        values: [orgId, after, pageSize],
        rowMode: 'array',
      });
      await raw.query('COMMIT');
      if (r.rows.length === 0) return copied;
      after = Number(r.rows[r.rows.length - 1]![0]);
      // BIGINT arrives as text from `pg`: numbers, as the replica stores them.
      write(r.rows.map((row: unknown[]) => row.slice(1).map((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v))));
      copied += r.rows.length;
    }
  } finally {
    lite.close();
    await raw.end();
  }
}

/**
 * Seeds an org of `entries` entries, then measures (1) a client's first
 * `pullReplica` into an empty data folder from a `burnrate server` process,
 * (2) the server's page reads alone, and (3) the raw baseline: the same rows
 * by keyset pages on async `pg` into a bare SQLite table.
 */
export async function benchFirstSync(url: string, entries: number): Promise<FirstSyncFigures> {
  const end = Date.now() - HOUR_MS;
  progress(`first sync: seeding an org of ${entries.toLocaleString('en-US')} entries…`);
  const t0 = performance.now();
  const { orgId, token } = await seedBigOrg(url, entries, end);
  const seedMs = performance.now() - t0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-first-sync-'));
  try {
    progress(`first sync: seeded in ${Math.round(seedMs)} ms; the raw paged copy…`);
    const t1 = performance.now();
    const copied = await rawPagedCopy(url, orgId, path.join(dir, 'bare.db'), DEFAULT_PULL_LIMIT);
    const rawCopyMs = performance.now() - t1;
    if (copied !== entries) throw new Error(`the raw copy read ${copied} entries of ${entries}`);

    progress('first sync: the server side alone (readSyncPage, page after page)…');
    const conn = SyncConnection.open(url);
    let serverReadMs: number;
    try {
      const t2 = performance.now();
      for (let after = 0, more = true; more;) {
        const page = readSyncPage(conn, orgId, after, DEFAULT_PULL_LIMIT);
        ({ cursor: after, more } = page);
      }
      serverReadMs = performance.now() - t2;
    } finally {
      conn.close();
    }

    progress('first sync: pullReplica from a burnrate server into an empty data folder…');
    const server = await startServerProcess([], { BURNRATE_DATABASE_URL: url, BURNRATE_SERVER_TICK_MS: '600000' });
    let pullMs: number;
    let pages: number;
    try {
      const dataDir = path.join(dir, 'client');
      const t3 = performance.now();
      const report = await pullReplica({ url: server.url, token }, dataDir, systemClock);
      pullMs = performance.now() - t3;
      pages = report.pages;
      if (report.ledgerEntries !== entries) throw new Error(`the pull brought ${report.ledgerEntries} entries of ${entries}`);
    } finally {
      await server.stop();
    }
    const replicaBytes = ['', '-wal'].reduce(
      (s, x) => s + (fs.statSync(`${replicaFile(path.join(dir, 'client'))}${x}`, { throwIfNoEntry: false })?.size ?? 0),
      0,
    );
    return { entries, seedMs, pullMs, pages, serverReadMs, rawCopyMs, replicaBytes };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
