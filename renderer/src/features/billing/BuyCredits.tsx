import { useState } from 'react';
import { useInlineRequest } from '../../api/use-inline-request';
import { formatCount, formatCredits, formatUsd } from '../../format/credits';
import { useBilling } from './billing-store';
import { ConfirmPurchase, type PurchaseAsk } from './ConfirmPurchase';
import { OutcomeLine } from './OutcomeLine';
import { Gate } from '../team/Gate';

/** Packs and a custom amount, paid with a saved card or in the browser (Checkout). */
export function BuyCredits() {
  const { packs, cards, busy, purchase } = useBilling();
  const [pack, setPack] = useState<number | null>(null);
  const [custom, setCustom] = useState('');
  const [cardId, setCardId] = useState('');
  const [ask, setAsk] = useState<PurchaseAsk | null>(null);
  const typed = custom.trim() !== '';
  // The engine's one money parser reads what is typed (a comma is refused, never dropped); from
  // here on the amount is its integer credits. Until the answer for this very text is in, nothing can be bought.
  const reading = useInlineRequest('payments/parseAmount', typed ? { text: custom } : null, 150);
  const credits = typed ? (reading && 'result' in reading ? reading.result.credits : null) : pack;
  const defaultCard = cards?.find((c) => c.isDefault) ?? cards?.[0];
  const card = cards?.find((c) => c.id === (cardId || defaultCard?.id)) ?? null;

  if (packs === null) return <p className="muted">Payments are not available in this build yet.</p>;
  return (
    <Gate channel="payments/purchase">
      <div className="stack">
        <div className="packs" role="group" aria-label="Credit packs">
          {packs.map((p) => (
            <button
              key={p.credits}
              aria-pressed={custom.trim() === '' && pack === p.credits}
              onClick={() => {
                setPack(p.credits);
                setCustom('');
              }}
              data-testid={`pack-${p.credits}`}
            >
              <span className="price">{formatUsd(p.amountCents)}</span>
              <span className="muted small">{formatCount(p.credits)} credits</span>
            </button>
          ))}
        </div>
        <label>
          Or a custom amount in dollars
          <input
            value={custom}
            onChange={(e) => setCustom(e.target.value)}
            inputMode="decimal"
            placeholder="e.g. 25.00"
            aria-invalid={reading !== null && 'problem' in reading}
            aria-describedby="custom-help"
            data-testid="custom-amount"
          />
        </label>
        <div id="custom-help" aria-live="polite" className={reading && 'problem' in reading ? 'field-error' : 'field-ok'} data-testid="custom-help">
          {!typed ? '' : reading === null ? '…' : 'result' in reading ? `= ${formatCredits(reading.result.credits)}` : reading.problem}
        </div>
        <div className="row">
          <label className="inline">
            Pay with
            <select value={card?.id ?? ''} onChange={(e) => setCardId(e.target.value)} disabled={!cards?.length} data-testid="pay-card">
              {cards?.length ? null : <option value="">No saved card</option>}
              {cards?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                  {c.isDefault ? ' (default)' : ''}
                </option>
              ))}
            </select>
          </label>
          <button
            className="primary"
            disabled={credits === null || !card || busy}
            onClick={() => credits !== null && card && setAsk({ credits, card })}
            data-testid="buy-now"
          >
            {credits !== null ? `Buy ${formatCount(credits)} credits now` : 'Choose an amount'}
          </button>
          <button disabled={credits === null || busy} onClick={() => credits !== null && setAsk({ credits, card: null })} data-testid="pay-in-browser">
            Pay in browser
          </button>
        </div>
        <OutcomeLine outcome={purchase} testId="purchase-outcome" />
        <ConfirmPurchase ask={ask} onClose={() => setAsk(null)} />
      </div>
    </Gate>
  );
}
