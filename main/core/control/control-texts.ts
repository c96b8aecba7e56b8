import { DateTime } from 'luxon';
import type { OwedActionName } from './control-types.js';

const STOPS: readonly OwedActionName[] = ['pause', 'stop'];

/** Whether an action should leave the instance serving (start, resume) or not (pause, stop). */
export function expectsServing(action: OwedActionName): boolean {
  return !STOPS.includes(action);
}

/**
 * The control_failed message: "chat-70b is still running: Burnrate stopped
 * billing it at 02:00 but the instance did not stop" (or, for a start that
 * failed, "… is not running: Burnrate started billing it …").
 */
export function controlFailedText(name: string, action: OwedActionName, at: number, tz: string, why: string): string {
  const hhmm = DateTime.fromMillis(at, { zone: tz }).toFormat('HH:mm');
  const base = expectsServing(action)
    ? `${name} is not running: Burnrate started billing it at ${hhmm} but the instance did not start`
    : `${name} is still running: Burnrate stopped billing it at ${hhmm} but the instance did not stop`;
  return `${base} (${why}).`;
}

/** The alert's title: "chat-70b did not stop". */
export function controlFailedTitle(name: string, action: OwedActionName): string {
  return `${name} did not ${expectsServing(action) ? 'start' : 'stop'}`;
}
