import { describe, expect, it } from 'vitest';
import { PaymentStore } from '../../../main/core/payments/payment-store.js';
import { memoryEngine, T0 } from '../../support/engine-fixture.js';
import { bothStores } from '../../support/store-factory.js';

const stores = bothStores();

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

describe.each(stores)('one refill in flight per payments backend (SPEC.md: at most one refill in flight) ($name)', (kind) => {
  it.each([
    { already: 'acct_A', next: 'acct_A', allowed: false },
    { already: 'acct_A', next: 'acct_B', allowed: true },
    { already: null, next: null, allowed: false },
    { already: undefined, next: null, allowed: false },
    { already: null, next: 'acct_B', allowed: true },
  ])('a pending refill on $already, then another on $next: allowed $allowed', ({ already, next, allowed }) => {
    const { engine } = memoryEngine(T0, kind);
    const payments = new PaymentStore(engine.db);
    pendingRefill(payments, 'k1', already);
    const insert = () => pendingRefill(payments, 'k2', next);
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
    const { engine } = memoryEngine(T0, kind);
    const payments = new PaymentStore(engine.db);
    const row = pendingRefill(payments, 'k1', sent);
    expect(payments.refillInFlight(active)?.id).toBe(counts ? row.id : undefined);
  });
});

describe.each(stores)('a payment is keyed by its own id before any call ($name)', (kind) => {
  it('gives each new payment a key made from its id, and the request carries that key', () => {
    const { engine } = memoryEngine(T0, kind);
    const payments = new PaymentStore(engine.db);
    const rows = [1, 2, 3].map(() =>
      payments.insert({
        kind: 'purchase',
        credits: 500,
        cardId: 'pm_1',
        status: 'pending',
        now: 0,
        keyFor: (id) => `burnrate-test-payment-${id}`,
        request: (key) => ({ amount: 500, metadata: { burnrate_key: key } }),
      }),
    );
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(3);
    for (const r of rows) {
      expect(r.idempotencyKey).toBe(`burnrate-test-payment-${r.id}`);
      expect(JSON.parse(r.request)).toEqual({ amount: 500, metadata: { burnrate_key: r.idempotencyKey } });
      expect(payments.byKey(r.idempotencyKey)?.id).toBe(r.id);
    }
    // Ids only grow: a later payment never takes an earlier one's key.
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });

  it('a key already taken refuses the new payment and leaves nothing behind', () => {
    const { engine } = memoryEngine(T0, kind);
    const payments = new PaymentStore(engine.db);
    const insert = () =>
      payments.insert({ kind: 'purchase', credits: 500, cardId: null, status: 'pending', now: 0, keyFor: () => 'same-key', request: () => ({}) });
    insert();
    expect(insert).toThrow(/UNIQUE/);
    expect(payments.list()).toHaveLength(1);
  });
});
