import type { SettleHooks } from '../billing/settle-types.js';
import { crashPoint } from '../crash-points.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../clock.js';
import type { Engine } from '../engine.js';
import { isRefused } from '../errors.js';
import { formatCredits } from '../money.js';
import { userTimeZone } from '../settings/engine-settings.js';
import { declineIsCustomerMissing, GatewayError, type PaymentGateway } from './gateway.js';
import type { PaymentAccount } from './payment-account.js';
import type { PayExecutor } from './pay-executor.js';
import type { PaymentNotices } from './notices.js';
import { declineText } from './decline-texts.js';
import { autoRefillDisabledText, autoRefillNoCardText, refillCappedText, refillFailedText, refillSucceededText } from './notice-texts.js';
import type { PaymentOutcome, PaymentRecorder } from './payment-recorder.js';
import type { Payment, PaymentStore } from './payment-store.js';
import { capsLookBack, countedRefills, refillBlock, type RefillBlock } from './refill-caps.js';
import {
  patchRefillState,
  readRefillOwed,
  readRefillSettings,
  readRefillState,
  resetRefillState,
  writeRefillOwed,
  writeRefillSettings,
} from './refill-store.js';
import type { SavedCards } from './saved-cards.js';

/** How long an unpayable hour waits for a refill in flight (SPEC: at most 10 minutes after it fell due). */
export const REFILL_WAIT_MS = 10 * MINUTE_MS;
/** After a declined refill, the next one waits at least this long (a catch-up pass must not burn 3 attempts at once). */
export const REFILL_RETRY_AFTER_MS = HOUR_MS;
/** Failed refills in a row that turn auto-refill off. */
export const MAX_FAILURES = 3;
/**
 * After a skip that will hold for a while (back-off, a cap, waiting for the
 * card holder), charges stop marking a refill owed for this much wall time: a
 * catch-up would otherwise commit, try and skip again after every hour.
 */
const QUIET_AFTER_SKIP_MS = MINUTE_MS;

/** What one refill attempt did. */
export type RefillAttempt =
  | { result: 'skipped'; reason: 'off' | 'above_threshold' | 'in_flight' | 'needs_action' | 'backoff' | 'no_card' | 'unavailable' }
  | { result: 'capped'; reason: 'per_day' | 'monthly' }
  | { result: 'charged'; payment: number; outcome: PaymentOutcome['status'] };

/** What became of auto-refill when its card went away (removed, or left behind with another payments backend). */
export type RefillCardChange = 'default_card' | 'turned_off' | null;

/**
 * Auto-refill as settle hooks: a charge leaving the balance below the
 * threshold marks a refill owed, in the charge's own transaction (so a crash
 * before the refill cannot lose it); the settle loop steps out of its
 * transaction and `runAsync` charges the card off-session, at most one refill
 * in flight (the database holds the same rule), within the caps. Every
 * attempt's decision clears the owed mark, whatever its outcome, so the loop
 * never spins and a decline waits for the next crossing debit.
 */
export class AutoRefill implements SettleHooks {
  /**
   * False only when the stored owed mark was just read as clear: spares a
   * settings read per applied item in a long catch-up. Set again by every
   * write of the mark, and before each settle pass's last look (another
   * process may have set it).
   */
  private maybeOwed = true;
  private running: Promise<RefillAttempt> | null = null;
  /** Wall time before which a charge does not mark a refill owed (see QUIET_AFTER_SKIP_MS). */
  private quietUntil = -Infinity;
  /** False only when the stored cap mark was just read as clear (a read per applied item spared, as for the owed mark). */
  private maybeCapped = true;

  constructor(
    private readonly engine: Engine,
    private readonly store: PaymentStore,
    private readonly recorder: PaymentRecorder,
    private readonly executor: PayExecutor,
    private readonly account: PaymentAccount,
    private readonly cards: SavedCards,
    private readonly notices: PaymentNotices,
    private readonly gateway: () => Promise<PaymentGateway>,
  ) {
    // Refund debits do not arm it: support just gave that money back on request.
    engine.ledger.onAppend((e) => {
      if (e.kind !== 'charge' || engine.now() < this.quietUntil) return;
      const s = readRefillSettings(engine.db);
      if (s.enabled && e.balanceAfter < s.thresholdCredits && !readRefillOwed(engine.db)) this.setOwed(true);
    });
    recorder.onOutcome((p, o, now) => this.onOutcome(p, o, now));
  }

