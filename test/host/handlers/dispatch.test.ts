import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../preload/channels.js';
import { handlerTable as table, useHandlerServices } from '../../support/handler-fixture.js';

const fx = useHandlerServices();

/** What a refused request must leave untouched. */
function state() {
  const e = fx.services().engine;
  return {
    balance: e.ledger.balance(),
    deployments: JSON.stringify(e.deployments.list()),
    entries: e.db.prepare('SELECT count(*) FROM ledger_entries').pluck().get(),
  };
}

const call = fx.call;

async function seed() {
  await fx.services().engine.createCoupon({ code: 'WELCOME', credits: 5000 });
  await fx.services().engine.redeemCoupon('welcome');
  const d = await fx.services().engine.createDeployment({ name: 'llama', model: 'llama-3-70b', paramsB: 70, precision: 'fp16', tier: 'L' });
  await fx.services().engine.startDeployment(d.id);
}

describe('dispatch: every handler validates before it runs', () => {
  it.each([
    ['empty', { name: '', model: 'm' }, 'invalid_name'],
    ['101 characters', { name: 'x'.repeat(101), model: 'm' }, 'invalid_name'],
    ['an ESC', { name: 'x\u001b[31m', model: 'm' }, 'invalid_name'],
    ['an RLO', { name: 'x', model: 'm\u202e' }, 'invalid_model'],
  ])("deployments/create: a name %s is refused by the core's one names rule and changes nothing", async (_what, names, code) => {
    await seed();
    const before = state();
    expect(await call('deployments/create', { ...names, paramsB: 7, precision: 'fp16', tier: 'S' })).toMatchObject({ error: { code } });
    expect(state()).toEqual(before);
  });

  it.each([
    ['deployments/start', { id: '1' }],
    ['deployments/start', { id: 1.5 }],
    ['deployments/start', { id: -1 }],
    ['deployments/start', {}],
    ['deployments/pause', { id: 1, extra: true }],
    ['deployments/stop', null],
    ['deployments/stop', [1]],
    ['deployments/create', { name: 42, model: 'm', paramsB: 7, precision: 'fp16', tier: 'S' }],
    ['deployments/create', { name: 'x', model: 'm', paramsB: -7, precision: 'fp16', tier: 'S' }],
    ['deployments/create', { name: 'x', model: 'm', paramsB: 7, precision: 'fp64', tier: 'S' }],
    ['deployments/create', { name: 'x', model: 'm', paramsB: '7', precision: 'fp16', tier: 'S' }],
    ['deployments/pauseAll', { all: true }],
    ['coupons/redeem', { code: 42 }],
    ['coupons/redeem', { code: 'X'.repeat(1001) }],
    ['ledger/page', { limit: 0 }],
    ['ledger/page', { limit: 501 }],
    ['ledger/page', { kinds: ['gift'] }],
    ['ledger/page', { from: 'yesterday' }],
    ['ledger/page', { beforeId: 'abc' }],
    ['settings/update', { timeZone: 42 }],
    ['settings/update', { autoResume: 'yes' }],
    ['settings/update', { timeZone: 'UTC', autoResume: 1 }],
    ['shell/openExternal', { url: 42 }],
    ['snapshot/get', { __proto__: { polluted: true }, x: 1 }],
  ])('%s refuses %j with invalid_input and changes nothing', async (channel, input) => {
    await seed();
    const before = state();
    const reply = await call(channel, input);
    expect(reply).toMatchObject({ error: { code: 'invalid_input' } });
    if ('error' in reply) expect(reply.error.message).toMatch(new RegExp(`^${channel.replace('/', '\\/')}: `));
    // The field and the reason come apart too, so a UI need not cut the channel name out of the message.
    if ('error' in reply)
      expect(reply.error.message).toBe(`${channel}: ${reply.error.issue?.field ? `${reply.error.issue.field}: ` : ''}${reply.error.issue?.reason}`);
    expect(state()).toEqual(before);
  });

  it.each([
    ['payments/refillPreview', { threshold: 0, amount: 2000, maxPerDay: 3 }, { field: 'threshold', reason: 'the threshold is at least 1 credit' }],
    ['deployments/stop', null, { field: null, reason: expect.stringMatching(/object/) }],
  ])('%s %j: the refused field and the reason, apart from the message', async (channel, input, issue) => {
    expect(await call(channel, input)).toEqual({ error: { code: 'invalid_input', message: expect.any(String), issue } });
  });

  it.each([['nope/nothing'], ['__proto__'], ['constructor'], [42], [undefined]])('refuses the unknown channel %j', async (channel) => {
    expect(await call(channel as string, {})).toMatchObject({ error: { code: 'unknown_channel' } });
  });

  it('answers not_available for a contract channel whose module is not wired', async () => {
    const missing = CHANNELS.find((c) => !(c in table));
    if (!missing) return expect(Object.keys(table)).toHaveLength(CHANNELS.length);
    expect(await call(missing, {})).toMatchObject({ error: { code: 'not_available' } });
  });
});

