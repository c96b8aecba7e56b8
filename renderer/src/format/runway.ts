import type { Runway, RunwayState } from '../api/types';
import { formatDuration, formatWeekdayTime } from './time';

/** CSS tone for the engine's runway state. */
export function runwayToneClass(state: RunwayState): 'ok' | 'warn' | 'danger' {
  return state === 'ok' ? 'ok' : state === 'low' ? 'warn' : 'danger';
}

/** Words for the state, so colour is never the only signal. */
export function runwayStateLabel(state: RunwayState): string {
  return state === 'ok' ? 'healthy' : state === 'low' ? 'under 3 days' : 'action needed';
}

/** "2 d 7 h" / "nothing running" from the engine's runway hours. */
export function formatRunwayLength(runway: Runway): string {
  if (runway.hours === null) return 'Nothing running';
  return formatDuration(runway.hours * 3_600_000);
}

/** "llama-70b pauses first, Thu 14:02" or null. */
export function formatFirstToPause(runway: Runway, timeZone?: string): string | null {
  const f = runway.firstToPause;
  if (!f) return null;
  return `${f.name} pauses first, ${formatWeekdayTime(f.at, timeZone)}`;
}
