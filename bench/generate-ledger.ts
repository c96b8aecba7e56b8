import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOUR_MS, MINUTE_MS } from '../main/core/clock.js';
import { migrationChecksum } from '../main/core/db/migrate.js';
import { ENGINE_MIGRATIONS } from '../main/core/db/migrations/index.js';
import { openDatabase } from '../main/core/db/open-database.js';

/** Bumped whenever the generated data changes shape, so a cached ledger is rebuilt. */
const GENERATOR_VERSION = 2;

/** The shape of the generated ledger and the instants the benchmarks use. */
export interface BenchLedger {
  file: string;
  entries: number;
  deployments: number;
  /** First entry (the opening purchase). */
  start: number;
  /** A reading at which everything is settled and nothing is due. */
  settledAt: number;
  /** When each deployment's next hour falls due (all running). */
  nextDue: number[];
  /** Hourly price of each deployment's tier. */
  prices: number[];
  generateMs: number;
  cached: boolean;
}

export interface GenerateOptions {
  entries?: number;
  deployments?: number;
  days?: number;
  fresh?: boolean;
  dir?: string;
}

const TIERS = [
  { code: 'S', price: 60 },
  { code: 'M', price: 180 },
  { code: 'L', price: 350 },
] as const;
const MODELS = ['llama-3-8b', 'llama-3-70b', 'mistral-7b', 'qwen-2-72b', 'mixtral-8x7b'];

/**
 * Builds (or reuses from the cache) a ledger of `entries` rows: every
 * deployment charged every hour for `days` days on its own session grid,
 * refills interleaved to fill up the count, all through raw prepared
 * INSERTs in one transaction. The rows satisfy every trigger: the balance
 * chain, one charge per (deployment, hour), non-negative balance.
 */
export function generateLedger(opts: GenerateOptions = {}): BenchLedger {
  const entries = opts.entries ?? 1_000_000;
  const deployments = opts.deployments ?? 50;
  const days = opts.days ?? 730;
  const hours = days * 24;
  const charges = hours * deployments;
  const refills = entries - 1 - charges;
  if (refills < 0) throw new Error(`${entries} entries cannot hold ${charges} charges: use fewer days or deployments`);

  const start = Date.UTC(2024, 10, 25);
  const anchor = (d: number) => start + d * MINUTE_MS;
  const prices = Array.from({ length: deployments }, (_, d) => TIERS[d % TIERS.length]!.price);
  const nextDue = prices.map((_, d) => anchor(d) + hours * HOUR_MS);
  const settledAt = start + hours * HOUR_MS - 1;

  const schema = ENGINE_MIGRATIONS.map(migrationChecksum).join(',');
  const hash = createHash('sha256').update(`${GENERATOR_VERSION}:${entries}:${deployments}:${days}:${schema}`).digest('hex').slice(0, 16);
  const dir = opts.dir ?? path.join(os.tmpdir(), 'burnrate-bench');
  const file = path.join(dir, `ledger-${hash}.db`);
  const base = { file, entries, deployments, start, settledAt, nextDue, prices };
  if (!opts.fresh && fs.existsSync(file)) return { ...base, generateMs: 0, cached: true };

  const t0 = performance.now();
  fs.mkdirSync(dir, { recursive: true });
  const tmpDir = fs.mkdtempSync(path.join(dir, 'gen-'));
  openDatabase(tmpDir).close();
  const db = new Database(path.join(tmpDir, 'burnrate.db'));
  // Generation only: the file is thrown away if this process dies.
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -400000');
  fillLedger(db, { start, hours, deployments, refills, anchor, prices });
  db.pragma('journal_mode = WAL');
  db.close();
  fs.renameSync(path.join(tmpDir, 'burnrate.db'), file);
  fs.rmSync(tmpDir, { recursive: true, force: true });
  return { ...base, generateMs: performance.now() - t0, cached: false };
}

interface FillPlan {
  start: number;
  hours: number;
  deployments: number;
  refills: number;
  anchor: (d: number) => number;
  prices: number[];
}

function fillLedger(db: Database.Database, p: FillPlan): void {
  const insDep = db.prepare(
    "INSERT INTO deployments (id, name, model, params_b, precision, tier, state, next_charge_at, paid_until, created_at) VALUES (?, ?, ?, ?, 'fp16', ?, 'running', ?, ?, ?)",
  );
  const insEvent = db.prepare("INSERT INTO deployment_events (deployment_id, at, from_state, to_state, reason) VALUES (?, ?, 'created', 'running', 'user')");
  const insEntry = db.prepare(
    'INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, reference, deployment_id, hour_start, at, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const names = Array.from({ length: p.deployments }, (_, d) => `bench-${d + 1} — GPU ${TIERS[d % TIERS.length]!.code}, 1 hour`);
  db.transaction(() => {
    for (let d = 0; d < p.deployments; d++) {
      const next = p.anchor(d) + p.hours * HOUR_MS;
      insDep.run(d + 1, `bench-${d + 1}`, MODELS[d % MODELS.length], 7 + d, TIERS[d % TIERS.length]!.code, next, next, p.start);
      insEvent.run(d + 1, p.anchor(d));
    }
    let balance = 1_000_000;
    insEntry.run('purchase', balance, balance, 'purchase:bench-opening', 'pi_bench_opening', null, null, p.start, 'Opening purchase');
    const total = p.hours * p.deployments;
    let refillsDone = 0;
    let i = 0;
    for (let h = 0; h < p.hours; h++) {
      for (let d = 0; d < p.deployments; d++, i++) {
        const hourStart = p.anchor(d) + h * HOUR_MS;
        const price = p.prices[d]!;
        balance -= price;
        insEntry.run('charge', -price, balance, `charge:${d + 1}:${hourStart}`, `deployment:${d + 1}`, d + 1, hourStart, hourStart, names[d]);
        // Refills spread evenly through the charges make up the entry count.
        const due = Math.floor(((i + 1) * p.refills) / total);
        while (refillsDone < due) {
          refillsDone++;
          balance += 2000;
          insEntry.run('refill', 2000, balance, `refill:bench-${refillsDone}`, `pi_bench_${refillsDone}`, null, null, hourStart, 'Auto-refill 2,000 credits');
        }
      }
    }
  })();
}

/** Copies the generated ledger into a fresh folder as burnrate.db; returns the folder. */
export function copyLedger(src: string, label: string): string {
  const dir = fs.mkdtempSync(path.join(path.dirname(src), `${label}-`));
  fs.copyFileSync(src, path.join(dir, 'burnrate.db'));
  return dir;
}
