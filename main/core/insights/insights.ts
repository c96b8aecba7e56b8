import type { Engine } from '../engine.js';
import type { PauseSchedules } from '../schedules/pause-schedules.js';
import { type Analysis, analysis } from './analysis.js';
import { applySuggestion } from './apply-suggestion.js';
import { readForecastInput } from './forecast-inputs.js';
import type { RefillPolicySource, Runway } from './forecast-types.js';
import { burnPerHour, burnPerHourNow, restOfMonthCharges } from './projection.js';
import { computeRunway } from './runway.js';
import { type Snapshot, snapshot } from './snapshot.js';
import { type Suggestion, suggestions } from './suggestions.js';

/**
 * The insights a host asks for, bound to one engine: the dashboard snapshot,
 * runway, cost analysis and suggestions. Callers settle first (the CLI and
 * the IPC handlers do); `applySuggestion` settles itself.
 */
export class Insights {
  private refill: RefillPolicySource | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly schedules: PauseSchedules,
  ) {}

  /** Lets runway see auto-refill settings (payments hands them over). */
  setRefillPolicySource(source: RefillPolicySource | undefined): void {
    this.refill = source;
  }

  /** The dashboard figures. */
  snapshot(days = 30): Snapshot {
    return snapshot(this.engine, { refill: this.refill, days });
  }

  /** The forward-looking figures for a status line: rest-of-month charges, burn per hour, runway. */
  forecast(): { restOfMonth: number; burnPerHour: number; runway: Runway | null } {
    const input = readForecastInput(this.engine, this.refill);
    return { restOfMonth: restOfMonthCharges(input), burnPerHour: burnPerHour(input), runway: computeRunway(input) };
  }

  /** Credits per hour of what runs now (the forecast's figure, without its runway walk). */
  burnPerHour(): number {
    return burnPerHourNow(this.engine);
  }

  /** When the balance can no longer pay the next charge, or null. */
  runway(): Runway | null {
    return computeRunway(readForecastInput(this.engine, this.refill));
  }

  /** The 7/14/30-day cost analysis. */
  analysis(days: number): Analysis {
    return analysis(this.engine, days);
  }

  /** Savings suggestions, largest first. */
  suggestions(): Suggestion[] {
    return suggestions(this.engine);
  }

  /** Applies the current suggestion of `kind` for a deployment. */
  applySuggestion(kind: string, deploymentId: number): Promise<Suggestion> {
    return applySuggestion(this.engine, this.schedules, kind, deploymentId);
  }
}
