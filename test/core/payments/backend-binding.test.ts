import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { Engine } from '../../../main/core/engine.js';
import { listEntries } from '../../../main/core/ledger/ledger-queries.js';
import { gatewayConfigFromEnv } from '../../../main/core/payments/gateway-config.js';
import { openGateway } from '../../../main/compose/open-gateway.js';
import { Payments } from '../../../main/core/payments/payments.js';
import { PaymentAccount } from '../../../main/core/payments/payment-account.js';
import { type SandboxHandle, startSandbox } from '../../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../../main/stripe-sandbox/client.js';
import { tempDir } from '../../support/engine-fixture.js';
import { GatewayError, type PaymentGateway } from '../../../main/core/payments/gateway.js';
import { bothStores } from '../../support/store-factory.js';
import { startPaymentsFixture } from './payments-fixture.js';

/**
 * One ledger, payments backends that come and go: two sandbox files standing
 * for two Stripe accounts (BURNRATE_STRIPE_API changed, a key set) and a
 * sandbox whose file was deleted. Each run opens Payments afresh, as a CLI run does.
 */
describe('payments state belongs to the backend it lives on (customer, events cursor, saved cards)', () => {
  const clock = new SimulatedClock(Date.parse('2026-03-02T09:00:00Z'));
  let dir: string;
  let engine: Engine;
  let payments: Payments | null = null;
  const sandboxes: SandboxHandle[] = [];

  beforeEach(() => {
    dir = tempDir();
    engine = Engine.open({ dataDir: dir, clock });
  });
  afterEach(async () => {
    await payments?.close();
    engine.close();
    for (const s of sandboxes.splice(0)) await s.close();
  });

  const sandbox = async (file = ':memory:') => {
    const s = await startSandbox({ dbFile: file, clock: () => clock.now() });
    sandboxes.push(s);
    return s;
  };
  /** A run against `backend` (a sandbox URL): a new Payments, as the next process would open. */
  const run = async (backend: SandboxHandle) => {
    await payments?.close();
    payments = Payments.open(engine, () => openGateway(gatewayConfigFromEnv({ BURNRATE_STRIPE_API: backend.url }), dir, clock, 0));
    return payments;
  };
  const purchases = () =>
    listEntries(engine.db)
      .filter((e) => e.kind === 'purchase')
      .map((e) => e.credits);
  const refills = () =>
    listEntries(engine.db)
      .filter((e) => e.kind === 'refill')
      .map((e) => e.credits);

  it("a new backend starts a fresh customer with no cards; going back brings the first one's back; credits stay", async () => {
    const a = await sandbox();
    const b = await sandbox();
    let p = await run(a);
    const visa = await p.addCard('pm_card_visa');
    await p.buy({ pack: '10' });
    const customerA = p.account().customer;

    p = await run(b);
    expect(await p.listCards()).toEqual([]);
    await expect(p.buy({ pack: '5' })).rejects.toMatchObject({ code: 'no_card' });
    const mc = await p.addCard('pm_card_mastercard');
    await p.buy({ pack: '5' });
    expect(p.account().customer).not.toBe(customerA);
    expect((await sandboxStripeClient(b).customers.retrieve(p.account().customer!)).id).toBe(p.account().customer);

    p = await run(a);
    expect((await p.listCards()).map((c) => c.id)).toEqual([visa.id]);
    expect(p.account().customer).toBe(customerA);
    await p.buy({ pack: '20' });
    expect(purchases()).toEqual([1000, 500, 2000]);

    p = await run(b);
    expect((await p.listCards()).map((c) => c.id)).toEqual([mc.id]);
  });

  it('a deleted sandbox file is a new account: nothing is reported as a card decline, and the ledger keeps what was bought', async () => {
    const file = path.join(dir, 'stripe-sandbox.db');
    const first = await sandbox(file);
    let p = await run(first);
    await p.addCard('pm_card_visa');
    await p.buy({ pack: '10' });
    await p.close();
    await first.close();
    for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('stripe-sandbox.db'))) fs.rmSync(path.join(dir, f));

    p = await run(await sandbox(file));
    expect(await p.listCards()).toEqual([]);
    await expect(p.buy({ pack: '5' })).rejects.toMatchObject({ code: 'no_card' });
    await p.addCard('pm_card_visa');
    expect(await p.buy({ pack: '5' })).toMatchObject({ status: 'succeeded', credits: 500 });
    expect(purchases()).toEqual([1000, 500]);
    // The new account's events start a new cursor: the old one's newest event cannot hide them.
    expect((await p.sync()).credited).toEqual([]);
  });

  it('stores the backend with the first customer; a customer found without one takes the backend it meets, with nothing set aside', async () => {
    const a = await sandbox();
    let p = await run(a);
    await p.addCard('pm_card_visa');
    const stored = (key: string) => engine.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    expect(stored('payments.backend')).toBeDefined();
    engine.db.prepare("DELETE FROM settings WHERE key = 'payments.backend'").run();
    p = await run(a);
    expect(await p.listCards()).toHaveLength(1);
    expect(p.backend()).toMatch(/^acct_/);
    expect(await p.buy({ pack: '5' })).toMatchObject({ status: 'succeeded', credits: 500 });
    expect(engine.db.prepare("SELECT key FROM settings WHERE key LIKE 'payments.backends.%'").all()).toEqual([]);
  });

  it('two processes on one ledger with different backends (the app with a key, the CLI without) each act with their own customer and cards', async () => {
    const a = await sandbox();
    const b = await sandbox();
    const appEngine = Engine.open({ dataDir: dir, clock });
    const app = Payments.open(appEngine, () => openGateway(gatewayConfigFromEnv({ BURNRATE_STRIPE_API: a.url }), dir, clock, 0));
    try {
      await app.addCard('pm_card_visa');
      await app.buy({ pack: '10' });
      const cli = await run(b); // binds b: a's customer and cards are set aside
      await cli.addCard('pm_card_mastercard');
      await cli.buy({ pack: '5' });
      // The app's gateway is still open on a: it takes a's state back before paying, not b's customer.
      expect(await app.buy({ pack: '20' })).toMatchObject({ status: 'succeeded', credits: 2000 });
      expect((await app.listCards()).map((c) => c.brand)).toEqual(['visa']);
      expect(await cli.buy({ pack: '5' })).toMatchObject({ status: 'succeeded' });
      expect((await cli.listCards()).map((c) => c.brand)).toEqual(['mastercard']);
      expect(purchases()).toEqual([1000, 500, 2000, 500]);
    } finally {
      await app.close();
      appEngine.close();
    }
  });

  it('a refill left in flight on one backend does not hold refills on another; going back resolves it once', async () => {
    const a = await sandbox();
    const b = await sandbox();
    let p = await run(a);
    await p.addCard('pm_card_visa');
    a.faults.next('500', 100, { pathPrefix: '/v1/payment_intents' });
    await p.setRefill({ thresholdCredits: 500, amountCredits: 2000 });
    expect(p.refillView().inFlight).not.toBeNull();
    a.faults.reset();

    p = await run(b);
    await p.addCard('pm_card_mastercard');
    expect(p.refillView().inFlight).toBeNull();
    await p.setRefill({ thresholdCredits: 500, amountCredits: 1000 });
    expect(refills()).toEqual([1000]);

    p = await run(a);
    await p.listCards(); // binds backend a again
    expect(p.refillView().inFlight).not.toBeNull();
    await p.resolvePending();
    await p.resolvePending();
    expect(refills()).toEqual([1000, 2000]);
    expect(p.refillView().inFlight).toBeNull();
  });

  it.each([
    ['a purchase', (p: Payments) => p.buy({ pack: '5' })],
    ['a card', (p: Payments) => p.addCard('pm_card_mastercard')],
    ['a Checkout', (p: Payments) => p.checkout({ pack: '5' })],
  ])('%s for a customer the backend no longer has is refused as customer_missing (not a decline); the next try makes a new customer', async (_what, act) => {
    const p = await run(await sandbox());
    await p.addCard('pm_card_visa');
    new PaymentAccount(engine.settings).setCustomerId('cus_deletedInTheDashboard');
    const err = await act(p).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'customer_missing', message: expect.stringMatching(/no customer cus_deletedInTheDashboard .* nothing was charged/) });
    expect(err).not.toMatchObject({ message: expect.stringMatching(/declined/) });
    expect(p.account().customer).toBeNull();
    await p.addCard('pm_card_visa');
    expect(await p.buy({ pack: '5' })).toMatchObject({ status: 'succeeded' });
  });
});

describe.each(bothStores())('a backend that cannot be reached for a moment ($name)', (store) => {
  it('fails that call only: the next one opens the gateway again', async () => {
    let failures = 1;
    const f = await startPaymentsFixture({
      store,
      wrap: (g: PaymentGateway) =>
        new Proxy(g, {
          get(target, prop, receiver) {
            const v = Reflect.get(target, prop, receiver) as unknown;
            if (prop === 'identity') {
              return async () => {
                if (failures-- > 0) throw new GatewayError('unknown', 'Stripe did not answer');
                return target.identity();
              };
            }
            return typeof v === 'function' ? v.bind(target) : v;
          },
        }),
    });
    try {
      await expect(f.payments.addCard('pm_card_visa')).rejects.toThrow(/did not answer/);
      await expect(f.payments.addCard('pm_card_visa')).resolves.toMatchObject({ brand: 'visa', last4: '4242' });
    } finally {
      await f.stop();
    }
  });
});
