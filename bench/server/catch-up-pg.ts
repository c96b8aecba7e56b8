import pg from 'pg';
import { DAY_MS, HOUR_MS, SimulatedClock } from '../../main/core/clock.js';
import { Engine } from '../../main/core/engine.js';
import { createOrgOnDatabase } from '../../main/compose/team-server.js';
import { openPgStore } from '../../main/stores/postgres/open-pg-store.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';

/** The 30-day catch-up on the PostgreSQL store against a raw multi-row INSERT of the same rows. */
export interface PgCatchUpFigures {
  charges: number;
  catchUpMs: number;
  rawInsertMs: number;
  /** The org the engine charged (50 running deployments, settled up to `settledAt`), and its admin's token. */
  orgId: number;
  token: string;
  settledAt: number;
}

const DEPLOYMENTS = 50;

function progress(msg: string): void {
  process.stderr.write(`bench: ${msg}\n`);
}
const TIERS = ['S', 'M', 'L'] as const;
/** Rows per INSERT statement of the baseline (10 parameters each: well under PostgreSQL's 65,535). */
const ROWS_PER_STATEMENT = 1000;

/** An org through the same path as `server org create`, with 50 deployments started at `start` and credits for the month. */
export async function orgWithDeployments(
  url: string,
  name: string,
  start: number,
): Promise<{ orgId: number; token: string; engine: Engine; clock: SimulatedClock }> {
  const { orgId, token } = await createOrgOnDatabase(url, { name, adminEmail: `admin@${name}.bench`, at: start });
  const clock = new SimulatedClock(start);
  const engine = new Engine(openPgStore(SyncConnection.open(url, { sqliteValues: true }), orgId), clock);
  // Enough for every hour of the month at tier L, so no deployment pauses for want of credits.
  await engine.createCoupon({ code: 'BENCH', credits: DEPLOYMENTS * 31 * 24 * 400 });
  await engine.redeemCoupon('BENCH');
  for (let i = 0; i < DEPLOYMENTS; i++) {
    const d = await engine.createDeployment({ name: `bench-${i + 1}`, model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: TIERS[i % 3]! });
    await engine.startDeployment(d.id);
  }
  return { orgId, token, engine, clock };
}

/**
 * Two orgs built the same way: 50 deployments started 30 days ago (their
 * first hour charged at the start). The engine's `settle()` catches one up
 * to now on the PostgreSQL store (36,000 charges, each its own transaction
 * with the org's row lock, as a server does); the other gets the same rows
 * through a raw multi-row INSERT in one transaction on an async `pg` client
 * (same table, indexes and chain trigger). The first org stays settled up to
 * now (the real clock), for the `status` load that follows.
 */
export async function benchPgCatchUp(url: string): Promise<PgCatchUpFigures> {
  const now = Date.now();
  // A minute past the 720th hour's start: 720 hours due after the first of each of the 50 → 36,000 charges.
  const start = now - 30 * DAY_MS - 60_000;
  const a = await orgWithDeployments(url, 'catchup', start);
  const b = await orgWithDeployments(url, 'rawinsert', start);
  try {
    a.clock.set(now);
    const t0 = performance.now();
    const report = await a.engine.settle();
    const catchUpMs = performance.now() - t0;

    // The same hours for the raw org: every hour after each deployment's first, up to now, in time order.
    const deployments = b.engine.deployments.list();
    const prices = new Map(deployments.map((d) => [d.id, b.engine.catalog.priceAt(d.tier, start)]));
    const rows: { deploymentId: number; hourStart: number; price: number; name: string; tier: string }[] = [];
    for (const d of deployments)
      for (let h = start + HOUR_MS; h < now; h += HOUR_MS)
        rows.push({ deploymentId: d.id, hourStart: h, price: prices.get(d.id)!, name: d.name, tier: d.tier });
    rows.sort((x, y) => x.hourStart - y.hourStart || x.deploymentId - y.deploymentId);
    progress(`catch-up: ${report.charged.length} charges in ${Math.round(catchUpMs)} ms`);
    if (rows.length !== report.charged.length) throw new Error(`the engine charged ${report.charged.length} hours, the baseline has ${rows.length}`);
    b.engine.close();

    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    let rawInsertMs: number;
    try {
      await raw.query('BEGIN');
      await raw.query("SELECT set_config('burnrate.org_id', $1, true)", [String(b.orgId)]);
      const acc = (await raw.query('SELECT balance, last_seq FROM ledger_accounts WHERE org_id = burnrate_org() FOR UPDATE')).rows[0] as {
        balance: string;
        last_seq: string;
      };
      let balance = Number(acc.balance);
      let seq = Number(acc.last_seq);
      const t1 = performance.now();
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
        const params: unknown[] = [];
        const values = chunk.map((r) => {
          const before = balance;
          balance -= r.price;
          seq += 1;
          const p = params.length;
          params.push(
            seq,
            -r.price,
            before,
            balance,
            `charge:${r.deploymentId}:${r.hourStart}`,
            `deployment:${r.deploymentId}`,
            r.deploymentId,
            r.hourStart,
            r.hourStart,
            `${r.name} — GPU ${r.tier}, 1 hour`,
          );
          return `('charge', ${Array.from({ length: 10 }, (_, k) => `$${p + k + 1}`).join(', ')})`;
        });
        await raw.query(
          `INSERT INTO ledger_entries (kind, seq, credits, balance_before, balance_after, idempotency_key, reference, deployment_id, hour_start, at, description) VALUES ${values.join(', ')}`,
          params,
        );
      }
      await raw.query('COMMIT');
      rawInsertMs = performance.now() - t1;
    } finally {
      await raw.end();
    }
    return { charges: rows.length, catchUpMs, rawInsertMs, orgId: a.orgId, token: a.token, settledAt: now };
  } finally {
    a.engine.close();
    if (b.engine.db.open) b.engine.close();
  }
}
