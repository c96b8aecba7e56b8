import { describe, expect, it } from 'vitest';
import { DAY_MS, type SimulatedClock } from '../../../main/core/clock.js';
import { isRefused, RefusedError } from '../../../main/core/errors.js';
import { PaymentPendingError } from '../../../main/core/payments/purchases.js';
import { cliWords } from '../../../main/host/cli/refusal-words.js';
import { DoorFault, unwrapReply } from '../../../main/host/door/door.js';
import { localDoor } from '../../../main/host/door/local-door.js';
import { uiWords } from '../../../main/host/handlers/ui-words.js';
import { grantCredits, spec } from '../../support/engine-fixture.js';
import { handlerTable, useHandlerServices } from '../../support/handler-fixture.js';

/** What a call threw (the test fails if it answered). */
async function thrown(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (r) => expect.unreachable(`answered ${JSON.stringify(r)}`),
    (err: unknown) => err,
  );
}

describe('the local door: the handler table in-process, refusals thrown with their code', () => {
  const h = useHandlerServices();
  const door = () => localDoor(handlerTable, { ...h.ctx(), transport: 'cli' });

  it('answers with the same plain JSON the UI gets through dispatch', async () => {
    await h.services().engine.createDeployment(spec());
    const viaDoor = await door().call('deployments/list', {});
    expect(await h.call('deployments/list', {})).toEqual({ result: viaDoor });
    expect(await door().call('deployments/get', { id: 1 })).toEqual(viaDoor[0]);
  });

  it.each([
    ['a schema refusal', 'deployments/start', { id: -1 }, 'invalid_input'],
    ['an engine refusal', 'deployments/start', { id: 99 }, 'unknown_deployment'],
    ['an unknown channel', 'deployments/explode', {}, 'unknown_channel'],
  ])('%s is a RefusedError with its code (the CLI exits 2)', async (_what, channel, input, code) => {
    const err = await thrown(door().call(channel as 'deployments/start', input as { id: number }));
    expect(isRefused(err) && err.code).toBe(code);
  });

  it('a held catch-up: the core words it for no host, the data carries the gap, each host adds its own way to confirm', async () => {
    const s = h.services();
    await grantCredits(s.engine, 1_000_000);
    const d = await s.engine.createDeployment(spec());
    await s.engine.startDeployment(d.id);
    (s.engine.clock as SimulatedClock).advance(100 * DAY_MS);

    const err = await thrown(door().call('deployments/pause', { id: d.id }));
    expect(isRefused(err) && err.code).toBe('catch_up_unconfirmed');
    const refusal = err as RefusedError;
    expect(refusal.message).not.toMatch(/burnrate|Confirm catch-up/);
    expect(refusal.data).toMatchObject({ days: 99 });

    expect(cliWords(refusal)).toMatch(/^The clock is 99 days past the last settled hour: nothing was charged\. Catching up would charge about [\d,]+ credits/);
    expect(cliWords(refusal)).toContain('(`burnrate tick --confirm-catch-up`, or Confirm catch-up on the alert); otherwise fix the clock.');
    const ui = await h.call('deployments/pause', { id: d.id });
    expect(ui).toMatchObject({ error: { code: 'catch_up_unconfirmed', data: { days: 99 } } });
    expect(JSON.stringify(ui)).not.toContain('burnrate');
    expect(JSON.stringify(ui)).toContain('Confirm catch-up');
  });
});

describe('a deployment with no metrics URL: the core says what is missing, the CLI how to set it', () => {
  const h = useHandlerServices();

  it('usage/scrape of a deployment without a URL', async () => {
    const d = await h.services().engine.createDeployment(spec());
    const err = await thrown(localDoor(handlerTable, { ...h.ctx(), transport: 'cli' }).call('usage/scrape', { deploymentId: d.id }));
    expect(isRefused(err) && err.code).toBe('no_scrape_target');
    expect((err as Error).message).toBe(`deployment ${d.id} has no metrics URL`);
    expect(cliWords(err as RefusedError)).toBe(`deployment ${d.id} has no metrics URL: set one with usage scrape-config`);
  });
});

