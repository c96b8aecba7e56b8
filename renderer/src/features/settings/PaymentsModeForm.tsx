import { useEffect, useState } from 'react';
import { useSettings } from './settings-store';
import { paymentsSyncLine } from './sync-status';
import { Gate } from '../team/Gate';

const PROTECTION: Record<string, string> = {
  os: "encrypted by the operating system's keychain",
  basic_text: 'stored without OS encryption (no keychain available on this system)',
  memory: 'kept in memory for this run only (never written to disk)',
  none: 'not stored',
};

/** Where a key would go on this system, said before one is stored (UX.md: "whether the OS protects it"). */
const STORAGE: Record<string, { text: string; warn: boolean }> = {
  os: { text: "A key you store here is encrypted by the operating system's keychain.", warn: false },
  basic_text: {
    text: 'This system has no keyring (safeStorage uses its basic_text backend): a key you store is only obfuscated on disk, not encrypted. Install a keyring (GNOME Keyring, KWallet) or set STRIPE_SECRET_KEY instead.',
    warn: true,
  },
  memory: {
    text: 'In this browser session a key is kept in memory for this run only and never written to disk; set STRIPE_SECRET_KEY to keep one across runs.',
    warn: false,
  },
  none: { text: 'This system offers no encryption for secrets, so a key cannot be stored here: set STRIPE_SECRET_KEY instead.', warn: true },
};

/** Built-in sandbox or the user's Stripe test key. The key goes in, never comes back out. */
export function PaymentsModeForm() {
  const mode = useSettings((s) => s.mode);
  const timeZone = useSettings((s) => s.settings?.timeZone);
  const setMode = useSettings((s) => s.setMode);
  const [choice, setChoice] = useState<'sandbox' | 'stripe_test'>('sandbox');
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // A live key is the team server's alone: a desktop never runs in that mode, so it is not a choice here.
    if (mode) setChoice(mode.mode === 'stripe_test' ? 'stripe_test' : 'sandbox');
  }, [mode]);
  if (!mode) return <p className="muted">Payments settings are not available in this build yet.</p>;

  const sync = mode.lastSync ? paymentsSyncLine(mode.lastSync, timeZone) : null;
  const keyProblem =
    key && !key.startsWith('sk_test_')
      ? key.startsWith('sk_live_')
        ? 'Live keys are refused: a live account needs a server-side billing relay.'
        : 'A Stripe test key starts with sk_test_.'
      : null;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const ok = await setMode(choice === 'stripe_test' && key ? { mode: choice, secretKey: key } : { mode: choice });
    if (ok) setKey('');
    setBusy(false);
  };

  return (
    <Gate channel="payments/setMode">
      <form className="stack" onSubmit={submit}>
        <fieldset className="stack" style={{ border: 'none', padding: 0, margin: 0, gap: 6 }}>
          <legend className="visually-hidden">Payments mode</legend>
          <label className="inline">
            <input type="radio" name="mode" checked={choice === 'sandbox'} onChange={() => setChoice('sandbox')} />
            Built-in Stripe sandbox <span className="muted small">(no account needed; test cards like pm_card_visa)</span>
          </label>
          <label className="inline">
            <input type="radio" name="mode" checked={choice === 'stripe_test'} onChange={() => setChoice('stripe_test')} />
            Stripe test mode with my own key
          </label>
        </fieldset>
        {choice === 'stripe_test' ? (
          <label>
            Stripe secret test key {mode.keyStored ? '(a key is stored — leave empty to keep it)' : ''}
            <input
              type="password"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              autoComplete="off"
              placeholder="sk_test_…"
              aria-invalid={keyProblem !== null}
              aria-describedby="key-help"
            />
          </label>
        ) : null}
        <p id="key-help" className={keyProblem ? 'field-error' : 'muted small'}>
          {keyProblem ??
            `The key stays in Burnrate's main process and is never shown again. ${mode.keyFromEnvironment ? 'The key comes from the STRIPE_SECRET_KEY environment variable.' : mode.keyStored ? `It is ${PROTECTION[mode.keyProtection ?? 'none'] ?? 'stored'}.` : 'No key is stored.'}`}
        </p>
        {mode.keyStorage ? (
          <p
            className={STORAGE[mode.keyStorage]?.warn ? 'field-error' : 'muted small'}
            role={STORAGE[mode.keyStorage]?.warn ? 'alert' : undefined}
            data-testid="key-storage"
          >
            {STORAGE[mode.keyStorage]?.text}
          </p>
        ) : null}
        {sync ? (
          <p className={sync.problem ? 'field-error' : 'muted small'} data-testid="payments-sync-status">
            {sync.text}
          </p>
        ) : null}
        <div>
          <button type="submit" className="primary" disabled={busy || keyProblem !== null || (choice === 'stripe_test' && !key && !mode.keyStored)}>
            Save payments mode
          </button>
        </div>
      </form>
    </Gate>
  );
}
