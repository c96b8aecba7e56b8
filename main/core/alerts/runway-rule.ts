import { HOUR_MS } from '../clock.js';
import type { Engine } from '../engine.js';
import { readForecastInput } from '../insights/forecast-inputs.js';
import type { RefillPolicySource } from '../insights/forecast-types.js';
import { balanceSurelyLasts, computeRunway } from '../insights/runway.js';
import type { AlertSettingsReader } from './alert-settings.js';
import type { AlertStore } from './alert-store.js';
import { runwayText } from './alert-texts.js';

const ARMED = 'runway_armed';

/**
 * "Runway below N hours": fires when the runway first drops below N and
 * re-arms once it is back at or above N (or nothing is running). Evaluated
 * after each settle step that changed the ledger, at that step's own time, so
 * a 30-day catch-up raises it once at the hour it happened; and after each
 * settle pass at the clock's time (a start or a resume changes the runway).
 * Only the next N hours are simulated, and only when the balance is below
 * what everything that could run would cost in them.
 */
export class RunwayRule {
  private dirtyAt: number | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly store: AlertStore,
    private readonly settings: AlertSettingsReader,
    private readonly refill: () => RefillPolicySource | undefined,
  ) {}

  /** Notes that the ledger changed at `at` (called by the ledger listener). */
  touched(at: number): void {
    this.dirtyAt = at;
  }

  /** Evaluates at the last replayed instant if the ledger changed since the last evaluation. */
  evaluateIfTouched(): void {
    if (this.dirtyAt === null) return;
    const at = this.dirtyAt;
    this.dirtyAt = null;
    this.evaluate(at);
  }

  /** The runway is back at or above the limit: the rule re-arms and its open alert is resolved. */
  private rearm(at: number): void {
    this.store.setState(ARMED, true);
    this.store.resolveCondition('runway_low', at);
  }

  /** Evaluates the rule at `at`. */
  evaluate(at: number): void {
    const limit = this.settings.get().runwayHours;
    if (limit === null) {
      this.store.resolveCondition('runway_low', at);
      return;
    }
    const armed = this.store.getState<boolean>(ARMED) ?? true;
    // The bound computeRunway starts with, from two cheap reads: most
    // evaluations end here, without building the forecast's input.
    const e = this.engine;
    if (
      balanceSurelyLasts(e.ledger.balance(), e.deployments.chargeableTiers(), at, at + limit * HOUR_MS, (t, from, to) => e.catalog.maxPriceBetween(t, from, to))
    ) {
      if (!armed) this.rearm(at);
      return;
    }
    const input = readForecastInput(this.engine, this.refill(), at);
    const r = computeRunway(input, limit * HOUR_MS);
    if (r === null || r.hours >= limit) {
      if (!armed) this.rearm(at);
      return;
    }
    if (!armed) return;
    this.store.setState(ARMED, false);
    this.store.insert(
      {
        kind: 'runway_low',
        severity: r.hours < Math.min(limit, 6) ? 'critical' : 'warning',
        title: `Runway under ${limit} h`,
        message: runwayText(limit, r.hours, r.at, input.timeZone, r.firstToPause.name),
        dedupeKey: `runway_low:${at}`,
        at,
        deploymentId: r.firstToPause.id,
        actions: [{ label: 'Add credits', target: 'add-credits' }],
        data: { hours: r.hours, runOutAt: r.at, firstToPause: r.firstToPause },
        conditionKey: 'runway_low',
      },
      this.engine.now(),
    );
  }
}
