/**
 * The team server's Stripe webhook endpoint behind `POST /v1/stripe/webhook`:
 * each delivery is verified with the SDK, kept once in the inbox (answered at
 * once), then applied to the org whose customer or payment it names, through
 * that org's payments like a sync (each event once, by its id, in any order).
 * Polling the events list stays the backstop for deliveries that never came.
 */
import type { Clock } from '../core/clock.js';
import { fromPayload, routeIds, verifyStripeWebhook, type WebhookTools, WebhookSignatureError } from '../adapters/payments/stripe-webhook.js';
import type { WebhookOutcome } from '../server/server-host.js';
import type { PgStripeInbox } from '../stores/postgres/stripe-inbox.js';
import type { OrgServices } from './server-services.js';

/** A signing secret as Stripe shows it. */
const SECRET = /^whsec_[A-Za-z0-9+/=_-]{16,}$/;

/** True when `secret` is shaped like a webhook signing secret (`whsec_…`). */
export function isWebhookSecret(secret: string): boolean {
  return SECRET.test(secret);
}

/** Verifies, keeps and applies Stripe's deliveries for every org of the server. */
export class StripeWebhooks {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly secret: string,
    private readonly inbox: PgStripeInbox,
    private readonly orgs: OrgServices,
    private readonly log: (line: string) => void,
    private readonly tools: WebhookTools,
  ) {}

  /** Verifies a delivery and keeps it (one that is not Stripe's is refused, nothing kept); applying follows in the background. */
  receive(raw: Buffer, signature: string | undefined, clock: Clock): WebhookOutcome {
    let v;
    try {
      v = verifyStripeWebhook(this.tools, raw, signature, this.secret, clock.now().getTime());
    } catch (err) {
      if (err instanceof WebhookSignatureError) return { ok: false, message: err.message };
      throw err;
    }
    const fresh = this.inbox.record(v.id, v.type, v.payload);
    void this.applyPending(clock).catch((err: unknown) => this.log(`[burnrate server] applying Stripe events failed: ${String(err)}`));
    return { ok: true, eventId: v.id, duplicate: !fresh };
  }

  /**
   * Applies every kept event not applied yet; returns how many were applied.
   * One pass at a time in this process (a call during a pass runs another
   * after it, so nothing received meanwhile waits for the next tick).
   */
  applyPending(clock: Clock): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const pass = async (): Promise<number> => {
      let applied = 0;
      do {
        this.again = false;
        applied += await this.applyBatch(clock);
      } while (this.again);
      return applied;
    };
    this.running = pass().finally(() => (this.running = null));
    return this.running;
  }

  private async applyBatch(clock: Clock): Promise<number> {
    let applied = 0;
    let deferred = 0;
    for (const e of this.inbox.unapplied()) {
      const ids = routeIds(e.payload);
      const orgId = this.inbox.orgOf(ids);
      if (orgId === null && ids.some((id) => id !== null)) {
        // It names a customer or payment no org has recorded yet: a refund delivered before the purchase it
        // undoes. Tried again after the events around it (up to MAX_INBOX_ATTEMPTS), then left to polling.
        this.inbox.failed(e.eventId, `no org knows ${ids.filter(Boolean).join(' or ')} yet`);
        deferred += 1;
        continue;
      }
      try {
        // It names nothing of a payment (a customer.created, an account event): kept, applied to no org.
        if (orgId !== null) await this.orgs.withOrg(orgId, clock, (s) => s.payments.applyPushedEvent(fromPayload(e.payload)));
        this.inbox.applied(e.eventId, orgId);
        applied += 1;
      } catch (err) {
        this.inbox.failed(e.eventId, err instanceof Error ? err.message : String(err));
      }
    }
    // What this batch applied may be what a deferred event was waiting for: look again at once.
    if (applied > 0 && deferred > 0) this.again = true;
    return applied;
  }
}
