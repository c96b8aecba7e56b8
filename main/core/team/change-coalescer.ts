/** The org change seqs a process hands to its event streams, as few as a client needs. */
export interface CoalescerTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: CoalescerTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface OrgState {
  /** The newest seq seen and not yet emitted (0: none). */
  pending: number;
  lastEmitAt: number;
  timer: unknown;
}

/**
 * Coalesces an org's change notifications: at most one emission per org per
 * `windowMs`, always carrying the newest seq seen (a client only needs the
 * newest: it pulls every change up to it). The first change after a quiet
 * spell is emitted at once; changes inside the window wait for its end.
 */
export class ChangeCoalescer {
  private readonly orgs = new Map<number, OrgState>();

  constructor(
    private readonly emit: (orgId: number, seq: number) => void,
    private readonly windowMs: number,
    private readonly timers: CoalescerTimers = realTimers,
  ) {}

  /** Takes one notification: org `orgId` reached `seq`. */
  offer(orgId: number, seq: number): void {
    let st = this.orgs.get(orgId);
    if (!st) {
      st = { pending: 0, lastEmitAt: -Infinity, timer: null };
      this.orgs.set(orgId, st);
    }
    st.pending = Math.max(st.pending, seq);
    if (st.timer !== null) return;
    const wait = st.lastEmitAt + this.windowMs - this.timers.now();
    if (wait <= 0) this.flush(orgId, st);
    else st.timer = this.timers.setTimeout(() => this.flush(orgId, st), wait);
  }

  /** Forgets an org no stream follows any more (a pending emission is dropped). */
  forget(orgId: number): void {
    const st = this.orgs.get(orgId);
    if (st?.timer != null) this.timers.clearTimeout(st.timer);
    this.orgs.delete(orgId);
  }

  /** Drops every pending emission. */
  clear(): void {
    for (const orgId of [...this.orgs.keys()]) this.forget(orgId);
  }

  private flush(orgId: number, st: OrgState): void {
    st.timer = null;
    st.lastEmitAt = this.timers.now();
    const seq = st.pending;
    st.pending = 0;
    if (seq > 0) this.emit(orgId, seq);
  }
}
