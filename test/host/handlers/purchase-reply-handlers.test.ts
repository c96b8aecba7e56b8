import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { invoke } from '../../../main/host/handlers/dispatch.js';
import { createHandlerTable } from '../../../main/host/handlers/handler-table.js';
import type { HandlerContext } from '../../../main/host/handlers/handler-types.js';
import type { Channel, ChannelInput, ChannelOutput } from '../../../preload/contract.js';

/**
 * What the CLI's `credits` reads from the door (issue 11: one door): the
 * purchase's PaymentIntent, the deployments it resumed and its payment number;
 * a Checkout's PaymentIntent once paid; a receipt; whether the backend is the
 * built-in sandbox (whose pages die with the process).
 */
const table = createHandlerTable();
let services: Services;
let ctx: HandlerContext;
let clock: SimulatedClock;

beforeEach(async () => {
  clock = new SimulatedClock(Date.parse('2025-03-03T09:00:00Z'));
  // No key configured: the built-in sandbox starts in-process on first payment.
  services = await openServices({ dataDir: ':memory:', clock, env: {} });
  ctx = { services, transport: 'cli', testControls: false, version: '0.0.0-test', host: {} };
});
afterEach(async () => services.close());

function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  return invoke(table, ctx, channel, input);
}

describe('the purchase, Checkout and receipt replies carry what the CLI prints', () => {
  it('a purchase without a card pays with the default card and names its PaymentIntent, payment and resumed deployments', async () => {
    const card = await call('payments/addCard', { paymentMethodId: 'pm_card_visa' });
    const r = await call('payments/purchase', { credits: 1000 });
    expect(r).toMatchObject({ status: 'succeeded', credits: 1000, balance: 1000, resumed: [], sandbox: true, entry: { credits: 1000 } });
    expect(r.paymentIntent).toMatch(/^pi_/);
    expect(r.purchaseId).toBe(r.paymentIntent);
    expect(typeof r.payment).toBe('number');
    const receipt = await call('payments/receipt', { paymentIntent: r.paymentIntent! });
    expect(receipt).toEqual({
      paymentId: r.paymentIntent,
      kind: 'purchase',
      date: '2025-03-03T09:00:00.000Z',
      amountCents: 1000,
      amountUsd: '10.00',
      credits: 1000,
      cardBrand: card.brand,
      cardLast4: card.last4,
      description: 'Purchase: 1,000 credits ($10.00)',
      receiptEmail: null,
      ledgerEntryId: r.entry!.id,
      refundedCredits: 0,
    });
  });

  it('a purchase that resumes a deployment paused for credits says which', async () => {
    await call('payments/addCard', { paymentMethodId: 'pm_card_visa' });
    await call('payments/purchase', { credits: 100 });
    const d = await call('deployments/create', { name: 'chat', model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier: 'S' });
    await call('deployments/start', { id: d.id });
    clock.advance(5 * 3600_000);
    await call('billing/tick', {});
    expect((await call('deployments/get', { id: d.id })).state).toBe('paused');
    expect((await call('payments/purchase', { credits: 5000 })).resumed).toEqual([d.id]);
  });

  it('a receipt of a payment that did not succeed is refused in the core’s words', async () => {
    await call('payments/addCard', { paymentMethodId: 'pm_card_authenticationRequired' });
    const r = await call('payments/purchase', { credits: 700 });
    expect(r).toMatchObject({ status: 'requires_action', entry: null, sandbox: true });
    await expect(call('payments/receipt', { paymentIntent: r.paymentIntent! })).rejects.toMatchObject({
      code: 'unknown_payment',
      message: `no succeeded payment ${r.paymentIntent}`,
    });
  });

  it('a Checkout says it is the sandbox’s, and once paid its status names the PaymentIntent', async () => {
    const r = await call('payments/checkout', { credits: 1000 });
    expect(r.sandbox).toBe(true);
    expect(await call('payments/checkoutStatus', { sessionId: r.sessionId! })).toMatchObject({ status: 'open', paymentIntent: null });
    const paid = await fetch(`${services.payments.sandboxOrigin()}/checkout/${r.sessionId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payment_method=pm_card_visa',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    const done = await call('payments/checkoutStatus', { sessionId: r.sessionId! });
    expect(done).toMatchObject({ status: 'complete', balance: 1000 });
    expect(done.paymentIntent).toMatch(/^pi_/);
    expect(done.paymentIntent).toBe(done.entry?.reference);
  });
});
