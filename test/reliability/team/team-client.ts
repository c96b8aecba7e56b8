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
  ops: number;
  refused: { op: string; code: string; at: number }[];
}

type Op = 'create' | 'start' | 'pause' | 'resume' | 'stop' | 'coupon' | 'status' | 'balance';

const TARGET: Record<'start' | 'pause' | 'resume' | 'stop', State> = { start: 'running', pause: 'paused', resume: 'running', stop: 'stopped' };
const FROM: Record<'start' | 'pause' | 'resume' | 'stop', State[]> = {
  start: ['created'],
  pause: ['running'],
  resume: ['paused'],
  stop: ['created', 'running', 'paused'],
};
const TIERS = ['S', 'M', 'L'] as const;
const MAX_LIVE = 3;

/**
 * One team lead with a token of their own: creates, starts, pauses, resumes
 * and stops their deployments, redeems their coupons and reads the status,
 * one seeded operation per round, all at the round's clock. It only asks
 * what its model says is allowed, so a refusal is either the echo of its own
 * earlier attempt (checked against the server's state) or worth reporting.
 */
export class TeamClient {
  readonly log: ClientLog = { deployments: [], redeemed: [], ops: 0, refused: [] };
  private readonly rnd: Prng;
  private created = 0;

  constructor(
    readonly index: number,
    private readonly token: string,
    private readonly api: TeamApi,
    seed: number,
    private readonly coupons: { code: string; credits: number }[],
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

  private async redeem(now: number): Promise<void> {
    const coupon = this.coupons.shift()!;
    const out = await this.call('coupons/redeem', { code: coupon.code }, now);
    if (out.kind === 'ok' || (out.uncertain && out.code === 'coupon_already_redeemed')) this.log.redeemed.push(coupon);
    else this.refusal('coupon', out, now);
  }
}
