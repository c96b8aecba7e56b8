import { formatCredits } from '../../format/credits';
import { useEffect, useState } from 'react';
import { useInlineRequest } from '../../api/use-inline-request';
import { useSnapshot } from '../../app/snapshot-store';
import { useBilling } from './billing-store';
import { ConfirmPurchase, type PurchaseAsk } from './ConfirmPurchase';
import { Gate } from '../team/Gate';

function whole(text: string): number | null {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : null;
}

/** Toggle, threshold, amount, card and caps, with a plain-words preview and an adequacy warning. */
export function AutoRefillForm() {
  const saved = useBilling((s) => s.autoRefill);
  const cards = useBilling((s) => s.cards);
  const save = useBilling((s) => s.saveAutoRefill);
  const [ask, setAsk] = useState<PurchaseAsk | null>(null);
  const buying = useBilling((s) => s.busy);
  const version = useSnapshot((s) => s.version);
  const [enabled, setEnabled] = useState(false);
  const [threshold, setThreshold] = useState('500');
  const [amount, setAmount] = useState('2000');
  const [cardId, setCardId] = useState('');
  const [maxPerDay, setMaxPerDay] = useState('3');
  const [monthly, setMonthly] = useState('');
  const [busy, setBusy] = useState(false);

  // Reset the form only when the saved setting really changed: the slice reloads
  // on every snapshot push, and that must not wipe what the user is typing.
  const savedKey = JSON.stringify(saved);
  useEffect(() => {
    if (!saved) return;
    setEnabled(saved.enabled);
    setThreshold(String(saved.threshold));
    setAmount(String(saved.amount));
    setCardId(saved.cardId ?? '');
    setMaxPerDay(String(saved.maxPerDay));
    setMonthly(saved.monthlyLimit === null ? '' : String(saved.monthlyLimit));
  }, [savedKey]);

  const t = whole(threshold);
  const a = whole(amount);
  const m = whole(maxPerDay);
  const ml = monthly.trim() === '' ? null : whole(monthly);
  const valid = t !== null && a !== null && m !== null && (monthly.trim() === '' || ml !== null);
  // The preview of what is typed, not of what is saved: the engine words it and does the arithmetic.
  // Asked a moment after typing stops and again when the snapshot (the burn) changes.
  const preview = useInlineRequest('payments/refillPreview', valid ? { enabled, threshold: t, amount: a, maxPerDay: m, monthlyLimit: ml } : null, 200, version);

  if (saved === null) return <p className="muted">Auto-refill is not available in this build yet.</p>;
  const warning = preview && 'result' in preview ? preview.result.warning : null;
  const card = cardId || cards?.find((c) => c.isDefault)?.id || '';

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setBusy(true);
    await save({ enabled, threshold: t, amount: a, cardId: card || null, maxPerDay: m, monthlyLimit: ml }).catch(() => undefined);
    setBusy(false);
  };

  return (
    <Gate channel="payments/setAutoRefill">
      <form className="stack" onSubmit={submit} id="auto-refill">
        <label className="inline">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="refill-enabled" />
          Refill automatically
        </label>
        <div className="grid-3">
          <label>
            When the balance falls below (credits)
            <input
              value={threshold}
              onChange={(e) => setThreshold(e.target.value)}
              inputMode="numeric"
              aria-invalid={t === null}
              data-testid="refill-threshold"
            />
          </label>
          <label>
            Add (credits)
            <input value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="numeric" aria-invalid={a === null} data-testid="refill-amount" />
          </label>
          <label>
            Charge card
            <select value={card} onChange={(e) => setCardId(e.target.value)} disabled={!cards?.length}>
              {cards?.length ? null : <option value="">Add a card first</option>}
              {cards?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            At most refills per 24 h
            <input value={maxPerDay} onChange={(e) => setMaxPerDay(e.target.value)} inputMode="numeric" aria-invalid={m === null} />
          </label>
          <label>
            Monthly refill limit (credits, optional)
            <input
              value={monthly}
              onChange={(e) => setMonthly(e.target.value)}
              inputMode="numeric"
              placeholder="no limit"
              aria-invalid={monthly.trim() !== '' && ml === null}
            />
          </label>
        </div>
        <p data-testid="refill-preview" className={preview && 'problem' in preview ? 'field-error' : undefined} aria-live="polite">
          {!valid ? 'Whole numbers of credits only.' : preview === null ? '…' : 'result' in preview ? preview.result.text : preview.problem}
        </p>
        {saved.blockedReason ? (
          <div className="stack" role="alert" data-testid="refill-confirm">
            <p className="field-error">{saved.blockedReason}</p>
            {saved.card ? (
              // The on-session payment SPEC asks for: buying with the card while the card holder is here lets the bank confirm it, and refills go on.
              <div>
                <button
                  type="button"
                  className="primary"
                  disabled={buying}
                  onClick={() => setAsk({ credits: saved.amount, card: saved.card! })}
                  data-testid="refill-confirm-buy"
                >
                  Confirm with your bank: buy {formatCredits(saved.amount)} with {saved.card.label}
                </button>
              </div>
            ) : null}
          </div>
        ) : null}
        <ConfirmPurchase ask={ask} onClose={() => setAsk(null)} />
        {warning ? (
          <p className="field-error" role="alert" data-testid="refill-warning">
            {warning}
          </p>
        ) : null}
        <div>
          <button type="submit" className="primary" disabled={!valid || busy} data-testid="refill-save">
            Save auto-refill
          </button>
        </div>
      </form>
    </Gate>
  );
}
