import type { Snapshot } from '../../../preload/contract.js';
import { monthStart } from '../../core/calendar.js';
import { basicStatus } from '../../core/engine-status.js';
import { chargedBetween, entriesAhead } from '../../core/ledger/ledger-queries.js';
import type { Services } from '../../core/services.js';
import { alertsNeedingAction } from './action-alerts.js';
import { dailyDto } from './insights-present.js';
import { autoRefillSummary, refillBanners } from './refill-present.js';
import { runwayState } from './runway-state.js';

const DASHBOARD_DAYS = 7;

/** The headline figures for the UI and the tray (the caller settles first). */
export function buildSnapshot(services: Services): Snapshot {
  const engine = services.engine;
  const s = basicStatus(engine);
  const now = engine.now();
  const ins = services.insights.snapshot(DASHBOARD_DAYS);
  const thisMonth = monthStart(now, s.timeZone);
  const lastMonth = monthStart(thisMonth - 1, s.timeZone);
  const banners: Snapshot['banners'] = [];
  if (s.pausedForCredits > 0) {
    banners.push({
      kind: 'paused_for_credits',
      message: `${s.pausedForCredits} deployment${s.pausedForCredits === 1 ? ' is' : 's are'} paused for credits — add credits to resume.`,
      action: { label: 'Add credits', view: 'billing' },
    });
  }
  banners.push(...refillBanners(services.payments.refillView()));
  const ahead = entriesAhead(engine.db, now);
  if (ahead) {
    // Month and day figures are bounded by now, so these entries are left out of them, not mixed in.
    banners.push({
      kind: 'ledger_ahead',
      message: `The ledger has ${ahead.count} ${ahead.count === 1 ? 'entry' : 'entries'} dated after this computer's clock (up to ${new Date(ahead.latestAt).toISOString().slice(0, 16).replace('T', ' ')} UTC): another Burnrate process ran ahead. Today's and this month's figures leave ${ahead.count === 1 ? 'it' : 'them'} out until the clock gets there; the balance includes ${ahead.count === 1 ? 'it' : 'them'}.`,
      action: { label: 'See transactions', view: 'billing' },
    });
  }
  const r = ins.runway;
  const hours = r ? r.hours : null;
  return {
    at: s.at,
    balance: s.balance,
    monthSpend: s.monthSpend,
    lastMonthSpend: chargedBetween(engine.db, lastMonth, thisMonth),
    projectedMonth: ins.projectedMonth,
    burnPerHour: ins.burnPerHour,
    running: s.running,
    paused: s.paused,
    pausedForCredits: s.pausedForCredits,
    timeZone: s.timeZone,
    runway: {
      state: runwayState(hours, s.pausedForCredits),
      endsAt: r ? new Date(r.at).toISOString() : null,
      hours,
      firstToPause: r ? { deploymentId: r.firstToPause.id, name: r.firstToPause.name, at: new Date(r.at).toISOString() } : null,
    },
    autoRefill: autoRefillSummary(services.payments.refillView(), ins.burnPerHour),
    banners,
    unreadAlerts: services.alerts.unreadCount(),
    actionAlerts: alertsNeedingAction(services),
    daily: ins.daily.map(dailyDto),
    costByModel: ins.costByModel,
    costByDeployment: ins.costByDeployment,
  };
}