describe('no answer from Stripe: a fault, not a refusal, worded by each host', () => {
  it.each([
    ['payment', 'no answer from Stripe for payment pay_1', '; run `sync` — it asks Stripe again with the same key and never pays twice'],
    ['checkout', 'no answer from Stripe while opening Checkout', '; run `sync` to learn of it'],
  ] as const)('%s: the CLI says to run `sync`, the UI to use Sync on the Billing page', (during, message, cliHint) => {
    const err = new PaymentPendingError(message, during);
    expect(isRefused(err)).toBe(false);
    expect(cliWords(err)).toBe(`${message}${cliHint}`);
    expect(uiWords(err)).toBe(`${message}. Use Sync on the Billing page to learn the outcome; it never pays twice.`);
  });
});

describe('unwrapReply: how a remote door turns a reply back into what the local one throws', () => {
  it.each([
    [{ error: { code: 'insufficient_credits', message: 'not enough credits' } }, 'refused', 'insufficient_credits'],
    [{ error: { code: 'invalid_input', message: 'x: y', issue: { field: 'x', reason: 'y' } } }, 'refused', 'invalid_input'],
    [{ error: { code: 'catch_up_unconfirmed', message: 'held', data: { days: 120 } } }, 'refused', 'catch_up_unconfirmed'],
    [{ error: { code: 'internal', message: 'something went wrong' } }, 'fault', 'internal'],
    [{ error: { code: 'payment_pending', message: 'no answer', data: { during: 'payment' } } }, 'fault', 'payment_pending'],
  ])('%j → %s %s', (reply, kind, code) => {
    let err: unknown = null;
    try {
      unwrapReply(reply);
    } catch (e) {
      err = e;
    }
    expect(kind === 'refused' ? err instanceof RefusedError : err instanceof DoorFault).toBe(true);
    expect((err as { code: string }).code).toBe(code);
    expect((err as { data?: unknown }).data).toEqual('data' in reply.error ? reply.error.data : undefined);
  });

  it('a result is returned as it came', () => {
    expect(unwrapReply({ result: { balance: 5 } })).toEqual({ balance: 5 });
  });
});

describe('no saved card, an unknown card, a card number: the core words them for no host, each host adds its way to add a card', () => {
  it.each([
    [
      new RefusedError('no_card', 'no saved card', { for: 'purchase' }),
      'no saved card: add one with `cards add pm_card_visa`, or use `credits checkout` to pay in the browser',
      'no saved card: add one with Add card on the Billing page, or pay in the browser with Checkout.',
    ],
    [
      new RefusedError('no_card', 'auto-refill needs a saved card', { for: 'refill' }),
      'auto-refill needs a saved card: add one with `cards add pm_card_visa`',
      'auto-refill needs a saved card: add one with Add card on the Billing page.',
    ],
    [
      new RefusedError('unknown_card', 'no saved card pm_x', { saved: 0 }),
      'no saved card pm_x — add one with `cards add pm_card_visa`',
      'no saved card pm_x: add one with Add card on the Billing page.',
    ],
    [
      new RefusedError('unknown_card', 'no saved card pm_x (saved: pm_a)', { saved: 1 }),
      'no saved card pm_x (saved: pm_a)',
      'no saved card pm_x (saved: pm_a)',
    ],
    [
      new RefusedError('invalid_card', 'that is a card number: cards are added on a browser page, never typed here', { cardNumber: true }),
      'that is a card number: cards are added on a browser page (`burnrate cards setup --wait`), never typed here',
      'that is a card number: cards are added on a browser page, never typed here: use Add card, which opens the card page in your browser.',
    ],
  ])('%s', (err, cli, ui) => {
    expect(err.message).not.toMatch(/burnrate|`|Add card/);
    expect(cliWords(err)).toBe(cli);
    expect(uiWords(err)).toBe(ui);
  });
});

describe('the core payments refusals that name a way to add a card carry it as data, never as CLI words', () => {
  const h = useHandlerServices();

  it('auto-refill with no card: no_card for the refill; the UI is told its own way, the CLI its own', async () => {
    const r = await h.call('payments/setAutoRefill', { enabled: true, threshold: 500, amount: 2000 });
    expect(r).toMatchObject({
      error: { code: 'no_card', data: { for: 'refill' }, message: 'auto-refill needs a saved card: add one with Add card on the Billing page.' },
    });
    const err = await thrown(
      localDoor(handlerTable, { ...h.ctx(), transport: 'cli' }).call('payments/setAutoRefill', { enabled: true, threshold: 500, amount: 2000 }),
    );
    expect(cliWords(err as RefusedError)).toBe('auto-refill needs a saved card: add one with `cards add pm_card_visa`');
  });
});
