import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../../main/core/errors.js';
import { T0, chargeOffsets, grantCredits, memoryEngine, min, spec } from '../../support/engine-fixture.js';
import { bothStores } from '../../support/store-factory.js';

describe.each(bothStores())('unpaid hours (SPEC: Hourly charges, insufficient credits) on $name', (store) => {
  it('a start that needs a charge the balance cannot cover is refused and nothing changes', async () => {
    const { engine } = memoryEngine(T0, store);
    await grantCredits(engine, 349);
    const d = await engine.createDeployment(spec({ tier: 'L' }));
    const entries = engine.db.prepare('SELECT count(*) FROM ledger_entries').pluck();
    const before = entries.get();
    await expect(engine.startDeployment(d.id)).rejects.toThrow(RefusedError);
    expect(entries.get()).toBe(before);
    expect(engine.deployments.get(d.id).state).toBe('created');
    expect(engine.deployments.events(d.id)).toEqual([]);
  });

  it('a resume after the paid hour that the balance cannot cover is refused', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 100);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    await engine.pauseDeployment(d.id);
    clock.set(T0 + min(70));
    await expect(engine.resumeDeployment(d.id)).rejects.toThrow(/needs 60 credits/);
    expect(engine.deployments.get(d.id)).toMatchObject({ state: 'paused', pausedReason: 'user' });
  });

  it('a resume inside the paid hour needs no credits', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 60);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    await engine.pauseDeployment(d.id);
    clock.set(T0 + min(30));
    const r = await engine.resumeDeployment(d.id);
    expect(r).toMatchObject({ chargedCredits: 0, deployment: { state: 'running' } });
  });

  it('an hour that cannot be paid pauses the deployment at that hour with reason insufficient_credits', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 150);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    clock.set(T0 + min(10 * 60));
    const report = await engine.settle();
    expect(chargeOffsets(engine, d.id)).toEqual([0, 60]);
    expect(report.paused).toEqual([{ deploymentId: d.id, at: T0 + min(120), reason: 'insufficient_credits' }]);
    expect(engine.deployments.get(d.id)).toMatchObject({ state: 'paused', pausedReason: 'insufficient_credits' });
    expect(engine.deployments.events(d.id).at(-1)).toMatchObject({ at: T0 + min(120), toState: 'paused', reason: 'insufficient_credits' });
    expect(engine.ledger.balance()).toBe(30);
  });

  it('after credits are added, deployments paused for credits resume automatically (credits_added)', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 60);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    clock.set(T0 + min(200));
    await engine.settle();
    expect(engine.deployments.get(d.id).state).toBe('paused');
    const r = await engine.redeemCoupon((await engine.createCoupon({ code: 'TOPUP', credits: 500 })).code);
    expect(r.resumed).toEqual([d.id]);
    expect(engine.deployments.get(d.id)).toMatchObject({ state: 'running', pausedReason: null });
    expect(engine.deployments.events(d.id).at(-1)).toMatchObject({ reason: 'credits_added', at: T0 + min(200) });
    expect(chargeOffsets(engine, d.id)).toEqual([0, 200]);
  });

  it('auto-resume is a setting: when off, the deployment stays paused', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 60);
    engine.db.prepare("INSERT INTO settings (key, value) VALUES ('billing.autoResume', 'false')").run();
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    clock.set(T0 + min(200));
    await grantCredits(engine, 500);
    expect(engine.deployments.get(d.id)).toMatchObject({ state: 'paused', pausedReason: 'insufficient_credits' });
  });

  it.each([
    // [credits added, tiers of a (older) and b, resumed]
    ['both when the credits pay both', 700, ['S', 'S'], ['a', 'b']],
    ['the older first when they pay only one', 70, ['S', 'S'], ['a']],
    ['a younger one the balance pays when the older costs too much', 100, ['L', 'S'], ['b']],
    ['none when neither can be paid', 50, ['S', 'S'], []],
  ] as const)('auto-resume: %s', async (_what, added, tiers, expected) => {
    const { engine, clock } = memoryEngine(T0, store);
    const price = { S: 60, L: 350 };
    // Exactly the two first hours: at 61 min both next hours are unpaid.
    await grantCredits(engine, price[tiers[0]] + price[tiers[1]]);
    const a = await engine.createDeployment(spec({ name: 'a', tier: tiers[0] }));
    const b = await engine.createDeployment(spec({ name: 'b', tier: tiers[1] }));
    await engine.startDeployment(a.id);
    await engine.startDeployment(b.id);
    clock.set(T0 + min(61));
    await engine.settle();
    expect(engine.deployments.listByState('paused').map((d) => d.pausedReason)).toEqual(['insufficient_credits', 'insufficient_credits']);
    const r = await engine.redeemCoupon((await engine.createCoupon({ code: 'TOPUP', credits: added })).code);
    const byName = { a: a.id, b: b.id };
    expect(r.resumed).toEqual(expected.map((n) => byName[n]));
  });

  it('a user may pause a deployment paused for credits so that it stays paused', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 60);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    clock.set(T0 + min(61));
    await engine.settle();
    await engine.pauseDeployment(d.id);
    await grantCredits(engine, 500);
    expect(engine.deployments.get(d.id)).toMatchObject({ state: 'paused', pausedReason: 'user' });
  });

  it('an unpaid hour waits for a refill in flight, then pauses when the wait is over', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 60);
    let inFlight = true;
    engine.addHooks({ shouldWaitForCredits: (dueAt, now) => inFlight && now < dueAt + min(10) });
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    clock.set(T0 + min(65));
    const waiting = await engine.settle();
    expect(waiting.waitingForRefill).toBe(true);
    expect(engine.deployments.get(d.id).state).toBe('running');
    clock.set(T0 + min(71));
    const after = await engine.settle();
    expect(after.paused).toEqual([{ deploymentId: d.id, at: T0 + min(60), reason: 'insufficient_credits' }]);
    inFlight = false;
  });

  it('hours unpaid during a long offline gap pause the deployment at the first unpaid hour', async () => {
    const { engine, clock } = memoryEngine(T0, store);
    await grantCredits(engine, 300);
    const d = await engine.createDeployment(spec());
    await engine.startDeployment(d.id);
    clock.set(T0 + min(3 * 24 * 60));
    await engine.settle();
    expect(chargeOffsets(engine, d.id)).toEqual([0, 60, 120, 180, 240]);
    expect(engine.deployments.get(d.id).state).toBe('paused');
    expect(engine.deployments.events(d.id).at(-1)?.at).toBe(T0 + min(300));
  });
});
