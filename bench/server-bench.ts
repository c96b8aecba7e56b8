// `npm run bench -- --server [--json] [--load-only | --sync-only] [--entries N]`: the PostgreSQL store's and the team server's figures (docs/server.md),
// each beside a raw `pg` baseline from the same run, on a throwaway cluster (test/support/postgres-cluster.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { appendOrgEntry } from '../main/stores/postgres/ledger-append.js';
import { runPgMigrations } from '../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../main/stores/postgres/migrations/index.js';
import { createOrg } from '../main/stores/postgres/orgs.js';
import { SyncConnection } from '../main/stores/postgres/sync-connection.js';
import { bundleChild, runTogether } from '../test/stores/postgres/support/child-process.js';
import type { AppendResult } from '../test/stores/postgres/support/pg-child.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import { ratio, round } from './measure.js';
import { benchPgCatchUp, orgWithDeployments } from './server/catch-up-pg.js';
import { benchFirstSync, type FirstSyncFigures } from './server/first-sync.js';
import { benchStatusLoad } from './server/status-load.js';

const ROUND_TRIPS = 2000;
const APPENDS = 1000;
const WRITERS = 4;
const PER_WRITER = 250;
const LOAD_CONNECTIONS = 64;
const LOAD_REQUESTS = 192;

function progress(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}

/** Microseconds per call, over `n` calls after a warm-up. */
async function perCallUs(n: number, fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(-1 - i);
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return ((performance.now() - t) * 1000) / n;
}

/** `--load-only`: only `status` under load, on an org of 50 deployments started now (no catch-up first). */
async function loadOnly(json: boolean): Promise<void> {
  progress('starting a PostgreSQL cluster…');
  const cluster = await startPostgresCluster();
  try {
    const db = await cluster.createDatabase();
    const conn = SyncConnection.open(db.url);
    runPgMigrations(conn, SERVER_MIGRATIONS);
    conn.close();
    const org = await orgWithDeployments(db.url, 'load', Date.now());
    org.engine.close();
    progress(`status under ${LOAD_CONNECTIONS} concurrent clients against burnrate server (autocannon, ${LOAD_REQUESTS} requests per run)…`);
    const l = await benchStatusLoad(db.url, org.token, LOAD_CONNECTIONS, LOAD_REQUESTS);
    const figures = { ...l, node: process.version, cpus: os.cpus().length, load: os.loadavg().map((x) => round(x)), at: new Date().toISOString() };
    if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else console.log(JSON.stringify(figures, null, 2));
  } finally {
    await cluster.stop();
  }
}

/** `--entries N`: the size of the first-sync org (default 1,000,000; a small one smoke-tests the bench). */
function syncEntries(): number {
  const i = process.argv.indexOf('--entries');
  const n = Number(i >= 0 ? process.argv[i + 1] : 1_000_000);
  if (!Number.isSafeInteger(n) || n < 2) throw new Error('--entries must be a whole number of at least 2');
  return n;
}

/** The first-sync figures as the report prints them. */
function firstSyncFigures(s: FirstSyncFigures) {
  return {
    firstSyncEntries: s.entries,
    firstSyncMs: round(s.pullMs),
    firstSyncEntriesPerSec: round((s.entries * 1000) / s.pullMs),
    firstSyncPages: s.pages,
    firstSyncServerReadMs: round(s.serverReadMs),
    rawPagedCopyMs: round(s.rawCopyMs),
    rawPagedCopyEntriesPerSec: round((s.entries * 1000) / s.rawCopyMs),
    firstSyncVsRawCopy: ratio(s.pullMs, s.rawCopyMs),
    firstSyncSeedMs: round(s.seedMs),
    replicaMb: round(s.replicaBytes / 1e6),
  };
}

