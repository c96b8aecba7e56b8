import { postServer, type ServerConnection } from '../../client/server-client.js';
import type { Channel, ChannelInput, ChannelOutput } from '../../../preload/contract.js';
import { type Door, unwrapReply } from './door.js';

/**
 * The door of the CLI in client mode: each call is the same channel on the
 * team server (`POST /api/<channel>` with the member's token), its reply
 * unwrapped as the local door's is — a refusal (a role too low, a rule of the
 * engine, a channel the server does not serve yet) is a RefusedError, a fault
 * a DoorFault, and a server that cannot be reached a ServerUnreachableError
 * (the CLI's exit 3).
 */
export function remoteDoor(conn: ServerConnection): Door {
  return {
    async call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
      const { reply } = await postServer(conn, channel, input);
      return unwrapReply(reply) as ChannelOutput<C>;
    },
  };
}
