import { useEffect, useState } from 'react';
import { useSettings } from './settings-store';
import { Gate } from '../team/Gate';

/** The address Stripe sends purchase receipts to (PDF receipts work offline either way). */
export function ReceiptEmailForm() {
  const account = useSettings((s) => s.account);
  const setEmail = useSettings((s) => s.setEmail);
  const [email, setDraft] = useState('');
  useEffect(() => setDraft(account?.email ?? ''), [account?.email]);
  if (!account) return null;
  const looksOk = email.trim() === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (looksOk) setEmail(email.trim() || null).catch(() => undefined);
  };
  return (
    <Gate channel="payments/setEmail">
      <form className="row" onSubmit={submit}>
        <label className="inline">
          Receipt email
          <input type="email" value={email} onChange={(e) => setDraft(e.target.value)} placeholder="none" aria-invalid={!looksOk} />
        </label>
        <button type="submit" disabled={!looksOk || email.trim() === (account.email ?? '')}>
          Save
        </button>
      </form>
    </Gate>
  );
}
