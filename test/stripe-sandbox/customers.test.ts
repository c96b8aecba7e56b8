import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './support.js';

describe('customers and payment methods', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.stop());

  it('creates, retrieves, updates and lists customers', async () => {
    const c = await h.stripe.customers.create({ email: 'lead@example.com', name: 'Team Lead', metadata: { account: 'a1' } });
    expect(c.id).toMatch(/^cus_/);
    expect(c).toMatchObject({
      object: 'customer',
      email: 'lead@example.com',
      name: 'Team Lead',
      metadata: { account: 'a1' },
      livemode: false,
      created: h.clock.unix,
    });
    expect(await h.stripe.customers.retrieve(c.id)).toEqual(c);
    const updated = await h.stripe.customers.update(c.id, { name: 'New Name', metadata: { tier: 'pro' } });
    expect(updated).toMatchObject({ name: 'New Name', metadata: { account: 'a1', tier: 'pro' } });
    await h.stripe.customers.create({ email: 'other@example.com' });
    const byEmail = await h.stripe.customers.list({ email: 'lead@example.com' });
    expect(byEmail.data.map((x) => x.id)).toEqual([c.id]);
    const types = (await h.stripe.events.list({ types: ['customer.created', 'customer.updated'] })).data.map((e) => e.type);
    expect(types).toEqual(['customer.created', 'customer.updated', 'customer.created']);
  });

  it('sets a default payment method only if it is attached to that customer', async () => {
    const c = await h.stripe.customers.create({});
    const other = await h.stripe.customers.create({});
    const pm = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    const foreign = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: other.id });
    const withDefault = await h.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
    expect(withDefault.invoice_settings.default_payment_method).toBe(pm.id);
    const err = await rejection(h.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: foreign.id } }));
    expect([err.statusCode, err.param]).toEqual([400, 'invoice_settings[default_payment_method]']);
    const expanded = await h.stripe.customers.retrieve(c.id, { expand: ['invoice_settings.default_payment_method'] });
    expect((expanded as { invoice_settings: { default_payment_method: { card: { last4: string } } } }).invoice_settings.default_payment_method.card.last4).toBe(
      '4242',
    );
  });

  it('lists a customer’s cards both ways, and detaching clears the default', async () => {
    const c = await h.stripe.customers.create({});
    const visa = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    h.clock.advance(1);
    const mc = await h.stripe.paymentMethods.attach('pm_card_mastercard', { customer: c.id });
    await h.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: mc.id } });
    expect((await h.stripe.paymentMethods.list({ customer: c.id, type: 'card' })).data.map((p) => p.id)).toEqual([mc.id, visa.id]);
    expect((await h.stripe.customers.listPaymentMethods(c.id)).data.map((p) => p.id)).toEqual([mc.id, visa.id]);
    expect((await h.stripe.customers.retrievePaymentMethod(c.id, visa.id)).id).toBe(visa.id);
    const detached = await h.stripe.paymentMethods.detach(mc.id);
    expect(detached.customer).toBeNull();
    expect(
      ((await h.stripe.customers.retrieve(c.id)) as { invoice_settings: { default_payment_method: string | null } }).invoice_settings.default_payment_method,
    ).toBeNull();
    expect((await h.stripe.customers.listPaymentMethods(c.id)).data.map((p) => p.id)).toEqual([visa.id]);
    const again = await rejection(h.stripe.paymentMethods.detach(mc.id));
    expect(again.statusCode).toBe(400);
    const events = (await h.stripe.events.list({ type: 'payment_method.*', limit: 10 })).data.map((e) => e.type);
    expect(events).toEqual(['payment_method.detached', 'payment_method.attached', 'payment_method.attached']);
  });

  it('attaches at customer creation and refuses attaching to an unknown customer', async () => {
    const c = await h.stripe.customers.create({ payment_method: 'pm_card_amex', invoice_settings: { default_payment_method: undefined } });
    expect((await h.stripe.customers.listPaymentMethods(c.id)).data.map((p) => p.card?.brand)).toEqual(['amex']);
    const err = await rejection(h.stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_missing' }));
    expect([err.statusCode, err.code, err.param]).toEqual([400, 'resource_missing', 'customer']);
    const same = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    const fingerprintTwin = await h.stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    expect(fingerprintTwin.id).not.toBe(same.id);
    expect(fingerprintTwin.card?.fingerprint).toBe(same.card?.fingerprint);
  });
});
