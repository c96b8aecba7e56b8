import type { RunwayState } from '../../../preload/contract.js';

const LOW_HOURS = 72;
const CRITICAL_HOURS = 24;

/** Green / amber / red from the hours left (null: nothing runs out) and whether anything is paused for credits. */
export function runwayState(hours: number | null, pausedForCredits: number): RunwayState {
  if (pausedForCredits > 0) return 'critical';
  if (hours === null) return 'ok';
  if (hours < CRITICAL_HOURS) return 'critical';
  return hours <= LOW_HOURS ? 'low' : 'ok';
}
