// A separate process for the PostgreSQL concurrency tests and bench (bundled by child-process.ts):
// the synchronous connection blocks its thread, so concurrent writers must be processes.
// argv[2] is a JSON job; it prints `ready`, waits for a line on stdin, then prints its result as one JSON line.
import { appendOrgEntry, writeInOrg } from '../../../../main/stores/postgres/ledger-append.js';
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
    const kind = credits > 0 ? 'purchase' : 'adjustment';
    const at = 1_700_000_000_000 + i;
    const stored =
      job.mode === 'lock'
        ? writeInOrg(conn, job.orgId, () => {
            tries += 1;
            if (conn.get('SELECT 1 FROM ledger_entries WHERE idempotency_key = $1', [key])) return false;
            appendOrgEntry(conn, { kind, credits, idempotencyKey: key, at });
            return true;
          })
        : conn.transaction(
            () => {
              tries += 1;
              if (conn.get('SELECT 1 FROM ledger_entries WHERE idempotency_key = $1', [key])) return false;
              // No lock, a plain read: a concurrent writer makes one of the two fail and retry.
              const { balance } = conn.get<{ balance: number }>('SELECT balance FROM ledger_accounts')!;
              conn.run('INSERT INTO ledger_entries (kind, credits, balance_before, balance_after, idempotency_key, at) VALUES ($1, $2, $3, $4, $5, $6)', [
                kind,
                credits,
                balance,
                balance + credits,
                key,
                at,
              ]);
              return true;
            },
            { orgId: job.orgId, isolation: 'serializable', retries: 50 },
          );
    if (stored) appended.push(key);
  });
  return { appended, tries };
}

/** Waits for the parent's go (a line on stdin), so every child starts its work at once. */
async function waitForGo(): Promise<void> {
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => {
    process.stdin.once('data', () => resolve());
    process.stdin.once('end', () => resolve());
  });
}

const job = JSON.parse(process.argv[2]!) as ChildJob;
const conn = SyncConnection.open(job.url);
await waitForGo();
try {
  const result = job.op === 'migrate' ? { applied: runPgMigrations(conn, SERVER_MIGRATIONS) } : append(conn, job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (err) {
  process.stdout.write(`${JSON.stringify({ error: String((err as Error).message) })}\n`);
  process.exitCode = 1;
} finally {
  conn.close();
}
