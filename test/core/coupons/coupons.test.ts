import { describe, expect, it } from 'vitest';
import { COUPON_CREDITS, validateCoupon } from '../../../main/core/coupons/coupons.js';
import { RefusedError } from '../../../main/core/errors.js';
import { T0, hours, memoryEngine } from '../../support/engine-fixture.js';
import { bothStores } from '../../support/store-factory.js';

describe.each(bothStores())('coupons (SPEC: Coupons) on $name', (store) => {
  it('a code grants its credits at once, case-insensitive and trimmed, referenced by its code', async () => {
    const { engine } = memoryEngine(T0, store);
    await engine.createCoupon({ code: 'Welcome-50', credits: 5000 });
    const r = await engine.redeemCoupon('  welcome-50 ');
    expect(r.entry).toMatchObject({ kind: 'coupon', credits: 5000, reference: 'WELCOME-50', balanceAfter: 5000 });
    expect(engine.ledger.balance()).toBe(5000);
  });

  it.each([
    { why: 'unknown', setup: null, code: 'NOPE', error: 'unknown_coupon' },
    { why: 'expired', setup: { code: 'OLD', credits: 10, expiresAt: T0 + hours(1) }, code: 'old', error: 'coupon_expired' },
    { why: 'empty', setup: null, code: '   ', error: 'invalid_coupon_code' },
  ])('an $why code gets a clear message and changes nothing', async ({ setup, code, error }) => {
    const { engine, clock } = memoryEngine(T0, store);
    if (setup) await engine.createCoupon(setup);
    clock.set(T0 + hours(2));
    const before = engine.db.prepare('SELECT count(*) FROM ledger_entries').pluck().get();
    await expect(engine.redeemCoupon(code)).rejects.toMatchObject({ code: error });
    expect(engine.db.prepare('SELECT count(*) FROM ledger_entries').pluck().get()).toBe(before);
  });

  it.each([
    [COUPON_CREDITS.min - 1, 'refused'],
    [COUPON_CREDITS.min, 'accepted'],
    [COUPON_CREDITS.max, 'accepted'],
    [COUPON_CREDITS.max + 1, 'refused'],
  ])('a coupon of %i credits is %s (COUPON_CREDITS is the bound every host reads)', (credits, verdict) => {
    const check = () => validateCoupon({ code: 'C', credits });
    if (verdict === 'accepted') expect(check().credits).toBe(credits);
    else expect(check).toThrow(expect.objectContaining({ code: 'invalid_credits' }));
  });

  it('a code can be redeemed once per account', async () => {
    const { engine } = memoryEngine(T0, store);
    await engine.createCoupon({ code: 'ONCE', credits: 100 });
    await engine.redeemCoupon('ONCE');
    await expect(engine.redeemCoupon('once')).rejects.toMatchObject({ code: 'coupon_already_redeemed' });
    expect(engine.ledger.balance()).toBe(100);
  });

  it('an exhausted code (maximum redemptions reached) is refused, also by the database', async () => {
    const { engine } = memoryEngine(T0, store);
    await engine.createCoupon({ code: 'ONE', credits: 100, maxRedemptions: 1 });
    const entry = engine.db.prepare("INSERT INTO ledger_entries (kind, credits, balance_after, idempotency_key, at) VALUES ('adjustment', 1, 1, 'k', 0)").run();
    const redeem = engine.db.prepare('INSERT INTO coupon_redemptions (code, account, ledger_entry_id, at) VALUES (?, ?, ?, 0)');
    redeem.run('ONE', 'other-account', entry.lastInsertRowid);
    await expect(engine.redeemCoupon('ONE')).rejects.toMatchObject({ code: 'coupon_exhausted' });
    expect(() => redeem.run('ONE', 'third', entry.lastInsertRowid)).toThrow(/maximum redemptions/);
  });

  it.each([
    ['in the past', T0 - 1],
    ['at this very instant', T0],
  ])('a coupon whose expiry is %s is refused at creation (nobody could redeem it)', async (_when, expiresAt) => {
    const { engine } = memoryEngine(T0, store);
    await expect(engine.createCoupon({ code: 'GONE', credits: 10, expiresAt })).rejects.toMatchObject({ code: 'coupon_expired' });
    expect(engine.coupons.find('GONE')).toBeUndefined();
  });

  it('a code is valid until its expiry instant', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await engine.createCoupon({ code: 'SOON', credits: 100, expiresAt: T0 + hours(1) });
    clock.set(T0 + hours(1) - 1);
    await expect(engine.redeemCoupon('SOON')).resolves.toMatchObject({ entry: { credits: 100 } });
  });

  it.each([
    { why: 'zero credits', c: { code: 'A', credits: 0 } },
    { why: 'negative credits', c: { code: 'A', credits: -5 } },
    { why: 'fractional credits', c: { code: 'A', credits: 1.5 } },
    { why: 'a code with spaces inside', c: { code: 'A B', credits: 5 } },
    { why: 'an empty code', c: { code: '', credits: 5 } },
    { why: 'zero maximum redemptions', c: { code: 'A', credits: 5, maxRedemptions: 0 } },
  ])('creating a coupon with $why is refused', async ({ c }) => {
    const { engine } = memoryEngine(T0, store);
    await expect(engine.createCoupon(c)).rejects.toBeInstanceOf(RefusedError);
    expect(engine.coupons.list()).toEqual([]);
  });

  it('creating a code that exists is refused', async () => {
    const { engine } = memoryEngine(T0, store);
    await engine.createCoupon({ code: 'DUP', credits: 5 });
    await expect(engine.createCoupon({ code: 'dup', credits: 9 })).rejects.toMatchObject({ code: 'coupon_exists' });
  });
});
