import { MINUTE_MS } from '../clock.js';
import { crashPoint } from '../crash-points.js';
import type { Engine } from '../engine.js';
import { userTimeZone } from '../settings/engine-settings.js';
import type { NewAlert } from '../alerts/alert-types.js';
import type { ControlStore, StoredAction } from './control-store.js';
import { controlFailedText, controlFailedTitle, expectsServing } from './control-texts.js';
import type { ControlMessage, ControlTransport, Probe, SendResult } from './control-types.js';
import { redactUrl, redactUrlsIn } from './redact-url.js';

/** Waits after failed tries 1, 2 and 3: four tries in about 21 minutes, then control_failed. */
export const RETRY_DELAYS_MS = [MINUTE_MS, 5 * MINUTE_MS, 15 * MINUTE_MS] as const;
/** How long after a pause or stop the instance may still answer, and how long a start may take to serve. */
export const VERIFY_STOP_MS = 5 * MINUTE_MS;
export const VERIFY_START_MS = 15 * MINUTE_MS;

/** Named crash points of the sender (the crash tests kill here). */
export const CONTROL_CRASH_POINTS = ['control-after-claim', 'control-after-send'] as const;

/** Where the sender raises and resolves control_failed alerts. */
export interface ControlAlertSink {
  raise(a: NewAlert): void;
  /** Marks a deployment's open control_failed alerts resolved. */
  resolve(deploymentId: number, now: number): void;
}

/** Who sends, and how long a claim holds. */
export interface OutboxOptions {
  /** This process, unique among every process that ever sends for this ledger: "host:pid:boot" (boot: random per process start). */
  owner: string;
  /** Wall-clock ms a claim holds: past it (a hung or dead sender) another process may take the action. */
  claimMs: number;
  /**
   * The wall clock claims' deadlines are written and read in (ms). The
   * desktop's is the machine's; the team server passes PostgreSQL's, so
   * processes on machines whose clocks differ agree on when a claim lapsed.
   */
  wallClock(): number;
  /** Whether the process that claimed an action is still alive (the server says yes to all: its claims lapse only by deadline). */
  isAlive(owner: string): boolean;
  /** Real ms one pass keeps asking a verify URL that does not yet agree (a server starting up). */
  verifyWaitMs: number;
}

/**
 * Sends what the core owes: after each settle pass (never inside a
 * transaction) it claims due actions one at a time, sends them through the
 * transport, records each try, retries with back-off, runs the verify checks
 * and raises or resolves control_failed. Claims make one process send each
 * action; a claim left by a dead process is taken over (the receiver sees the
 * same key again and can drop it).
 */
export class ControlOutbox {
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** Fired by `leave()`: a short-lived process hands tries under way to their runners and claims nothing more. */
  private readonly leaving = new AbortController();
  private readonly listeners = new Set<() => void>();
  /** Actions this outbox is sending now: only these are never taken over from this process's own claims. */
  private readonly inFlight = new Set<number>();

  constructor(
    private readonly engine: Engine,
    private readonly store: ControlStore,
    private readonly alerts: ControlAlertSink,
    private readonly transport: ControlTransport,
    private readonly opts: OutboxOptions,
  ) {}

