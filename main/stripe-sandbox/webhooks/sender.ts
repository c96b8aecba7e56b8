/**
 * Delivers queued events to the account's webhook endpoints the way Stripe
 * does: a POST of the event's JSON signed in `Stripe-Signature` (made by the
 * stripe SDK's own signer, so the SDK's `constructEvent` verifies it), a 2xx
 * answer means delivered, anything else (or no answer in time) is retried
 * later with the same event id and a fresh signature, and after the last try
 * the delivery is marked failed. Test mode at Stripe retries three times over
 * a few hours; that is the default schedule here too.
 */
import { render } from '../context.js';
import type { Store } from '../store.js';

/** Test-mode Stripe: three retries over a few hours. */
export const STRIPE_TEST_RETRY_DELAYS_MS: readonly number[] = [5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];

/** How the sender paces itself. */
export interface SenderOptions {
  /** Delay before each retry, in order; its length is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** How long a receiver may take to answer before the try counts as failed. */
  timeoutMs?: number;
  /** How often the queue is looked at (real time). */
  pollMs?: number;
}

interface Due {
  eventId: string;
  endpointId: string;
  url: string;
  secret: string;
  attempts: number;
  data: string;
}

/** The outcome of one try: the HTTP status, or why there was none. */
type Outcome = { status: number } | { error: string };

/** A running delivery loop over one sandbox database. */
export class WebhookSender {
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly aborts = new Set<AbortController>();

  constructor(
    private readonly store: Store,
    private readonly clock: () => Date,
    private readonly baseUrl: () => string,
    opts: SenderOptions = {},
  ) {
    this.retryDelaysMs = opts.retryDelaysMs ?? STRIPE_TEST_RETRY_DELAYS_MS;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.pollMs = opts.pollMs ?? 250;
  }

  /** Starts polling the queue (the timer does not keep the process alive). */
  start(): void {
    if (this.timer || this.stopped) return;
    const loop = (): void => {
      this.timer = null;
      if (this.stopped) return;
      this.sendDue();
      this.timer = setTimeout(loop, this.pollMs);
      this.timer.unref();
    };
    loop();
  }

  /** Claims every delivery that is due and sends it; resolves when those tries have an outcome. */
  async flush(): Promise<void> {
    this.sendDue();
    await Promise.all([...this.inFlight]);
  }

  /** Stops the loop and abandons tries in flight (they stay queued, so a restart sends them again). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const a of this.aborts) a.abort();
    await Promise.all([...this.inFlight]);
  }

  private sendDue(): void {
    if (this.stopped) return;
    for (const due of this.claimDue()) {
      const p = this.deliver(due).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    }
  }

  /**
   * Takes the due deliveries and moves their next try past this one's
   * deadline, in one transaction: another process serving the same file (or a
   * poll while a slow receiver is still answering) does not send them twice.
   */
  private claimDue(): Due[] {
    const now = this.clock().getTime();
    return this.store.tx(() => {
      const due = this.store.db
        .prepare(
          `SELECT d.event_id AS eventId, d.endpoint_id AS endpointId, w.url, w.secret, d.attempts, e.data
             FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id JOIN events e ON e.id = d.event_id
            WHERE d.state = 'pending' AND d.next_at <= ? ORDER BY d.next_at, e.seq LIMIT 25`,
        )
        .all(now) as Due[];
      const lease = this.store.db.prepare('UPDATE webhook_deliveries SET next_at = ? WHERE event_id = ? AND endpoint_id = ?');
      for (const d of due) lease.run(now + this.timeoutMs + 5_000, d.eventId, d.endpointId);
      return due;
    });
  }

  private async deliver(due: Due): Promise<void> {
    const payload = render(due.data, this.baseUrl());
    const timestamp = Math.floor(this.clock().getTime() / 1000);
    // The SDK is loaded on the first delivery (then cached): a sandbox that sends none never loads it.
    const { default: Stripe } = await import('stripe');
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: due.secret, timestamp });
    const abort = new AbortController();
    this.aborts.add(abort);
    const timer = setTimeout(() => abort.abort(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
    let outcome: Outcome;
    try {
      const res = await fetch(due.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: abort.signal,
        redirect: 'manual',
      });
      await res.arrayBuffer().catch(() => undefined);
      outcome = { status: res.status };
    } catch (err) {
      outcome = { error: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) };
    } finally {
      clearTimeout(timer);
      this.aborts.delete(abort);
    }
    // Stopped mid-try: the delivery stays claimed until its lease ends, then it is sent again.
    if (this.stopped) return;
    this.record(due, outcome);
  }

  private record(due: Due, outcome: Outcome): void {
    const attempts = due.attempts + 1;
    const ok = 'status' in outcome && outcome.status >= 200 && outcome.status < 300;
    const retryIn = this.retryDelaysMs[attempts - 1];
    const state = ok ? 'delivered' : retryIn === undefined ? 'failed' : 'pending';
    const nextAt = this.clock().getTime() + (retryIn ?? 0);
    this.store.tx(() => {
      this.store.db
        .prepare('UPDATE webhook_deliveries SET state = ?, attempts = ?, next_at = ?, last_status = ?, last_error = ? WHERE event_id = ? AND endpoint_id = ?')
        .run(state, attempts, nextAt, 'status' in outcome ? outcome.status : null, 'error' in outcome ? outcome.error : null, due.eventId, due.endpointId);
      // Stripe's pending_webhooks: the endpoints that have not had the event yet.
      this.store.db
        .prepare(
          "UPDATE events SET data = json_set(data, '$.pending_webhooks', (SELECT COUNT(*) FROM webhook_deliveries WHERE event_id = ? AND state != 'delivered')) WHERE id = ?",
        )
        .run(due.eventId, due.eventId);
    });
  }
}
