import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import type { RefillPolicySource } from '../insights/forecast-types.js';
import { AlertResolver } from './alert-resolver.js';
import { type AlertSettings, AlertSettingsReader } from './alert-settings.js';
import { type AlertFilter, AlertStore } from './alert-store.js';
import type { Alert, NewAlert } from './alert-types.js';
import { LedgerAlertRules } from './ledger-rules.js';
import { RunwayRule } from './runway-rule.js';
import { SettleAlertRules } from './settle-rules.js';
import { SummarySource } from './summary-source.js';

/** Newest alerts a page of the list is cut from (the store's own cap). */
const PAGE_WINDOW = 10_000;
import { catchUpAlert } from './alert-texts.js';

/**
 * The alert engine: rules joined to the settle loop (a ledger listener for
 * balance and spend crossings, a due source for summaries, an after-settle
 * hook for runway, pauses for credits and payment notices), the persisted
 * list with read/unread, and the delivery queue the desktop shell drains.
 */
export class Alerts {
  readonly store: AlertStore;
  readonly settingsReader: AlertSettingsReader;
  private readonly summaries: SummarySource;
  private readonly settleRules: SettleAlertRules;
  /** Resolves open alerts whose condition passed (also used by the liveness checks). */
  readonly resolver: AlertResolver;
  private refill: RefillPolicySource | undefined;
  private readonly unsubscribe: () => void;

  constructor(private readonly engine: Engine) {
    this.store = new AlertStore(engine.db);
    this.settingsReader = new AlertSettingsReader(engine.db, engine.settings);
    this.summaries = new SummarySource(engine, this.store, this.settingsReader);
    this.settleRules = new SettleAlertRules(engine, this.store);
    this.resolver = new AlertResolver(engine, this.store, () => this.settingsReader.get().lowBalanceThresholds);
    const runway = new RunwayRule(engine, this.store, this.settingsReader, () => this.refill);
    const ledgerRules = new LedgerAlertRules(engine, this.store, this.settingsReader);
    // A read-only store (a read-only data folder, a client's synced replica) is read as it is: nothing to schedule.
    if (!engine.db.readonly)
      engine.db
        .transaction(() => {
          this.summaries.ensureScheduled(engine.now());
          this.settleRules.initCursors();
        })
        .immediate();
    this.unsubscribe = engine.ledger.onAppend((e) => {
      ledgerRules.onEntry(e);
      runway.touched(e.at);
    });
    engine.addSource(this.summaries);
    engine.addHooks({
      // Called after each applied settle step, inside its transaction: the runway at that step's time.
      wantsAsync: () => {
        runway.evaluateIfTouched();
        return false;
      },
      afterSettle: (now) => {
        this.settleRules.evaluate();
        engine.db
          .transaction(() => {
            runway.evaluate(now);
            this.resolver.evaluate(now);
          })
          .immediate();
      },
      // One alert per held gap (keyed by where it starts), with the button that confirms it.
      catchUpHeld: (gap, now) => {
        this.store.insert(catchUpAlert(gap), now);
      },
      catchUpConfirmed: (gap, now) => {
        this.store.markReadByKey(catchUpAlert(gap).dedupeKey, now);
        this.store.resolveCondition('catch_up_confirm', now);
      },
    });
  }

  /** Lets the runway rule see auto-refill settings (payments hands them over). */
  setRefillPolicySource(source: RefillPolicySource | undefined): void {
    this.refill = source;
  }

  /** Raises an alert from another module (payments, reconciliation); a repeated dedupe key is ignored. */
  raise(a: NewAlert): Alert | null {
    return this.store.insert(a, this.engine.now());
  }

  /** Alerts newest first. */
  list(f: AlertFilter = {}): Alert[] {
    return this.store.list(f);
  }

  /**
   * One page of the list, newest first, after the alert `beforeId` (keyset on
   * the list's own (at, id) order, so a page never skips or repeats an alert
   * even when alerts are recorded out of time order: a catch-up replays past
   * hours). Pages are cut from the newest PAGE_WINDOW alerts. An unknown
   * cursor is refused: the caller starts again from the first page.
   */
  page(p: { unread?: boolean; open?: boolean; limit: number; beforeId?: number }): { alerts: Alert[]; nextBeforeId: number | null } {
    const all = this.store.list({ unread: p.unread, open: p.open, limit: PAGE_WINDOW });
    let after = all;
    if (p.beforeId !== undefined) {
      const cursor = this.store.placeOf(p.beforeId);
      if (!cursor) throw new RefusedError('unknown_alert', `no alert ${p.beforeId} in this list: start again from the first page`);
      after = all.filter((a) => a.at < cursor.at || (a.at === cursor.at && a.id < cursor.id));
    }
    const alerts = after.slice(0, p.limit);
    return { alerts, nextBeforeId: after.length > p.limit ? (alerts[alerts.length - 1]?.id ?? null) : null };
  }

  /** Unread alerts count (the sidebar badge). */
  unreadCount(): number {
    return this.store.unreadCount();
  }

  /** Marks alerts read ('all' for "mark all read"). */
  markRead(ids: readonly number[] | 'all'): number {
    return this.store.markRead(ids, this.engine.now());
  }

  /** Alerts not yet shown as a notification, oldest first. */
  pendingDeliveries(limit?: number): Alert[] {
    return this.store.pendingDeliveries(limit);
  }

  /** Records that the shell showed these alerts. */
  markDelivered(ids: readonly number[]): number {
    return this.store.markDelivered(ids, this.engine.now());
  }

  /** Current alert settings (defaults where unset). */
  settings(): AlertSettings {
    return this.settingsReader.get();
  }

  /**
   * Changes alert settings after settling (so replayed hours use the rules
   * they fell under); a new summary time or day reschedules from now.
   */
  async updateSettings(patch: Partial<AlertSettings>): Promise<AlertSettings> {
    return this.engine.act(
      (now) => {
        const before = this.settingsReader.get();
        const next = this.settingsReader.update(patch);
        const resched =
          next.summaryTime !== before.summaryTime ||
          next.weeklyDay !== before.weeklyDay ||
          (next.dailySummary && !before.dailySummary) ||
          (next.weeklySummary && !before.weeklySummary);
        if (resched) this.summaries.reset(now, next);
        return next;
      },
      () => this.settingsReader.check(patch),
    );
  }

  /** Detaches the ledger listener. */
  close(): void {
    this.unsubscribe();
  }
}
