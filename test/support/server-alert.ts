import type { SyncConnection } from '../../main/stores/postgres/sync-connection.js';

/** Raises a low-balance alert for an org straight in the server's database, as its scheduler would while nobody is connected. */
export function raiseServerAlert(admin: SyncConnection, orgId: number, title: string): void {
  const at = Date.now();
  admin.run(
    `INSERT INTO alerts (org_id, kind, severity, title, message, dedupe_key, at, raised_at) VALUES ($1, 'low_balance', 'warning', $2, 'Add credits soon.', $3, $4, $4)`,
    [orgId, title, `test:${title}`, at],
  );
}
