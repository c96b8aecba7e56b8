import type pg from 'pg';
import type { OrgChangeFeed } from '../../core/team/org-change-feed.js';
import { ChangeCoalescer } from '../../core/team/change-coalescer.js';
import type { ConnectionHolder } from './connection-holder.js';

/** The channel migration 010's stamp trigger notifies on. */
export const ORG_CHANGED_CHANNEL = 'burnrate_org_changed';

export interface PgOrgChangesOptions {
  /** postgres://… for the listening connection (never logged). */
  databaseUrl: string;
  /** The process's connection for one-off reads (a stream's first seq). */
  db: ConnectionHolder;
  /** At most one emission per org per this many ms (default 250). */
  coalesceMs?: number;
  /** How often the listening connection is checked with a `SELECT 1` (default 30 s). */
  heartbeatMs?: number;
  log: (line: string) => void;
}

type Listener = (seq: number) => void;

/**
 * An org change feed over PostgreSQL LISTEN/NOTIFY: one listening connection
 * per process, fanned out to every stream of the process. When that
 * connection is lost (PostgreSQL restarted, the network broke, a heartbeat
 * went unanswered) it is opened again with backoff, and then every followed
 * org's seq is read and offered again: a change committed while nobody
 * listened is not missed.
 */
export class PgOrgChanges implements OrgChangeFeed {
  private readonly subs = new Map<number, Set<Listener>>();
  private readonly coalescer: ChangeCoalescer;
  private client: pg.Client | null = null;
  private closed = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private outage = false;

  constructor(private readonly opts: PgOrgChangesOptions) {
    this.coalescer = new ChangeCoalescer((orgId, seq) => this.emit(orgId, seq), opts.coalesceMs ?? 250);
  }

  /** Opens the listening connection (throws when it cannot) and starts the heartbeat. */
  async start(): Promise<void> {
    await this.connect();
    const every = this.opts.heartbeatMs ?? 30_000;
    this.heartbeat = setInterval(() => this.checkAlive(every), every);
    this.heartbeat.unref();
  }

  current(orgId: number): Promise<number> {
    try {
      const row = this.opts.db.use((conn) => conn.get<{ seq: number | string }>('SELECT burnrate_org_seq($1) AS seq', [orgId]));
      return Promise.resolve(Number(row?.seq ?? 0));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  subscribe(orgId: number, onSeq: Listener): () => void {
    let set = this.subs.get(orgId);
    if (!set) this.subs.set(orgId, (set = new Set()));
    set.add(onSeq);
    return () => {
      const s = this.subs.get(orgId);
      if (!s?.delete(onSeq) || s.size > 0) return;
      this.subs.delete(orgId);
      this.coalescer.forget(orgId);
    };
  }

  /** Stops listening for good. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.coalescer.clear();
    this.subs.clear();
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    // Loaded here, not at the top: every CLI command shares this bundle, and only a team server listens.
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: this.opts.databaseUrl, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (msg) => {
      if (client === this.client && msg.channel === ORG_CHANGED_CHANNEL) this.onNotification(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${ORG_CHANGED_CHANNEL}`);
      if (this.closed) return void (await client.end());
      this.client = client;
      // Listening from here on: a change committed before this read is in it, a later one is notified.
      const orgs = [...this.subs.keys()];
      if (orgs.length > 0) {
        const { rows } = await client.query<{ org: string; seq: string }>(
          'SELECT org::text AS org, burnrate_org_seq(org)::text AS seq FROM unnest($1::bigint[]) AS org',
          [orgs],
        );
        for (const r of rows) this.offer(Number(r.org), Number(r.seq));
      }
    } catch (err) {
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
      throw err;
    }
    this.attempt = 0;
    if (this.outage) this.opts.log('[burnrate server] event stream: listening to PostgreSQL again; every followed org caught up');
    this.outage = false;
  }

  private lost(client: pg.Client, err: Error | null): void {
    // A client that never went live: its connect() rejects instead.
    if (client !== this.client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    if (!this.closed && !this.outage) {
      this.outage = true;
      this.opts.log(`[burnrate server] event stream: lost the PostgreSQL listener (${describe(err)}); reconnecting`);
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retry) return;
    const delay = Math.min(5_000, 100 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt = Math.min(this.attempt + 1, 16);
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.closed) return;
      this.connect().catch(() => this.scheduleReconnect());
    }, delay);
    this.retry.unref();
  }

  /** A connection that answers nothing (a half-open socket) is dropped like a broken one. */
  private checkAlive(timeoutMs: number): void {
    const client = this.client;
    if (!client) return;
    const timer = setTimeout(() => this.lost(client, new Error(`no answer to a heartbeat in ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    client.query('SELECT 1').then(
      () => clearTimeout(timer),
      (err: unknown) => {
        clearTimeout(timer);
        this.lost(client, err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  private onNotification(payload: string | undefined): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload ?? '');
    } catch {
      return;
    }
    const { orgId, seq } = (parsed ?? {}) as { orgId?: unknown; seq?: unknown };
    if (Number.isSafeInteger(orgId) && Number.isSafeInteger(seq)) this.offer(orgId as number, seq as number);
  }

  private offer(orgId: number, seq: number): void {
    if (this.subs.has(orgId)) this.coalescer.offer(orgId, seq);
  }

  private emit(orgId: number, seq: number): void {
    for (const fn of [...(this.subs.get(orgId) ?? [])]) {
      try {
        fn(seq);
      } catch (err) {
        this.opts.log(`[burnrate server] event stream: a subscriber failed: ${describe(err as Error)}`);
      }
    }
  }
}

/** What to say about a lost connection: its SQLSTATE or message (the driver's messages hold no password). */
function describe(err: Error | null): string {
  if (!err) return 'connection ended';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
}
