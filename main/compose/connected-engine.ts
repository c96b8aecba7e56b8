import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Alert, Channel, PushEvent, PushEvents, Snapshot, TeamStatus } from '../../preload/contract.js';
import { type Clock, systemClock } from '../core/clock.js';
import { isRefused } from '../core/errors.js';
import { type FollowChanges, followChanges, type ChangeFollower } from '../client/change-feed.js';
import { pullReplica } from '../client/replica/pull-replica.js';
import { readReplicaMeta, writeReplicaMeta } from '../client/replica/replica-meta.js';
import { peekReplicaState } from '../client/replica/replica-store.js';
import { callServer, ServerUnreachableError, type ServerConnection } from '../client/server-client.js';
import type { Door } from '../host/door/door.js';
import { remoteDoor } from '../host/door/remote-door.js';
import { replicaDoor } from '../host/door/replica-door.js';
import { alertDto } from '../host/handlers/alert-present.js';
import { type Dispatched } from '../host/handlers/dispatch.js';
import type { Caller } from '../server/protocol.js';
import { CHANNEL_ROLES, roleAllows } from '../server/roles.js';
import { connectedDoor, type HostSide } from './connected-door.js';
import { dispatchThroughDoor } from './door-dispatch.js';
import { ReplicaReader } from './replica-reader.js';

type Listener = <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;

/** The replica note holding the newest alert id this desktop has announced. */
const ANNOUNCED = 'announced_alert_id';
/** The replica note holding who the token belonged to when the server last said so (shown while offline). */
const CALLER = 'caller';

export interface ConnectedEngineOptions {
  /** The team server and the member's token (never logged, never sent to a UI). */
  conn: ServerConnection;
  /** The host's data folder: the replica is kept in a folder of it for this server and token (team/<hash>). */
  dataDir: string;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** How the server's changes are followed (default: change-feed.ts). */
  follow?: FollowChanges;
  /** Who the token belongs to, when the caller has just asked the server (team/connect). */
  caller?: Caller;
  /** Called when online/offline or the last sync changed (the host pushes `team/changed`). */
  onStatus?: () => void;
}

