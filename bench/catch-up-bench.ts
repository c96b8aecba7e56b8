import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DAY_MS, HOUR_MS, SimulatedClock } from '../main/core/clock.js';
import { configureConnection } from '../main/core/db/open-database.js';
import { Engine } from '../main/core/engine.js';
import { copyLedger, type BenchLedger } from './generate-ledger.js';

/** Catch-up figures: the engine's settle against raw inserts of the same rows. */
export interface CatchUpFigures {
  catchUpCharges: number;
  catchUp36kMs: number;
  rawInsert36kMs: number;
}

interface DueRow {
  deploymentId: number;
  hourStart: number;
  price: number;
  description: string;
}

/** The instant 30 days after the settled point, and every hour due by then in time order. */
function dueRows(ledger: BenchLedger, days: number, names: Map<number, { name: string; tier: string }>): { now: number; rows: DueRow[] } {
  const now = ledger.settledAt + days * DAY_MS;
  const rows: DueRow[] = [];
  ledger.nextDue.forEach((next, i) => {
    const d = names.get(i + 1)!;
    for (let t = next; t < now; t += HOUR_MS) {
      rows.push({ deploymentId: i + 1, hourStart: t, price: ledger.prices[i]!, description: `${d.name} — GPU ${d.tier}, 1 hour` });
    }
  });
  rows.sort((a, b) => a.hourStart - b.hourStart || a.deploymentId - b.deploymentId);
  return { now, rows };
}

/**
 * A `days`-long catch-up of every running deployment through the real
 * `engine.settle()`, and a raw INSERT of the same rows in one transaction on
 * a copy of the same file (same indexes, triggers and durability pragmas).
 */
export async function benchCatchUp(ledger: BenchLedger, days = 30): Promise<CatchUpFigures> {
  const engineDir = copyLedger(ledger.file, 'catchup');
  const rawDir = copyLedger(ledger.file, 'rawinsert');
  try {
    const clock = new SimulatedClock(ledger.settledAt);
    const engine = Engine.open({ dataDir: engineDir, clock });
    const names = new Map(engine.deployments.list().map((d) => [d.id, { name: d.name, tier: d.tier }]));
    const { now, rows } = dueRows(ledger, days, names);
    await engine.settle();
    clock.set(now);
    const t0 = performance.now();
    const report = await engine.settle();
    const catchUp36kMs = performance.now() - t0;
    if (report.charged.length !== rows.length) throw new Error(`catch-up charged ${report.charged.length} hours, expected ${rows.length}`);
    engine.close();

    const db = new Database(path.join(rawDir, 'burnrate.db'));
    configureConnection(db);
    const ins = db.prepare(
      "INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, reference, deployment_id, hour_start, at, description) VALUES ('charge', ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    let balance = db.prepare('SELECT balance_after FROM ledger_entries ORDER BY id DESC LIMIT 1').pluck().get() as number;
    const t1 = performance.now();
    db.transaction(() => {
      for (const r of rows) {
        balance -= r.price;
        ins.run(
          -r.price,
          balance,
          `charge:${r.deploymentId}:${r.hourStart}`,
          `deployment:${r.deploymentId}`,
          r.deploymentId,
          r.hourStart,
          r.hourStart,
          r.description,
        );
      }
    })();
    const rawInsert36kMs = performance.now() - t1;
    db.close();
    return { catchUpCharges: rows.length, catchUp36kMs, rawInsert36kMs };
  } finally {
    fs.rmSync(engineDir, { recursive: true, force: true });
    fs.rmSync(rawDir, { recursive: true, force: true });
  }
}
