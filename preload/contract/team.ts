import type { Channel } from '../contract.js';

/** A member's role on a team server (viewer < lead < admin). */
export type TeamRole = 'admin' | 'lead' | 'viewer';

/**
 * Where this app's data comes from: its own ledger (`local`), or an org on a
 * team server (`connected`). The member token is never part of it.
 */
export interface TeamStatus {
  mode: 'local' | 'connected';
  /** The team server's URL (connected). */
  server?: string;
  orgName?: string;
  /** Who the token belongs to. */
  email?: string;
  role?: TeamRole;
  /** False while the server cannot be reached: reads come from the synced replica and actions are refused. */
  online?: boolean;
  /**
   * Set while the server refuses this desktop's token (revoked, or the member
   * removed): the server's words. The app is then offline until it is given a
   * new token (Disconnect, connect again).
   */
  refused?: string;
  /** When the replica last caught up with the server (epoch ms), or null before its first pull. */
  lastSyncedAt?: number | null;
  /**
   * Channels this member's role may not call (the team server's own role
   * table, main/server/roles.ts): the UI does not offer them. Empty in local mode.
   */
  denied?: Channel[];
}

/** `team/connect`'s input: the server and the member's token (checked with the server before anything changes). */
export interface TeamConnectInput {
  url: string;
  token: string;
}
