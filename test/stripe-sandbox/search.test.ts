import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './support.js';

describe('search', () => {
  let h: Harness;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await startHarness();
    const customer = await h.stripe.customers.create({ email: 'lead@example.com', metadata: { account: 'acct-1' } });
    ids.customer = customer.id;
    for (const [purchase, amount, card] of [
      ['p-1', 500, 'pm_card_visa'],
      ['p-2', 2000, 'pm_card_visa'],
      ['p-3', 2000, 'pm_card_chargeCustomerFail'],
    ] as const) {
      const pi = await h.stripe.paymentIntents
        .create({ amount, currency: 'usd', customer: customer.id, payment_method: card, confirm: true, metadata: { purchase } })
        .catch((e: { payment_intent: { id: string } }) => e.payment_intent);
      ids[purchase] = pi.id;
      h.clock.advance(60);
    }
  });
  afterAll(() => h.stop());

  it('finds payment intents by metadata, the way the app resolves an unknown outcome', async () => {
    const found = await h.stripe.paymentIntents.search({ query: "metadata['purchase']:'p-2'" });
    expect(found.data.map((p) => p.id)).toEqual([ids['p-2']]);
    expect(found.has_more).toBe(false);
  });

  it('combines clauses with AND / OR, negation and numeric comparisons', async () => {
    const and = await h.stripe.paymentIntents.search({ query: "status:'succeeded' AND amount>=2000" });
    expect(and.data.map((p) => p.id)).toEqual([ids['p-2']]);
    const or = await h.stripe.paymentIntents.search({ query: "metadata['purchase']:'p-1' OR metadata['purchase']:'p-3'" });
    expect(or.data.map((p) => p.id)).toEqual([ids['p-3'], ids['p-1']]);
    const not = await h.stripe.paymentIntents.search({ query: `customer:'${ids.customer}' AND -status:'succeeded'` });
    expect(not.data.map((p) => p.id)).toEqual([ids['p-3']]);
    const customers = await h.stripe.customers.search({ query: "email~'lead@'" });
    expect(customers.data.map((c) => c.id)).toEqual([ids.customer]);
  });

  it('pages with next_page tokens', async () => {
    const first = await h.stripe.paymentIntents.search({ query: "currency:'usd'", limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const second = await h.stripe.paymentIntents.search({ query: "currency:'usd'", limit: 2, page: first.next_page as string });
    expect(second.data.map((p) => p.id)).toEqual([ids['p-1']]);
    expect(second.next_page).toBeNull();
  });

  it('rejects queries it cannot parse', async () => {
    const err = await rejection(h.stripe.paymentIntents.search({ query: 'status:succeeded AND OR x' }));
    expect([err.statusCode, err.param]).toEqual([400, 'query']);
    const mixed = await rejection(h.stripe.paymentIntents.search({ query: "status:'a' AND amount>1 OR currency:'usd'" }));
    expect(mixed.message).toContain('cannot mix');
  });
});
