import { useState } from 'react';
import { useBilling } from './billing-store';
import { useCardSetup } from './card-setup-store';
import { OutcomeLine } from './OutcomeLine';
import { offer, useAllowed } from '../team/allowed';
import { Gate } from '../team/Gate';

/** A card number typed where a payment method id goes: answered here, never sent. */
const LOOKS_LIKE_CARD_NUMBER = /^[\d\s-]{12,}$/;

/** Saved cards: brand, ••last4, expiry, funding, default, remove; Add card opens the card page in the browser; a test id in test mode. */
export function SavedCards({ sandbox }: { sandbox: boolean }) {
  const { cards, addCard, removeCard, setDefault } = useBilling();
  const setup = useCardSetup();
  const [pm, setPm] = useState('pm_card_visa');
  const [adding, setAdding] = useState(false);
  const ignore = () => undefined;
  const makeDefault = useAllowed('payments/setDefaultCard');
  const remove = useAllowed('payments/removeCard');
  const cardNumber = LOOKS_LIKE_CARD_NUMBER.test(pm.trim());

  const add = async (e: React.FormEvent) => {
    e.preventDefault();
    setAdding(true);
    await addCard(pm.trim()).catch(ignore);
    setAdding(false);
  };

  if (cards === null) return <p className="muted">Saved cards are not available in this build yet.</p>;
  return (
    <div className="stack">
      {cards.length === 0 ? (
        <p className="muted">No saved card yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Card</th>
              <th>Expires</th>
              <th>Funding</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {cards.map((c) => (
              <tr key={c.id} data-testid="saved-card">
                <td className="nowrap">
                  <strong>{c.label}</strong> {c.isDefault ? <span className="chip">default</span> : null}
                </td>
                <td className="num">
                  {String(c.expMonth).padStart(2, '0')}/{c.expYear}
                </td>
                <td>{c.funding}</td>
                <td className="right">
                  <div className="row" style={{ justifyContent: 'flex-end' }}>
                    {!c.isDefault ? (
                      <button
                        className="small"
                        onClick={() => setDefault(c.id).catch(ignore)}
                        {...offer(makeDefault)}
                        aria-label={`Make ${c.label} the default card`}
                      >
                        Make default
                      </button>
                    ) : null}
                    <button className="small danger" onClick={() => removeCard(c.id).catch(ignore)} {...offer(remove)} aria-label={`Remove ${c.label}`}>
                      Remove
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Gate channel="payments/setupCard">
        <div className="row">
          <button className="primary" onClick={() => setup.addCard().catch(ignore)} disabled={setup.busy} data-testid="add-card">
            Add card
          </button>
          <span className="muted small">Opens a secure card page in your browser; Burnrate never sees the card number.</span>
        </div>
        <OutcomeLine outcome={setup.outcome} testId="card-setup-outcome" />
        {/* Payments are always in test mode on a desktop (live keys are refused), so Stripe's test ids always work. */}
        <form className="row" onSubmit={add} aria-label="Advanced: add a test payment method">
          <label className="inline muted small">
            Advanced ({sandbox ? 'sandbox' : 'Stripe test mode'}): payment method id
            <input value={pm} onChange={(e) => setPm(e.target.value)} aria-describedby="pm-help" aria-invalid={cardNumber} data-testid="test-card-pm" />
          </label>
          <button type="submit" className="small" disabled={adding || !pm.trim() || cardNumber} data-testid="add-test-card">
            Add test card
          </button>
          <span id="pm-help" className={cardNumber ? 'field-error' : 'muted small'} role={cardNumber ? 'alert' : undefined}>
            {cardNumber
              ? 'Card numbers are never typed into Burnrate: use Add card, which opens the card page in your browser (test numbers like 4000 0000 0000 0002 work there).'
              : 'A Stripe test id, e.g. pm_card_visa, pm_card_mastercard_debit, pm_card_chargeCustomerFail (declines when charged).'}
          </span>
        </form>
      </Gate>
    </div>
  );
}
