import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { SimulatedClock } from '../main/core/clock.js';
import { Engine } from '../main/core/engine.js';
import { basicStatus } from '../main/core/engine-status.js';
import { ensureChargeRollupZone } from '../main/core/ledger/charge-rollup.js';
import { readForecastInput } from '../main/core/insights/forecast-inputs.js';
import { computeRunway } from '../main/core/insights/runway.js';
import { timeZoneSchema } from '../main/core/settings/engine-settings.js';
import { copyLedger, type BenchLedger } from './generate-ledger.js';
import { medianMs, timeOnce } from './measure.js';
import { loadSnapshot } from './snapshot-loader.js';

/** Read-path figures on the big ledger, each with the raw-SQL baseline measured alongside. */
export interface StatusFigures {
  statusMs: number;
  rawSumScanMs: number;
  snapshotMs: number;
  snapshotSource: string;
  coldStartMs: number;
  rawOpenMs: number;
  /** The snapshot with the user's zone set to America/New_York (rollup rebuilt for it first). */
  snapshotNyMs: number;
  rollupRebuildMs: number;
  /** The runway walk alone (part of the snapshot): every upcoming charge up to the 90-day horizon. */
  runwayMs: number;
}

/**
 * Times the CLI's `status` path (settle with nothing due + basicStatus), the
 * dashboard snapshot and a cold open, against a raw SUM scan and a raw open.
 */
export async function benchStatus(ledger: BenchLedger, runs: number): Promise<StatusFigures> {
  const dir = copyLedger(ledger.file, 'status');
  try {
    const snap = await loadSnapshot();
    const engine = Engine.open({ dataDir: dir, clock: new SimulatedClock(ledger.settledAt) });
    // Day and month boundaries in UTC unless a run sets otherwise, so figures compare across machines.
    engine.settings.set('app.timeZone', timeZoneSchema, 'UTC');
    const report = await engine.settle();
    if (report.charged.length !== 0) throw new Error(`the generated ledger was not settled: ${report.charged.length} charges fell due`);
    const statusMs = await medianMs(
      async () => {
        await engine.settle();
        return basicStatus(engine);
      },
      runs,
      3,
    );
    const snapshotMs = await medianMs(() => snap.run(engine), runs, 3);
    const input = readForecastInput(engine);
    const runwayMs = await medianMs(() => computeRunway(input), runs, 3);
    const sumStmt = engine.db.prepare('SELECT SUM(credits) FROM ledger_entries').pluck();
    const rawSumScanMs = await medianMs(() => sumStmt.get(), Math.max(3, Math.ceil(runs / 4)), 1);
    engine.settings.set('app.timeZone', timeZoneSchema, 'America/New_York');
    const rebuild = await timeOnce(() => ensureChargeRollupZone(engine.db, 'America/New_York'));
    const snapshotNyMs = await medianMs(() => snap.run(engine), runs, 3);
    engine.settings.set('app.timeZone', timeZoneSchema, 'UTC');
    ensureChargeRollupZone(engine.db, 'UTC');
    engine.close();

    const file = path.join(dir, 'burnrate.db');
    const coldStartMs = await medianMs(
      async () => {
        const e = Engine.open({ dataDir: dir, clock: new SimulatedClock(ledger.settledAt) });
        await e.settle();
        await snap.run(e);
        e.close();
      },
      5,
      1,
    );
    const rawOpenMs = await medianMs(
      () => {
        const db = new Database(file);
        db.prepare('SELECT balance_after FROM ledger_entries ORDER BY id DESC LIMIT 1').get();
        db.close();
      },
      5,
      1,
    );
    return { statusMs, rawSumScanMs, snapshotMs, snapshotSource: snap.source, coldStartMs, rawOpenMs, snapshotNyMs, rollupRebuildMs: rebuild.ms, runwayMs };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
