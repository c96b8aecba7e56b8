import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { systemClock } from '../core/clock.js';
import type { ConnectionHolder } from '../stores/postgres/connection-holder.js';
import { ServerPaymentsSync } from './server-payments-sync.js';
import { ServerUsageScrape } from './server-usage-scrape.js';
import type { OrgServices } from './server-services.js';

/** How often each server process looks for due hours, by default (every due hour is then settled within a minute). */
export const DEFAULT_TICK_MS = 15_000;

/** How long a lease lasts without renewal: several ticks, so a live holder keeps it and a dead one loses it within a minute. */
const leaseMs = (tickMs: number) => Math.max(3 * tickMs, 1_000);

export interface SchedulerOptions {
  /** The server's own connection (orgs and leases; never an org's engine connection). */
  db: ConnectionHolder;
  orgs: OrgServices;
  /** Milliseconds between ticks (default 15 s; tests pass less). */
  tickMs?: number;
  /** Milliseconds between an org's usage scrapes (default a minute; tests pass less). */
  scrapeEveryMs?: number;
  log: (line: string) => void;
}

/** A running scheduler. */
export interface Scheduler {
  /** This process's name in the lease table. */
  holder: string;
  /** One pass now: settles every org whose lease this process holds or takes (tests and the first pass). */
  tick(): Promise<void>;
  /** Stops ticking, waits for a pass in flight, and gives its leases up so another process takes over at once. */
  stop(): Promise<void>;
}

/**
 * Takes or renews the org's lease for `holder`; true when this process holds
 * it now. One statement: it inserts the lease, or replaces it only when it has
 * expired or is already ours, so of two processes asking at once one wins.
 */
export function takeLease(db: ConnectionHolder, orgId: number, holder: string, ms: number): boolean {
  return db.use((conn) =>
    conn.transaction(
      () =>
        conn.get(
          `INSERT INTO scheduler_leases (org_id, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
           ON CONFLICT (org_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
           WHERE scheduler_leases.expires_at < now() OR scheduler_leases.holder = EXCLUDED.holder
           RETURNING holder`,
          [orgId, holder, ms],
        ) !== undefined,
      { orgId },
    ),
  );
}

/** Gives up the leases `holder` has (a clean stop). */
function releaseLeases(db: ConnectionHolder, orgIds: number[], holder: string): void {
  for (const orgId of orgIds) {
    db.use((conn) => conn.transaction(() => conn.run('DELETE FROM scheduler_leases WHERE org_id = $1 AND holder = $2', [orgId, holder]), { orgId }));
  }
}

/**
 * The server's own charging: every tick it walks the orgs and settles each
 * one whose lease it holds (taking free or expired leases), on the machine's
 * clock, with nobody connected. Settling runs the engine's settle loop — due
 * hours, schedule edges, idle pauses, alerts and the auto-refill it triggers —
 * exactly as a request would — then syncs the org's payments with the gateway
 * when due (server-payments-sync.ts) and scrapes its deployments' metrics when
 * due (server-usage-scrape.ts). The lease is an efficiency and a "one process
 * at a time" rule: even two processes settling one org at once could not
 * charge an hour twice (the org's write lock and the one-charge-per-hour index).
 */
export function startScheduler(opts: SchedulerOptions): Scheduler {
  const tickMs = opts.tickMs ?? DEFAULT_TICK_MS;
  const holder = `${os.hostname().slice(0, 100)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const held = new Set<number>();
  const paymentsSync = new ServerPaymentsSync(opts.orgs, opts.log);
  const usageScrape = new ServerUsageScrape(opts.orgs, opts.log, opts.scrapeEveryMs);
  let running: Promise<void> | null = null;
  let stopped = false;

  async function pass(): Promise<void> {
    let orgIds: number[];
    try {
      orgIds = opts.db.use((conn) => conn.all<{ id: number }>('SELECT id FROM orgs ORDER BY id')).map((r) => Number(r.id));
    } catch (err) {
      return opts.log(`[burnrate server] scheduler: cannot list orgs: ${err instanceof Error ? err.message : String(err)}`);
    }
    for (const orgId of orgIds) {
      if (stopped) return;
      try {
        if (!takeLease(opts.db, orgId, holder, leaseMs(tickMs))) {
          held.delete(orgId);
          paymentsSync.forget(orgId);
          usageScrape.forget(orgId);
          continue;
        }
        held.add(orgId);
        await opts.orgs.withOrg(orgId, systemClock, async (services) => {
          await services.engine.settle();
          paymentsSync.startIfDue(orgId, services.payments);
          usageScrape.startIfDue(orgId, services.usage);
        });
      } catch (err) {
        await opts.orgs.dropIfLost(orgId).catch(() => undefined);
        opts.log(`[burnrate server] scheduler: settling org ${orgId} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  function tick(): Promise<void> {
    running ??= pass().finally(() => {
      running = null;
    });
    return running;
  }

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  return {
    holder,
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.all([paymentsSync.idle(), usageScrape.idle()]);
      try {
        releaseLeases(opts.db, [...held], holder);
      } catch {
        // They lapse on their own.
      }
    },
  };
}
