import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../main/core/clock.js';
import { type Db, openDatabase } from '../../main/core/db/open-database.js';
import { chargeSpendBetween, chargeSpendByDay, chargeSpendByDeployment, ensureChargeRollupZone } from '../../main/core/ledger/charge-rollup.js';
import { seeded } from '../support/property-seed.js';

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Europe/Berlin', 'America/Santiago'];
const BASE = Date.UTC(2026, 2, 1);

function seed(db: Db, charges: { dep: number; at: number; credits: number }[]): void {
  const last = db.prepare('SELECT balance_after FROM ledger_entries ORDER BY id DESC LIMIT 1').pluck();
  const ins = db.prepare(
    "INSERT OR IGNORE INTO ledger_entries (kind, credits, balance_after, idempotency_key, deployment_id, hour_start, at) VALUES ('charge', ?, ?, ?, ?, ?, ?)",
  );
  db.transaction(() => {
    for (const c of charges) {
      const bal = (last.get() as number) - c.credits;
      ins.run(-c.credits, bal, `charge:${c.dep}:${c.at}`, c.dep, c.at, c.at);
    }
  })();
}

function fresh(): Db {
  const db = openDatabase(':memory:');
  db.exec(
    "INSERT INTO deployments (id, name, model, params_b, precision, tier, created_at) VALUES (1,'a','m',7,'fp16','S',0),(2,'b','m',7,'fp16','M',0),(3,'c','n',7,'fp16','L',0)",
  );
  db.prepare("INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, at) VALUES ('purchase', 100000000, 100000000, 'p', 0)").run();
  return db;
}

const rawByDep = (db: Db, from: number, to: number) =>
  new Map(
    (
      db
        .prepare("SELECT deployment_id, -SUM(credits), COUNT(*) FROM ledger_entries WHERE kind = 'charge' AND at >= ? AND at < ? GROUP BY deployment_id")
        .raw()
        .all(from, to) as number[][]
    ).map(([id, credits, hours]) => [id!, { credits: credits!, hours: hours! }]),
  );

const charge = fc.record({
  dep: fc.integer({ min: 1, max: 3 }),
  at: fc.integer({ min: BASE, max: BASE + 60 * DAY_MS }),
  credits: fc.integer({ min: 1, max: 500 }),
});

describe('charge rollup (migration 5) equals a scan of the ledger', () => {
  it('for any zone, range and local-day series, before and after the zone changes', () => {
    fc.assert(
      fc.property(
        fc.array(charge, { minLength: 40, maxLength: 200 }),
        fc.array(charge, { minLength: 10, maxLength: 60 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...ZONES),
        fc.integer({ min: BASE - DAY_MS, max: BASE + 61 * DAY_MS }),
        fc.integer({ min: 0, max: 40 * DAY_MS }),
        (before, after, zone, zone2, from, len) => {
          const db = fresh();
          seed(db, before);
          ensureChargeRollupZone(db, zone);
          seed(db, after);
          for (const z of [zone, zone2]) {
            ensureChargeRollupZone(db, z);
            expect(db.prepare('SELECT time_zone FROM rollup_zone').pluck().get()).toBe(z);
            const to = from + len;
            const raw = rawByDep(db, from, to);
            expect(chargeSpendByDeployment(db, from, to)).toEqual(raw);
            expect(chargeSpendBetween(db, from, to)).toBe([...raw.values()].reduce((a, r) => a + r.credits, 0));
            const today = DateTime.fromMillis(from + len, { zone: z }).startOf('day');
            const bounds = Array.from({ length: 32 }, (_, i) => today.minus({ days: 30 - i }).toMillis());
            const series = chargeSpendByDay(db, bounds);
            series.forEach((m, i) => {
              const r = rawByDep(db, bounds[i]!, bounds[i + 1]!);
              expect(m).toEqual(new Map([...r].map(([id, v]) => [id, v.credits])));
            });
          }
          db.close();
        },
      ),
      seeded({ numRuns: 60 }),
    );
  });

  it('keeps up with charges appended by the engine path (the trigger) across DST changes', () => {
    const db = fresh();
    ensureChargeRollupZone(db, 'Europe/Berlin');
    const charges = Array.from({ length: 24 * 40 }, (_, h) => ({ dep: 1 + (h % 3), at: BASE + 20 * DAY_MS + h * HOUR_MS, credits: 60 }));
    seed(db, charges);
    const rows = db.prepare('SELECT SUM(hours) FROM charge_rollup_daily').pluck().get();
    expect(rows).toBe(charges.length);
    const from = DateTime.fromMillis(BASE, { zone: 'Europe/Berlin' }).startOf('month').toMillis();
    const to = BASE + 70 * DAY_MS;
    expect(chargeSpendBetween(db, from, to)).toBe(60 * charges.length);
    db.close();
  });
});
