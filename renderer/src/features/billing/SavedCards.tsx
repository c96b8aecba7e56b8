import { brandName } from '../../format/credits';
import { useState } from 'react';
import { useBilling } from './billing-store';

/** Saved cards: brand, ••last4, expiry, funding, default, remove; add a test card in sandbox mode. */
export function SavedCards({ sandbox }: { sandbox: boolean }) {
  const { cards, addCard, removeCard, setDefault } = useBilling();
  const [pm, setPm] = useState('pm_card_visa');
  const [adding, setAdding] = useState(false);
  const ignore = () => undefined;

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
        <p className="muted">No saved card yet.{sandbox ? ' Add the sandbox test card below.' : ''}</p>
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
                  <strong>{brandName(c.brand)}</strong> ••{c.last4} {c.isDefault ? <span className="chip">default</span> : null}
                </td>
                <td className="num">
                  {String(c.expMonth).padStart(2, '0')}/{c.expYear}
                </td>
                <td>{c.funding}</td>
                <td className="right">
                  <div className="row" style={{ justifyContent: 'flex-end' }}>
                    {!c.isDefault ? (
                      <button className="small" onClick={() => setDefault(c.id).catch(ignore)} aria-label={`Make ${brandName(c.brand)} ••${c.last4} the default card`}>
                        Make default
                      </button>
                    ) : null}
                    <button className="small danger" onClick={() => removeCard(c.id).catch(ignore)} aria-label={`Remove ${brandName(c.brand)} ••${c.last4}`}>
                      Remove
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {sandbox ? (
        <form className="row" onSubmit={add}>
          <label className="inline">
            Test card
            <input value={pm} onChange={(e) => setPm(e.target.value)} aria-describedby="pm-help" data-testid="test-card-pm" />
          </label>
          <button type="submit" disabled={adding || !pm.trim()} data-testid="add-test-card">
            Add test card
          </button>
          <span id="pm-help" className="muted small">
            Sandbox payment method id, e.g. pm_card_visa, pm_card_mastercard_debit, pm_card_chargeCustomerFail (declines when charged).
          </span>
        </form>
      ) : null}
    </div>
  );
}
