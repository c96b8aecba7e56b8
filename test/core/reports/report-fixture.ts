import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DAY_MS, HOUR_MS, SimulatedClock } from '../../../main/core/clock.js';
import type { Engine } from '../../../main/core/engine.js';
import type { DAILY_COLUMNS } from '../../../main/core/reports/daily-csv.js';
import type { TRANSACTION_COLUMNS } from '../../../main/core/reports/transactions-csv.js';
import type { EntryKind } from '../../../main/core/ledger/entry-types.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { timeZoneSchema } from '../../../main/core/settings/engine-settings.js';
import { parseCsv, parseCsvRecords } from '../../support/csv.js';
import { grantCredits, spec, tempDir } from '../../support/engine-fixture.js';

/** Scenario start: 2026-03-27 20:00 UTC, two days before Berlin's spring-forward (a 23-hour day). */
export const START = Date.parse('2026-03-27T20:00:00Z');
export const ZONE = 'Europe/Berlin';

/** A built ledger on a file database (so exports use their own read snapshot). */
export interface ReportWorld {
  services: Services;
  engine: Engine;
  clock: SimulatedClock;
  dataDir: string;
  outDir: string;
  purchases: string[];
  refills: string[];
}

/** Appends a paid purchase or refill the way the payments module records one. */
export function recordPayment(engine: Engine, kind: 'purchase' | 'refill', credits: number, ref: string): void {
  engine.db.transaction(() =>
    engine.ledger.append({
      kind,
      credits,
      idempotencyKey: `payment:${ref}`,
      reference: ref,
      at: engine.now(),
      description: `${kind === 'refill' ? 'Auto-refill' : 'Purchase'} of ${credits} credits`,
    }),
  )();
}

/** Appends any other entry (refund, reversal, adjustment) at the clock's reading. */
export function recordEntry(engine: Engine, kind: EntryKind, credits: number, ref: string | null, description: string): void {
  engine.db.transaction(() =>
    engine.ledger.append({ kind, credits, idempotencyKey: `${kind}:${ref ?? description}:${engine.now()}`, reference: ref, at: engine.now(), description }),
  )();
}

/**
 * Builds, through the real engine, about a week of Berlin-time activity that
 * crosses a DST change and a month end: purchases, a refill, a coupon, two
 * deployments charged hourly (one paused midway), a refund, a reversal and
 * an adjustment whose description needs CSV quoting.
 */
export async function buildWorld(): Promise<ReportWorld> {
  const dataDir = tempDir('burnrate-reports-');
  const outDir = tempDir('burnrate-reports-out-');
  const clock = new SimulatedClock(START);
  const services = await openServices({ dataDir, clock });
  const engine = services.engine;
  engine.settings.set('app.timeZone', timeZoneSchema, ZONE);
  recordPayment(engine, 'purchase', 20_000, 'pi_test_1');
  await grantCredits(engine, 5_000, 'WELCOME');
  const a = await engine.createDeployment(spec({ name: 'llama-8b', tier: 'S' }));
  const b = await engine.createDeployment(spec({ name: 'qwen-72b, "big"', model: 'qwen-2-72b', paramsB: 72, tier: 'L' }));
  await engine.startDeployment(a.id);
  clock.advance(HOUR_MS + 17 * 60_000);
  await engine.startDeployment(b.id);
  clock.advance(13 * HOUR_MS);
  await engine.pauseDeployment(b.id);
  clock.advance(2 * DAY_MS);
  await engine.settle();
  recordPayment(engine, 'refill', 2_000, 'pi_test_2');
  recordEntry(engine, 'refund', -500, 're_test_1', 'Refund of unused credits');
  clock.advance(DAY_MS + 3 * HOUR_MS);
  await engine.settle();
  recordEntry(engine, 'adjustment', 42, null, 'Goodwill, "sorry", for downtime');
  recordEntry(engine, 'reversal', -42, 'adj', 'Reversal of goodwill');
  clock.advance(2 * DAY_MS);
  await engine.settle();
  recordPayment(engine, 'purchase', 1_234, 'pi_test_3');
  clock.advance(5 * HOUR_MS);
  await engine.settle();
  return { services, engine, clock, dataDir, outDir, purchases: ['pi_test_1', 'pi_test_3'], refills: ['pi_test_2'] };
}

/** Closes the world and removes its folders. */
export async function dropWorld(w: ReportWorld): Promise<void> {
  await w.services.close();
  fs.rmSync(w.dataDir, { recursive: true, force: true });
  fs.rmSync(w.outDir, { recursive: true, force: true });
}

/** One SQL figure from the ledger. */
export function sql(engine: Engine, query: string, ...params: unknown[]): number {
  return engine.db
    .prepare(query)
    .pluck()
    .get(...params) as number;
}

/** Every column name either CSV export has. */
type CsvColumn = (typeof TRANSACTION_COLUMNS)[number] | (typeof DAILY_COLUMNS)[number];

/** Reads a CSV file back as records keyed by header. */
export function readCsv(file: string): Record<CsvColumn, string>[] {
  return parseCsvRecords<CsvColumn>(fs.readFileSync(file, 'utf8'));
}

/** Reads a CSV file back as raw rows, header first. */
export function readCsvRows(file: string): string[][] {
  return parseCsv(fs.readFileSync(file, 'utf8'));
}

/** A PDF's text, laid out, through poppler's pdftotext. */
export function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

/** Files left in a folder (to prove a refused or failed export left nothing). */
export function filesIn(dir: string): string[] {
  return fs.readdirSync(dir).map((f) => path.basename(f));
}

/** A whole number printed with thousands separators ("-1,234") back to a number. */
export function num(text: string): number {
  return Number(text.replace(/[,+]/g, ''));
}
