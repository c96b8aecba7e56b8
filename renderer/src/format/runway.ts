import type { Runway, RunwayState } from '../api/types';
import { formatComingTime, formatDuration } from './time';

/** CSS tone for the engine's runway state. */
export function runwayToneClass(state: RunwayState): 'ok' | 'warn' | 'danger' {
  return state === 'ok' ? 'ok' : state === 'low' ? 'warn' : 'danger';
}

/** Words for the state, so colour is never the only signal. */
export function runwayStateLabel(state: RunwayState): string {
  return state === 'ok' ? 'healthy' : state === 'low' ? 'under 3 days' : 'action needed';
}

/**
 * "2 d 7 h" from the engine's runway hours. The engine says null both when
 * nothing burns and when the balance (with refills) lasts past its 90-day
 * horizon, so `burning` tells the two apart; nothing burning because
 * everything is paused for credits is "Out of credits", not "Nothing running".
 */
export function formatRunwayLength(runway: Runway, burning: boolean, pausedForCredits = 0): string {
  if (runway.hours !== null) return formatDuration(runway.hours * 3_600_000);
  if (burning) return 'Over 90 days';
  return pausedForCredits > 0 ? `Out of credits — ${pausedForCredits} paused` : 'Nothing running';
}

/**
 * The balance pill's runway words: "Runway 2 d 7 h", or why nothing burns
 * ("Out of credits — 2 paused", "Nothing running"), and a separate "N paused
 * for credits" only while something still burns (otherwise the runway line says it).
 */
export function pillRunwayLines(runway: Runway, running: number, pausedForCredits: number): { runway: string; paused: string | null } {
  const burning = running > 0;
  const length = formatRunwayLength(runway, burning, pausedForCredits);
  return {
    runway: burning ? `Runway ${length.replace(/^Over/, 'over')}` : length,
    paused: burning && pausedForCredits > 0 ? `${pausedForCredits} paused for credits` : null,
  };
}

/** "llama-70b pauses first, Thu 14:02" (with the date, "Thu 12 Mar, 14:02", when more than 6 days after `now`) or null. */
export function formatFirstToPause(runway: Runway, now: number | string, timeZone?: string): string | null {
  const f = runway.firstToPause;
  if (!f) return null;
  return `${f.name} pauses first, ${formatComingTime(f.at, now, timeZone)}`;
}
