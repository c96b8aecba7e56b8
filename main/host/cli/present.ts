import type { Engine } from '../../core/engine.js';
import type { Deployment } from '../../core/deployments/deployment-types.js';
import type { LedgerEntry } from '../../core/ledger/entry-types.js';
import { isoOrNull } from '../../core/calendar.js';

/** A deployment as the CLI and the contract show it. */
export function deploymentJson(engine: Engine, d: Deployment) {
  return {
    id: d.id,
    name: d.name,
    model: d.model,
    params: d.paramsB,
    precision: d.precision,
    tier: d.tier,
    state: d.state,
    pausedReason: d.pausedReason,
    creditsPerHour: engine.catalog.priceAt(d.tier, engine.now()),
    nextChargeAt: isoOrNull(d.nextChargeAt),
    paidUntil: isoOrNull(d.paidUntil),
    createdAt: isoOrNull(d.createdAt),
  };
}

/** A ledger entry as the CLI and exports show it (times ISO-8601 UTC). */
export function entryJson(e: LedgerEntry) {
  return {
    id: e.id,
    kind: e.kind,
    credits: e.credits,
    balanceAfter: e.balanceAfter,
    deploymentId: e.deploymentId,
    hourStart: isoOrNull(e.hourStart),
    at: new Date(e.at).toISOString(),
    reference: e.reference,
    description: e.description,
  };
}
