import type { Migration } from '../migrate.js';

/**
 * Auto-refill's settings and state move from three JSON values in `settings`
 * (`payments.refill`, `payments.refill.state`, `payments.refill.owed`) to one
 * typed row whose CHECKs hold the bounds (payments/refill-settings.ts names
 * the same ones for the app's messages; a test keeps the two equal). A stored
 * value is copied only when it would have been read before — the old reader
 * fell back to the defaults for a value its schema rejected, so an unreadable
 * one becomes the defaults here too instead of failing the upgrade. The old
 * keys are removed.
 */
export const migration010: Migration = {
  version: 10,
  name: 'auto-refill-table',
  sql: `
CREATE TABLE auto_refill (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
  threshold_credits INTEGER NOT NULL DEFAULT 500 CHECK (threshold_credits BETWEEN 1 AND 100000000),
  amount_credits INTEGER NOT NULL DEFAULT 2000 CHECK (amount_credits BETWEEN 100 AND 1000000),
  card_id TEXT CHECK (card_id IS NULL OR length(card_id) >= 1),
  max_per_day INTEGER NOT NULL DEFAULT 3 CHECK (max_per_day BETWEEN 1 AND 24),
  monthly_limit_credits INTEGER CHECK (monthly_limit_credits IS NULL OR monthly_limit_credits BETWEEN 100 AND 1000000000),
  owed INTEGER NOT NULL DEFAULT 0 CHECK (owed IN (0, 1)),
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_at INTEGER,
  needs_action TEXT,
  cap_notified_at INTEGER,
  capped_at INTEGER
) STRICT;

INSERT INTO auto_refill (id) VALUES (1);

UPDATE auto_refill SET
  enabled = json_extract(s.value, '$.enabled'),
  threshold_credits = json_extract(s.value, '$.thresholdCredits'),
  amount_credits = json_extract(s.value, '$.amountCredits'),
  card_id = json_extract(s.value, '$.cardId'),
  max_per_day = json_extract(s.value, '$.maxPerDay'),
  monthly_limit_credits = json_extract(s.value, '$.monthlyLimitCredits')
FROM (SELECT value FROM settings WHERE key = 'payments.refill') AS s
WHERE json_type(s.value, '$.enabled') IN ('true', 'false')
  AND json_type(s.value, '$.thresholdCredits') = 'integer' AND json_extract(s.value, '$.thresholdCredits') BETWEEN 1 AND 100000000
  AND json_type(s.value, '$.amountCredits') = 'integer' AND json_extract(s.value, '$.amountCredits') BETWEEN 100 AND 1000000
  AND (json_type(s.value, '$.cardId') = 'null' OR (json_type(s.value, '$.cardId') = 'text' AND length(json_extract(s.value, '$.cardId')) >= 1))
  AND json_type(s.value, '$.maxPerDay') = 'integer' AND json_extract(s.value, '$.maxPerDay') BETWEEN 1 AND 24
  AND (json_type(s.value, '$.monthlyLimitCredits') = 'null'
    OR (json_type(s.value, '$.monthlyLimitCredits') = 'integer' AND json_extract(s.value, '$.monthlyLimitCredits') BETWEEN 100 AND 1000000000));

UPDATE auto_refill SET
  failures = json_extract(s.value, '$.failures'),
  last_failure_at = json_extract(s.value, '$.lastFailureAt'),
  needs_action = json_extract(s.value, '$.needsAction'),
  cap_notified_at = json_extract(s.value, '$.capNotifiedAt'),
  capped_at = json_extract(s.value, '$.cappedAt')
FROM (SELECT value FROM settings WHERE key = 'payments.refill.state') AS s
WHERE json_type(s.value, '$.failures') = 'integer' AND json_extract(s.value, '$.failures') >= 0
  AND json_type(s.value, '$.lastFailureAt') IN ('null', 'integer')
  AND json_type(s.value, '$.needsAction') IN ('null', 'text')
  AND json_type(s.value, '$.capNotifiedAt') IN ('null', 'integer')
  AND ifnull(json_type(s.value, '$.cappedAt'), 'null') IN ('null', 'integer');

UPDATE auto_refill SET owed = 1
WHERE (SELECT json_type(value) FROM settings WHERE key = 'payments.refill.owed') = 'true';

DELETE FROM settings WHERE key IN ('payments.refill', 'payments.refill.state', 'payments.refill.owed');
`,
};
