/** Entry points for `burnrate sandbox serve` (the sandbox in the foreground until a signal) and `sandbox pay`. */
import { randomBytes } from 'node:crypto';
import type { SandboxHandle } from './index.js';

/**
 * Starts a developer's sandbox (any test key, fault switches) on `port` with
 * `dbFile`, logs one line that says so, and closes it
 * cleanly on SIGINT/SIGTERM (the open server keeps the process alive until then).
 */
export async function serveSandboxCli(
  port: number,
  dbFile: string,
  log: (line: string) => void = console.log,
  webhook?: { url: string; secret: string },
): Promise<SandboxHandle> {
  // Imported lazily: index.ts re-exports this module, and a static import would be circular.
  const { startSandbox } = await import('./index.js');
  const handle = await startSandbox({ dbFile, port, webhookEndpoints: webhook ? [webhook] : [] });
  const close = async (): Promise<void> => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await handle.close();
  };
  const onSignal = (): void => void close();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  log(
    `Stripe sandbox listening on ${handle.url} — a developer's sandbox like stripe-mock: any local user may use it with any sk_test_ key and switch faults on (POST /_sandbox/faults); the app's own sandbox accepts only its own key`,
  );
  if (webhook) log(`Delivering signed events to ${webhook.url} (Stripe-Signature; retried 3 times over a few hours, as Stripe's test mode does)`);
  return { ...handle, close };
}

/** What `burnrate sandbox pay` did, in the customer's terms. */
export interface SandboxPayment {
  id: string;
  /** A Checkout Session: `complete`; a PaymentIntent: its status after the challenge. */
  status: string;
  paymentIntent: string | null;
  amount: number;
  /** A Checkout Session in setup mode: the SetupIntent that saved the card (else null). */
  setupIntent: string | null;
}

/**
 * Does what the customer does on the sandbox's hosted pages, from a terminal:
 * pays an open Checkout Session (`cs_…`; in setup mode: saves the card) with a test card, or passes (or
 * fails) the 3-D Secure challenge of a PaymentIntent (`pi_…`). Works on the
 * sandbox's database file directly, so it needs no server to be running.
 * Stripe-shaped failures come back as SandboxActionError.
 */
export async function paySandboxCli(dbFile: string, id: string, opts: { card?: string; fail?: boolean; clock?: () => Date } = {}): Promise<SandboxPayment> {
  const { startSandbox } = await import('./index.js');
  // It never answers HTTP itself, but it listens while it pays: a throwaway key keeps that port closed to others.
  const secretKey = `sk_test_${randomBytes(24).toString('hex')}`;
  // Delivering is the serving process's job: this one lives for one payment.
  const handle = await startSandbox({ dbFile, port: 0, clock: opts.clock, secretKey, webhookDelivery: false });
  try {
    if (id.startsWith('pi_')) {
      const pi = await handle.authenticatePaymentIntent(id, opts.fail ? 'fail' : 'succeed');
      return { id: pi.id, status: pi.status, paymentIntent: pi.id, amount: pi.amount, setupIntent: null };
    }
    const s = await handle.completeCheckout(id, opts.card);
    const pi = typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? null);
    const si = typeof s.setup_intent === 'string' ? s.setup_intent : (s.setup_intent?.id ?? null);
    return { id: s.id, status: s.status ?? 'complete', paymentIntent: pi, amount: s.amount_total ?? 0, setupIntent: si };
  } finally {
    await handle.close();
  }
}
