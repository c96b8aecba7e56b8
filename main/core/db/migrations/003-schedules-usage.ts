import type { Migration } from '../migrate.js';

/**
 * Pause schedules (with the next edge stored, so the settle loop finds it by
 * index), request counts per deployment-hour, Prometheus scrape targets, and a
 * covering index so spend by day and deployment is read from the index alone.
 */
export const migration003: Migration = {
  version: 3,
  name: 'schedules-usage',
  sql: `
CREATE TABLE deployment_schedules (
  deployment_id INTEGER PRIMARY KEY REFERENCES deployments(id),
  time_zone TEXT NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  windows TEXT NOT NULL CHECK (json_valid(windows) AND json_array_length(windows) > 0),
  next_edge_at INTEGER,
  next_edge_kind TEXT CHECK (next_edge_kind IN ('pause', 'resume')),
  updated_at INTEGER NOT NULL,
  CHECK ((next_edge_at IS NULL) = (next_edge_kind IS NULL))
) STRICT;
CREATE INDEX deployment_schedules_next_edge ON deployment_schedules (next_edge_at) WHERE next_edge_at IS NOT NULL;

CREATE TABLE usage_hours (
  deployment_id INTEGER NOT NULL REFERENCES deployments(id),
  hour_start INTEGER NOT NULL CHECK (hour_start % 3600000 = 0),
  requests INTEGER NOT NULL CHECK (requests >= 0),
  source TEXT NOT NULL CHECK (source IN ('import', 'scrape')),
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (deployment_id, hour_start)
) STRICT;
CREATE INDEX usage_hours_by_hour ON usage_hours (hour_start);

CREATE TABLE usage_scrape_targets (
  deployment_id INTEGER PRIMARY KEY REFERENCES deployments(id),
  url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
  last_value REAL,
  last_at INTEGER,
  last_error TEXT
) STRICT;

CREATE INDEX ledger_charges_by_at ON ledger_entries (at, deployment_id, credits) WHERE kind = 'charge';
`,
};
