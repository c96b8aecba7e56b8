import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paySandboxCli, SandboxActionError, serveSandboxCli, startSandbox } from '../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../main/stripe-sandbox/client.js';

describe('serveSandboxCli', () => {
  it("logs one line with the URL that says it is a developer's sandbox, serves the API, and releases its signal handlers on close", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'burnrate-sandbox-cli-'));
    const lines: string[] = [];
    const before = process.listenerCount('SIGINT');
    const handle = await serveSandboxCli(0, join(dir, 'sandbox.db'), (l) => lines.push(l));
    try {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Stripe sandbox listening on http://127.0.0.1:${handle.port}`);
      // It says what it is: open to any local user with any test key, faults on request.
      expect(lines[0]).toMatch(/developer's sandbox.*any sk_test_ key.*faults/);
      expect(process.listenerCount('SIGINT')).toBe(before + 1);
      const health = await fetch(`${handle.url}/_sandbox/health`);
      expect(await health.json()).toEqual({ ok: true });
      const customer = await sandboxStripeClient(handle).customers.create({ email: 'cli@example.com' });
      expect(customer.email).toBe('cli@example.com');
    } finally {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

describe("paySandboxCli (burnrate sandbox pay): the customer's side, on the database file", () => {
  it.each([
    ['pays an open Checkout Session with the default test card', 'checkout', {}, { status: 'complete', amount: 1500 }],
    ['pays it with the card named', 'checkout', { card: 'pm_card_amex' }, { status: 'complete', amount: 1500 }],
    ['passes a 3-D Secure check', 'intent', {}, { status: 'succeeded', amount: 700 }],
    ['fails a 3-D Secure check', 'intent', { fail: true }, { status: 'requires_payment_method', amount: 700 }],
  ] as const)('%s', async (_what, kind, opts, expected) => {
    const dir = mkdtempSync(join(tmpdir(), 'burnrate-sandbox-pay-'));
    const dbFile = join(dir, 'sandbox.db');
    try {
      const running = await startSandbox({ dbFile });
      const stripe = sandboxStripeClient(running);
      const id =
        kind === 'checkout'
          ? (
              await stripe.checkout.sessions.create({
                mode: 'payment',
                success_url: 'https://example.com/ok',
                line_items: [{ price_data: { currency: 'usd', unit_amount: 1500, product_data: { name: 'credits' } }, quantity: 1 }],
              })
            ).id
          : (
              await stripe.paymentIntents.create({
                amount: 700,
                currency: 'usd',
                payment_method: 'pm_card_authenticationRequired',
                confirm: true,
                return_url: 'https://example.com/back',
              })
            ).id;
      // The running server and the command share the file, as `credits checkout --wait` and `sandbox pay` do.
      const r = await paySandboxCli(dbFile, id, opts);
      expect(r).toMatchObject({ id, ...expected });
      const seen = kind === 'checkout' ? (await stripe.checkout.sessions.retrieve(id)).status : (await stripe.paymentIntents.retrieve(id)).status;
      expect(seen).toBe(expected.status);
      await running.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses, in Stripe's words, what the customer could not do either", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'burnrate-sandbox-pay-'));
    try {
      const err = await paySandboxCli(join(dir, 'sandbox.db'), 'cs_test_a1nothing').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SandboxActionError);
      expect((err as Error).message).toMatch(/No such checkout.session/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
