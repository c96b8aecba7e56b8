import type { CardRef } from '../../api/types';
import { purchaseQuestion } from '../../format/purchase-question';
import { Dialog } from '../../ui/Dialog';
import { useBilling } from './billing-store';

/** A purchase waiting for its "yes": whole credits, and the saved card (null: pay in the browser). */
export interface PurchaseAsk {
  credits: number;
  card: CardRef | null;
}

/**
 * Every purchase asks first, naming the credits, the dollars and the card
 * ("Buy 2,000 credits for $20.00 with Visa ••4242?"). Only the integer credits
 * go on to the engine.
 */
export function ConfirmPurchase({ ask, onClose }: { ask: PurchaseAsk | null; onClose: () => void }) {
  const buy = useBilling((s) => s.buy);
  const checkout = useBilling((s) => s.checkout);
  const confirm = () => {
    if (!ask) return;
    onClose();
    if (ask.card) void buy({ credits: ask.credits }, ask.card.id);
    else checkout({ credits: ask.credits }).catch(() => undefined);
  };
  return (
    <Dialog open={ask !== null} title="Confirm the purchase" onClose={onClose}>
      <p data-testid="purchase-question">{ask ? purchaseQuestion(ask.credits, ask.card) : ''}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
        <button type="button" className="primary" onClick={confirm} data-testid="purchase-confirm">
          {ask?.card ? 'Buy' : 'Continue to payment'}
        </button>
      </div>
    </Dialog>
  );
}
