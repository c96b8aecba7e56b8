import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HOUR_MS, MINUTE_MS, SimulatedClock } from '../../main/core/clock.js';
import { Engine } from '../../main/core/engine.js';
import type { NewDeployment } from '../../main/core/deployments/deployment-types.js';
import { sqliteStore, type StoreKind } from './store-factory.js';

/** A Monday 09:00 UTC, the start of every simulated scenario. */
export const T0 = Date.parse('2026-03-02T09:00:00.000Z');

/** An engine on an empty store (an in-memory SQLite ledger unless told) with a simulated clock at T0. */
export function memoryEngine(start = T0, store: StoreKind = sqliteStore): { engine: Engine; clock: SimulatedClock } {
  const clock = new SimulatedClock(start);
  return { engine: new Engine(store.open(), clock), clock };
}

/** A fresh temporary folder for a data dir. */
export function tempDir(prefix = 'burnrate-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Adds credits through a one-off coupon, the only credit path the core has on its own. */
export async function grantCredits(
  engine: Engine,
  credits: number,
  code = `GRANT${engine.ledger.balance()}X${credits}X${Math.random().toString(36).slice(2, 8)}`,
): Promise<void> {
  await engine.createCoupon({ code, credits });
  await engine.redeemCoupon(code);
}

/** A deployment spec on tier S unless told otherwise. */
export function spec(overrides: Partial<NewDeployment> = {}): NewDeployment {
  return { name: 'llama-8b', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S', ...overrides };
}

/** Minutes and hours as ms, for readable scenario tables. */
export const min = (n: number): number => n * MINUTE_MS;
export const hours = (n: number): number => n * HOUR_MS;

/** Hour starts (as offsets from T0 in minutes) of a deployment's charges. */
export function chargeOffsets(engine: Engine, deploymentId: number, start = T0): number[] {
  return (
    engine.db
      .prepare("SELECT hour_start FROM ledger_entries WHERE kind = 'charge' AND deployment_id = ? ORDER BY hour_start")
      .pluck()
      .all(deploymentId) as number[]
  ).map((h) => (h - start) / MINUTE_MS);
}
