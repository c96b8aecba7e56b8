import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listEntries } from '../../../main/core/ledger/ledger-queries.js';
import { bothStores } from '../../support/store-factory.js';
import { type PaymentsFixture, runDeployment, startPaymentsFixture } from './payments-fixture.js';

/**
 * A refill is decided, then its gateway and customer are awaited, then its
 * payment row is written. On a team server another process may act in that
 * gap (the team month found a refill past the per-day cap: two processes
 * checked the cap, one refilled, the other then paid a third). The rules are
 * checked again under the write lock, with the row's insert.
 */
describe.each(bothStores())("a refill's rules checked again as its payment is written ($name)", (store) => {
  let f: PaymentsFixture;
  beforeEach(async () => {
    f = await startPaymentsFixture({ store });
  });
  afterEach(() => f.stop());

  it('credits that land between the check and the payment row stop the refill: nothing is paid', async () => {
    await f.payments.addCard('pm_card_visa');
    await f.payments.buy({ credits: 800 });
    await f.payments.setRefill({ thresholdCredits: 790, amountCredits: 400, maxPerDay: 24 });
    // Another process's credit arrives while this one awaits its customer (after the check, before the row).
    const account = f.parts.account;
    const customer = account.ensureCustomer.bind(account);
    let late = true;
    account.ensureCustomer = (gw) => {
      if (late) {
        late = false;
        const at = f.engine.now();
        f.engine.db
          .transaction(() => f.engine.ledger.append({ kind: 'coupon', credits: 1000, idempotencyKey: 'test:late-credit', reference: 'LATE', at }))
          .immediate();
      }
      return customer(gw);
    };
    // Its first hour's charge takes the balance below 790: a refill is decided.
    await runDeployment(f.engine, 'S');
    expect(late).toBe(false);
    expect(f.parts.store.withStatus(['pending', 'succeeded']).filter((p) => p.kind === 'refill')).toEqual([]);
    expect(listEntries(f.engine.db).filter((e) => e.kind === 'refill')).toEqual([]);
  });
});
