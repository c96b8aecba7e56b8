import { Prng } from '../soak/prng.js';
import type { Outcome, TeamApi } from './team-api.js';

type State = 'created' | 'running' | 'paused' | 'stopped';

/** A deployment as its client knows it: every transition the server acknowledged, with the round's clock. */
export interface KnownDeployment {
  id: number;
  name: string;
  state: State;
  transitions: { from: State; to: State; at: number }[];
}

/** What one client did and was told, for the checks at the end. */
export interface ClientLog {
  deployments: KnownDeployment[];
  /** Coupons the server acknowledged as redeemed (or, after an unknown outcome, refused as already redeemed). */
  redeemed: { code: string; credits: number }[];
  /** Purchases the server acknowledged as paid and credited: each with the request key it was sent (and resent) with. */
  purchases: { requestKey: string; credits: number; paymentIntent: string }[];
  ops: number;
  refused: { op: string; code: string; at: number }[];
}

type Op = 'create' | 'start' | 'pause' | 'resume' | 'stop' | 'coupon' | 'buy' | 'sync' | 'status' | 'balance';

const TARGET: Record<'start' | 'pause' | 'resume' | 'stop', State> = { start: 'running', pause: 'paused', resume: 'running', stop: 'stopped' };
const FROM: Record<'start' | 'pause' | 'resume' | 'stop', State[]> = {
  start: ['created'],
  pause: ['running'],
  resume: ['paused'],
  stop: ['created', 'running', 'paused'],
};
const TIERS = ['S', 'M', 'L'] as const;
const MAX_LIVE = 3;
/** Purchases per lead over a run. */
const MAX_PURCHASES = 8;

/**
 * One team lead with a token of their own: creates, starts, pauses, resumes
 * and stops their deployments, redeems their coupons and reads the status,
 * one seeded operation per round, all at the round's clock. It only asks
 * what its model says is allowed, so a refusal is either the echo of its own
 * earlier attempt (checked against the server's state) or worth reporting.
 */
export class TeamClient {
  readonly log: ClientLog = { deployments: [], redeemed: [], purchases: [], ops: 0, refused: [] };
  private readonly rnd: Prng;
  private created = 0;
  private bought = 0;

  constructor(
    readonly index: number,
    private readonly token: string,
    private readonly api: TeamApi,
    seed: number,
    private readonly coupons: { code: string; credits: number }[],
    /** The lead's own saved card (a sandbox pm_card_visa it added). */
    private readonly cardId: string,
  ) {
    this.rnd = new Prng(seed * 31 + index + 1);
  }

  /** One operation at clock `now`; throws only on an answer the harness cannot read (a bug to report). */
  async act(now: number): Promise<void> {
    const op = this.choose();
    this.log.ops += 1;
    switch (op) {
      case 'create':
        return this.create(now);
      case 'start':
      case 'pause':
      case 'resume':
      case 'stop':
        return this.transition(op, now);
      case 'coupon':
        return this.redeem(now);
      case 'buy':
        return this.buy(now);
      case 'sync': {
        // What `credits sync` does: resolves payments whose answers were lost (a refill a killed server left in flight).
        const out = await this.call('payments/sync', {}, now);
        if (out.kind !== 'ok') this.refusal('sync', out, now);
        return;
      }
      case 'status': {
        const out = await this.call('billing/status', {}, now);
        if (out.kind !== 'ok') this.refusal('status', out, now);
        return;
      }
      case 'balance': {
        const out = await this.call('ledger/balance', {}, now);
        if (out.kind !== 'ok') this.refusal('balance', out, now);
        return;
      }
    }
  }

  private choose(): Op {
    const live = this.log.deployments.filter((d) => d.state !== 'stopped');
    const has = (s: State) => live.some((d) => d.state === s);
    const weights: Record<Op, number> = {
      create: live.length < MAX_LIVE ? 3 : 0,
      start: has('created') ? 6 : 0,
      pause: has('running') ? 5 : 0,
      resume: has('paused') ? 6 : 0,
      stop: live.length > 0 ? 1 : 0,
      coupon: this.coupons.length > 0 ? 2 : 0,
      buy: this.bought < MAX_PURCHASES ? 2 : 0,
      sync: 1,
      status: 4,
      balance: 2,
    };
    return this.rnd.weighted(weights);
  }

  private call(channel: string, body: unknown, now: number, applied?: () => Promise<unknown>): Promise<Outcome> {
    return this.api.call(this.token, channel, body, now, this.index, applied);
  }

  private refusal(op: string, out: Outcome & { kind: 'refused' }, now: number): void {
    this.log.refused.push({ op, code: out.code, at: now });
  }

  private async create(now: number): Promise<void> {
    const name = `c${this.index}-d${++this.created}`;
    const spec = { name, model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: this.rnd.pick(TIERS) };
    // A create is not safe to send twice: after an unknown outcome, look for the name first.
    const findIt = async () => {
      const list = await this.call('deployments/list', {}, now);
      return list.kind === 'ok' ? (list.result as { id: number; name: string }[]).find((d) => d.name === name) : undefined;
    };
    const out = await this.call('deployments/create', spec, now, findIt);
    if (out.kind !== 'ok') return this.refusal('create', out, now);
    const d = out.result as { id: number; state: State };
    this.log.deployments.push({ id: d.id, name, state: 'created', transitions: [] });
  }

  private async transition(op: 'start' | 'pause' | 'resume' | 'stop', now: number): Promise<void> {
    const d = this.rnd.pick(this.log.deployments.filter((x) => FROM[op].includes(x.state)));
    const out = await this.call(`deployments/${op}`, { id: d.id }, now);
    let applied = out.kind === 'ok';
    if (out.kind === 'refused' && out.uncertain) {
      // Refused on a retry: because the first attempt acted before its server died? Its state says.
      const got = await this.call('deployments/get', { id: d.id }, now);
      applied = got.kind === 'ok' && (got.result as { state: State }).state === TARGET[op];
    }
    if (!applied) return this.refusal(op, out as Outcome & { kind: 'refused' }, now);
    d.transitions.push({ from: d.state, to: TARGET[op], at: now });
    d.state = TARGET[op];
  }

  /**
   * Buys credits with the lead's saved card. The request key is the client's
   * own, made once per purchase: TeamApi sends the same body again after a
   * lost answer, so the retry resumes that payment rather than paying twice.
   */
  private async buy(now: number): Promise<void> {
    const requestKey = `lead${this.index}:buy:${++this.bought}`;
    const credits = 100 * this.rnd.int(5, 30);
    const out = await this.call('payments/purchase', { credits, cardId: this.cardId, requestKey }, now);
    if (out.kind !== 'ok') return this.refusal('buy', out, now);
    const r = out.result as { status: string; credits: number; paymentIntent: string | null };
    if (r.status !== 'succeeded' || r.paymentIntent === null || r.credits !== credits) {
      this.log.refused.push({ op: 'buy', code: `answered ${r.status} for ${r.credits} credits (${String(r.paymentIntent)})`, at: now });
      return;
    }
    this.log.purchases.push({ requestKey, credits, paymentIntent: r.paymentIntent });
  }

  private async redeem(now: number): Promise<void> {
    const coupon = this.coupons.shift()!;
    const out = await this.call('coupons/redeem', { code: coupon.code }, now);
    if (out.kind === 'ok' || (out.uncertain && out.code === 'coupon_already_redeemed')) this.log.redeemed.push(coupon);
    else this.refusal('coupon', out, now);
  }
}