  /** True when a refill is owed (a crossing debit, or refill turned on below the threshold, not yet attempted). */
  isArmed(): boolean {
    if (!this.maybeOwed) return false;
    this.maybeOwed = readRefillOwed(this.engine.db);
    return this.maybeOwed;
  }

  wantsAsync(): boolean {
    return this.isArmed() && !this.store.refillInFlight(this.account.backend());
  }

  async runAsync(now: number): Promise<void> {
    if (this.isArmed()) await this.attempt(now);
  }

  shouldWaitForCredits(dueAt: number, now: number): boolean {
    return now < dueAt + REFILL_WAIT_MS && this.store.refillInFlight(this.account.backend()) !== undefined;
  }

  /** A debit outside the loop (a start's first hour) arms a refill no due item will pick up: run it here. */
  async afterSettle(now: number): Promise<void> {
    this.maybeOwed = true;
    this.maybeCapped = true;
    if (this.isArmed() && !this.store.refillInFlight(this.account.backend())) await this.attempt(now);
    this.notices.flush();
  }

  /** When a cap last refused a refill that no refill has since followed (the instant it would have been dated), or null. */
  cappedSince(): number | null {
    if (!this.maybeCapped) return null;
    const at = readRefillState(this.engine.db).cappedAt;
    this.maybeCapped = at !== null;
    return at;
  }

  /** Refills when armed (after a purchase, a sync, turning refill on). */
  async runIfArmed(now: number): Promise<RefillAttempt | null> {
    return this.isArmed() ? this.attempt(now) : null;
  }

  /** Arms a refill because a cap window reopened (RefillReopenSource), inside the settle loop's transaction. */
  armForReopen(): void {
    this.setOwed(true);
  }

  /** Arms a refill check (turning refill on while already below the threshold). */
  arm(): void {
    this.quietUntil = -Infinity;
    this.setOwed(true);
  }

  /**
   * After a card was removed or the saved cards were swapped for another
   * backend's: a refill pinned to a card that is gone falls back to the
   * default card; with no card left, auto-refill is turned off with an alert
   * (a refill that can never be charged must not look like it is on).
   */
  afterCardsChanged(now: number): RefillCardChange {
    const change = this.engine.db
      .transaction((): RefillCardChange => {
        const s = readRefillSettings(this.engine.db);
        const pinnedGone = s.cardId !== null && !this.cards.find(s.cardId);
        if (pinnedGone) writeRefillSettings(this.engine.db, { ...s, cardId: null });
        if (!s.enabled || (!pinnedGone && this.cards.defaultCard())) return null;
        if (this.cards.defaultCard()) return 'default_card';
        writeRefillSettings(this.engine.db, { ...s, cardId: null, enabled: false });
        this.notices.raise('auto_refill_disabled', now, autoRefillNoCardText(), { reason: 'no_card' });
        return 'turned_off';
      })
      .immediate();
    this.notices.flush();
    return change;
  }

  /** One refill attempt; concurrent callers share it. */
  attempt(now: number): Promise<RefillAttempt> {
    this.running ??= this.tryRefill(now)
      .catch((err: unknown) => this.unavailable(err, now))
      .finally(() => {
        this.running = null;
        this.notices.flush();
      });
    return this.running;
  }

  private setOwed(owed: boolean): void {
    writeRefillOwed(this.engine.db, owed);
    this.maybeOwed ||= owed;
  }

  /**
   * A cap blocks the refill dated `at`: remembered until a refill goes
   * through, so the cap window's reopening is then due (RefillReopenSource).
   * Call it inside a transaction.
   */
  private capped(now: number, at: number, cap: 'per_day' | 'monthly') {
    patchRefillState(this.engine.db, { cappedAt: at });
    this.maybeCapped = true;
    return this.quiet(now, this.skip({ result: 'capped', reason: cap } as const));
  }

