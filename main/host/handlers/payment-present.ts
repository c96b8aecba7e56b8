import type { AutoRefillSettings, AutoRefillSummary, Banner, PurchaseReply, SavedCard as CardDto } from '../../../preload/contract.js';
import { rowToEntry, type LedgerRow } from '../../core/ledger/entry-types.js';
import { formatCredits } from '../../core/money.js';
import { MAX_FAILURES } from '../../core/payments/auto-refill.js';
import type { BuyResult } from '../../core/payments/purchases.js';
import { refillEveryHours } from '../../core/payments/refill-estimate.js';
import type { SavedCard } from '../../core/payments/saved-cards.js';
import type { Services } from '../../core/services.js';
import { entryDto } from './present.js';

const FUNDING = ['credit', 'debit', 'prepaid'] as const;

/** A saved card as the contract shows it. */
export function cardDto(c: SavedCard): CardDto {
  const funding = (FUNDING as readonly string[]).includes(c.funding) ? (c.funding as CardDto['funding']) : 'unknown';
  return { id: c.id, brand: c.brand, last4: c.last4, expMonth: c.expMonth, expYear: c.expYear, funding, isDefault: c.isDefault };
}

/** The ledger entry a payment row credited, if any. */
export function paymentEntry(services: Services, paymentId: number) {
  const id = services.payments.store.get(paymentId)?.ledgerEntryId;
  if (id == null) return null;
  const row = services.engine.db.prepare('SELECT * FROM ledger_entries WHERE id = ?').get(id) as LedgerRow | undefined;
  return row ? entryDto(rowToEntry(row)) : null;
}

/** The card auto-refill charges: the one chosen, else the default. */
function refillCard(services: Services, cardId: string | null): SavedCard | null {
  const cards = services.payments.cards;
  return (cardId ? cards.find(cardId) : cards.defaultCard()) ?? null;
}

/** Auto-refill settings with the card and the engine's "about every N hours" at today's burn. */
export function refillDto(services: Services, burnPerHour = services.insights.burnPerHour()): AutoRefillSettings {
  const v = services.payments.refillView();
  const card = refillCard(services, v.cardId);
  return {
    enabled: v.enabled,
    threshold: v.thresholdCredits,
    amount: v.amountCredits,
    cardId: v.cardId,
    maxPerDay: v.maxPerDay,
    monthlyLimit: v.monthlyLimitCredits,
    card: card ? { id: card.id, brand: card.brand, last4: card.last4 } : null,
    everyHours: refillEveryHours(v.amountCredits, burnPerHour),
    blockedReason: v.state.needsAction
      ? 'Your bank wants you to confirm a refill payment with this card. Buy the refill amount with it now and confirm in the browser: refills go on once it succeeds.'
      : null,
  };
}

/** The snapshot's auto-refill line (on/off, threshold, amount, card, how often at today's burn). */
export function autoRefillSummary(services: Services, burnPerHour: number): AutoRefillSummary {
  const r = refillDto(services, burnPerHour);
  return {
    enabled: r.enabled,
    threshold: r.threshold,
    amount: r.amount,
    card: r.card ? { brand: r.card.brand, last4: r.card.last4 } : null,
    everyHours: r.everyHours ?? null,
  };
}

/** Banners the payments state asks for: a refill waiting for the card holder; auto-refill turned off by failures. */
export function paymentBanners(services: Services): Banner[] {
  const v = services.payments.refillView();
  const out: Banner[] = [];
  if (v.state.needsAction) {
    out.push({
      kind: 'authentication_required',
      message: 'Your bank wants you to confirm an auto-refill payment; no refill runs until you do.',
      action: { label: 'Confirm payment', view: 'billing' },
    });
  }
  if (!v.enabled && v.state.failures >= MAX_FAILURES) {
    out.push({
      kind: 'auto_refill_disabled',
      message: `Auto-refill was turned off after ${v.state.failures} failed refills in a row. Check the card, then turn it back on.`,
      action: { label: 'Auto-refill', view: 'billing' },
    });
  }
  return out;
}

const STATUS: Record<BuyResult['status'], PurchaseReply['status']> = { succeeded: 'succeeded', requires_action: 'requires_action', pending: 'processing' };

/** A card purchase's outcome in the contract's shape, with a line the UI shows as is. */
export function purchaseReply(services: Services, credits: number, r: BuyResult): PurchaseReply {
  const balance = services.engine.ledger.balance();
  const message =
    r.status === 'succeeded'
      ? `Added ${formatCredits(r.credits)}. Balance ${formatCredits(balance)}.`
      : r.status === 'requires_action'
        ? 'Your bank asks you to confirm this payment: finish it in the browser. The credits are added once it succeeds.'
        : 'The payment is still being confirmed; the credits are added once it succeeds.';
  return {
    purchaseId: r.paymentIntent ?? `payment-${r.payment}`,
    status: STATUS[r.status],
    credits,
    message,
    declineCode: null,
    entry: paymentEntry(services, r.payment),
    balance,
    actionUrl: r.actionUrl,
  };
}
