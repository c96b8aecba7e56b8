import { callServer, type ServerConnection } from './server-client.js';

/** What a follower tells its owner. */
export interface ChangeHandlers {
  /** The org's change counter moved (or may have: `seq` is 0 when the feed cannot tell); catch up now. */
  changed(seq: number): void;
  /** The server became reachable (true) or stopped being so (false). */
  online(up: boolean): void;
}

/** A running follower. */
export interface ChangeFollower {
  stop(): Promise<void>;
}

/** How a host follows a team server's changes (the connected engine takes one; tests pass their own). */
export type FollowChanges = (conn: ServerConnection, handlers: ChangeHandlers, opts?: { intervalMs?: number }) => ChangeFollower;

/** How often the polling feed asks (a pull with nothing new is one small request). */
export const POLL_MS = 5_000;

/**
 * Follows the team server's changes by asking it every few seconds: a
 * `whoami` that answers means online and "maybe changed" (the owner's pull
 * finds out), one that cannot reach it means offline. The server's event
 * stream (`GET /api/events`) replaces this as the default feed: this module is
 * the one place that choice is made.
 */
export const followChanges: FollowChanges = (conn, handlers, opts = {}) => {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let up: boolean | null = null;
  const say = (now: boolean) => {
    if (up === now) return;
    up = now;
    handlers.online(now);
  };
  const tick = async () => {
    try {
      await callServer(conn, 'whoami', {});
      say(true);
      handlers.changed(0);
    } catch {
      // Unreachable, or refused (a revoked token): either way nothing can be pulled until it answers again.
      say(false);
    }
  };
  const loop = () => {
    if (stopped) return;
    running = tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, opts.intervalMs ?? POLL_MS);
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
};
