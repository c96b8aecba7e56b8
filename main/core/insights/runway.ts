import { capsReopenAt, type CountedRefill, refillBlock } from '../payments/refill-caps.js';
import { DAY_MS, HOUR_MS } from '../clock.js';
import { chargeTimes } from './charge-schedule.js';
import type { ForecastDeployment, ForecastInput, RefillPolicy, Runway } from './forecast-types.js';

/** Runway is simulated at most this far ahead; beyond it, it is reported as null ("more than 90 days"). */
export const RUNWAY_HORIZON_MS = 90 * DAY_MS;

interface Cursor {
  at: number;
  d: ForecastDeployment;
  it: Generator<number>;
}

/** Orders upcoming charges as the settle loop does: by time, then deployment id. */
function before(a: Cursor, b: Cursor): boolean {
  return a.at < b.at || (a.at === b.at && a.d.id < b.d.id);
}

/** A binary min-heap of per-deployment charge cursors. */
class CursorHeap {
  private readonly items: Cursor[] = [];

  push(c: Cursor): void {
    const a = this.items;
    a.push(c);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }

  pop(): Cursor | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** Replays auto-refill while the simulation moves forward in time, by the engine's own rule (refill-caps.ts). */
class RefillSimulator {
  private readonly refills: CountedRefill[];
  private cappedAt: number | null;

  constructor(
    private readonly policy: RefillPolicy,
    private readonly timeZone: string,
  ) {
    this.refills = [...policy.counted];
    this.cappedAt = policy.cappedAt;
  }

  /** Credits a refill adds after a debit at `at` leaves `balance`, or 0 when none happens. */
  after(balance: number, at: number): number {
    const block = refillBlock(this.policy, balance, this.refills, at, this.timeZone);
    if (block === 'per_day' || block === 'monthly') this.cappedAt = at;
    return block === null ? this.add(at) : 0;
  }

  /**
   * Credits the refill that fires when a cap window reopens before `at`
   * (auto-refill comes back while the balance is still below the threshold).
   */
  before(balance: number, at: number): number {
    if (this.cappedAt === null || !this.policy.enabled || balance >= this.policy.thresholdCredits) return 0;
    const reopen = capsReopenAt(this.policy, this.refills, this.cappedAt, this.timeZone);
    return reopen !== null && reopen <= at ? this.add(reopen) : 0;
  }

  private add(at: number): number {
    this.refills.push({ at, credits: this.policy.amountCredits });
    this.cappedAt = null;
    return this.policy.amountCredits;
  }
}

/**
 * True when `balance` covers every charge [now, until] could hold for
 * deployments on `tiers` (one entry per deployment) even at each tier's
 * highest price, without refills (which only add): then no charge can fail
 * and the walk (every deployment's every hour) is not needed.
 */
export function balanceSurelyLasts(
  balance: number,
  tiers: Iterable<string>,
  now: number,
  until: number,
  maxPrice: (tier: string, from: number, to: number) => number,
): boolean {
  const hours = Math.ceil((until - now) / HOUR_MS) + 1;
  let worst = 0;
  for (const tier of tiers) worst += hours * maxPrice(tier, now, until);
  return balance >= worst;
}

/**
 * Walks the upcoming charges of every running (or schedule-paused)
 * deployment in time order from the stored state, paying each from the
 * balance and adding a refill whenever a debit leaves it below the threshold
 * (within the caps). The first charge the balance cannot pay is the runway.
 * Null when nothing will be charged or everything is paid for the horizon.
 */
export function computeRunway(input: ForecastInput, horizonMs = RUNWAY_HORIZON_MS): Runway | null {
  const until = input.now + horizonMs;
  const maxPrice = input.maxPriceBetween;
  if (
    maxPrice &&
    balanceSurelyLasts(
      input.balance,
      input.deployments.map((d) => d.tier),
      input.now,
      until,
      maxPrice,
    )
  )
    return null;
  const heap = new CursorHeap();
  for (const d of input.deployments) {
    const it = chargeTimes(d, input.now, until);
    const first = it.next();
    if (!first.done) heap.push({ at: first.value, d, it });
  }
  const refill = input.refill ? new RefillSimulator(input.refill, input.timeZone) : null;
  let balance = input.balance;
  for (let c = heap.pop(); c; c = heap.pop()) {
    const price = input.priceAt(c.d.tier, c.at);
    if (refill) balance += refill.before(balance, c.at);
    if (balance < price) {
      return { at: c.at, hours: Math.max(0, Math.round(((c.at - input.now) / HOUR_MS) * 10) / 10), firstToPause: { id: c.d.id, name: c.d.name } };
    }
    balance -= price;
    if (refill) balance += refill.after(balance, c.at);
    const next = c.it.next();
    if (!next.done) heap.push({ at: next.value, d: c.d, it: c.it });
  }
  return null;
}
