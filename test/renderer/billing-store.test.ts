import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../preload/contract';
import { useBilling } from '../../renderer/src/features/billing/billing-store';

// A fake `window.burnrate`: each payments/purchase call recorded, answered from the queue.
const sent: { requestKey?: string; credits?: number }[] = [];
let queue: Reply<unknown>[] = [];
const fake = new Proxy(
  {},
  {
    get: (_t, domain: string) =>
      new Proxy(
        {},
        {
          get: (_u, method: string) => async (input: { requestKey?: string; credits?: number }) => {
            if (`${domain}/${method}` !== 'payments/purchase') return { result: null };
            sent.push(input);
            return queue.shift() ?? { result: { status: 'succeeded', message: 'Added.', credits: input.credits } };
          },
        },
      ),
  },
);

beforeAll(() => {
  (globalThis as unknown as { window: unknown }).window = { burnrate: fake };
});

afterEach(async () => {
  sent.length = 0;
  queue = [];
  // Ends any purchase a case left unanswered.
  await useBilling.getState().buy({ credits: 1 }, 'pm_reset');
  sent.length = 0;
});

const lost = (code: string): Reply<unknown> => ({ error: { code, message: 'the answer was lost' } });

describe('Buy sends a request key, and a Buy clicked again after a lost answer resumes that purchase', () => {
  it.each(['server_connection_lost', 'payment_pending', 'internal'])('after %s: the same key for the same amount and card', async (code) => {
    queue = [lost(code)];
    await useBilling.getState().buy({ credits: 1000 }, 'pm_1');
    await useBilling.getState().buy({ credits: 1000 }, 'pm_1');
    expect(sent).toHaveLength(2);
    expect(sent[0]!.requestKey).toMatch(/^ui:[0-9a-f-]{36}$/);
    expect(sent[1]!.requestKey).toBe(sent[0]!.requestKey);
  });

  it.each([
    ['an answer (succeeded)', { result: { status: 'succeeded', message: 'Added.' } }],
    ['a refusal (card_declined)', lost('card_declined')],
  ] as [string, Reply<unknown>][])('after %s: the next Buy is a new purchase with a new key', async (_name, first) => {
    queue = [first];
    await useBilling.getState().buy({ credits: 1000 }, 'pm_1');
    await useBilling.getState().buy({ credits: 1000 }, 'pm_1');
    expect(sent[1]!.requestKey).not.toBe(sent[0]!.requestKey);
  });

  it('after a lost answer, another amount is another purchase', async () => {
    queue = [lost('server_connection_lost')];
    await useBilling.getState().buy({ credits: 1000 }, 'pm_1');
    await useBilling.getState().buy({ credits: 2000 }, 'pm_1');
    expect(sent[1]!.requestKey).not.toBe(sent[0]!.requestKey);
  });
});
