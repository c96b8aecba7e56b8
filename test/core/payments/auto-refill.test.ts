import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '../../../main/core/clock.js';
import { listEntries } from '../../../main/core/ledger/ledger-queries.js';
import { GatewayError, type PaymentGateway } from '../../../main/core/payments/gateway.js';
import type { PaymentNotice } from '../../../main/core/payments/notices.js';
import { bothStores } from '../../support/store-factory.js';
import { allIntents, type PaymentsFixture, runDeployment, startPaymentsFixture } from './payments-fixture.js';

describe.each(bothStores())('auto-refill (SPEC: threshold, amount, card; one in flight; caps; auth; 3 failures) ($name)', (store) => {
  let f: PaymentsFixture;
  let notices: PaymentNotice[];
  beforeEach(async () => {
    f = await startPaymentsFixture({ store });
    notices = [];
    f.payments.onNotice((n) => notices.push(n));
  });
  afterEach(() => f.stop());

  const kinds = (k: string) => listEntries(f.engine.db).filter((e) => e.kind === k);

  it('fires once when an hourly charge leaves the balance below the threshold', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ pack: '10' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000 });
    expect(kinds('refill')).toHaveLength(0);
    await runDeployment(f.engine, 'L'); // 1000 → 650
    f.clock.advance(HOUR_MS + 1);
    await f.engine.settle(); // 650 → 300: below 500, one refill of 2,000
    expect(kinds('refill').map((e) => e.credits)).toEqual([2000]);
    expect(f.engine.ledger.balance()).toBe(2300);
    f.clock.advance(HOUR_MS);
    await f.engine.settle(); // 2300 → 1950: above, nothing
    expect(kinds('refill')).toHaveLength(1);
    expect(notices.map((n) => [n.kind, n.message])).toEqual([['refill_succeeded', 'Auto-refill added 2,000 credits ($20.00) — Visa ••4242.']]);
    const refill = kinds('refill')[0]!;
    expect(f.payments.receipt(refill.reference!)).toMatchObject({ kind: 'refill', credits: 2000, cardLast4: '4242' });
    expect((await allIntents(f.stripe)).filter((pi) => pi.metadata.burnrate_kind === 'refill')).toHaveLength(1);
  });

  it('refills at once when turned on while the balance is already below the threshold', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '1' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 700 });
    expect(f.engine.ledger.balance()).toBe(800);
    expect(kinds('refill')).toHaveLength(1);
  });

  it('interleaves with catch-up after two days offline: every hour is paid, refills land where the balance crossed', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ pack: '10' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000 });
    await runDeployment(f.engine, 'S');
    f.clock.advance(48 * HOUR_MS + 1);
    const report = await f.engine.settle();
    expect(report.paused).toEqual([]);
    expect(kinds('charge')).toHaveLength(49);
    const entries = listEntries(f.engine.db);
    const refillIdx = entries.map((e, i) => (e.kind === 'refill' ? i : -1)).filter((i) => i >= 0);
    expect(refillIdx).toHaveLength(2);
    for (const i of refillIdx) {
      // The entry before each refill is the charge that took the balance below 500, and it was the first to do so since the last credit.
      expect(entries[i - 1]).toMatchObject({ kind: 'charge' });
      expect(entries[i - 1]!.balanceAfter).toBeLessThan(500);
      expect(entries[i - 2]!.balanceAfter).toBeGreaterThanOrEqual(500);
      // Dated at the hour it funds (the charge right after it), not at the wall clock of the catch-up.
      expect(entries[i + 1]).toMatchObject({ kind: 'charge' });
      expect(entries[i]!.at).toBe(entries[i + 1]!.at);
    }
    // So the ledger's dates never run backwards, and a statement of any period closes where the balance was.
    expect(entries.every((e, i) => i === 0 || e.at >= entries[i - 1]!.at)).toBe(true);
  });

  it('a catch-up with the balance running out: a refill resumes what paused, from the hour the refill is dated', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '7' });
    const a = await runDeployment(f.engine, 'L', 'a'); // 700 → 350
    f.clock.advance(2 * HOUR_MS + 1);
    await f.engine.settle(); // 350 → 0 at +1 h; paused for credits at +2 h
    expect(f.engine.deployments.get(a)).toMatchObject({ state: 'paused', pausedReason: 'insufficient_credits' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000 }); // below: refills now, resumes a
    f.clock.advance(10 * HOUR_MS);
    await f.engine.settle();
    const entries = listEntries(f.engine.db);
    expect(entries.every((e, i) => i === 0 || e.at >= entries[i - 1]!.at)).toBe(true);
    expect(f.engine.ledger.balance()).toBeGreaterThanOrEqual(0);
    expect(kinds('refill').length).toBeGreaterThan(1);
  });

  it('a refill whose answer was lost and that sync credits hours later is dated then, and what it resumes runs from then', async () => {
    await f.stop();
    let drop = false;
    f = await startPaymentsFixture({
      store,
      // The off-session refill reaches Stripe but its answer is lost (the SDK sees a network error).
      wrap: (g: PaymentGateway) =>
        new Proxy(g, {
          get(target, prop, receiver) {
            if (prop !== 'pay') {
              const v = Reflect.get(target, prop, receiver) as unknown;
              return typeof v === 'function' ? v.bind(target) : v;
            }
            return async (...args: Parameters<PaymentGateway['pay']>) => {
              const intent = await target.pay(...args);
              if (drop && args[0].offSession) throw new GatewayError('unknown', 'answer lost');
              return intent;
            };
          },
        }),
    });
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '7' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000 });
    drop = true;
    const a = await runDeployment(f.engine, 'L', 'a'); // 700 → 350: a refill is made, its answer lost
    f.clock.advance(2 * HOUR_MS + 20 * MINUTE_MS);
    await f.engine.settle(); // +1 h: 350 → 0; +2 h: unpayable, waits 10 min for the refill, then pauses
    expect(f.engine.deployments.get(a)).toMatchObject({ state: 'paused', pausedReason: 'insufficient_credits' });
    drop = false;
    f.clock.advance(10 * HOUR_MS);
    const syncAt = f.engine.now();
    await f.payments.sync();
    const refill = kinds('refill')[0]!;
    expect(refill.at).toBe(syncAt);
    const events = f.engine.deployments.events(a);
    expect(events.at(-1)).toMatchObject({ toState: 'running', reason: 'credits_added', at: syncAt });
    expect(events.every((e, i) => i === 0 || e.at >= events[i - 1]!.at)).toBe(true);
    // Charged for the hours it ran (start, +1 h) and from the resume on; none for the ten hours it was paused.
    expect(kinds('charge').map((c) => c.at)).toEqual([events[0]!.at, events[0]!.at + HOUR_MS, syncAt]);
  });

  it('a refill for a customer the backend no longer has is no card failure: the customer and cards are forgotten and refill turns off, saying to add a card', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '7' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000 });
    f.parts.account.setCustomerId('cus_deletedInTheDashboard');
    await runDeployment(f.engine, 'L'); // 700 → 350: a refill is tried, Stripe says no such customer
    expect(kinds('refill')).toHaveLength(0);
    expect(f.payments.account().customer).toBeNull();
    expect(f.payments.savedCards()).toEqual([]);
    expect(notices.map((n) => n.kind)).toEqual(['auto_refill_disabled']);
    expect(f.payments.refillView()).toMatchObject({ enabled: false, state: { failures: 0 } });
  });

  it('respects the per-24 h cap, alerting once, and the monthly limit', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '6' });
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 400, maxPerDay: 1 });
    await runDeployment(f.engine, 'L'); // 600 → 250 → refill → 650
    expect(kinds('refill')).toHaveLength(1);
    f.clock.advance(HOUR_MS + 1);
    await f.engine.settle(); // 650 → 300: capped
    f.clock.advance(HOUR_MS);
    await f.engine.settle(); // 300 < 350: pauses for credits, no refill
    expect(kinds('refill')).toHaveLength(1);
    expect(notices.filter((n) => n.kind === 'refill_capped')).toHaveLength(1);
    expect(f.engine.deployments.listByState('paused')).toHaveLength(1);

    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 400, maxPerDay: 24, monthlyLimitCredits: 700 });
    expect(kinds('refill')).toHaveLength(1); // 400 + 400 > 700 this month
    expect(notices.filter((n) => n.kind === 'refill_capped').at(-1)?.data).toEqual({ cap: 'monthly' });
  });

  it('authentication_required: no retry, an actionable notice; a later on-session purchase clears it', async () => {
    await f.payments.addCard('pm_card_authenticationRequired');
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000 });
    // One alert, the actionable one: "update card" would be wrong advice, the card is fine. It still counts in the streak.
    expect(notices.map((n) => n.kind)).toEqual(['refill_needs_action']);
    expect(notices[0]!.data).toMatchObject({ action: 'credits_buy', credits: 2000 });
    expect(f.payments.refillView().state.failures).toBe(1);
    f.clock.advance(2 * HOUR_MS);
    await f.payments.buy({ usd: '1', card: 'pm_card_visa' });
    expect(f.payments.refillView().state.needsAction).toBeNull();
    expect(f.parts.refill.wantsAsync()).toBe(false);
    expect((await allIntents(f.stripe)).filter((pi) => pi.metadata.burnrate_kind === 'refill')).toHaveLength(1);
  });

  it('while refills wait for the card holder, a two-day catch-up does not stop after every hour to try one', async () => {
    await f.payments.addCard('pm_card_authenticationRequired');
    await f.payments.buy({ usd: '100', card: 'pm_card_visa' });
    await f.payments.setRefill({ thresholdCredits: 9_990, amountCredits: 2000 });
    await runDeployment(f.engine, 'S'); // 10,000 → 9,940: below the threshold, the refill needs the card holder
    expect(f.payments.refillView().state.needsAction).not.toBeNull();
    const attempts = vi.spyOn(f.parts.refill, 'attempt');
    f.clock.advance(48 * HOUR_MS + 1);
    const report = await f.engine.settle();
    expect(report.charged).toHaveLength(48);
    // The first hour tries (and is told to wait); the other 47 stay in the same batch.
    expect(attempts.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('while Stripe cannot be reached, a two-day catch-up tries a refill once, not after every hour', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '100' });
    await f.payments.setRefill({ thresholdCredits: 9_990, amountCredits: 2000 });
    await runDeployment(f.engine, 'S'); // 10,000 → 9,940: a refill of 2,000 → 11,940
    await f.payments.setRefill({ thresholdCredits: 11_000, amountCredits: 2000 });
    f.sandbox.faults.next('500', 100_000, { method: 'ANY' });
    f.restart(); // the next process: its gateway is opened (and its backend asked) on first use
    const attempts = vi.spyOn(f.parts.refill, 'attempt');
    f.clock.advance(48 * HOUR_MS + 1);
    const report = await f.engine.settle();
    expect(report.charged).toHaveLength(48);
    expect(kinds('refill')).toHaveLength(1);
    expect(attempts.mock.calls.length).toBeLessThanOrEqual(2);
    f.sandbox.faults.reset();
  });

  it('an unexpected error in a refill is a refill failure in an alert, not a settle that fails every hour', async () => {
    await f.stop();
    let broken = false;
    f = await startPaymentsFixture({
      store,
      wrap: (g: PaymentGateway) => {
        if (broken) throw new Error('database disk image is malformed');
        return g;
      },
    });
    f.payments.onNotice((n) => notices.push(n));
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ usd: '100' });
    await f.payments.setRefill({ thresholdCredits: 9_990, amountCredits: 2000 });
    broken = true;
    const p = f.restart();
    p.onNotice((n) => notices.push(n));
    const id = await runDeployment(f.engine, 'S'); // 10,000 → 9,940: the refill cannot open the gateway
    expect(notices.map((n) => n.message)).toContainEqual(expect.stringMatching(/Auto-refill failed: .*could not run \(database disk image is malformed\)/));
    f.clock.advance(3 * HOUR_MS + 1);
    expect((await f.engine.settle()).charged).toHaveLength(3);
    await f.engine.pauseDeployment(id);
    expect(f.engine.deployments.get(id)).toMatchObject({ state: 'paused' });
    expect(kinds('refill')).toHaveLength(0);
  });

  it('three declined refills in a row turn auto-refill off, and the loop never spins on a failure', async () => {
    await f.payments.addCard('pm_card_chargeCustomerFail');
    await f.payments.buy({ usd: '20', card: 'pm_card_visa' });
    await f.payments.setRefill({ thresholdCredits: 1900, amountCredits: 500 });
    await runDeployment(f.engine, 'S');
    for (let h = 1; h <= 4; h++) {
      f.clock.advance(HOUR_MS + MINUTE_MS);
      await f.engine.settle();
      expect(f.parts.refill.wantsAsync()).toBe(false);
    }
    expect(notices.filter((n) => n.kind === 'refill_failed')).toHaveLength(3);
    // The alert says what happened and what to do, in plain words, not the bank's code.
    expect(notices.find((n) => n.kind === 'refill_failed')?.message).toBe(
      'Auto-refill failed: your bank declined the card. Try another card, or ask your bank why.',
    );
    expect(notices.filter((n) => n.kind === 'auto_refill_disabled')).toHaveLength(1);
    expect(f.payments.refillView().enabled).toBe(false);
    expect(kinds('refill')).toHaveLength(0);
    expect(kinds('charge')).toHaveLength(5);
  });

  it('refuses bad settings before anything changes', async () => {
    await expect(f.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000 })).rejects.toThrow(/saved card/);
    await f.payments.addCard('pm_card_visa');
    await expect(f.payments.setRefill({ thresholdCredits: 500, amountCredits: 99 })).rejects.toThrow(/at least \$1\.00/);
    await expect(f.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000, monthlyLimitCredits: 1000 })).rejects.toThrow(/below one refill/);
    await expect(f.payments.setRefill({ thresholdCredits: 0, amountCredits: 2000 })).rejects.toThrow(/threshold/);
    expect(f.payments.refillView().enabled).toBe(false);
  });

  // A crash is simulated by a process whose refill step never runs (it "dies" once the charge committed), then a restart.
  it.each([
    ['in the settle loop, after the charge that crossed committed', 500, HOUR_MS + 1000],
    ['after an action whose first hour crossed', 800, 0],
  ])('a refill owed when the process died %s is made after the restart', async (_what, threshold, advance) => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ pack: '10' }); // 1,000
    await f.payments.setRefill({ thresholdCredits: threshold, amountCredits: 1000 });
    const hooks = f.parts.refill;
    hooks.runAsync = hooks.afterSettle = async () => undefined;
    await runDeployment(f.engine, 'L'); // 1,000 → 650 (below 800)
    f.clock.advance(advance);
    await f.engine.settle(); // 650 → 300 (below 500)
    expect(kinds('refill')).toHaveLength(0);
    f.restart();
    f.clock.advance(29 * MINUTE_MS);
    await f.engine.settle();
    expect(kinds('refill').map((e) => e.credits)).toEqual([1000]);
    f.clock.advance(HOUR_MS);
    await f.engine.settle();
    expect(f.engine.deployments.listByState('paused')).toEqual([]);
    expect(kinds('refill')).toHaveLength(1);
  });

  it('a refill owed when the process died, made at a restart hours later, is dated before the hours the catch-up then charges', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ pack: '10' }); // 1,000
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 2000 });
    const hooks = f.parts.refill;
    hooks.runAsync = hooks.afterSettle = async () => undefined;
    await runDeployment(f.engine, 'L'); // 1,000 → 650
    f.clock.advance(HOUR_MS + 1000);
    await f.engine.settle(); // 650 → 300: owed, then the process "dies"
    f.restart();
    f.clock.advance(5 * HOUR_MS); // the restart comes five hours later: four more hours are due
    await f.engine.settle();
    const entries = listEntries(f.engine.db);
    expect(entries.every((e, i) => i === 0 || e.at >= entries[i - 1]!.at)).toBe(true);
    const refill = entries.findIndex((e) => e.kind === 'refill');
    expect(entries[refill + 1]).toMatchObject({ kind: 'charge', at: entries[refill]!.at });
    expect(kinds('charge')).toHaveLength(7);
  });

  it('a declined refill is not retried by a restart: the next crossing charge tries again', async () => {
    await f.payments.addCard('pm_card_chargeCustomerFail');
    await f.payments.buy({ usd: '20', card: 'pm_card_visa' }); // 2,000
    await f.payments.setRefill({ thresholdCredits: 1950, amountCredits: 500 });
    await runDeployment(f.engine, 'S'); // 1,940: declined
    expect(notices.map((n) => n.kind)).toEqual(['refill_failed']);
    f.restart().onNotice((n) => notices.push(n));
    await f.engine.settle();
    expect(notices.map((n) => n.kind)).toEqual(['refill_failed']);
    f.clock.advance(HOUR_MS + MINUTE_MS);
    await f.engine.settle(); // 1,880: the next crossing charge, an hour after the decline
    expect(notices.map((n) => n.kind)).toEqual(['refill_failed', 'refill_failed']);
  });

  it.each([
    { what: 'the pinned card, another one left', pin: 'mastercard', remove: 'mastercard', on: true, change: 'default_card', enabled: true, notices: [] },
    { what: 'the default card, refill on the default', pin: null, remove: 'visa', on: true, change: null, enabled: true, notices: [] },
    { what: 'a card refill does not use', pin: 'visa', remove: 'mastercard', on: true, change: null, enabled: true, notices: [] },
    { what: 'the last card', pin: 'visa', remove: 'both', on: true, change: 'turned_off', enabled: false, notices: ['auto_refill_disabled'] },
    { what: 'the last card, refill already off', pin: null, remove: 'both', on: false, change: null, enabled: false, notices: [] },
  ] as const)('removing $what: refill falls back to the default card or is turned off with an alert', async (c) => {
    const visa = await f.payments.addCard('pm_card_visa');
    const mc = await f.payments.addCard('pm_card_mastercard');
    const ids = { visa: visa.id, mastercard: mc.id };
    await f.payments.buy({ pack: '10' }); // above the threshold: setting refill does not fire it
    await f.payments.setRefill({ thresholdCredits: 500, amountCredits: 1000, cardId: c.pin ? ids[c.pin] : null });
    if (!c.on) await f.payments.refillOff();
    const removed = c.remove === 'both' ? [visa.id, mc.id] : [ids[c.remove]];
    const changes = [];
    for (const id of removed) changes.push((await f.payments.removeCard(id)).refill);
    expect(changes.at(-1)).toBe(c.change);
    expect(f.payments.refillView()).toMatchObject({ enabled: c.enabled, cardId: c.pin && !removed.includes(ids[c.pin]) ? ids[c.pin] : null });
    expect(notices.map((n) => n.kind)).toEqual(c.notices);
    if (c.notices.length) expect(notices[0]!.data).toEqual({ reason: 'no_card' });
  });
});
