/** The team server's inbox of verified Stripe webhook events, and the map from Stripe ids to orgs (migration 007). */
import type { ConnectionHolder } from './connection-holder.js';

/** An event waiting to be applied. */
export interface InboxEvent {
  eventId: string;
  type: string;
  /** The event as Stripe sent it (verified before it was stored). */
  payload: unknown;
  attempts: number;
}

/** Applied events stop being retried after this many failed tries (polling the events list still finds them). */
export const MAX_INBOX_ATTEMPTS = 10;

/** Stripe webhook events kept once each until applied, on the server's PostgreSQL. */
export class PgStripeInbox {
  constructor(private readonly db: ConnectionHolder) {}

  /** Keeps a verified event; false when it was delivered before (nothing changes). */
  record(eventId: string, type: string, payload: unknown): boolean {
    const r = this.db.use((conn) =>
      conn.run('INSERT INTO stripe_webhook_inbox (event_id, type, payload) VALUES ($1, $2, $3::jsonb) ON CONFLICT (event_id) DO NOTHING', [
        eventId,
        type,
        JSON.stringify(payload),
      ]),
    );
    return r.rowCount === 1;
  }

  /** Events not applied yet and not given up on, oldest first. */
  unapplied(limit = 50): InboxEvent[] {
    return this.db.use((conn) =>
      conn
        .all<{ event_id: string; type: string; payload: unknown; attempts: number }>(
          `SELECT event_id, type, payload, attempts FROM stripe_webhook_inbox
            WHERE applied_at IS NULL AND attempts < $1 ORDER BY received_at, event_id LIMIT $2`,
          [MAX_INBOX_ATTEMPTS, limit],
        )
        .map((r) => ({
          eventId: r.event_id,
          type: r.type,
          payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload,
          attempts: r.attempts,
        })),
    );
  }

  /** The org a Stripe customer or payment intent belongs to (the first id that is known wins), or null. */
  orgOf(ids: (string | null)[]): number | null {
    const known = ids.filter((id): id is string => typeof id === 'string' && id !== '');
    if (known.length === 0) return null;
    const row = this.db.use((conn) =>
      conn.get<{ org_id: number | string }>(
        'SELECT org_id FROM stripe_object_orgs WHERE object_id = ANY($1::text[]) ORDER BY array_position($1::text[], object_id) LIMIT 1',
        [known],
      ),
    );
    return row ? Number(row.org_id) : null;
  }

  /** Marks an event applied (to `orgId`, or to none when it is no org's). */
  applied(eventId: string, orgId: number | null): void {
    this.db.use((conn) =>
      conn.run('UPDATE stripe_webhook_inbox SET applied_at = now(), routed_to_org = $2, attempts = attempts + 1, last_error = NULL WHERE event_id = $1', [
        eventId,
        orgId,
      ]),
    );
  }

  /** Counts a failed try (the next pass tries again, up to MAX_INBOX_ATTEMPTS). */
  failed(eventId: string, error: string): void {
    this.db.use((conn) =>
      conn.run('UPDATE stripe_webhook_inbox SET attempts = attempts + 1, last_error = $2 WHERE event_id = $1', [eventId, error.slice(0, 500)]),
    );
  }
}
