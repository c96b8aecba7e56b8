import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import { PaymentSync } from '../../../main/core/payments/payment-sync.js';
import type { Services } from '../../../main/core/services.js';
import { PAYMENTS_SYNC_EVERY_MS, WAKE_GAP_MS } from '../../../main/host/handlers/payments-sync-schedule.js';
import { PushHub } from '../../../main/host/handlers/push-hub.js';
import { type SandboxHandle, startSandbox } from '../../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../../main/stripe-sandbox/client.js';

const MIN = 60_000;

/**
 * The hub both hosts share syncs payments on its own: at startup, every 15
 * minutes and after a wake, in the background (a refresh never waits for it),
 * never two at once, failures kept as a quiet status. Time is a fake wall
 * clock the test moves; the hub is refreshed the way the hosts' one-minute
 * heartbeat does, and the test then waits for the background sync it started.
 */
describe('push hub: payments sync at startup, periodically and on wake', () => {
  let sandbox: SandboxHandle;
  let services: Services;
  let wall: number;
  let hub: PushHub;
  let balances: number[];
  let syncs: number;

  beforeEach(async () => {
    const clock = new SimulatedClock(Date.parse('2026-03-02T09:00:00Z'));
    sandbox = await startSandbox({ dbFile: ':memory:', clock: () => clock.now() });
    services = await openServices({ dataDir: ':memory:', clock, env: { BURNRATE_STRIPE_API: sandbox.url } });
    wall = Date.parse('2026-03-02T09:00:00Z');
    hub = new PushHub(services, { now: () => wall });
    balances = [];
    hub.subscribe((event, payload) => {
      if (event === 'snapshot/changed') balances.push((payload as { balance: number }).balance);
    });
    syncs = 0;
    const sync = services.payments.sync.bind(services.payments);
    vi.spyOn(services.payments, 'sync').mockImplementation(() => {
      syncs += 1;
      return sync();
    });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await hub.paymentsSynced();
    await services.close();
    await sandbox.close();
  });

  /** A heartbeat `minutes` later, and the background sync it may have started. */
  const tick = async (minutes: number) => {
    wall += minutes * MIN;
    await hub.refresh();
    await hub.paymentsSynced();
  };
  /** Support refunds part of the first purchase in Stripe: only a sync can tell the app. */
  const supportRefunds = async (credits: number) => {
    const [pi] = (await sandboxStripeClient(sandbox).paymentIntents.list({ limit: 1 })).data;
    await sandboxStripeClient(sandbox).refunds.create({ payment_intent: pi!.id, amount: credits });
  };

  it('a refund made while the app was closed arrives after the first refresh and is pushed', async () => {
    await services.payments.addCard('pm_card_visa');
    await services.payments.buy({ pack: '10' });
    await supportRefunds(300);
    await hub.refresh();
    await hub.paymentsSynced();
    expect(balances).toEqual([1000, 700]);
    expect(hub.paymentsSyncStatus()).toEqual({ at: wall, error: null });
  });

  it('a refresh never waits for the sync: a Stripe that does not answer delays no snapshot', async () => {
    await services.payments.addCard('pm_card_visa');
    await services.payments.buy({ pack: '10' });
    await supportRefunds(300);
    let answer!: () => void;
    const stuck = new Promise<void>((resolve) => (answer = resolve));
    const sync = vi.mocked(services.payments.sync);
    const real = sync.getMockImplementation()!;
    sync.mockImplementation(async () => {
      await stuck;
      return real();
    });
    await hub.refresh(); // resolves while the sync it started still waits for Stripe
    expect(balances).toEqual([1000]);
    wall += WAKE_GAP_MS; // a wake is due, but one sync is still running: no second one
    await hub.refresh();
    expect(sync.mock.calls).toHaveLength(1);
    answer();
    await hub.paymentsSynced();
    expect(balances).toEqual([1000, 700]);
  });

  it('a closing host waits for the sync in flight, but only so long: a stuck Stripe cannot hold the quit', async () => {
    await services.payments.addCard('pm_card_visa');
    await services.payments.buy({ pack: '10' });
    let answer!: () => void;
    const stuck = new Promise<void>((resolve) => (answer = resolve));
    const sync = vi.mocked(services.payments.sync);
    const real = sync.getMockImplementation()!;
    let finished = false;
    sync.mockImplementation(async () => {
      await stuck;
      const r = await real();
      finished = true;
      return r;
    });
    await hub.refresh();
    hub.close();
    const t0 = performance.now();
    await hub.paymentsSynced(50); // still stuck: gives up after the bound
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    expect(finished).toBe(false);
    answer();
    await hub.paymentsSynced(10_000); // answered: resolves when the sync is done, not at the bound
    expect(finished).toBe(true);
  });

  it.each([
    { what: 'heartbeats inside the period do not sync; the 15-minute one does', steps: [1, 1, 1, 12], syncsAfter: [0, 0, 0, 1] },
    { what: 'a wake after a sleep syncs at once', steps: [1, WAKE_GAP_MS / MIN], syncsAfter: [0, 1] },
    { what: 'a wall clock set back syncs at once', steps: [1, -60], syncsAfter: [0, 1] },
  ])('$what', async ({ steps, syncsAfter }) => {
    await services.payments.addCard('pm_card_visa');
    await services.payments.buy({ pack: '10' });
    await tick(0); // startup
    syncs = 0;
    await supportRefunds(100);
    const seen = [];
    for (const m of steps) {
      await tick(m);
      seen.push(syncs);
    }
    expect(seen).toEqual(syncsAfter);
    expect(balances).toEqual([1000, 900]);
    expect(PAYMENTS_SYNC_EVERY_MS).toBe(15 * MIN);
  });

  it('never runs two syncs at once: a refresh during a slow sync joins it, a user sync queues behind it', async () => {
    await services.payments.addCard('pm_card_visa');
    await services.payments.buy({ pack: '10' });
    sandbox.faults.set({ latencyMs: 100 });
    // Watched where a sync does its work: reading the events feed.
    const pull = PaymentSync.prototype.pullEvents;
    let running = 0;
    let most = 0;
    vi.spyOn(PaymentSync.prototype, 'pullEvents').mockImplementation(async function (this: PaymentSync, ...a: Parameters<PaymentSync['pullEvents']>) {
      most = Math.max(most, ++running);
      try {
        return await pull.apply(this, a);
      } finally {
        running -= 1;
      }
    });
    await Promise.all([hub.refresh(), hub.refresh(), services.payments.sync(), services.payments.sync()]);
    await hub.paymentsSynced();
    expect(syncs).toBe(3); // the hub's one (the second refresh finds it running) and the two user syncs
    expect(most).toBe(1);
  });

  it('a failing sync is a quiet status, not a crash; the next period retries and clears it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await services.payments.addCard('pm_card_visa');
    await services.payments.buy({ pack: '10' });
    sandbox.faults.next('500', 50, { method: 'ANY', pathPrefix: '/v1/' });
    await expect(tick(0)).resolves.toBeUndefined();
    expect(hub.paymentsSyncStatus()).toEqual({ at: wall, error: expect.stringMatching(/did not answer|unknown error/i) });
    await tick(1);
    await tick(1);
    expect(warn).toHaveBeenCalledTimes(1);
    sandbox.faults.reset();
    await tick(15);
    expect(hub.paymentsSyncStatus()).toEqual({ at: wall, error: null });
    expect(balances).toEqual([1000]);
  });

  it('a payment whose answer was lost is resolved by the first background sync (the app hosts do not resolve it on open)', async () => {
    await services.payments.addCard('pm_card_visa');
    sandbox.faults.next('drop', 100, { pathPrefix: '/v1/payment_intents' });
    await expect(services.payments.buy({ pack: '10' })).rejects.toMatchObject({ code: 'payment_pending' });
    sandbox.faults.reset();
    expect(services.payments.waiting().outcomeUnknown).toBe(1);
    await tick(0);
    expect(balances).toEqual([0, 1000]);
    expect(services.payments.waiting().outcomeUnknown).toBe(0);
  });

  it('while a card is being added in the browser it syncs on every refresh, so the card appears without waiting 15 minutes', async () => {
    await tick(0);
    const setup = await services.payments.startCardSetup();
    await sandbox.completeCheckout(setup.sessionId, 'pm_card_visa');
    const before = syncs;
    await tick(1);
    expect(syncs).toBe(before + 1);
    expect(services.payments.savedCards()).toEqual([expect.objectContaining({ brand: 'visa', last4: '4242', isDefault: true })]);
    // Saved: nothing is open any more, so the next minute asks nothing.
    await tick(1);
    expect(syncs).toBe(before + 1);
  });

  it('with no Stripe customer yet it asks nothing (the sandbox is not started to find nothing)', async () => {
    await tick(0);
    await tick(30);
    expect(syncs).toBe(0);
    expect(services.payments.sandboxOrigin()).toBeNull();
  });
});
