import fs from 'node:fs';
import path from 'node:path';
import { type Clock, systemClock } from '../core/clock.js';
import { RefusedError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import type { TokenOwner } from '../core/team/member-directory.js';
import type { Channel, Reply } from '../../preload/contract.js';
import { coreWords, dispatch } from '../host/handlers/dispatch.js';
import { createHandlerTable } from '../host/handlers/handler-table.js';
import type { HandlerContext, HandlerTable } from '../host/handlers/handler-types.js';
import type { ChannelRunner } from '../server/server-host.js';
import { openPgStore } from '../stores/postgres/open-pg-store.js';
import type { PgStore } from '../stores/postgres/pg-store.js';
import { SyncConnection } from '../stores/postgres/sync-connection.js';
import { processOwner } from '../core/control/deployment-control.js';
import { openServices, type ServicesOptions } from './local-services.js';

/**
 * Channels the team server never runs, and why: they act on the machine the
 * server runs on (a browser, a file to download, the stored Stripe key) rather
 * than on the org's ledger. They are refused with `not_on_server`.
 */
export const SERVER_REFUSED_CHANNELS: Readonly<Partial<Record<Channel, string>>> = {
  'shell/openExternal': 'opens a browser on the desktop; the server has none',
  'payments/setMode':
    "the server's payments go through its own gateway (BURNRATE_STRIPE_API / STRIPE_SECRET_KEY where it runs); no key is stored through the API",
  'reports/export': 'writes a file on the desktop; export from the synced replica instead (burnrate export … with --server)',
  'team/status': "is the desktop's own connection to a team server",
  'team/connect': "is the desktop's own connection to a team server",
  'team/disconnect': "is the desktop's own connection to a team server",
};

/** A clock whose reading is the current call's (the request's `--now` on a test-clock server, else the machine's). */
class CallClock implements Clock {
  current: Clock = systemClock;
  now(): Date {
    return this.current.now();
  }
}

interface OrgEntry {
  services: Services;
  store: PgStore;
  clock: CallClock;
}

/**
 * How the server's control outbox claims actions. Its processes run on
 * several machines, so a claim names its process by host, pid and a random
 * boot id (processOwner: a restart that reuses the pid, as pid 1 in a
 * container does, is another owner), its deadline is PostgreSQL's clock (one
 * clock for every machine), and it is taken over only once that deadline has
 * passed: a pid seen on this machine proves nothing about a process on
 * another one with the same hostname. The action's key stays the same, so a
 * takeover still sends one action per state change.
 */
export function serverControlClaims(store: PgStore): NonNullable<ServicesOptions['controlClaims']> {
  return {
    owner: processOwner(),
    isAlive: () => true,
    wallClock: () => store.conn.get<{ ms: number }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS ms')!.ms,
  };
}

/** How the server's per-org engines are opened. */
export interface ServerServicesOptions {
  databaseUrl: string;
  /** Where each org's built-in sandbox keeps its file (`<dir>/org-<id>`), when payments use the sandbox. */
  sandboxDir: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** At most this many orgs' engines (each one PostgreSQL connection) stay open; the least recently used idle one is closed first. */
  maxOpenOrgs?: number;
}

/** How many orgs' engines a process keeps open by default (each holds one PostgreSQL connection). */
export const DEFAULT_MAX_OPEN_ORGS = 32;

/**
 * The team server's composition root for the engine: one Services per org on
 * the PostgreSQL store, opened on first use and kept while it is among the
 * `maxOpenOrgs` most recently used (each holds a connection: an unbounded set
 * would exhaust PostgreSQL's max_connections as orgs grow). Calls for one org
 * run one at a time in this process (each with its own clock); other
 * processes are kept in step by PostgreSQL (the org's write lock, the
 * ledger's constraints). A call that failed on a lost connection closes the
 * org's engine, so the next call opens it again on a fresh connection.
 */
export class OrgServices {
  /** Open engines, least recently used first (a Map keeps insertion order; a use moves its org to the end). */
  private readonly orgs = new Map<number, Promise<OrgEntry>>();
  private readonly queues = new Map<number, Promise<unknown>>();
  private readonly maxOpen: number;
  private closed = false;

  constructor(private readonly opts: ServerServicesOptions) {
    this.maxOpen = Math.max(1, opts.maxOpenOrgs ?? DEFAULT_MAX_OPEN_ORGS);
  }

  /** The orgs whose engines are open now, least recently used first (for tests and the operator's log). */
  openOrgs(): number[] {
    return [...this.orgs.keys()];
  }

  private open(orgId: number): Promise<OrgEntry> {
    let entry = this.orgs.get(orgId);
    if (entry) {
      this.orgs.delete(orgId);
    } else {
      entry = this.openEntry(orgId);
      const opened = entry;
      opened.catch(() => {
        if (this.orgs.get(orgId) === opened) this.orgs.delete(orgId);
      });
    }
    this.orgs.set(orgId, entry);
    this.evictIdle();
    return entry;
  }

  /**
   * Closes the least recently used engines beyond the limit. Only an idle one
   * (no call queued or running for its org) is closed, inside its org's queue,
   * so a call never loses its engine mid-way; a busy one is passed over and
   * closed after a later call, when it is idle. Closing waits for what its
   * deployment control is sending (Services.close), so nothing owed is lost:
   * an action not yet sent stays in the outbox for the next open.
   */
  private evictIdle(): void {
    let over = this.orgs.size - this.maxOpen;
    for (const orgId of [...this.orgs.keys()]) {
      if (over <= 0) return;
      if (this.queues.has(orgId)) continue;
      over -= 1;
      const entry = this.orgs.get(orgId)!;
      this.orgs.delete(orgId);
      this.enqueue(orgId, async () => {
        const e = await entry.catch(() => null);
        await e?.services.close().catch((err: unknown) => this.opts.log(`[burnrate server] closing org ${orgId} failed: ${String(err)}`));
      }).catch(() => undefined);
    }
  }

  private async openEntry(orgId: number): Promise<OrgEntry> {
    const conn = SyncConnection.open(this.opts.databaseUrl, { sqliteValues: true });
    let store: PgStore;
    try {
      store = openPgStore(conn, orgId);
    } catch (err) {
      conn.close();
      throw err;
    }
    const clock = new CallClock();
    const dataDir = path.join(this.opts.sandboxDir, `org-${orgId}`);
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      const services = await openServices({
        dataDir,
        store,
        clock,
        env: this.opts.env,
        // Only here: the server holds the merchant's key for every desktop of the org (a desktop never does).
        liveKeys: true,
        resolvePendingPayments: false,
        controlClaims: serverControlClaims(store),
      });
      return { services, store, clock };
    } catch (err) {
      store.close();
      throw err;
    }
  }

  /**
   * Runs `fn` on the org's services with the clock reading `clock`, after
   * every earlier call for the org in this process has finished.
   */
  withOrg<T>(orgId: number, clock: Clock, fn: (services: Services) => Promise<T>): Promise<T> {
    return this.withEntry(orgId, clock, (entry) => fn(entry.services));
  }

  /**
   * Runs `fn` on the org's own connection (its store's), in turn with the
   * org's other calls in this process: reads that need no engine (sync/pull).
   */
  withStore<T>(orgId: number, fn: (store: PgStore) => T): Promise<T> {
    return this.withEntry(orgId, systemClock, (entry) => Promise.resolve(fn(entry.store)));
  }

  private withEntry<T>(orgId: number, clock: Clock, fn: (entry: OrgEntry) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new RefusedError('server_closing', 'the server is stopping: try again'));
    return this.enqueue(orgId, async () => {
      const entry = await this.open(orgId);
      entry.clock.current = clock;
      try {
        return await fn(entry);
      } catch (err) {
        await this.dropIfLost(orgId, entry);
        throw err;
      } finally {
        entry.clock.current = systemClock;
      }
    });
  }

  /** Runs `task` after every earlier task of the org in this process; once the org's queue empties, engines over the limit are closed. */
  private enqueue<T>(orgId: number, task: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(orgId) ?? Promise.resolve();
    const run = prev.then(task);
    const settled = run.catch(() => undefined);
    this.queues.set(orgId, settled);
    void settled.then(() => {
      if (this.queues.get(orgId) !== settled) return;
      this.queues.delete(orgId);
      if (!this.closed) this.evictIdle();
    });
    return run;
  }

  /** Closes the org's engine when its connection no longer answers (PostgreSQL restarted, the session was ended). */
  async dropIfLost(orgId: number, entry?: OrgEntry): Promise<void> {
    const e = entry ?? (await this.orgs.get(orgId)?.catch(() => undefined));
    if (!e) return;
    try {
      e.store.conn.get('SELECT 1');
      return;
    } catch {
      // Gone: forget it first, so the next call opens a fresh one.
    }
    if ((await this.orgs.get(orgId)?.catch(() => undefined)) === e) this.orgs.delete(orgId);
    await e.services.close().catch(() => undefined);
  }

  /** Waits for calls in flight, then closes every org's engine. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.queues.values()]);
    const entries = await Promise.all([...this.orgs.values()].map((e) => e.catch(() => null)));
    this.orgs.clear();
    for (const e of entries) if (e) await e.services.close().catch((err: unknown) => this.opts.log(`[burnrate server] closing an org failed: ${String(err)}`));
  }
}

/**
 * Serves the handler table for a token's org: the same handlers the desktop
 * and the CLI use (one door), against the org's engine on PostgreSQL. The
 * role was checked by the host before this runs.
 */
export function serverChannelRunner(orgs: OrgServices, version: string, table: HandlerTable = createHandlerTable()): ChannelRunner {
  return {
    async run(owner: TokenOwner, channel: Channel, input: unknown, clock: Clock): Promise<Reply<unknown>> {
      const why = SERVER_REFUSED_CHANNELS[channel];
      if (why) return { error: { code: 'not_on_server', message: `${channel} is not served by the team server: it ${why}` } };
      return orgs.withOrg(owner.orgId, clock, async (services) => {
        const ctx: HandlerContext = { services, transport: 'web', testControls: false, version, host: {} };
        // The core's words: each client adds its own way forward (the CLI its commands, an app its buttons).
        const { reply } = await dispatch(table, ctx, channel, input, coreWords);
        // dispatch turns a lost connection into `internal`: check, so the next call reconnects.
        if ('error' in reply && reply.error.code === 'internal') await orgs.dropIfLost(owner.orgId);
        return reply;
      });
    },
  };
}