  /** Starts a pass in the background (or asks the running one to go again). */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop()
      .catch((err: unknown) => console.error('[burnrate] deployment control pass failed:', err instanceof Error ? err.message : err))
      .finally(() => {
        this.running = null;
      });
  }

  /**
   * Calls `listener` after each recorded change (a try finished, a check
   * agreed or failed, an alert raised or resolved), so a host can push it to
   * the UI at once instead of at its next heartbeat. Returns the unsubscribe.
   */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) {
      try {
        l();
      } catch (err) {
        console.error('[burnrate] deployment control listener failed:', err instanceof Error ? err.message : err);
      }
    }
  }

  /** Resolves when no pass is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * For a short-lived process about to exit: claims nothing more (what is
   * owed stays owed for the next process) and, with a transport that can,
   * hands a try under way to its runner instead of waiting for it.
   */
  leave(): void {
    this.leaving.abort();
  }

  /** Finishes the pass under way and starts no more. */
  async close(): Promise<void> {
    await this.idle();
    this.closed = true;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.pass();
    } while (this.again && !this.closed);
  }

  /** One pass: every due action, then every open verify check. */
  async pass(): Promise<void> {
    const due = this.store.due(this.engine.now());
    const wall = due.some((a) => a.status === 'sending') ? this.opts.wallClock() : 0;
    for (const a of due) {
      if (this.leaving.signal.aborted) return;
      if (a.status === 'sending' && a.claimedBy !== this.opts.owner && this.collectHandedOff(a)) continue;
      if (a.status === 'sending' && !this.lapsed(a, wall)) continue;
      await this.sendOne(a);
    }
    await this.verifyPass();
  }

  /**
   * Whether a claim may be taken over: past its deadline, or its process is
   * dead. A claim of this outbox's own try under way never lapses here (a try
   * ends well before its deadline); one this process left in an earlier open
   * of the ledger (its engine closed mid-try) lapses by its deadline.
   */
  private lapsed(a: StoredAction, wall: number): boolean {
    if (this.inFlight.has(a.id)) return false;
    if ((a.claimUntil ?? 0) < wall) return true;
    return a.claimedBy !== null && a.claimedBy !== this.opts.owner && !this.opts.isAlive(a.claimedBy);
  }

  private tx<T>(fn: () => T): T {
    return this.engine.db.transaction(fn).immediate();
  }

  private async sendOne(a: StoredAction): Promise<void> {
    const start = this.engine.now();
    const until = this.opts.wallClock() + this.opts.claimMs;
    const n = this.tx(() => {
      if (a.status === 'sending') this.store.closeInterrupted(a.id, start);
      return this.store.claim(a, this.opts.owner, until, start);
    });
    if (n === null) return; // another process took it
    this.inFlight.add(a.id);
    try {
      await this.sendClaimed(a, n);
    } finally {
      this.inFlight.delete(a.id);
    }
  }

  private async sendClaimed(a: StoredAction, n: number): Promise<void> {
    crashPoint('control-after-claim');
    const d = this.engine.deployments.find(a.deploymentId);
    const message: ControlMessage = {
      action: a.action,
      key: a.key,
      deployment: { id: a.deploymentId, name: d?.name ?? `deployment ${a.deploymentId}`, model: d?.model ?? '', tier: d?.tier ?? '' },
      reason: a.reason,
      at: a.at,
    };
    const secret = a.target.kind === 'webhook' ? this.store.secret(a.deploymentId) : null;
    const sent = this.transport.sendDetached
      ? await this.transport.sendDetached(a.target, message, secret, { attempt: n, leave: this.leaving.signal })
      : await this.transport.send(a.target, message, secret);
    if ('handedOff' in sent) {
      // The runner holds the claim now; whoever opens the folder after it ended records its outcome.
      this.tx(() => this.store.handOff(a.id, this.opts.owner, sent.owner, sent.until));
      return;
    }
    crashPoint('control-after-send');
    const end = this.engine.now();
    this.tx(() => this.record(a, n, sent, end));
    this.changed();
  }

  /** Records the outcome of a try a runner finished after the process that started it left; true when there was one. */
  private collectHandedOff(a: StoredAction): boolean {
    const result = a.claimedBy ? this.transport.collect?.(a.key, a.attempts) : null;
    if (!result) return false;
    const end = this.engine.now();
    const won = this.tx(() => {
      if (!this.store.takeHandedOff(a.id, a.claimedBy!, a.attempts, this.opts.owner)) return false;
      this.record(a, a.attempts, result, end);
      return true;
    });
    if (won) {
      this.transport.forget?.(a.key, a.attempts);
      this.changed();
    }
    return true;
  }

  /** A try's outcome: done (then its check, if any), another try later, or no tries left and the alert. Inside a transaction. */
  private record(a: StoredAction, n: number, result: SendResult, end: number): void {
    this.store.finishAttempt(a.id, n, result.ok, redactUrlsIn(result.detail), end);
    if (result.ok) {
      const window = expectsServing(a.action) ? VERIFY_START_MS : VERIFY_STOP_MS;
      const deadline = a.target.verifyUrl ? end + window : null;
      this.store.succeed(a.id, end, deadline);
      if (deadline === null) this.alerts.resolve(a.deploymentId, end);
    } else if (n <= RETRY_DELAYS_MS.length) {
      this.store.retry(a.id, end + RETRY_DELAYS_MS[n - 1]!);
    } else {
      this.store.fail(a.id, end);
      this.raise(a, `control_failed:${a.id}`, `${n} tries, the last: ${redactUrlsIn(result.detail)}`, end);
    }
  }

  private async verifyPass(): Promise<void> {
    for (const a of this.store.verifying()) {
      if (this.leaving.signal.aborted) return;
      const url = a.target.verifyUrl;
      if (!url) continue;
      const want: Probe = expectsServing(a.action) ? 'serving' : 'not_serving';
      let seen = await this.transport.probe(url);
      const until = Date.now() + this.opts.verifyWaitMs;
      while (seen !== want && a.verify === 'pending' && Date.now() < until && !this.closed && !this.leaving.signal.aborted) {
        await new Promise((r) => setTimeout(r, 250));
        seen = await this.transport.probe(url);
      }
      const now = this.engine.now();
      const changed = this.tx(() => {
        const current = this.store.action(a.id);
        if (!current || current.verify === 'ok') return false;
        if (seen === want) {
          this.store.setVerify(a.id, 'ok', now);
          this.alerts.resolve(a.deploymentId, now);
          return true;
        }
        if (current.verify === 'pending' && a.verifyDeadline !== null && now >= a.verifyDeadline) {
          this.store.setVerify(a.id, 'failed', now);
          const said = seen === 'unknown' ? 'gave no clear answer' : seen === 'serving' ? 'still answers' : 'does not answer';
          this.raise(a, `control_failed:verify:${a.id}`, `${redactUrl(url)} ${said}`, now);
          return true;
        }
        return false;
      });
      if (changed) this.changed();
    }
  }

  private raise(a: StoredAction, dedupeKey: string, why: string, now: number): void {
    const d = this.engine.deployments.find(a.deploymentId);
    const name = d?.name ?? `deployment ${a.deploymentId}`;
    this.alerts.raise({
      kind: 'control_failed',
      severity: 'critical',
      title: controlFailedTitle(name, a.action),
      message: controlFailedText(name, a.action, a.at, userTimeZone(this.engine.settings), why),
      dedupeKey,
      at: now,
      deploymentId: a.deploymentId,
      actions: [{ label: 'Deployments', target: 'open:deployments' }],
      data: { action: a.action, actionId: a.id, stateChangedAt: a.at },
    });
  }
}
