import type { Snapshot } from '../../../preload/contract.js';
import { basicStatus } from '../../core/engine-status.js';
import type { Services } from '../../core/services.js';
import { estimateRunway } from './runway-estimate.js';

/** The headline figures for the UI and the tray (the caller settles first). */
export function buildSnapshot(services: Services): Snapshot {
  const engine = services.engine;
  const s = basicStatus(engine);
  const now = engine.now();
  const burnPerHour = engine.deployments
    .listByState('running')
    .reduce((sum, d) => sum + engine.catalog.priceAt(d.tier, now), 0);
  const banners: Snapshot['banners'] = [];
  if (s.pausedForCredits > 0) {
    banners.push({
      kind: 'paused_for_credits',
      message: `${s.pausedForCredits} deployment${s.pausedForCredits === 1 ? ' is' : 's are'} paused for credits — add credits to resume.`,
      action: { label: 'Add credits', view: 'billing' },
    });
  }
  return {
    at: s.at,
    balance: s.balance,
    monthSpend: s.monthSpend,
    lastMonthSpend: null,
    projectedMonth: null,
    burnPerHour,
    running: s.running,
    paused: s.paused,
    pausedForCredits: s.pausedForCredits,
    timeZone: s.timeZone,
    runway: estimateRunway(engine, s.pausedForCredits),
    autoRefill: null,
    banners,
    unreadAlerts: 0,
  };
}
