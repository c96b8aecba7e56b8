import { describe, expect, it } from 'vitest';
import { PaymentStore } from '../../../main/core/payments/payment-store.js';
import { memoryEngine } from '../../support/engine-fixture.js';

/** A refill row as the app writes it before calling Stripe, sent to `backend` (undefined: before backends were told apart). */
function pendingRefill(store: PaymentStore, key: string, backend: string | null | undefined) {
  return store.insert({
    kind: 'refill',
    credits: 500,
    cardId: 'pm_1',
    status: 'pending',
    now: 0,
    keyFor: () => key,
    request: () => (backend === undefined ? { amount: 500 } : { amount: 500, backend }),
  });
}

describe('one refill in flight per payments backend (SPEC.md: at most one refill in flight)', () => {
  it.each([
    { already: 'acct_A', next: 'acct_A', allowed: false },
    { already: 'acct_A', next: 'acct_B', allowed: true },
    { already: null, next: null, allowed: false },
    { already: undefined, next: null, allowed: false },
    { already: null, next: 'acct_B', allowed: true },
  ])('a pending refill on $already, then another on $next: allowed $allowed', ({ already, next, allowed }) => {
    const { engine } = memoryEngine();
    const store = new PaymentStore(engine.db);
    pendingRefill(store, 'k1', already);
    const insert = () => pendingRefill(store, 'k2', next);
    if (allowed) expect(insert).not.toThrow();
    else expect(insert).toThrow(/UNIQUE/);
  });

  it.each([
    { sent: 'acct_A', active: 'acct_A', counts: true },
    { sent: 'acct_A', active: 'acct_B', counts: false },
    { sent: undefined, active: 'acct_B', counts: true },
    { sent: null, active: 'acct_B', counts: true },
    { sent: 'acct_A', active: null, counts: true },
  ])('a refill sent to $sent is in flight for active backend $active: $counts', ({ sent, active, counts }) => {
    const { engine } = memoryEngine();
    const store = new PaymentStore(engine.db);
    const row = pendingRefill(store, 'k1', sent);
    expect(store.refillInFlight(active)?.id).toBe(counts ? row.id : undefined);
  });
});
