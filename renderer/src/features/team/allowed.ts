import type { Channel, TeamStatus } from '../../api/types';
import { useTeam } from './team-store';

/** Whether an action is offered, and if not, the one line that says why. */
export type Allowance = { ok: true; reason: null } | { ok: false; reason: string };

const OK: Allowance = { ok: true, reason: null };

/**
 * Whether the action behind `channel` is offered to this member: not when the
 * team server's role table denies it to their role (`TeamStatus.denied`), nor
 * while the team server cannot be reached (actions would be refused). Local
 * mode offers everything. The one rule every screen's gate uses.
 */
export function allowance(status: TeamStatus | null, channel: Channel): Allowance {
  if (!status || status.mode !== 'connected') return OK;
  if (status.denied?.includes(channel)) {
    const org = status.orgName ? ` in ${status.orgName}` : '';
    const who = status.role ? `${status.role}s${org}` : `your role${org}`;
    return { ok: false, reason: `Not for your role: ${who} can't do this (an admin of your org can).` };
  }
  if (status.online === false) return { ok: false, reason: "Offline: actions need the team server, and it can't be reached right now." };
  return OK;
}

/** The gate for one action (a channel) in a component: re-renders on `team/changed`. */
export function useAllowed(channel: Channel): Allowance {
  const status = useTeam((s) => s.status);
  return allowance(status, channel);
}

/** A button's props for an allowance: disabled (also while `busy`), its reason as the tooltip. */
export function offer(allowed: Allowance, busy = false): { disabled: boolean; title: string | undefined } {
  return { disabled: busy || !allowed.ok, title: allowed.reason ?? undefined };
}
