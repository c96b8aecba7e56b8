// A separate process for the PostgreSQL concurrency tests (bundled by the test, run with node):
// the synchronous connection blocks its thread, so concurrent writers must be processes.
// argv[2] is a JSON job; the result is one JSON line on stdout.
import { appendOrgEntry, lockOrgBalance } from '../../../../main/stores/postgres/ledger-append.js';
import { runPgMigrations } from '../../../../main/stores/postgres/migrate.js';
import { SERVER_MIGRATIONS } from '../../../../main/stores/postgres/migrations/index.js';
import { SyncConnection } from '../../../../main/stores/postgres/sync-connection.js';

export type ChildJob =
  { op: 'migrate'; url: string } | { op: 'append'; url: string; orgId: number; mode: 'lock' | 'serializable'; name: string; count: number; sharedKeys: number };

export interface AppendResult {
  appended: string[];
  tries: number;
}

/** Appends `count` entries of its own and tries `sharedKeys` keys every writer tries; reports what it stored. */
function append(conn: SyncConnection, job: Extract<ChildJob, { op: 'append' }>): AppendResult {
  const appended: string[] = [];
  let tries = 0;
  const keys = [...Array.from({ length: job.count }, (_, i) => `${job.name}-${i}`), ...Array.from({ length: job.sharedKeys }, (_, i) => `shared-${i}`)];
  keys.forEach((key, i) => {
    // Mostly purchases, every third entry a debit the balance can always cover (each writer only spends what it added).
    const credits = i % 3 === 2 ? -2 : 5;
    const stored = conn.transaction(
      () => {
        tries += 1;
        if (job.mode === 'lock') lockOrgBalance(conn);
        if (conn.get('SELECT 1 FROM ledger_entries WHERE idempotency_key = $1', [key])) return false;
        if (job.mode === 'lock') {
          appendOrgEntry(conn, { kind: credits > 0 ? 'purchase' : 'adjustment', credits, idempotencyKey: key, at: 1_700_000_000_000 + i });
        } else {
          // Serializable: no lock, a plain read; a concurrent writer makes one of the two fail and retry.
          const { balance } = conn.get<{ balance: number }>('SELECT balance FROM ledger_accounts')!;
          conn.run(`INSERT INTO ledger_entries (kind, credits, balance_before, balance_after, idempotency_key, at) VALUES ($1, $2, $3, $4, $5, $6)`, [
            credits > 0 ? 'purchase' : 'adjustment',
            credits,
            balance,
            balance + credits,
            key,
            1_700_000_000_000 + i,
          ]);
        }
        return true;
      },
      { orgId: job.orgId, isolation: job.mode === 'lock' ? 'read committed' : 'serializable', retries: 50 },
    );
    if (stored) appended.push(key);
  });
  return { appended, tries };
}

const job = JSON.parse(process.argv[2]!) as ChildJob;
const conn = SyncConnection.open(job.url);
try {
  const result = job.op === 'migrate' ? { applied: runPgMigrations(conn, SERVER_MIGRATIONS) } : append(conn, job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ error: String((err as Error).message) })}\n`);
  process.exitCode = 1;
} finally {
  conn.close();
}
