import type { Clock } from '../../core/clock.js';
import { isRefused, RefusedError } from '../../core/errors.js';
import { DEFAULT_PULL_LIMIT, type SyncPage } from '../../core/team/sync-page.js';
import { checkServerUrl, postServer, type ServerConnection } from '../server-client.js';
import { type AppliedPage, applyPage, otherOrg } from './apply-page.js';
import { openReplicaForPull, peekReplicaState, readReplicaState, removeReplica } from './replica-store.js';

/** What one pull did. */
export interface PullReport extends AppliedPage {
  /** The replica's cursor afterwards (the org's change counter it has caught up to). */
  cursor: number;
  pages: number;
  /** True when the replica was started over (the server's database no longer had its cursor: restored from a backup). */
  rebuilt: boolean;
}

/**
 * Catches the replica in `dataDir` up with the org on the server: pages of
 * changes after its cursor, each applied in its own transaction, until the
 * server has no more (docs/server.md, "The synced replica"). Resumable: a
 * crash keeps every whole page, and the next pull asks from there. When the
 * server answers that the cursor is past its org's last change (its database
 * was restored or replaced), the replica is removed and pulled from the
 * start once. A server that cannot be reached is a ServerUnreachableError
 * (exit 3); nothing is changed then.
 */
export async function pullReplica(conn: ServerConnection, dataDir: string, clock: Clock, limit = DEFAULT_PULL_LIMIT): Promise<PullReport> {
  const state = peekReplicaState(dataDir);
  try {
    return await pullPages(conn, dataDir, clock, limit, false);
  } catch (err) {
    if (!isRefused(err) || err.code !== 'cursor_ahead') throw err;
    // Another org's token has its own, shorter history: that is the wrong folder, not a restored server.
    if (state && err.data?.orgId !== state.orgId) throw otherOrg(state.orgId, err.data?.orgId);
    removeReplica(dataDir);
    return pullPages(conn, dataDir, clock, limit, true);
  }
}

/** Server answers meaning "this server serves no replica" (one built without the route, or a stand-in). */
const NO_SYNC = new Set(['not_available', 'unknown_route']);

/** One page from the server; a server that serves no replica is refused with `sync_unavailable`. */
async function fetchPage(conn: ServerConnection, after: number, limit: number): Promise<SyncPage> {
  const { status, reply } = await postServer(conn, 'sync/pull', { after, limit });
  if ('result' in reply) return reply.result as SyncPage;
  const { code, message, data } = reply.error;
  if (NO_SYNC.has(code))
    throw new RefusedError('sync_unavailable', `the server at ${checkServerUrl(conn.url)} serves no synced replica (sync/pull): ${message}`);
  if (status >= 400 && status < 500) throw new RefusedError(code, message, data);
  throw new Error(`the server at ${checkServerUrl(conn.url)} failed: ${message}`);
}

async function pullPages(conn: ServerConnection, dataDir: string, clock: Clock, limit: number, rebuilt: boolean): Promise<PullReport> {
  const report: PullReport = { ledgerEntries: 0, deployments: 0, alerts: 0, payments: 0, paymentRefunds: 0, usageHours: 0, cursor: 0, pages: 0, rebuilt };
  // The first page is asked for before the replica is made: a server that cannot answer leaves the data folder as it was.
  let page = await fetchPage(conn, peekReplicaState(dataDir)?.cursor ?? 0, limit);
  const db = openReplicaForPull(dataDir);
  try {
    for (;;) {
      // The next page is asked for before this one is applied (its cursor is the page's own), so the
      // server reads page n+1 while this process writes page n: a first sync costs about the larger
      // of the two, not their sum. Nothing depends on the prefetch until this page is applied.
      const next = page.more ? fetchPage(conn, page.cursor, limit) : null;
      if (next) {
        next.catch(() => undefined);
        // One turn of the event loop: the request is only written to the socket then, and applying blocks it.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const applied = applyPage(db, page, conn.url, clock.now());
      for (const k of Object.keys(applied) as (keyof AppliedPage)[]) report[k] += applied[k];
      report.pages++;
      report.cursor = readReplicaState(db)?.cursor ?? 0;
      if (!next) return report;
      page = await next;
    }
  } finally {
    db.close();
  }
}
