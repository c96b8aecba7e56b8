import type { DueSource, SettleReport, StepOutcome } from '../billing/settle-types.js';
import { MINUTE_MS } from '../clock.js';
import type { Engine } from '../engine.js';
import { userTimeZone } from '../settings/engine-settings.js';
import { type AutoRefill, REFILL_RETRY_AFTER_MS } from './auto-refill.js';
import type { PaymentAccount } from './payment-account.js';
import type { PaymentStore } from './payment-store.js';
import { capsLookBack, capsReopenAt, countedRefills } from './refill-caps.js';
import { readRefillSettings, readRefillState } from './refill-settings.js';

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
  /** The reopening last armed by this process, and the clock reading then. */
  private tried: { at: number; now: number } | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly refill: AutoRefill,
    private readonly store: PaymentStore,
    private readonly account: PaymentAccount,
  ) {}

  peek(now: number): number | null {
    const at = this.reopenAt(now);
    if (at === null || this.triedAlready(at, now)) return null;
    return this.store.refillInFlight(this.account.backend()) ? null : at;
  }

  /**
   * The reopening stays "due" while its refill is in flight, so the refill is
   * dated there (Engine.creditDate): the hour it funds, not when Stripe answered.
   */
  nextAt(now: number): number | null {
    const at = this.reopenAt(now);
    if (at === null || at >= now) return null;
    return this.triedAlready(at, now) && !this.store.refillInFlight(this.account.backend()) ? null : at;
  }

  apply(now: number, _report: SettleReport): StepOutcome {
    const at = this.reopenAt(now);
    if (at !== null) {
      this.tried = { at, now };
      this.refill.armForReopen();
    }
    return 'applied';
  }

  /** The instant the caps reopen for a refill that is still wanted, if it has come by `now`. */
  reopenAt(now: number): number | null {
    const since = this.refill.cappedSince();
    if (since === null) return null;
    const s = readRefillSettings(this.engine.settings);
    if (!s.enabled) return null;
    const state = readRefillState(this.engine.settings);
    if (state.needsAction !== null || this.engine.ledger.balance() >= s.thresholdCredits) return null;
    const tz = userTimeZone(this.engine.settings);
    let at = capsReopenAt(s, countedRefills(this.engine.db, capsLookBack(since, tz)), since, tz);
    if (at === null) return null;
    // A refill declined since waits out its back-off first, as any refill does.
    if (state.lastFailureAt !== null) at = Math.max(at, state.lastFailureAt + REFILL_RETRY_AFTER_MS);
    return at <= now ? at : null;
  }

  private triedAlready(at: number, now: number): boolean {
    return this.tried !== null && this.tried.at === at && now < this.tried.now + RETRY_UNREACHABLE_MS;
  }
}
