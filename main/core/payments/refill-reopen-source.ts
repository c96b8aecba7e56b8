import type { DueSource, SettleReport, StepOutcome } from '../billing/settle-types.js';
import { MINUTE_MS } from '../clock.js';
import type { Engine } from '../engine.js';
import { cachedStatement } from '../db/statement-cache.js';
import { userTimeZone } from '../settings/engine-settings.js';
import { type AutoRefill, REFILL_RETRY_AFTER_MS } from './auto-refill.js';
import type { PaymentAccount } from './payment-account.js';
import type { PaymentStore } from './payment-store.js';
import { capsLookBack, capsReopenAt, countedRefills } from './refill-caps.js';
import { readRefillSettings, readRefillState } from './refill-store.js';

/**
 * A reopening that was armed but brought no refill and no failure (Stripe
 * unreachable): tried again after this much clock time, so one settle pass
 * never spins on it.
 */
const RETRY_UNREACHABLE_MS = MINUTE_MS;

/**
 * "Auto-refill must come back": while auto-refill is on, the balance is below
 * the threshold and a cap refused the last refill, the instant the cap window
 * reopens is a due item. Applying it arms a refill, which the settle loop runs
 * at once (dated at that instant, see nextAt); what it funds resumes the
 * deployments paused for credits. Without it a refill is only tried after an
 * hourly charge, and deployments paused for credits make none.
 */
export class RefillReopenSource implements DueSource {
  readonly name = 'refill-cap-reopen';
  /** After schedule edges (0), before the hour due at the same instant (10): the refill pays for it. */
  readonly priority = 5;
  /** The item last armed by this process: its instant, the clock reading then, and the instant it fired at. */
  private tried: { at: number; now: number; firedAt: number } | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly refill: AutoRefill,
    private readonly store: PaymentStore,
    private readonly account: PaymentAccount,
  ) {}

  peek(now: number): number | null {
    const at = this.due(now);
    if (at === null) return null;
    return this.store.refillInFlight(this.account.backend()) ? null : at;
  }

  /**
   * The item stays "due" while its refill is in flight, so the refill is
   * dated there (Engine.creditDate): the hour it funds, not when Stripe answered.
   */
  nextAt(now: number): number | null {
    const base = this.reopenAt(now);
    if (base === null || base >= now) return null;
    const inFlight = this.store.refillInFlight(this.account.backend()) !== undefined;
    // Not yet applied: due, unless a refill already in flight (not this item's) will answer for it.
    if (this.tried?.at !== base) return inFlight ? null : base;
    return inFlight && this.tried.firedAt < now ? this.tried.firedAt : null;
  }

  apply(now: number, _report: SettleReport): StepOutcome {
    const base = this.reopenAt(now);
    const at = this.due(now);
    if (base !== null && at !== null) {
      this.tried = { at: base, now, firedAt: at };
      this.refill.armForReopen();
    }
    return 'applied';
  }

  /**
   * When the item is due: its instant, the first time; after a try that
   * brought neither a refill nor a failure (Stripe unreachable), again a
   * minute of clock time later, at the clock's reading (a retry is not
   * dated back to the first try).
   */
  private due(now: number): number | null {
    const base = this.reopenAt(now);
    if (base === null) return null;
    if (this.tried?.at !== base) return base;
    return now < this.tried.now + RETRY_UNREACHABLE_MS ? null : now;
  }

  /**
   * The instant a refill that is still wanted may fire, if it has come by
   * `now`: after a cap refused one, when its window reopens; while a
   * deployment is paused for credits (it makes no charge that would ask for
   * one), from its pause on — once nothing blocks it (a refill that could not
   * reach Stripe, or a cap that came and went, is not left for a charge that
   * will never come).
   */
  reopenAt(now: number): number | null {
    const capped = this.refill.cappedSince();
    const s = readRefillSettings(this.engine.db);
    if (!s.enabled || this.engine.ledger.balance() >= s.thresholdCredits) return null;
    const since = capped ?? this.pausedForCreditsSince();
    if (since === null) return null;
    const state = readRefillState(this.engine.db);
    if (state.needsAction !== null) return null;
    const tz = userTimeZone(this.engine.settings);
    let at = capsReopenAt(s, countedRefills(this.engine.db, capsLookBack(since, tz)), since, tz);
    if (at === null) return null;
    // A refill declined since waits out its back-off first, as any refill does.
    if (state.lastFailureAt !== null) at = Math.max(at, state.lastFailureAt + REFILL_RETRY_AFTER_MS);
    return at <= now ? at : null;
  }

  /** When the earliest deployment still paused for credits was paused, or null when none is. */
  private pausedForCreditsSince(): number | null {
    return cachedStatement(
      this.engine.db,
      `SELECT MIN(e.at) FROM deployments d JOIN deployment_events e
        ON e.id = (SELECT MAX(id) FROM deployment_events WHERE deployment_id = d.id)
      WHERE d.state = 'paused' AND d.paused_reason = 'insufficient_credits'`,
      'pluck',
    ).get() as number | null;
  }
}
