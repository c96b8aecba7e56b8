import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../main/stripe-sandbox/client.js';
import { startHarness, type Harness } from './support.js';

describe('persistence across restarts', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it('reopening the same file gives back the same account', async () => {
    const customer = await h.stripe.customers.create({ email: 'lead@example.com', metadata: { team: 'ml' } });
    const pm = await h.stripe.paymentMethods.attach('pm_card_mastercard_debit', { customer: customer.id });
    await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const pi = await h.stripe.paymentIntents.create({
      amount: 3000,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    const refund = await h.stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    const session = await h.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', unit_amount: 500, product_data: { name: 'credits' } }, quantity: 1 }],
    });
    const eventsBefore = await h.stripe.events.list({ limit: 100 });
    const account = await h.stripe.accounts.retrieveCurrent();
    const oldUrl = h.handle.url;

    await h.restart();
    expect(h.handle.url).not.toBe(oldUrl);
    expect(await h.stripe.accounts.retrieveCurrent()).toEqual(account);

    expect(await h.stripe.customers.retrieve(customer.id)).toMatchObject({
      email: 'lead@example.com',
      metadata: { team: 'ml' },
      invoice_settings: { default_payment_method: pm.id },
    });
    expect((await h.stripe.customers.listPaymentMethods(customer.id)).data.map((p) => p.id)).toEqual([pm.id]);
    expect(await h.stripe.paymentIntents.retrieve(pi.id)).toEqual(pi);
    expect((await h.stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.id)).toEqual([refund.id]);
    const eventsAfter = await h.stripe.events.list({ limit: 100 });
    expect(eventsAfter.data.map((e) => e.id)).toEqual(eventsBefore.data.map((e) => e.id));
    // Stored sandbox URLs follow the server to its new port.
    const reopened = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(reopened.url).toBe(`${h.handle.url}/checkout/${session.id}`);
    // The restarted sandbox keeps working on top of the old state.
    const second = await h.stripe.paymentIntents.create({
      amount: 3000,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    expect((await h.stripe.paymentIntents.list({ customer: customer.id })).data.map((p) => p.id)).toEqual([second.id, pi.id]);
  });

  it('uses WAL on a file database and also runs in memory', async () => {
    const mem = await startSandbox({ dbFile: ':memory:' });
    try {
      const stripe = sandboxStripeClient(mem);
      const c = await stripe.customers.create({ name: 'In memory' });
      expect((await stripe.customers.retrieve(c.id)).id).toBe(c.id);
    } finally {
      await mem.close();
    }
    const { default: Database } = await import('better-sqlite3');
    await h.handle.close();
    const db = new Database(h.dbFile, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    await h.restart();
  });

  it('two sandboxes on different files are separate accounts', async () => {
    const other = await startHarness();
    try {
      const c = await h.stripe.customers.create({});
      expect((await other.stripe.customers.list()).data).toEqual([]);
      // The account id tells them apart, as Stripe's does: a client can see that its backend changed.
      const [mine, theirs] = [await h.stripe.accounts.retrieveCurrent(), await other.stripe.accounts.retrieveCurrent()];
      expect([mine.id, theirs.id]).toEqual([expect.stringMatching(/^acct_[A-Za-z0-9]{16}$/), expect.stringMatching(/^acct_[A-Za-z0-9]{16}$/)]);
      expect(mine.id).not.toBe(theirs.id);
      await expect(other.stripe.customers.retrieve(c.id)).rejects.toMatchObject({ statusCode: 404 });
    } finally {
      await other.stop();
    }
  });
});
