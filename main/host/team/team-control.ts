import { z } from 'zod';
import type { PushEvent, PushEvents, Snapshot, TeamConnectInput, TeamStatus } from '../../../preload/contract.js';
import { RefusedError } from '../../core/errors.js';
import { dispatch, type Dispatched } from '../handlers/dispatch.js';
import { handler, type HandlerContext, type HandlerTable } from '../handlers/handler-types.js';

type Listener = <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;

/** A host's connected engine, as the host uses it (main/compose/connected-engine.ts). */
export interface ConnectedRoute {
  dispatch(host: Omit<HandlerContext, 'services'>, channel: unknown, input: unknown): Promise<Dispatched>;
  current(): Snapshot | null;
  fresh(): Promise<Snapshot | null>;
  refresh(force?: boolean): Promise<void>;
}

/**
 * A UI host's connection to a team server (main/compose/team-switch.ts): local
 * until connected; connected, every request goes to the connected engine.
 */
export interface TeamControl {
  /** The connected engine, or null in local mode. */
  connected(): ConnectedRoute | null;
  status(): TeamStatus;
  connect(input: TeamConnectInput): Promise<TeamStatus>;
  disconnect(): Promise<TeamStatus>;
  /** Events of the connected engine and `team/changed`. */
  subscribe(listener: Listener): () => void;
}

/** Channels a host answers itself, local or connected. */
const TEAM_CHANNELS = new Set(['team/status', 'team/connect', 'team/disconnect']);

/** A URL and a token as typed; the server and the switch check them further. */
const connectSchema = z.strictObject({
  url: z.string().trim().min(1, 'the team server URL, e.g. https://burnrate.example.com').max(2048),
  token: z.string().trim().min(1, 'your member token (an admin of your org gives it to you)').max(1000),
});

/** The team channels' handlers over `ctx.host`'s TeamControl; a host with none answers `not_available`. */
function teamTable(team: TeamControl | undefined): HandlerTable {
  const need = (): TeamControl => {
    if (!team) throw new RefusedError('not_available', 'this host cannot connect to a team server');
    return team;
  };
  return {
    'team/status': handler('team/status', { schema: z.strictObject({}), handle: () => team?.status() ?? { mode: 'local' } }),
    'team/connect': handler('team/connect', { schema: connectSchema, mutates: true, handle: (_ctx, input) => need().connect(input) }),
    'team/disconnect': handler('team/disconnect', { schema: z.strictObject({}), mutates: true, handle: () => need().disconnect() }),
  };
}

/**
 * One request of a UI host (Electron IPC, the web host): the team channels by
 * the host's TeamControl, anything else by the connected engine when
 * connected, else by the local handler table.
 */
export function hostDispatch(table: HandlerTable, ctx: HandlerContext, team: TeamControl | undefined, channel: unknown, input: unknown): Promise<Dispatched> {
  if (typeof channel === 'string' && TEAM_CHANNELS.has(channel)) return dispatch(teamTable(team), ctx, channel, input);
  const connected = team?.connected();
  if (connected) return connected.dispatch(ctx, channel, input);
  return dispatch(table, ctx, channel, input);
}
