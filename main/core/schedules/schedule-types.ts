/** Days of the week as the CLI and the stored schedule spell them (ISO order). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * One weekly pause window in local time: on each of `days`, paused from
 * `start` until `end`. An `end` at or before `start` runs past midnight into
 * the next day (20:00–08:00); `24:00` means the end of the day.
 */
export interface PauseWindow {
  days: Weekday[];
  start: string;
  end: string;
}

/** A deployment's pause schedule: windows read in one IANA time zone. */
export interface PauseSchedule {
  deploymentId: number;
  timeZone: string;
  windows: PauseWindow[];
}

/** A schedule edge: the deployment pauses or resumes at `at` (epoch ms). */
export interface ScheduleEdge {
  at: number;
  kind: 'pause' | 'resume';
}

/** A paused stretch [start, end) in epoch ms. */
export interface Interval {
  start: number;
  end: number;
}
