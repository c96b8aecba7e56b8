import type { TickReply } from '../../../preload/contract.js';
import { catchUpRefusal } from '../../core/billing/catch-up-guard.js';
import type { SettleReport } from '../../core/billing/settle-types.js';
import { iso } from '../../core/calendar.js';
import type { Engine } from '../../core/engine.js';
import { basicStatus } from '../../core/engine-status.js';
import { handler, type HandlerTable } from './handler-types.js';
import { emptyInput } from './schemas.js';

/** A settle pass as the contract shows it; a held catch-up (nothing was charged) is refused with its gap. */
export function tickReply(engine: Engine, r: SettleReport): TickReply {
  if (r.catchUpHeld) throw catchUpRefusal(r.catchUpHeld);
  return {
    charged: r.charged.map((c) => ({ deploymentId: c.deploymentId, hourStart: iso(c.hourStart), credits: c.credits })),
    chargedCredits: r.chargedCredits,
    paused: r.paused.map((p) => ({ deploymentId: p.deploymentId, at: iso(p.at), reason: p.reason })),
    resumed: r.resumed.map((p) => ({ deploymentId: p.deploymentId, at: iso(p.at), reason: p.reason })),
    waitingForRefill: r.waitingForRefill,
    balance: engine.ledger.balance(),
  };
}

/** Settling what fell due, and the headline status. */
export const billingHandlers: HandlerTable = {
  'billing/tick': handler('billing/tick', {
    schema: emptyInput,
    mutates: true,
    handle: async ({ services: { engine } }) => tickReply(engine, await engine.settle()),
  }),
  'billing/status': handler('billing/status', {
    schema: emptyInput,
    async handle({ services }) {
      await services.engine.settle();
      const basic = basicStatus(services.engine);
      const f = services.insights.forecast();
      const runway = f.runway ? { hours: f.runway.hours, at: iso(f.runway.at), firstToPause: f.runway.firstToPause } : null;
      return { ...basic, projectedMonth: basic.monthSpend + f.restOfMonth, burnPerHour: f.burnPerHour, runway };
    },
  }),
};