describe('dispatch: results and refusals', () => {
  it('keeps a RefusedError code and changes nothing', async () => {
    const d = await call('deployments/create', { name: 'big', model: 'llama-3-70b', paramsB: 70, precision: 'fp16', tier: 'l' });
    expect(d).toMatchObject({ result: { id: 1, tier: 'L', state: 'created', creditsPerHour: 350 } });
    const before = state();
    expect(await call('deployments/start', { id: 1 })).toMatchObject({ error: { code: 'insufficient_credits' } });
    expect(await call('deployments/start', { id: 99 })).toMatchObject({ error: { code: 'unknown_deployment' } });
    expect(state()).toEqual(before);
  });

  it('runs a deployment through the table and reports the charge and balance', async () => {
    await fx.services().engine.createCoupon({ code: 'TEN', credits: 1000 });
    expect(await call('coupons/redeem', { code: ' ten ' })).toMatchObject({ result: { balance: 1000, entry: { kind: 'coupon', credits: 1000 } } });
    await call('deployments/create', { name: 'small', model: 'llama-3-8b', paramsB: 8, precision: 'bf16', tier: 'S' });
    expect(await call('deployments/start', { id: 1 })).toMatchObject({ result: { chargedCredits: 60, balance: 940, deployment: { state: 'running' } } });
    const all = await call('deployments/pauseAll', {});
    expect(all).toMatchObject({ result: { changed: [{ id: 1, state: 'paused' }], refused: [] } });
  });

  it('pages the ledger newest first with a cursor', async () => {
    for (const code of ['A1', 'A2', 'A3']) {
      await fx.services().engine.createCoupon({ code, credits: 100 });
      await fx.services().engine.redeemCoupon(code);
    }
    const first = await call('ledger/page', { limit: 2 });
    expect(first).toMatchObject({ result: { entries: [{ reference: 'A3' }, { reference: 'A2' }] } });
    const next = 'result' in first ? (first.result as { nextBeforeId: number }).nextBeforeId : 0;
    expect(await call('ledger/page', { limit: 2, beforeId: next })).toMatchObject({ result: { entries: [{ reference: 'A1' }], nextBeforeId: null } });
  });

  it('builds a snapshot whose runway ends at the first unpayable hour', async () => {
    await seed();
    const reply = await call('snapshot/get', {});
    // 5,000 credits − 350 for the first hour = 4,650 → 13 more hours are paid, the 14th is not.
    expect(reply).toMatchObject({
      result: { balance: 4650, burnPerHour: 350, running: 1, runway: { state: 'critical', hours: 14, firstToPause: { name: 'llama' } } },
    });
  });

  it('refuses to open a URL off the allow-list', async () => {
    expect(await call('shell/openExternal', { url: 'https://evil.example/checkout' })).toMatchObject({ error: { code: 'url_not_allowed' } });
  });
});