  /** A skip that will hold for a while: charges stop marking a refill owed until QUIET_AFTER_SKIP_MS passes. */
  private quiet<T extends RefillAttempt>(now: number, attempt: T): T {
    this.quietUntil = now + QUIET_AFTER_SKIP_MS;
    return attempt;
  }

  /** A decision that charges nothing: clears the owed mark with it (in the caller's transaction, if any). */
  private skip<T extends RefillAttempt>(attempt: T): T {
    this.setOwed(false);
    return attempt;
  }

  private async tryRefill(now: number): Promise<RefillAttempt> {
    const s = readRefillSettings(this.engine.db);
    const state = readRefillState(this.engine.db);
    // The caps look at the instant this refill would be dated (inside a catch-up, the hour it funds).
    const at = this.engine.creditDate(now);
    const tz = userTimeZone(this.engine.settings);
    const blockNow = () =>
      refillBlock(readRefillSettings(this.engine.db), this.engine.ledger.balance(), countedRefills(this.engine.db, capsLookBack(at, tz)), at, tz);
    const block = blockNow();
    if (block === 'off' || block === 'above_threshold') return this.skip({ result: 'skipped', reason: block });
    if (this.store.refillInFlight(this.account.backend())) return this.skip({ result: 'skipped', reason: 'in_flight' });
    if (state.needsAction) return this.quiet(now, this.skip({ result: 'skipped', reason: 'needs_action' }));
    if (state.lastFailureAt !== null && now < state.lastFailureAt + REFILL_RETRY_AFTER_MS)
      return this.quiet(now, this.skip({ result: 'skipped', reason: 'backoff' }));
    if (block) {
      const cap = block;
      return this.engine.db
        .transaction(() => {
          if (state.capNotifiedAt === null || now >= state.capNotifiedAt + DAY_MS) {
            this.notices.raise('refill_capped', now, refillCappedText(cap, s.maxPerDay, s.monthlyLimitCredits), { cap });
            patchRefillState(this.engine.db, { capNotifiedAt: now });
          }
          return this.capped(now, at, cap);
        })
        .immediate();
    }
    // Opened before the card is chosen: the first open may swap in this backend's own cards, or turn refill off.
    const gw = await this.gateway();
    if (!readRefillSettings(this.engine.db).enabled) return this.skip({ result: 'skipped', reason: 'off' });
    const pinned = readRefillSettings(this.engine.db).cardId;
    const card = pinned ? this.cards.find(pinned) : this.cards.defaultCard();
    if (!card) {
      this.engine.db
        .transaction(() => {
          this.fail(now, 'no saved card to charge — add a card', null);
          this.setOwed(false);
        })
        .immediate();
      return { result: 'skipped', reason: 'no_card' };
    }
    const customer = await this.account.ensureCustomer(gw);
    const email = this.account.email();
    const backend = this.account.backend();
    let payment: Payment | RefillBlock;
    try {
      // The refill's intent and the end of the owed mark commit together: a crash leaves one or the other, never neither.
      payment = this.engine.db
        .transaction((): Payment | RefillBlock => {
          // Checked again under the write lock: another process (a second team server) may have refilled, or credits
          // come in, since the check above; its refill no longer in flight, the unique index would let this one past the cap.
          const late = blockNow();
          if (late !== null) return late;
          const row = this.store.insert({
            kind: 'refill',
            credits: s.amountCredits,
            cardId: card.id,
            status: 'pending',
            now,
            keyFor: (id) => this.account.paymentKey(id),
            request: (key) => ({
              amount: s.amountCredits,
              customer,
              paymentMethod: card.id,
              offSession: true,
              receiptEmail: email,
              backend,
              description: `Burnrate auto-refill: ${formatCredits(s.amountCredits)}`,
              metadata: { app: 'burnrate', burnrate_kind: 'refill', burnrate_key: key, credits: String(s.amountCredits) },
            }),
          });
          this.setOwed(false);
          return row;
        })
        .immediate();
    } catch (err) {
      // Another process started one between our check and our insert: the unique index said no.
      if (this.store.refillInFlight(this.account.backend())) return this.skip({ result: 'skipped', reason: 'in_flight' });
      throw err;
    }
    if (typeof payment === 'string') {
      if (payment === 'off' || payment === 'above_threshold') return this.skip({ result: 'skipped', reason: payment });
      // A cap reached meanwhile: remembered like any cap.
      const cap = payment;
      return this.engine.db.transaction(() => this.capped(now, at, cap)).immediate();
    }
    crashPoint('refill-before-call');
    const outcome = await this.executor.execute(payment);
    crashPoint('refill-after-call');
    return { result: 'charged', payment: payment.id, outcome: outcome.status };
  }

