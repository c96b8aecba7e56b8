import { DateTime } from 'luxon';
import type { DueSource, SettleReport, StepOutcome } from '../billing/settle-types.js';
import type { Engine } from '../engine.js';
import { spendByDeployment } from '../insights/spend-queries.js';
import { WEEKDAYS } from '../schedules/schedule-types.js';
import { userTimeZone } from '../settings/engine-settings.js';
import type { AlertSettings, AlertSettingsReader } from './alert-settings.js';
import type { AlertStore } from './alert-store.js';
import { summaryText } from './alert-texts.js';

type Period = 'daily' | 'weekly';
const stateKey = (p: Period) => `summary_next:${p}`;

/** The first local `HH:MM` (on `weekday`, 1 = Monday, when given) strictly after `t`. */
export function nextSummaryAt(t: number, time: string, tz: string, weekday?: number): number {
  const [h, m] = time.split(':').map(Number);
  let dt = DateTime.fromMillis(t, { zone: tz }).set({ hour: h!, minute: m!, second: 0, millisecond: 0 });
  while (dt.toMillis() <= t || (weekday !== undefined && dt.weekday !== weekday)) dt = dt.plus({ days: 1 }).set({ hour: h!, minute: m! });
  return dt.toMillis();
}

/**
 * Daily and weekly spend summaries as due items of the settle loop, so they
 * are raised in time order with the charges they sum up: at the chosen local
 * time, the daily one covers the previous local day and the weekly one the
 * previous seven days. After a long gap each missed day gets its summary in
 * the list, but only the newest of each kind stays queued as a notification.
 * A period that cost nothing raises none.
 */
export class SummarySource implements DueSource {
  readonly name = 'spend-summaries';
  // After the charges due at the same instant: the day is complete.
  readonly priority = 20;

  constructor(
    private readonly engine: Engine,
    private readonly store: AlertStore,
    private readonly settings: AlertSettingsReader,
  ) {}

  /** Schedules the next summaries from `now` (on first use and when their settings change). */
  reset(now: number, s: AlertSettings = this.settings.get()): void {
    const tz = userTimeZone(this.engine.settings);
    this.store.setState(stateKey('daily'), nextSummaryAt(now, s.summaryTime, tz));
    this.store.setState(stateKey('weekly'), nextSummaryAt(now, s.summaryTime, tz, WEEKDAYS.indexOf(s.weeklyDay) + 1));
  }

  /** Schedules the summaries if they never were. */
  ensureScheduled(now: number): void {
    if (this.store.getState<number>(stateKey('daily')) === undefined) this.reset(now);
  }

  peek(now: number): number | null {
    const due = this.nextDue();
    return due && due.at <= now ? due.at : null;
  }

  apply(_now: number, _report: SettleReport): StepOutcome {
    const due = this.nextDue();
    if (!due) return 'applied';
    const s = this.settings.get();
    const tz = userTimeZone(this.engine.settings);
    const end = DateTime.fromMillis(due.at, { zone: tz }).startOf('day');
    const start = end.minus({ days: due.period === 'daily' ? 1 : 7 });
    this.raise(due.period, due.at, start.toMillis(), end.toMillis(), tz);
    const weekday = due.period === 'weekly' ? WEEKDAYS.indexOf(s.weeklyDay) + 1 : undefined;
    this.store.setState(stateKey(due.period), nextSummaryAt(due.at, s.summaryTime, tz, weekday));
    return 'applied';
  }

  private nextDue(): { period: Period; at: number } | null {
    const s = this.settings.get();
    let best: { period: Period; at: number } | null = null;
    for (const period of ['daily', 'weekly'] as const) {
      if (period === 'daily' ? !s.dailySummary : !s.weeklySummary) continue;
      const at = this.store.getState<number>(stateKey(period));
      if (at !== undefined && (!best || at < best.at)) best = { period, at };
    }
    return best;
  }

  private raise(period: Period, at: number, from: number, to: number, tz: string): void {
    const names = new Map(this.engine.deployments.list().map((d) => [d.id, d.name]));
    const rows = [...spendByDeployment(this.engine.db, from, to)]
      .map(([id, v]) => ({ name: names.get(id) ?? `#${id}`, credits: v.credits }))
      .sort((a, b) => b.credits - a.credits);
    const total = rows.reduce((n, r) => n + r.credits, 0);
    if (total === 0) return;
    const first = DateTime.fromMillis(from, { zone: tz });
    // "Yesterday" / "Last week" only when that is still true as the alert is recorded.
    const fresh = DateTime.fromMillis(to, { zone: tz }).toISODate() === DateTime.fromMillis(this.engine.now(), { zone: tz }).toISODate();
    const label = period === 'daily' ? (fresh ? 'Yesterday' : first.toFormat('ccc d LLL')) : fresh ? 'Last week' : `Week of ${first.toFormat('d LLL')}`;
    const kind = period === 'daily' ? 'daily_summary' : 'weekly_summary';
    const alert = this.store.insert(
      {
        kind,
        severity: 'info',
        title: period === 'daily' ? `Spend on ${first.toFormat('ccc d LLL')}` : `Spend in the week of ${first.toFormat('d LLL')}`,
        message: summaryText(label, total, rows),
        dedupeKey: `${kind}:${first.toISODate()}`,
        at,
        actions: [{ label: 'Cost analysis', target: 'open:cost-analysis' }],
        data: { from, to, total, byDeployment: rows },
      },
      this.engine.now(),
    );
    if (alert) this.store.supersedePending(kind, alert.id, this.engine.now());
  }
}
