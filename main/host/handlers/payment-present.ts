import type { CardRef, LedgerEntry as LedgerEntryDto, PurchaseReply, SavedCard as CardDto } from '../../../preload/contract.js';
import { formatCredits } from '../../core/money.js';
import { cardLabel } from '../../core/payments/notice-texts.js';
import type { BuyResult } from '../../core/payments/purchases.js';
import type { SavedCard } from '../../core/payments/saved-cards.js';
import type { Services } from '../../core/services.js';
import { entryDto } from './present.js';

const FUNDING = ['credit', 'debit', 'prepaid'] as const;

/** A card named as every screen names it ("Visa ••4242"), from the engine's one wording. */
export function cardRef(c: { id: string; brand: string; last4: string }): CardRef {
  return { id: c.id, brand: c.brand, last4: c.last4, label: cardLabel(c.brand, c.last4) };
}

/** A saved card as the contract shows it. */
export function cardDto(c: SavedCard): CardDto {
  const funding = (FUNDING as readonly string[]).includes(c.funding) ? (c.funding as CardDto['funding']) : 'unknown';
  return { ...cardRef(c), expMonth: c.expMonth, expYear: c.expYear, funding, isDefault: c.isDefault };
}

/** The ledger entry a payment row credited, in the contract's shape, or null while it has not. */
export function paymentEntry(services: Services, paymentId: number): LedgerEntryDto | null {
  const e = services.payments.creditedEntry(paymentId);
  return e ? entryDto(e) : null;
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
    paymentIntent: r.paymentIntent,
    resumed: r.resumed,
    payment: r.payment,
    sandbox: services.payments.sandboxOrigin() !== null,
  };
}
