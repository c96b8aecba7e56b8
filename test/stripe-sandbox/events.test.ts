import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startHarness, type Harness } from './support.js';

describe('events', () => {
  let h: Harness;
  let t0: number;
  const customers: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    t0 = h.clock.unix;
    // 12 customers one minute apart, then one payment: 12 customer.created + 3 payment events.
    for (let i = 0; i < 12; i += 1) {
      customers.push((await h.stripe.customers.create({ email: `c${i}@example.com` })).id);
      h.clock.advance(60);
    }
    await h.stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  });
  afterAll(() => h.stop());

  it('lists newest first, 10 by default, with has_more', async () => {
    const page = await h.stripe.events.list();
    expect(page.data).toHaveLength(10);
    expect(page.has_more).toBe(true);
    expect(page.data.slice(0, 3).map((e) => e.type)).toEqual(['payment_intent.succeeded', 'charge.succeeded', 'payment_intent.created']);
    const created = page.data.map((e) => e.created);
    expect([...created].sort((a, b) => b - a)).toEqual(created);
  });

  it('walks every event exactly once with starting_after, and back with ending_before', async () => {
    const seen: string[] = [];
    let page = await h.stripe.events.list({ limit: 4 });
    seen.push(...page.data.map((e) => e.id));
    while (page.has_more) {
      page = await h.stripe.events.list({ limit: 4, starting_after: seen[seen.length - 1] });
      seen.push(...page.data.map((e) => e.id));
    }
    expect(seen).toHaveLength(15);
    expect(new Set(seen).size).toBe(15);
    const before = await h.stripe.events.list({ limit: 3, ending_before: seen[5] });
    expect(before.data.map((e) => e.id)).toEqual(seen.slice(2, 5));
    expect(before.has_more).toBe(true);
    const first = await h.stripe.events.list({ limit: 3, ending_before: seen[2] });
    expect(first.data.map((e) => e.id)).toEqual(seen.slice(0, 2));
    expect(first.has_more).toBe(false);
  });

  it('auto-paginates through the SDK', async () => {
    const all = await h.stripe.events.list({ limit: 5 }).autoPagingToArray({ limit: 100 });
    expect(all).toHaveLength(15);
  });

  it('filters by type, types[] and type wildcards', async () => {
    const created = await h.stripe.events.list({ type: 'customer.created', limit: 100 });
    expect(created.data).toHaveLength(12);
    expect((created.data.at(-1)?.data.object as { id: string }).id).toBe(customers[0]);
    const pay = await h.stripe.events.list({ types: ['charge.succeeded', 'payment_intent.succeeded'] });
    expect(pay.data.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'charge.succeeded']);
    const wildcard = await h.stripe.events.list({ type: 'payment_intent.*' });
    expect(wildcard.data.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'payment_intent.created']);
  });

  it('filters by created ranges (gt, gte, lt, lte, exact)', async () => {
    const gte = await h.stripe.events.list({ created: { gte: t0 + 600 }, limit: 100 });
    expect(gte.data).toHaveLength(2 + 3);
    const gt = await h.stripe.events.list({ created: { gt: t0 + 600 }, limit: 100 });
    expect(gt.data).toHaveLength(1 + 3);
    const window = await h.stripe.events.list({ created: { gt: t0, lt: t0 + 180 }, limit: 100 });
    expect(window.data.map((e) => e.created)).toEqual([t0 + 120, t0 + 60]);
    const lte = await h.stripe.events.list({ created: { lte: t0 + 60 }, limit: 100 });
    expect(lte.data).toHaveLength(2);
    const exact = await h.stripe.events.list({ created: t0 + 240 });
    expect((exact.data[0]?.data.object as { id: string }).id).toBe(customers[4]);
  });

  it('retrieves an event by id with its snapshot and request info', async () => {
    const [latest] = (await h.stripe.events.list({ limit: 1 })).data;
    const evt = await h.stripe.events.retrieve(latest?.id as string);
    expect(evt).toMatchObject({ object: 'event', livemode: false, pending_webhooks: 0, type: 'payment_intent.succeeded' });
    expect(evt.data.object).toMatchObject({ object: 'payment_intent', status: 'succeeded' });
    expect(evt.request?.id).toMatch(/^req_/);
    expect(evt.request?.idempotency_key).toMatch(/^stripe-node-retry-/);
    expect(evt.id).toMatch(/^evt_/);
    const missing = await rejection(h.stripe.events.retrieve('evt_missing'));
    expect([missing.statusCode, missing.code, missing.message]).toEqual([404, 'resource_missing', "No such event: 'evt_missing'"]);
  });

  it('keeps event snapshots as they were, even after the object changes', async () => {
    const id = customers[0] as string;
    await h.stripe.customers.update(id, { name: 'Renamed' });
    const [createdEvt] = (await h.stripe.events.list({ type: 'customer.created', created: t0 })).data;
    expect((createdEvt?.data.object as { name: string | null }).name).toBeNull();
    const [updated] = (await h.stripe.events.list({ type: 'customer.updated', limit: 1 })).data;
    expect(updated?.data.previous_attributes).toEqual({ name: null });
  });

  it('rejects out-of-range limits and unknown cursors', async () => {
    expect((await rejection(h.stripe.events.list({ limit: 101 }))).param).toBe('limit');
    expect((await rejection(h.stripe.events.list({ limit: 0 }))).param).toBe('limit');
    const cursor = await rejection(h.stripe.events.list({ starting_after: 'evt_unknown' }));
    expect([cursor.statusCode, cursor.param]).toEqual([400, 'starting_after']);
  });

  it.each([
    ['the clock steps back an hour', async () => h.clock.advance(-3600)],
    [
      'the file is reopened by a sandbox on an earlier clock (sandbox serve on the system clock)',
      async () => {
        h.clock.advance(-86_400);
        await h.restart();
      },
    ],
  ])('never stamps an event earlier than the newest one when %s, so "events after the last seen" still finds it', async (_what, stepBack) => {
    const [newest] = (await h.stripe.events.list({ limit: 1 })).data;
    await stepBack();
    const c = await h.stripe.customers.create({ email: 'late@example.com' });
    const after = await h.stripe.events.list({ ending_before: newest!.id });
    expect(after.data.map((e) => [e.type, (e.data.object as { id: string }).id])).toEqual([['customer.created', c.id]]);
    expect(after.data[0]!.created).toBe(newest!.created);
    expect(c.created).toBe(h.clock.unix); // objects keep the clock's time; only the feed's order is protected
  });
});
