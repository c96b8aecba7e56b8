/** Cost analysis, suggestions and pause schedules. */

import type { Iso } from './common.js';

export interface DailySpend {
  /** Local calendar date YYYY-MM-DD. */
  date: string;
  total: number;
  byDeployment: { deploymentId: number; credits: number }[];
}

export interface AnalysisInput {
  days: 7 | 14 | 30;
}

/** A deployment's spend in the period, with its share and its cost per 1,000 requests over the hours whose counts are known. */
export interface AnalysisDeployment {
  deploymentId: number;
  name: string;
  model: string;
  credits: number;
  /** Share of the period's total, 0–100, one decimal. */
  share: number;
  /** Charged hours in the period. */
  hours: number;
  requests: number | null;
  /** Charged hours whose request count is known, at most `hours`. */
  requestHours: number;
  /** Credits of the hours with known counts per 1,000 of their requests; null without counts. */
  costPer1kRequests: number | null;
}

export interface Analysis {
  days: number;
  from: Iso;
  to: Iso;
  total: number;
  previousTotal: number;
  /** Change vs the previous period in percent; null when the previous period was 0. */
  changePct: number | null;
  averagePerDay: number;
  daily: DailySpend[];
  deployments: { id: number; name: string; model: string }[];
  costByModel: { model: string; credits: number }[];
  topDeployments: { deploymentId: number; name: string; credits: number }[];
  topHours: { deploymentId: number; name: string; hourStart: Iso; credits: number }[];
  costPer1kRequests: { deploymentId: number; name: string; credits: number; requests: number; per1k: number }[];
  /** Every deployment that cost something in the period, most expensive first (the CLI's `analysis` rows). */
  top?: AnalysisDeployment[];
}

/** What applying a suggestion changes; schedule windows as the engine keeps them (days mon…sun, local HH:MM). */
export type SuggestionAction =
  | { type: 'set-tier'; tier: string }
  | { type: 'pause' }
  | { type: 'set-schedule'; timeZone: string; windows: { days: string[]; start: string; end: string }[] }
  | { type: 'set-idle'; afterMinutes: number };

export interface Suggestion {
  id: string;
  kind: 'right_size' | 'quantize' | 'pause_idle' | 'schedule' | 'idle_auto_pause';
  deploymentId: number;
  title: string;
  why: string;
  monthlySaving: number;
  /** Whether `insights/applySuggestion` can do it. */
  applicable: boolean;
  /** What applying it changes; null when it is advice the app cannot carry out. */
  action?: SuggestionAction | null;
}

export interface ScheduleWindow {
  /** 0 = Monday … 6 = Sunday, in the user's time zone. */
  day: number;
  /** "HH:MM" local, start inclusive. */
  start: string;
  /** "HH:MM" local, end exclusive ("24:00" allowed). */
  end: string;
}

/** A weekday as schedules spell it. */
export type WeekdayName = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface PauseSchedule {
  deploymentId: number;
  windows: ScheduleWindow[];
  /** Credits a month the windows save at today's price. */
  monthlySaving: number;
  /** The IANA zone the windows are read in. */
  timeZone?: string;
  /** The windows as stored: each on its days (`mon` … `sun`), in the order they were set (the CLI shows these). */
  windowGroups?: { days: WeekdayName[]; start: string; end: string }[];
  /** The next pause or resume the schedule makes; null when none is ahead (its windows cover the whole week). */
  nextEdge?: { at: Iso; kind: 'pause' | 'resume' } | null;
}

export interface SetScheduleInput {
  deploymentId: number;
  windows: ScheduleWindow[];
  /** The zone the windows are read in (default: the schedule's own, else the app's time zone). */
  timeZone?: string;
  /** Adds these windows to the schedule's instead of replacing them. */
  add?: boolean;
}

/** What `schedules/remove` did: whether there was a schedule, and whether the deployment it had paused runs again. */
export interface ScheduleRemoved {
  deploymentId: number;
  removed: boolean;
  resumed: boolean;
}
