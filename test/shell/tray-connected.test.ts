import { describe, expect, it } from 'vitest';
import type { Channel } from '../../preload/contract.js';
import { RefusedError } from '../../main/core/errors.js';
import type { Door } from '../../main/host/door/door.js';
import { runConnectedTrayAction, type ConnectedTrayDeps } from '../../main/shell/tray-connected.js';

/** A connected engine's door answering from a table (a function throws: a refusal), recording each call. */
function door(answers: Partial<Record<Channel, unknown>>) {
  const calls: { channel: Channel; input: unknown }[] = [];
  const d: Door = {
    call: async (channel, input) => {
      calls.push({ channel, input });
      const a = answers[channel];
      if (typeof a === 'function') return (a as () => never)();
      return a as never;
    },
  };
  return { d, calls };
}

/** The tray's other parts as recorders: the question asked is answered `yes`. */
function parts(d: Door, yes: boolean) {
  const asked: string[] = [];
  const informed: string[] = [];
  const opened: string[] = [];
  const deps: ConnectedTrayDeps = {
    door: d,
    confirm: async (q, label, detail) => (asked.push(`${q} [${label}]${detail ? `\n${detail}` : ''}`), yes),
    inform: (title, message) => void informed.push(`${title}: ${message}`),
    openExternal: async (url) => void opened.push(url),
    showWindow: (view) => void opened.push(`window:${view ?? ''}`),
    quit: () => undefined,
  };
  return { deps, asked, informed, opened };
}

const forbidden = () => {
  throw new RefusedError('forbidden', 'your role (viewer) may not do this on the team server');
};

describe('tray clicks of a desktop connected to a team server go through the server', () => {
  it('Pause all asks with the list the server gives and sends only those ids', async () => {
    const { d, calls } = door({
      'deployments/bulkTargets': [
        { id: 3, name: 'chat-prod' },
        { id: 5, name: 'batch' },
      ],
      'deployments/pauseAll': { changed: [] },
    });
    const p = parts(d, true);
    await runConnectedTrayAction({ type: 'pause-all' }, p.deps);
    expect(p.asked).toEqual(['Pause 2 deployments? [Pause 2]\n• chat-prod\n• batch']);
    expect(calls.at(-1)).toEqual({ channel: 'deployments/pauseAll', input: { ids: [3, 5] } });
  });

  it('a pack is bought with the default card after the question; No buys nothing', async () => {
    const card = { id: 'pm_1', brand: 'visa', last4: '4242', label: 'Visa ••4242', isDefault: true };
    const { d, calls } = door({ 'payments/cards': [card], 'payments/purchase': { status: 'succeeded', actionUrl: null } });
    const no = parts(d, false);
    expect(await runConnectedTrayAction({ type: 'buy', credits: 2_000 }, no.deps)).toEqual({ type: 'cancelled' });
    expect(no.asked).toEqual(['Buy 2,000 credits for $20.00 with Visa ••4242? [Buy]']);
    expect(calls.map((c) => c.channel)).toEqual(['payments/cards']);
    expect(await runConnectedTrayAction({ type: 'buy', credits: 2_000 }, parts(d, true).deps)).toEqual({ type: 'bought', credits: 2_000 });
    expect(calls.at(-1)).toEqual({
      channel: 'payments/purchase',
      input: { credits: 2_000, cardId: 'pm_1', requestKey: expect.stringMatching(/^tray:[0-9a-f-]{36}$/) },
    });
  });

  it("the server's refusal (a viewer's pause, an offline purchase) is said in a message, never dropped", async () => {
    const { d } = door({ 'deployments/pause': forbidden, 'payments/cards': [], 'payments/checkout': forbidden });
    const p = parts(d, true);
    await runConnectedTrayAction({ type: 'pause', deploymentId: 3 }, p.deps);
    expect(await runConnectedTrayAction({ type: 'buy', credits: 500 }, p.deps)).toMatchObject({ type: 'failed' });
    expect(p.informed).toEqual([
      'That did not go through: your role (viewer) may not do this on the team server',
      'The purchase did not go through: your role (viewer) may not do this on the team server',
    ]);
    expect(p.opened).toEqual(['window:billing']);
  });
});
