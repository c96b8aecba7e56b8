import { followServerEvents, type FollowOptions } from './server-events.js';
import type { ServerConnection } from './server-client.js';

/** What a follower tells its owner. */
export interface ChangeHandlers {
  /** The org's change counter moved (or may have: `seq` is 0 when the feed cannot tell); catch up now. */
  changed(seq: number): void;
  /** The server became reachable (true) or stopped being so (false); may repeat the current state (owners ignore a repeat). */
  online(up: boolean): void;
  /** The server refused the token (revoked, or a removed member's): its words. Following goes on, slowly, until `online(true)`. */
  refused?(message: string): void;
}

/** A running follower. */
export interface ChangeFollower {
  stop(): Promise<void>;
}

/** How a host follows a team server's changes (the connected engine takes one; tests pass their own). */
export type FollowChanges = (conn: ServerConnection, handlers: ChangeHandlers, opts?: FeedOptions) => ChangeFollower;

/** The feed's timings (tests shorten them). */
export interface FeedOptions extends Pick<FollowOptions, 'minDelayMs' | 'maxDelayMs' | 'idleTimeoutMs'> {
  /** How often the backstop asks for a catch-up while the stream is open (default BACKSTOP_MS). */
  backstopMs?: number;
}

/**
 * The backstop's period: changes that take no seq (settings, prices,
 * auto-refill, schedules: docs/server.md "Event stream") and the passing of
 * time (runway) are caught up at least this often.
 */
export const BACKSTOP_MS = 60_000;

/**
 * Follows the team server's changes live through its event stream
 * (`GET /api/events`, server-events.ts): each `changed` seq is passed on (the
 * first of every connect is the catch-up after a reconnect), the stream's
 * open/lost transitions are online/offline. A slow backstop then asks for a
 * catch-up every `backstopMs` while the stream is open, re-saying "online" so
 * an owner that marked itself offline after a failed call (the stream stayed
 * up) comes back without waiting for the stream to drop.
 */
export const followChanges: FollowChanges = (conn, handlers, opts = {}) => {
  let up = false;
  const events = followServerEvents(
    conn,
    {
      changed: (seq) => handlers.changed(seq),
      online: (now) => {
        up = now;
        handlers.online(now);
      },
      refused: (error) => handlers.refused?.(error.message),
    },
    { minDelayMs: opts.minDelayMs, maxDelayMs: opts.maxDelayMs, idleTimeoutMs: opts.idleTimeoutMs, log: (line) => console.error(line) },
  );
  const backstop = setInterval(() => {
    if (!up) return;
    try {
      handlers.online(true);
      handlers.changed(0);
    } catch (err) {
      console.error('[burnrate] the change backstop failed:', err instanceof Error ? err.message : String(err));
    }
  }, opts.backstopMs ?? BACKSTOP_MS);
  backstop.unref?.();
  return {
    async stop() {
      clearInterval(backstop);
      up = false;
      await events.stop();
    },
  };
};