/** `--sync-only`: only the first sync of an org of `--entries` entries into an empty replica. */
async function syncOnly(json: boolean): Promise<void> {
  const entries = syncEntries();
  progress('starting a PostgreSQL cluster…');
  const cluster = await startPostgresCluster();
  try {
    const db = await cluster.createDatabase();
    const conn = SyncConnection.open(db.url);
    runPgMigrations(conn, SERVER_MIGRATIONS);
    conn.close();
    const s = firstSyncFigures(await benchFirstSync(db.url, entries));
    const figures = { ...s, node: process.version, cpus: os.cpus().length, load: os.loadavg().map((x) => round(x)), at: new Date().toISOString() };
    if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
    else console.log(JSON.stringify(figures, null, 2));
  } finally {
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  if (process.argv.includes('--load-only')) return loadOnly(json);
  if (process.argv.includes('--sync-only')) return syncOnly(json);
  const entries = syncEntries();
  progress('starting a PostgreSQL cluster…');
  const [cluster, childBundle] = await Promise.all([startPostgresCluster(), bundleChild()]);
  try {
    const db = await cluster.createDatabase();
    const conn = SyncConnection.open(db.url);
    const raw = new pg.Client({ connectionString: db.url });
    await raw.connect();
    try {
      runPgMigrations(conn, SERVER_MIGRATIONS);
      const syncOrg = createOrg(conn, 'sync', 0);
      const rawOrg = createOrg(conn, 'raw', 0);

      progress('round trips…');
      const syncRoundTripUs = await perCallUs(ROUND_TRIPS, () => conn.get('SELECT 1'));
      const rawRoundTripUs = await perCallUs(ROUND_TRIPS, () => raw.query('SELECT 1'));

      progress('appends, one transaction each…');
      // The same five statements each way: BEGIN, org scope, lock the account, INSERT, COMMIT.
      const syncAppendUs = await perCallUs(APPENDS, (i) =>
        conn.transaction(() => appendOrgEntry(conn, { kind: 'purchase', credits: 1, idempotencyKey: `s${i}`, at: 0 }), { orgId: syncOrg }),
      );
      const rawAppendUs = await perCallUs(APPENDS, async (i) => {
        await raw.query('BEGIN');
        await raw.query("SELECT set_config('burnrate.org_id', $1, true)", [String(rawOrg)]);
        const { balance } = (await raw.query('SELECT balance FROM ledger_accounts WHERE org_id = burnrate_org() FOR UPDATE')).rows[0] as { balance: string };
        const b = Number(balance);
        await raw.query(
          "INSERT INTO ledger_entries (kind, credits, balance_before, balance_after, idempotency_key, at) VALUES ('purchase', 1, $1, $2, $3, 0)",
          [b, b + 1, `r${i}`],
        );
        await raw.query('COMMIT');
      });

      const concurrent: Record<string, { entriesPerSec: number; triesPerEntry: number }> = {};
      for (const mode of ['lock', 'serializable'] as const) {
        progress(`${WRITERS} writer processes on one org, ${mode}…`);
        const orgId = createOrg(conn, mode, 0);
        const { results, ms } = await runTogether<AppendResult>(
          childBundle,
          Array.from({ length: WRITERS }, (_, w) => ({ op: 'append' as const, url: db.url, orgId, mode, name: `w${w}`, count: PER_WRITER, sharedKeys: 0 })),
        );
        const entries = results.reduce((s, r) => s + r.appended.length, 0);
        const tries = results.reduce((s, r) => s + r.tries, 0);
        concurrent[mode] = { entriesPerSec: round((entries * 1000) / ms), triesPerEntry: round(tries / entries) };
      }

      progress('30-day catch-up of 50 deployments on the PostgreSQL store, and the raw multi-row INSERT…');
      const c = await benchPgCatchUp(db.url);
      progress(`status under ${LOAD_CONNECTIONS} concurrent clients against burnrate server (autocannon, ${LOAD_REQUESTS} requests per run)…`);
      const l = await benchStatusLoad(db.url, c.token, LOAD_CONNECTIONS, LOAD_REQUESTS);
      const s = firstSyncFigures(await benchFirstSync(db.url, entries));

      const figures = {
        catchUpCharges: c.charges,
        catchUpMs: round(c.catchUpMs),
        rawMultiRowInsertMs: round(c.rawInsertMs),
        catchUpVsRawInsert: ratio(c.catchUpMs, c.rawInsertMs),
        loadConnections: l.connections,
        statusP50Ms: l.status.p50Ms,
        statusP99Ms: l.status.p99Ms,
        statusRequestsPerSec: round(l.status.requestsPerSec),
        statusFailures: l.status.failures,
        healthP50Ms: l.health.p50Ms,
        healthP99Ms: l.health.p99Ms,
        healthRequestsPerSec: round(l.health.requestsPerSec),
        selectOneP50Ms: l.selectOne.p50Ms,
        selectOneP99Ms: l.selectOne.p99Ms,
        selectOneRequestsPerSec: round(l.selectOne.requestsPerSec),
        ...s,
        syncRoundTripUs: round(syncRoundTripUs),
        rawRoundTripUs: round(rawRoundTripUs),
        roundTripVsRaw: ratio(syncRoundTripUs, rawRoundTripUs),
        syncAppendUs: round(syncAppendUs),
        rawAppendUs: round(rawAppendUs),
        appendVsRaw: ratio(syncAppendUs, rawAppendUs),
        lockEntriesPerSec: concurrent.lock!.entriesPerSec,
        lockTriesPerEntry: concurrent.lock!.triesPerEntry,
        serializableEntriesPerSec: concurrent.serializable!.entriesPerSec,
        serializableTriesPerEntry: concurrent.serializable!.triesPerEntry,
        writers: WRITERS,
        node: process.version,
        cpus: os.cpus().length,
        load: os.loadavg().map((l) => round(l)),
        at: new Date().toISOString(),
      };
      if (json) {
        process.stdout.write(`${JSON.stringify(figures)}\n`);
        return;
      }
      const rows: [string, string, string, string, string][] = [
        [
          'round trip (SELECT 1), sync connection',
          `${figures.syncRoundTripUs} µs`,
          'async pg, same process',
          `${figures.rawRoundTripUs} µs`,
          `${figures.roundTripVsRaw}×`,
        ],
        [
          'append, one transaction (5 statements)',
          `${figures.syncAppendUs} µs`,
          'async pg, same statements',
          `${figures.rawAppendUs} µs`,
          `${figures.appendVsRaw}×`,
        ],
        [
          `${WRITERS} writers on one org, row lock (read committed)`,
          `${figures.lockEntriesPerSec} entries/s`,
          'serializable + retry',
          `${figures.serializableEntriesPerSec} entries/s`,
          `tries per entry: lock ${figures.lockTriesPerEntry}, serializable ${figures.serializableTriesPerEntry}`,
        ],
        [
          `catch-up, 30 days × 50 deployments (${figures.catchUpCharges} charges)`,
          `${figures.catchUpMs} ms`,
          'raw multi-row INSERT, one transaction',
          `${figures.rawMultiRowInsertMs} ms`,
          `${figures.catchUpVsRawInsert}×`,
        ],
        [
          `status, ${l.connections} clients: p50 / p99`,
          `${figures.statusP50Ms} / ${figures.statusP99Ms} ms`,
          'GET /health, same process',
          `${figures.healthP50Ms} / ${figures.healthP99Ms} ms`,
          `raw SELECT 1 server: ${figures.selectOneP50Ms} / ${figures.selectOneP99Ms} ms`,
        ],
        [
          `status, ${l.connections} clients: requests/s`,
          `${figures.statusRequestsPerSec} req/s`,
          'GET /health, same process',
          `${figures.healthRequestsPerSec} req/s`,
          `raw SELECT 1 server: ${figures.selectOneRequestsPerSec} req/s; failed status requests: ${figures.statusFailures}`,
        ],
        [
          `first sync of a ${s.firstSyncEntries.toLocaleString('en-US')}-entry org (pullReplica, ${s.firstSyncPages} pages)`,
          `${s.firstSyncEntriesPerSec} entries/s`,
          'raw keyset pages → bare SQLite table',
          `${s.rawPagedCopyEntriesPerSec} entries/s`,
          `${s.firstSyncVsRawCopy}× the time; server reads alone ${s.firstSyncServerReadMs} ms of ${s.firstSyncMs} ms`,
        ],
      ];
      const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
      console.log(`Burnrate server bench — PostgreSQL store, Node ${figures.node}, ${figures.cpus} CPUs, load ${figures.load.join(' ')}`);
      for (const r of rows) console.log(`  ${r[0].padEnd(w[0]!)}  ${r[1].padStart(w[1]!)}   vs ${r[2].padEnd(w[2]!)}  ${r[3].padStart(w[3]!)}   ${r[4]}`);
    } finally {
      conn.close();
      await raw.end();
    }
  } finally {
    await cluster.stop();
    fs.rmSync(path.dirname(childBundle), { recursive: true, force: true });
  }
}

/** Runs the server bench (bench/run.ts calls it for `--server`). */
export async function runServerBench(): Promise<void> {
  await main();
}
