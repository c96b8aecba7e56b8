import { useState } from 'react';
import { brandName, formatCount, formatCredits, formatUsd } from '../../format/credits';
import { checkCustomAmount } from '../../format/amount-input';
import { useBilling } from './billing-store';
import { OutcomeLine } from './OutcomeLine';

/** Packs and a custom amount, paid with a saved card or in the browser (Checkout). */
export function BuyCredits() {
  const { packs, cards, busy, purchase, buy, checkout } = useBilling();
  const [pack, setPack] = useState<number | null>(null);
  const [custom, setCustom] = useState('');
  const [cardId, setCardId] = useState('');
  const check = custom.trim() === '' ? null : checkCustomAmount(custom);
  const credits = check ? (check.ok ? check.credits : null) : pack;
  // A custom amount goes to the engine as typed: it parses and validates dollars itself.
  const amount = check ? (check.ok ? { usd: check.usd } : null) : pack !== null ? { credits: pack } : null;
  const defaultCard = cards?.find((c) => c.isDefault) ?? cards?.[0];
  const card = cardId || defaultCard?.id || '';
  const ignore = () => undefined;

  if (packs === null) return <p className="muted">Payments are not available in this build yet.</p>;
  return (
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
          aria-invalid={check !== null && !check.ok}
          aria-describedby="custom-help"
          data-testid="custom-amount"
        />
      </label>
      <div id="custom-help" aria-live="polite" className={check && !check.ok ? 'field-error' : 'field-ok'}>
        {check ? (check.ok ? `= ${formatCredits(check.credits)}` : check.message) : ''}
      </div>
      <div className="row">
        <label className="inline">
          Pay with
          <select value={card} onChange={(e) => setCardId(e.target.value)} disabled={!cards?.length} data-testid="pay-card">
            {cards?.length ? null : <option value="">No saved card</option>}
            {cards?.map((c) => (
              <option key={c.id} value={c.id}>
                {brandName(c.brand)} ••{c.last4}
                {c.isDefault ? ' (default)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button className="primary" disabled={amount === null || !card || busy} onClick={() => amount && buy(amount, card)} data-testid="buy-now">
          {credits !== null ? `Buy ${formatCount(credits)} credits now` : 'Choose an amount'}
        </button>
        <button disabled={amount === null || busy} onClick={() => amount && checkout(amount).catch(ignore)} data-testid="pay-in-browser">
          Pay in browser
        </button>
      </div>
      <OutcomeLine outcome={purchase} testId="purchase-outcome" />
    </div>
  );
}
