import { HOUR_MS } from '../clock.js';
import type { Engine } from '../engine.js';
import { deploymentSpendInWindow } from '../insights/spend-queries.js';
import type { LedgerEntry } from '../ledger/entry-types.js';
import type { AlertSettingsReader } from './alert-settings.js';
import type { AlertStore } from './alert-store.js';
import { lowBalanceText, spendLimitText } from './alert-texts.js';

/**
 * Rules evaluated for each appended ledger entry, inside the writer's
 * transaction, at the entry's own time: during a 30-day catch-up they see
 * each replayed hour once, so each crossing raises one alert.
 *
 * - Low balance: fires when an entry takes the balance from at or above a
 *   threshold to below it. The previous balance is part of the entry, so the
 *   rule needs no state: it re-arms simply by the balance rising again.
 * - Deployment spend: after each charge, the deployment's spend over its
 *   trailing window; fires when it goes above the limit while armed, and
 *   re-arms once a later charge finds the window back at or under the limit.
 */
export class LedgerAlertRules {
  constructor(
    private readonly engine: Engine,
    private readonly store: AlertStore,
    private readonly settings: AlertSettingsReader,
  ) {}

  /** Evaluates the rules for one entry. */
  onEntry(e: LedgerEntry): void {
    const s = this.settings.get();
    const before = e.balanceAfter - e.credits;
    for (const t of s.lowBalanceThresholds) {
      if (before >= t && e.balanceAfter < t) this.lowBalance(e, t);
      // Back at or above it: the condition passed, in entry order (a later crossing in the same pass is a new alert).
      else if (before < t && e.balanceAfter >= t) this.store.resolveCondition(`low_balance:${t}`, e.at);
    }
    if (e.kind === 'charge' && e.deploymentId !== null && e.hourStart !== null && s.deploymentLimits.length > 0) {
      const limit = s.deploymentLimits.find((l) => l.deploymentId === e.deploymentId);
      if (limit) this.spendLimit(e.deploymentId, e.hourStart, e.id, limit.windowHours, limit.limitCredits);
    }
  }

  private lowBalance(e: LedgerEntry, threshold: number): void {
    const burn = this.burnAt(e.at);
    this.store.insert(
      {
        kind: 'low_balance',
        severity: threshold <= Math.min(...this.settings.get().lowBalanceThresholds) ? 'critical' : 'warning',
        title: `Balance below ${threshold.toLocaleString('en-US')} credits`,
        message: lowBalanceText(threshold, e.balanceAfter, burn),
        dedupeKey: `low_balance:${threshold}:${e.id}`,
        at: e.at,
        actions: [
          { label: 'Add credits', target: 'add-credits' },
          { label: 'Pause all', target: 'pause-all' },
        ],
        data: { threshold, balance: e.balanceAfter, burnPerHour: burn, entryId: e.id },
        conditionKey: `low_balance:${threshold}`,
      },
      this.engine.now(),
    );
  }

  private spendLimit(deploymentId: number, hourStart: number, entryId: number, windowHours: number, limit: number): void {
    const spent = deploymentSpendInWindow(this.engine.db, deploymentId, hourStart - windowHours * HOUR_MS, hourStart);
    const key = `spend_armed:${deploymentId}`;
    const armed = this.store.getState<boolean>(key) ?? true;
    if (spent <= limit) {
      if (!armed) {
        this.store.setState(key, true);
        this.store.resolveCondition(`deployment_spend:${deploymentId}`, hourStart);
      }
      return;
    }
    if (!armed) return;
    this.store.setState(key, false);
    const name = this.engine.deployments.find(deploymentId)?.name ?? `#${deploymentId}`;
    this.store.insert(
      {
        kind: 'deployment_spend',
        severity: 'warning',
        title: `${name} over its spend limit`,
        message: spendLimitText(name, spent, windowHours, limit),
        dedupeKey: `deployment_spend:${deploymentId}:${entryId}`,
        at: hourStart,
        deploymentId,
        actions: [{ label: 'Pause', target: `pause:${deploymentId}` }],
        data: { spent, windowHours, limit },
        conditionKey: `deployment_spend:${deploymentId}`,
      },
      this.engine.now(),
    );
  }

  /** Credits per hour of the deployments running when the entry was written. */
  private burnAt(at: number): number {
    let burn = 0;
    for (const d of this.engine.deployments.listByState('running')) burn += this.engine.catalog.priceAt(d.tier, at);
    return burn;
  }
}
