import { describe, expect, it } from 'vitest';
import { type PaymentNotice, PaymentNotices } from '../../../main/core/payments/notices.js';
import { memoryEngine, T0 } from '../../support/engine-fixture.js';
import { bothStores } from '../../support/store-factory.js';

const stores = bothStores();

describe.each(stores)('payment notices are heard only once the transaction that raised them committed ($name)', (store) => {
  it.each([
    { outcome: 'commits', commit: true, heard: ['refill_failed'] },
    { outcome: 'rolls back', commit: false, heard: [] },
  ])('raised in a transaction that $outcome, with a flush inside it: heard $heard after it', ({ commit, heard }) => {
    const { engine } = memoryEngine(T0, store);
    const notices = new PaymentNotices(engine.db);
    const got: PaymentNotice[] = [];
    notices.on((n) => got.push(n));
    try {
      engine.db
        .transaction(() => {
          notices.raise('refill_failed', 0, 'Auto-refill failed: the card was declined.');
          notices.flush(); // from a listener deep inside the transaction
          expect(got).toEqual([]);
          if (!commit) throw new Error('rolled back');
        })
        .immediate();
    } catch {
      // the rollback case
    }
    notices.flush();
    expect(got.map((n) => n.kind)).toEqual(heard);
  });
});