/** A host's engine for an org on a team server: no engine of its own, the server's answers and the synced replica. */
export interface ConnectedEngine {
  readonly server: string;
  /** Who the token belongs to (null when never confirmed and the server is unreachable). */
  caller(): Caller | null;
  online(): boolean;
  status(): TeamStatus;
  /** The one door for a host (actions to the server; reads from the replica while offline). */
  door(host: HostSide): Door;
  /** One request of a UI host, answered as the local table's dispatch answers. */
  dispatch(host: HostSide, channel: unknown, input: unknown): Promise<Dispatched>;
  subscribe(listener: Listener): () => void;
  /** The last snapshot pushed, or null before the first. */
  current(): Snapshot | null;
  /** A fresh snapshot for a new subscriber (the server's, or the replica's while offline); null with neither. */
  fresh(): Promise<Snapshot | null>;
  /** Catches the replica up, pushes the snapshot if it changed and announces alerts not announced yet. */
  refresh(force?: boolean): Promise<void>;
  /** The first catch-up (subscribe first: it announces what was raised while this desktop was away), then follows the server. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** The replica's folder for one server and token, inside the host's data folder (one org per replica). */
export function connectedReplicaDir(dataDir: string, conn: ServerConnection): string {
  const id = createHash('sha256').update(`${conn.url}\n${conn.token}`).digest('hex').slice(0, 16);
  return path.join(dataDir, 'team', id);
}

/** Channels `role` may not call on the team server (its one role table). */
export function deniedChannels(role: Caller['role']): Channel[] {
  return (Object.keys(CHANNEL_ROLES) as Channel[]).filter((c) => !roleAllows(role, CHANNEL_ROLES[c]));
}

/**
 * Opens a connected engine: asks the server who the token belongs to (a
 * refusal — a revoked token — is thrown; an unreachable server opens it
 * offline, on the replica and the identity it last confirmed). `start()`
 * then catches the replica up, pushes the first snapshot, announces the
 * alerts raised since this desktop last announced one, and follows the
 * server's changes.
 */
export async function openConnectedEngine(opts: ConnectedEngineOptions): Promise<ConnectedEngine> {
  const clock = opts.clock ?? systemClock;
  const conn = opts.conn;
  const dir = connectedReplicaDir(opts.dataDir, conn);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const replica = new ReplicaReader(dir, clock, opts.env ?? process.env);
  let online = true;
  /** The server's words while it refuses the token (from the event stream), else null. */
  let refusedWith: string | null = null;
  let caller: Caller | null = opts.caller ?? null;
  if (!caller) {
    try {
      caller = await callServer(conn, 'whoami', {});
    } catch (err) {
      if (!(err instanceof ServerUnreachableError)) throw err;
      online = false;
      caller = rememberedCaller(dir);
    }
  }
  if (caller && online) writeReplicaMeta(dir, CALLER, JSON.stringify(caller));

  const listeners = new Set<Listener>();
  let last: { key: string; snap: Snapshot } | null = null;
  let lastCursor: number | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let forced = false;
  let closed = false;

  const emit: Listener = (event, payload) => {
    for (const l of listeners) {
      try {
        l(event, payload);
      } catch (err) {
        console.error('[burnrate] push subscriber failed:', err);
      }
    }
  };
  const setOnline = (up: boolean) => {
    if (up && refusedWith !== null) {
      refusedWith = null;
      if (online) opts.onStatus?.();
    }
    if (online === up) return;
    online = up;
    opts.onStatus?.();
    if (!closed) void refresh(true).catch((err: unknown) => console.error('[burnrate] catching up failed:', String(err)));
  };
  const remote = remoteDoor(conn);
  const parts = {
    server: conn.url,
    dataDir: opts.dataDir,
    online: () => online,
    wentOffline: () => setOnline(false),
    remote,
    replica: (host: HostSide, call: (door: Door) => Promise<unknown>) =>
      replica.use((engine) => call(replicaDoor(engine.table, { ...host, services: engine.services }))),
    catchUp: () => refresh(),
    pageOrigins: new Set<string>(),
  };
  const hostless: HostSide = { transport: 'web', testControls: false, version: '', host: {} };

  /** The snapshot: the server's while it answers (settled there), else the replica's. */
  async function snapshot(): Promise<Snapshot | null> {
    if (!online && !replica.exists()) return null;
    try {
      return await connectedDoor(parts, hostless).call('snapshot/get', {});
    } catch (err) {
      if (isRefused(err) && err.code === 'no_replica') return null;
      throw err;
    }
  }

  /** Emits `alerts/raised` for each replica alert newer than the last one announced (kept in the replica: once, across restarts). */
  async function announceAlerts(): Promise<void> {
    if (!replica.exists()) return;
    const recent = await replica.use(async (engine) => engine.services.alerts.list({ limit: 50 }));
    const newest = recent.reduce((max, a) => Math.max(max, a.id), 0);
    const mark = readReplicaMeta(dir, ANNOUNCED);
    // A first connect announces nothing from the org's past: its alerts are in the list; from here on none is missed.
    if (mark !== null) {
      const since = Number(mark);
      const fresh: Alert[] = recent
        .filter((a) => a.id > since)
        .sort((a, b) => a.id - b.id)
        .map(alertDto);
      for (const a of fresh) emit('alerts/raised', a);
    }
    if (mark === null || newest > Number(mark)) writeReplicaMeta(dir, ANNOUNCED, String(Math.max(newest, Number(mark ?? 0))));
  }

  async function pass(): Promise<void> {
    let changed = forced;
    forced = false;
    if (online) {
      try {
        const report = await pullReplica(conn, dir, clock);
        if (report.cursor !== lastCursor) {
          lastCursor = report.cursor;
          replica.invalidate();
          changed = true;
        }
        opts.onStatus?.();
      } catch (err) {
        // A pull is a read: whatever kept it from an answer (unreachable, a connection cut) means offline until the feed says otherwise.
        if (isRefused(err) && err.code !== 'unauthorized') throw err;
        // A token the server no longer knows (revoked, the member removed): offline, saying why, until a new one.
        if (isRefused(err)) refusedWith = err.message;
        else console.error(`[burnrate] catching up with ${conn.url} failed: ${err instanceof Error ? err.message : String(err)}`);
        online = false;
        opts.onStatus?.();
        changed = true;
      }
    }
    if (!changed && last) return;
    await announceAlerts();
    const snap = await snapshot();
    if (!snap) return;
    const key = JSON.stringify({ ...snap, at: null, runway: { ...snap.runway, hours: null } });
    if (last?.key === key && !changed) return;
    last = { key, snap };
    emit('snapshot/changed', snap);
  }

  function refresh(force = false): Promise<void> {
    forced ||= force;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again && !closed);
      } finally {
        running = null;
      }
    })();
    return running;
  }

  let follower: ChangeFollower | null = null;
  const engine: ConnectedEngine = {
    server: conn.url,
    caller: () => caller,
    online: () => online,
    status() {
      const pulled = peekReplicaState(dir)?.pulledAt;
      return {
        mode: 'connected',
        server: conn.url,
        ...(caller ? { orgName: caller.orgName, email: caller.email, role: caller.role, denied: deniedChannels(caller.role) } : {}),
        online,
        ...(refusedWith !== null ? { refused: refusedWith } : {}),
        lastSyncedAt: pulled ? Date.parse(pulled) : null,
      };
    },
    door: (host) => connectedDoor(parts, host),
    async dispatch(host, channel, input) {
      const out = await dispatchThroughDoor(connectedDoor(parts, host), channel, input);
      if (out.mutated) void refresh().catch((err: unknown) => console.error('[burnrate] catching up after an action failed:', String(err)));
      return out;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current: () => last?.snap ?? null,
    fresh: snapshot,
    refresh,
    async start() {
      await refresh(true).catch((err: unknown) => {
        if (!isRefused(err)) throw err;
        console.error(`[burnrate] catching up with ${conn.url} was refused: ${err.message}`);
      });
      if (closed || follower) return;
      follower = (opts.follow ?? followChanges)(conn, {
        changed: (seq) => {
          if (seq > 0 && lastCursor !== null && seq <= lastCursor) return;
          void refresh().catch((err: unknown) => console.error('[burnrate] catching up failed:', String(err)));
        },
        online: setOnline,
        refused: (message) => {
          if (refusedWith === message) return;
          refusedWith = message;
          online = false;
          opts.onStatus?.();
        },
      });
    },
    async close() {
      closed = true;
      await follower?.stop();
      await running?.catch(() => undefined);
      listeners.clear();
      await replica.close();
    },
  };

  return engine;
}

/** The identity the server last confirmed for this replica's token, or null. */
function rememberedCaller(dir: string): Caller | null {
  if (peekReplicaState(dir) === null) return null;
  const text = readReplicaMeta(dir, CALLER);
  if (!text) return null;
  try {
    return JSON.parse(text) as Caller;
  } catch {
    return null;
  }
}