  /**
   * Stripe unreachable: not the card's fault, so no failure is counted, and
   * charges stay quiet for a while (a catch-up would otherwise reopen the
   * gateway after every hour). A refusal (a live key) is a failure; so is an
   * unexpected error (a broken sandbox file), said in the alert rather than
   * thrown: thrown, it would fail every settle that charges an hour, pause and
   * stop included. Either way the back-off and the three-failure rule apply.
   */
  private unavailable(err: unknown, now: number): RefillAttempt {
    if (err instanceof GatewayError && err.kind === 'unknown') return this.quiet(now, this.skip({ result: 'skipped', reason: 'unavailable' }));
    const expected = err instanceof GatewayError || isRefused(err);
    const reason = expected ? err.message : `it could not run (${err instanceof Error ? err.message : String(err)})`;
    this.engine.db
      .transaction(() => {
        this.fail(now, reason, null);
        this.setOwed(false);
      })
      .immediate();
    return this.quiet(now, { result: 'skipped', reason: 'unavailable' });
  }

  /** Keeps the failure streak; runs inside the transaction that recorded the outcome. */
  private onOutcome(p: Payment, o: PaymentOutcome, now: number): void {
    if (p.kind !== 'refill') {
      // An on-session payment went through: the card holder acted, so refills may go on.
      if (o.status === 'succeeded' && o.created && readRefillState(this.engine.db).needsAction) resetRefillState(this.engine.db);
      return;
    }
    if (o.status === 'succeeded' && o.created) {
      resetRefillState(this.engine.db);
      this.notices.raise('refill_succeeded', now, refillSucceededText(o.entry.credits, p.cardBrand, p.cardLast4), {
        paymentIntent: p.paymentIntent,
        credits: o.entry.credits,
        resumed: o.resumed,
      });
    } else if (o.status === 'failed') {
      // The customer is gone (the backend's data was reset): not the card's fault, so no failure is counted;
      // forgetting it and its cards (payments.ts) turns refill off with an alert saying to add a card.
      if (declineIsCustomerMissing(o.decline)) return;
      if (o.decline.code === 'authentication_required') {
        patchRefillState(this.engine.db, { needsAction: p.paymentIntent ?? p.idempotencyKey });
        this.notices.raise(
          'refill_needs_action',
          now,
          'Auto-refill needs you: your bank wants to confirm the payment. Buy credits with this card to authenticate it; refills wait until then.',
          {
            paymentIntent: p.paymentIntent,
            cardId: p.cardId,
            credits: p.credits,
            action: 'credits_buy',
          },
        );
        // Still a failure in the streak, but one alert: "update card" would be wrong advice for a card that is fine.
        this.fail(now, o.decline.message, p, false);
        return;
      }
      // A request Stripe refused keeps Stripe's words: it is not the bank declining the card.
      this.fail(now, o.decline.refusedParam === undefined ? declineText(o.decline) : o.decline.message, p);
    }
  }

  /** Counts a failure (raising `refill_failed` unless another notice already says what to do); the third in a row turns refill off. */
  private fail(now: number, reason: string, p: Payment | null, notify = true): void {
    const state = readRefillState(this.engine.db);
    const failures = state.failures + 1;
    patchRefillState(this.engine.db, { failures, lastFailureAt: now });
    if (notify) this.notices.raise('refill_failed', now, refillFailedText(reason), { paymentIntent: p?.paymentIntent ?? null, reason, failures });
    if (failures >= MAX_FAILURES) {
      writeRefillSettings(this.engine.db, { ...readRefillSettings(this.engine.db), enabled: false });
      this.notices.raise('auto_refill_disabled', now, autoRefillDisabledText(failures), { failures });
    }
  }
}
