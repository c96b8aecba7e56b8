import type { Channel, ChannelInput, ChannelOutput } from '../../preload/contract.js';
import { RefusedError } from '../core/errors.js';
import { ServerUnreachableError } from '../client/server-client.js';
import { type Door, DoorFault } from '../host/door/door.js';
import { REPLICA_CHANNELS } from '../host/door/replica-door.js';
import type { HandlerContext } from '../host/handlers/handler-types.js';
import { allowedExternalUrl } from '../host/url-allow-list.js';

/** What a host adds to a call (its transport and abilities); the connected engine supplies the rest. */
export type HostSide = Omit<HandlerContext, 'services'>;

/** The parts the connected door routes between. */
export interface ConnectedDoorParts {
  server: string;
  online(): boolean;
  /** The server answered that it cannot be reached: the engine goes offline. */
  wentOffline(): void;
  /** The team server's door (remote-door.ts). */
  remote: Door;
  /** A door on the synced replica for this host (replica-door.ts), opened on use. */
  replica(host: HostSide, call: (door: Door) => Promise<unknown>): Promise<unknown>;
  /** Catches the replica up (before an export), when online. */
  catchUp(): Promise<void>;
  dataDir: string;
  /**
   * Origins of the payment pages the team server handed out on a loopback
   * address (its Stripe is a Burnrate sandbox, e.g. `burnrate sandbox serve`):
   * their checkout pages may be opened, as the local sandbox's are. Filled here.
   */
  pageOrigins: Set<string>;
}

/** Replies of the server that carry a page for the card holder (Checkout, card setup, 3-D Secure). */
const PAGE_REPLIES = new Set<Channel>(['payments/setupCard', 'payments/checkout', 'payments/purchase']);

/**
 * Remembers the loopback origin of a page the server's reply names (`url`,
 * `actionUrl`) — only from a server on this machine too: a remote server
 * (hostile, or broken into) must not point the browser at a local service.
 */
function notePageOrigins(parts: ConnectedDoorParts, reply: unknown): void {
  if (typeof reply !== 'object' || reply === null || !onLoopback(parts.server)) return;
  for (const key of ['url', 'actionUrl'] as const) {
    const origin = loopbackOrigin((reply as Record<string, unknown>)[key]);
    if (origin) parts.pageOrigins.add(origin);
  }
}

/** `http://127.0.0.1:PORT` of a URL on that address, else null (Stripe's own pages need no allowance). */
function loopbackOrigin(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' && url.hostname === '127.0.0.1' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Whether the team server's URL is on this machine (127.0.0.1, localhost, ::1). */
function onLoopback(server: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(server).hostname);
  } catch {
    return false;
  }
}

/** The refusal of an action while the team server cannot be reached: nothing is queued. */
export function offlineRefusal(server: string): RefusedError {
  return new RefusedError('offline', `Offline: can't reach the team server at ${server} — nothing was changed. Try again once it is back.`);
}

/**
 * The door of a connected host: actions go to the team server (remote door),
 * reads too while it answers; when it cannot be reached, reads come from the
 * synced replica and every other call is refused at once with `offline`
 * (never queued: money is not moved later behind the user's back). Exports
 * are written from the replica (caught up first), and app/info and opening a
 * page are the host's own.
 */
export function connectedDoor(parts: ConnectedDoorParts, host: HostSide): Door {
  const fromReplica = <C extends Channel>(channel: C, input: ChannelInput<C>) =>
    parts.replica(host, (door) => door.call(channel, input)) as Promise<ChannelOutput<C>>;
  const local = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C> | undefined> => {
    if (channel === 'app/info') {
      const info = {
        version: host.version,
        transport: host.transport,
        testControls: host.testControls,
        platform: process.platform,
        dataDir: parts.dataDir,
        ...(host.host.desktopAbilities ? { desktop: host.host.desktopAbilities() } : {}),
      };
      return info as ChannelOutput<C>;
    }
    if (channel === 'shell/openExternal') {
      const url = (input as { url?: unknown }).url;
      const origin = loopbackOrigin(url);
      const allowed = allowedExternalUrl(url, { sandboxOrigin: origin !== null && parts.pageOrigins.has(origin) ? origin : null });
      if (!allowed) throw new RefusedError('url_not_allowed', 'only Stripe checkout and receipt pages can be opened from Burnrate');
      return { opened: host.host.openExternal ? await host.host.openExternal(allowed) : false } as ChannelOutput<C>;
    }
    if (channel === 'reports/export') {
      if (parts.online()) await parts.catchUp().catch(() => undefined);
      return fromReplica(channel, input);
    }
    return undefined;
  };
  return {
    async call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      const own = await local(channel, input);
      if (own !== undefined) return own;
      if (!parts.online()) {
        if (REPLICA_CHANNELS.has(channel)) return fromReplica(channel, input);
        throw offlineRefusal(parts.server);
      }
      try {
        const reply = await parts.remote.call(channel, input);
        if (PAGE_REPLIES.has(channel)) notePageOrigins(parts, reply);
        return reply;
      } catch (err) {
        if (err instanceof ServerUnreachableError) {
          // Nothing reached the server: nothing changed. Reads go on from the replica.
          parts.wentOffline();
          if (REPLICA_CHANNELS.has(channel)) return fromReplica(channel, input);
          throw offlineRefusal(parts.server);
        }
        // Hosts word refusals; a payment with no answer yet is one (sync resolves it, never paying twice).
        if (err instanceof DoorFault && err.code === 'payment_pending') throw new RefusedError(err.code, err.message, err.data);
        if (err instanceof Error && !(err instanceof RefusedError) && !(err instanceof DoorFault)) {
          // The connection broke: a read is answered from the replica; an action may or may not have been applied, and says so.
          if (REPLICA_CHANNELS.has(channel)) {
            parts.wentOffline();
            return fromReplica(channel, input);
          }
          throw new RefusedError('server_connection_lost', err.message);
        }
        throw err;
      }
    },
  };
}
