import type { Engine } from '../engine.js';
import { formatCredits } from '../money.js';
import type { GatewayRefund } from './gateway.js';
import type { PaymentNotices } from './notices.js';
import { cachedStatement } from '../db/statement-cache.js';

/** What applying one refund did. */
export interface AppliedRefund {
  refund: string;
  paymentIntent: string;
  credits: number;
  debited: number;
}

/**
 * Records a support refund once: a `refund` debit of the refunded credits,
 * or of what the balance holds when it holds less, with a reconciliation notice.
 * Runs in one transaction; returns null when the refund was already applied.
 */
export function applyRefund(engine: Engine, notices: PaymentNotices, r: GatewayRefund & { paymentIntent: string }, now: number): AppliedRefund | null {
  return engine.db
    .transaction(() => {
      if (cachedStatement(engine.db, 'SELECT 1 FROM payment_refunds WHERE id = ?').get(r.id)) return null;
      const credits = r.amount;
      const debited = Math.min(credits, engine.ledger.balance());
      let entryId: number | null = null;
      if (debited > 0) {
        entryId = engine.ledger.append({
          kind: 'refund',
          credits: -debited,
          idempotencyKey: `refund:${r.id}`,
          reference: r.id,
          at: now,
          description: `Refund of ${formatCredits(credits)} (payment ${r.paymentIntent})`,
        }).id;
      }
      cachedStatement(engine.db, 'INSERT INTO payment_refunds (id, payment_intent, credits, debited, ledger_entry_id, at) VALUES (?, ?, ?, ?, ?, ?)').run(
        r.id,
        r.paymentIntent,
        credits,
        debited,
        entryId,
        now,
      );
      if (debited < credits) {
        notices.raise(
          'reconciliation',
          now,
          `Refund ${r.id} returned ${formatCredits(credits)} but only ${formatCredits(debited)} was left to debit; ${formatCredits(credits - debited)} was already spent.`,
          {
            refund: r.id,
            paymentIntent: r.paymentIntent,
            refunded: credits,
            debited,
            shortfall: credits - debited,
          },
        );
      }
      return { refund: r.id, paymentIntent: r.paymentIntent, credits, debited };
    })
    .immediate();
}
