import type { SyncConnection } from './sync-connection.js';

/** The catalog a new org starts with: the desktop's defaults (SQLite migration 001). */
const DEFAULT_TIERS = [
  { code: 'S', name: 'GPU S', memoryGb: 24, creditsPerHour: 60 },
  { code: 'M', name: 'GPU M', memoryGb: 48, creditsPerHour: 180 },
  { code: 'L', name: 'GPU L', memoryGb: 160, creditsPerHour: 350 },
] as const;

/**
 * Creates an org with the default catalog and an empty ledger account, in one
 * transaction scoped to the new org (its rows pass the row-level policies);
 * `andThen` adds what else the org must start with (its first admin) in the
 * same transaction. Returns its id.
 */
export function createOrg(conn: SyncConnection, name: string, at: number, andThen?: (orgId: number) => void): number {
  // Inside another transaction the scope set below would outlive this call.
  if (conn.inTransaction) throw new Error('createOrg runs in a transaction of its own');
  return conn.transaction(() => {
    const { id } = conn.get<{ id: number }>('INSERT INTO orgs (name, created_at) VALUES ($1, $2) RETURNING id', [name, at])!;
    // The id is known only now: scope this transaction to it (for this transaction only).
    conn.get("SELECT set_config('burnrate.org_id', $1, true)", [String(id)]);
    for (const t of DEFAULT_TIERS) {
      conn.run('INSERT INTO instance_tiers (code, name, memory_gb) VALUES ($1, $2, $3)', [t.code, t.name, t.memoryGb]);
      conn.run('INSERT INTO instance_tier_prices (code, effective_from, credits_per_hour) VALUES ($1, 0, $2)', [t.code, t.creditsPerHour]);
    }
    conn.run('INSERT INTO ledger_accounts DEFAULT VALUES');
    andThen?.(id);
    return id;
  });
}
