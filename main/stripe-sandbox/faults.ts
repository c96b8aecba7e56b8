/**
 * Fault injection. `500` and `429` strike before the request runs (nothing
 * happens); `drop` strikes after it committed (it happened, the answer is lost).
 */

/** The kinds of injected failure. */
export type FaultKind = 'drop' | '500' | '429';
/** HTTP methods a scripted fault may be limited to. */
export type FaultMethod = 'GET' | 'POST' | 'DELETE' | 'ANY';

/** Options of a scripted fault. */
export interface ScriptOptions {
  /** Only requests whose path starts with this, e.g. `/v1/payment_intents`. */
  pathPrefix?: string;
  /** Defaults to POST: the requests whose loss matters. */
  method?: FaultMethod;
}

interface Scripted {
  kind: FaultKind;
  remaining: number;
  pathPrefix: string;
  method: FaultMethod;
}

/** Random-fault settings, also accepted as JSON by `POST /_sandbox/faults`. */
export interface FaultSettings {
  latencyMs: number;
  failRate: number;
  rateLimitRate: number;
  dropRate: number;
}

const KINDS: readonly FaultKind[] = ['drop', '500', '429'];
const DEFAULT_SEED = 0x5eed;

/** mulberry32: tiny, fast, and the same sequence for the same seed everywhere. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function checkRate(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new RangeError(`${name} must be between 0 and 1`);
  return value;
}

/** Live fault settings of one sandbox; tests mutate it between calls. */
export class FaultControl implements FaultSettings {
  latencyMs = 0;
  failRate = 0;
  rateLimitRate = 0;
  dropRate = 0;
  /** How many faults of each kind were injected so far. */
  readonly injected: Record<FaultKind, number> = { drop: 0, '500': 0, '429': 0 };
  private scripted: Scripted[] = [];
  private random = mulberry32(DEFAULT_SEED);

  /**
   * @param locked Null for a developer's sandbox. Otherwise why faults are off (the app's own
   *   sandbox): every switch then throws it, so no fault ever strikes a user's payment.
   */
  constructor(private readonly locked: string | null = null) {}

  private unlocked(): void {
    if (this.locked) throw new Error(this.locked);
  }

  /** Restarts the random sequence so the same requests meet the same faults. */
  seed(n: number): void {
    this.unlocked();
    this.random = mulberry32(n);
  }

  /** Makes the next `count` matching requests (POSTs by default) fail with `kind`. */
  next(kind: FaultKind, count = 1, opts: ScriptOptions = {}): void {
    this.unlocked();
    if (!KINDS.includes(kind)) throw new RangeError(`unknown fault kind ${String(kind)}`);
    if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
    this.scripted.push({ kind, remaining: count, pathPrefix: opts.pathPrefix ?? '', method: opts.method ?? 'POST' });
  }

  /** Updates random-fault settings, validating them. */
  set(settings: Partial<FaultSettings>): void {
    this.unlocked();
    if (settings.latencyMs !== undefined) {
      if (!Number.isFinite(settings.latencyMs) || settings.latencyMs < 0) throw new RangeError('latencyMs must be >= 0');
      this.latencyMs = settings.latencyMs;
    }
    if (settings.failRate !== undefined) this.failRate = checkRate('failRate', settings.failRate);
    if (settings.rateLimitRate !== undefined) this.rateLimitRate = checkRate('rateLimitRate', settings.rateLimitRate);
    if (settings.dropRate !== undefined) this.dropRate = checkRate('dropRate', settings.dropRate);
  }

  /** Clears every fault (settings, scripts, counters) and reseeds. */
  reset(): void {
    this.latencyMs = this.failRate = this.rateLimitRate = this.dropRate = 0;
    this.scripted = [];
    for (const kind of KINDS) this.injected[kind] = 0;
    this.random = mulberry32(DEFAULT_SEED);
  }

  /** True when this sandbox refuses fault switches (see the constructor). */
  get isLocked(): boolean {
    return this.locked !== null;
  }

  /** Scripted faults still waiting for a request. */
  pending(): { kind: FaultKind; remaining: number; pathPrefix: string; method: FaultMethod }[] {
    return this.scripted.map((s) => ({ ...s }));
  }

  /**
   * Picks the fault for one API request: a matching scripted fault first,
   * otherwise one random draw compared against the cumulative rates (one draw
   * per request, so a seed replays the same pattern).
   */
  decide(method: string, path: string): FaultKind | null {
    const script = this.scripted.find((s) => (s.method === 'ANY' || s.method === method) && path.startsWith(s.pathPrefix));
    let kind: FaultKind | null = null;
    if (script) {
      kind = script.kind;
      script.remaining -= 1;
      if (script.remaining === 0) this.scripted = this.scripted.filter((s) => s !== script);
    } else {
      const u = this.random();
      if (u < this.failRate) kind = '500';
      else if (u < this.failRate + this.rateLimitRate) kind = '429';
      else if (u < this.failRate + this.rateLimitRate + this.dropRate) kind = 'drop';
    }
    if (kind) this.injected[kind] += 1;
    return kind;
  }

  /** Current state, as `GET /_sandbox/faults` reports it. */
  snapshot(): FaultSettings & { injected: Record<FaultKind, number>; pending: ReturnType<FaultControl['pending']> } {
    return {
      latencyMs: this.latencyMs,
      failRate: this.failRate,
      rateLimitRate: this.rateLimitRate,
      dropRate: this.dropRate,
      injected: { ...this.injected },
      pending: this.pending(),
    };
  }
}
