import { z } from 'zod';
import { DAY_MS, HOUR_MS } from '../clock.js';
import type { InstanceCatalog } from '../catalog/instance-catalog.js';
import type { DeploymentRepo } from '../deployments/deployment-repo.js';
import { RefusedError } from '../errors.js';
import { formatCredits } from '../money.js';
import type { SettingsStore } from '../settings/settings-store.js';

/** A catch-up longer than this charges nothing until a person confirms it (SPEC: Clock — a clock that jumped). */
export const MAX_UNCONFIRMED_CATCH_UP_MS = 90 * DAY_MS;

/** A catch-up held back for confirmation: what it spans and about what it would charge. */
export interface CatchUpGap {
  /** The earliest item still due (epoch ms). */
  from: number;
  /** The clock's reading (epoch ms). */
  to: number;
  /** Whole days between them, rounded down. */
  days: number;
  /** About what the running deployments' hours would cost at today's prices (schedules and refills left out). */
  estimatedCredits: number;
}

const CONFIRMED_KEY = 'billing.catchUpConfirmedThrough';

/** The instant up to which a person confirmed a long catch-up, or null. */
function confirmedThrough(settings: SettingsStore): number | null {
  return settings.get(CONFIRMED_KEY, z.number().nullable(), null);
}

/**
 * The long catch-up waiting for a person, or null when there is none: the
 * part of the gap between the earliest due item and `now` that nobody
 * confirmed is longer than 90 days. `earliestDue` is the earliest item the
 * sources say is due before now (Engine.creditDate reads the same).
 */
export function heldCatchUp(
  earliestDue: number | null,
  now: number,
  settings: SettingsStore,
  repo: DeploymentRepo,
  catalog: InstanceCatalog,
): CatchUpGap | null {
  if (earliestDue === null || now - earliestDue <= MAX_UNCONFIRMED_CATCH_UP_MS) return null;
  // A confirmation covers the catch-up up to the reading it was given at, so a crash half-way does not ask again.
  const start = Math.max(earliestDue, confirmedThrough(settings) ?? -Infinity);
  if (now - start <= MAX_UNCONFIRMED_CATCH_UP_MS) return null;
  let estimatedCredits = 0;
  for (const d of repo.listChargeable()) {
    if (d.nextChargeAt === null || d.nextChargeAt >= now) continue;
    const hours = Math.floor((now - 1 - d.nextChargeAt) / HOUR_MS) + 1;
    estimatedCredits += hours * catalog.priceAt(d.tier, now);
  }
  return { from: earliestDue, to: now, days: Math.floor((now - earliestDue) / DAY_MS), estimatedCredits };
}

/** Records that a person confirmed charging everything due up to `now`. */
export function confirmCatchUp(settings: SettingsStore, now: number): void {
  settings.set(CONFIRMED_KEY, z.number(), now);
}

/** The facts of a held catch-up, in words any host can show: how long the gap is and about what it would cost. */
export function catchUpFacts(gap: CatchUpGap): string {
  return `The clock is ${gap.days} days past the last settled hour: nothing was charged. Catching up would charge about ${formatCredits(gap.estimatedCredits)}.`;
}

/**
 * The alert's text: the facts and both ways to confirm (the alert is stored
 * and read by every host, the CLI's `alerts list` as well as the UI).
 */
export function catchUpText(gap: CatchUpGap): string {
  return `${catchUpFacts(gap)} Confirm it if the time is right (\`burnrate tick --confirm-catch-up\`, or Confirm catch-up on the alert); otherwise fix the clock.`;
}

/**
 * The refusal every action gets while a long catch-up waits for confirmation
 * (nothing changed). Its words name no host's way to confirm: each host adds
 * its own from the code and the gap in `data` (the CLI: cli/refusal-words.ts).
 */
export function catchUpRefusal(gap: CatchUpGap): RefusedError {
  return new RefusedError('catch_up_unconfirmed', `${catchUpFacts(gap)} Confirm it if the time is right; otherwise fix the clock.`, {
    from: new Date(gap.from).toISOString(),
    to: new Date(gap.to).toISOString(),
    days: gap.days,
    estimatedCredits: gap.estimatedCredits,
  });
}
