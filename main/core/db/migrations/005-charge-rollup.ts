import type { Migration } from '../migrate.js';

/**
 * Credits charged per (local day, deployment), kept by a trigger as charges
 * are appended, so month spend and 30-day series read a few hundred rollup
 * rows plus at most a day of entries at each end, never a scan. Local days
 * are in one time zone (rollup_zone), given as its UTC offsets over time
 * (rollup_offsets); the app rebuilds the rollup when the user's zone changes
 * (ledger/charge-rollup.ts). It starts in UTC. The ledger is append-only, so
 * an INSERT trigger is all it needs; existing charges are rolled up here.
 */
export const migration005: Migration = {
  version: 5,
  name: 'charge-rollup',
  sql: `
CREATE TABLE rollup_zone (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  time_zone TEXT NOT NULL,
  -- Bumped on every rebuild so other connections reload the offsets.
  generation INTEGER NOT NULL
) STRICT;
INSERT INTO rollup_zone (id, time_zone, generation) VALUES (1, 'UTC', 1);

-- The zone's UTC offset in force from each instant on (none: offset 0).
CREATE TABLE rollup_offsets (
  from_at INTEGER PRIMARY KEY,
  offset_ms INTEGER NOT NULL CHECK (offset_ms % 60000 = 0 AND abs(offset_ms) <= 86400000)
) STRICT;

CREATE TABLE charge_rollup_daily (
  -- Local day number: floor((at + offset) / 1 day), so day d starts at local midnight d × 1 day.
  local_day INTEGER NOT NULL,
  deployment_id INTEGER NOT NULL,
  -- Sum of the day's charge credits (negative, as in the ledger) and their count.
  credits INTEGER NOT NULL,
  hours INTEGER NOT NULL,
  PRIMARY KEY (local_day, deployment_id)
) STRICT;

CREATE TRIGGER ledger_charge_rollup AFTER INSERT ON ledger_entries WHEN NEW.kind = 'charge'
BEGIN
  INSERT INTO charge_rollup_daily (local_day, deployment_id, credits, hours)
  VALUES ((NEW.at + COALESCE((SELECT offset_ms FROM rollup_offsets WHERE from_at <= NEW.at ORDER BY from_at DESC LIMIT 1), 0)) / 86400000,
          NEW.deployment_id, NEW.credits, 1)
  ON CONFLICT (local_day, deployment_id) DO UPDATE SET credits = credits + excluded.credits, hours = hours + 1;
END;

INSERT INTO charge_rollup_daily (local_day, deployment_id, credits, hours)
SELECT at / 86400000 AS day, deployment_id, SUM(credits), COUNT(*)
FROM ledger_entries WHERE kind = 'charge' GROUP BY 1, 2;
`,
};
