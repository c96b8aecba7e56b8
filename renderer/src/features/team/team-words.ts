import type { TeamStatus } from '../../api/types';
import { formatDateTime } from '../../format/time';

/** When the synced ledger last caught up, in words ("never" before the first sync). */
export function syncedWords(lastSyncedAt: number | null | undefined, timeZone?: string): string {
  return lastSyncedAt ? formatDateTime(lastSyncedAt, timeZone) : 'not yet';
}

/** The rows of Settings' team status block: label, value and a stable test id. */
export function teamRows(status: TeamStatus, timeZone?: string): { label: string; value: string; testId: string }[] {
  return [
    { label: 'Signed in as', value: status.email ?? 'unknown (not confirmed by the server yet)', testId: 'team-email' },
    { label: 'Role', value: status.role ?? 'unknown', testId: 'team-role' },
    { label: 'Organisation', value: status.orgName ?? 'unknown', testId: 'team-org' },
    { label: 'Server', value: status.server ?? '', testId: 'team-server' },
    { label: 'Connection', value: status.refused ? 'Token refused' : status.online === false ? 'Offline' : 'Online', testId: 'team-online' },
    { label: 'Last synced', value: syncedWords(status.lastSyncedAt, timeZone), testId: 'team-synced' },
  ];
}

/** The app-wide line while the team server cannot be reached (null when there is nothing to say). */
export function offlineLine(status: TeamStatus | null, timeZone?: string): string | null {
  if (status?.mode !== 'connected' || status.online !== false) return null;
  if (status.refused)
    return (
      `The team server at ${status.server ?? 'its address'} refused this computer's member token (${status.refused.replace(/\.$/, '')}): ` +
      `ask an admin of your org for a new one, then Disconnect in Settings and connect with it. What you see comes from the synced ledger ` +
      `(last synced ${syncedWords(status.lastSyncedAt, timeZone)}); actions are refused.`
    );
  return (
    `Offline: can't reach the team server at ${status.server ?? 'its address'}. What you see comes from the synced ledger ` +
    `(last synced ${syncedWords(status.lastSyncedAt, timeZone)}); actions are refused until it is back, and nothing is queued.`
  );
}
