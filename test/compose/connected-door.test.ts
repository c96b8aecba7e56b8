import { describe, expect, it } from 'vitest';
import { type ConnectedDoorParts, connectedDoor, type HostSide } from '../../main/compose/connected-door.js';
import type { Door } from '../../main/host/door/door.js';

/**
 * A connected host opens the payment pages its team server hands out. With
 * real Stripe those are Stripe's own (always allowed); with a Burnrate
 * sandbox as the server's Stripe (`burnrate sandbox serve`) they are on a
 * loopback origin the host cannot know in advance: it may open that origin's
 * checkout pages once the server named it in a reply, and nothing else.
 */
const SANDBOX = 'http://127.0.0.1:4242';
const replies: Record<string, unknown> = {
  'payments/setupCard': { url: `${SANDBOX}/checkout/cs_test_setup`, sessionId: 'cs_test_setup' },
  'ledger/balance': { balance: 0, url: 'http://127.0.0.1:5555/checkout/cs_test_other' },
};

function door(server = 'http://127.0.0.1:8787'): { door: Door; opened: string[] } {
  const opened: string[] = [];
  const remote: Door = { call: async (channel) => replies[channel] as never };
  const parts: ConnectedDoorParts = {
    server,
    online: () => true,
    wentOffline: () => undefined,
    remote,
    replica: async () => undefined,
    catchUp: async () => undefined,
    dataDir: '/nonexistent',
    pageOrigins: new Set(),
  };
  const host: HostSide = { transport: 'web', testControls: false, version: 'test', host: { openExternal: async (url) => (opened.push(url), true) } };
  return { door: connectedDoor(parts, host), opened };
}

describe('a connected host opens the pages its team server hands out', () => {
  it("a loopback sandbox page is refused until the server's reply named its origin; then only that origin's pages open", async () => {
    const { door: d, opened } = door();
    await expect(d.call('shell/openExternal', { url: `${SANDBOX}/checkout/cs_test_setup` })).rejects.toMatchObject({ code: 'url_not_allowed' });
    const setup = await d.call('payments/setupCard', {});
    expect(await d.call('shell/openExternal', { url: setup.url })).toEqual({ opened: true });
    expect(opened).toEqual([setup.url]);
    // Only pages of that origin, and only the sandbox's page paths.
    await expect(d.call('shell/openExternal', { url: `${SANDBOX}/admin` })).rejects.toMatchObject({ code: 'url_not_allowed' });
    await expect(d.call('shell/openExternal', { url: 'http://127.0.0.1:5555/checkout/cs_test_other' })).rejects.toMatchObject({ code: 'url_not_allowed' });
    // A URL in the reply of a channel that hands out no page is not taken as one.
    await d.call('ledger/balance', {});
    await expect(d.call('shell/openExternal', { url: 'http://127.0.0.1:5555/checkout/cs_test_other' })).rejects.toMatchObject({ code: 'url_not_allowed' });
    // Stripe's own pages need no reply first.
    expect(await d.call('shell/openExternal', { url: 'https://checkout.stripe.com/c/pay/cs_live_1' })).toEqual({ opened: true });
  });

  it('a remote team server cannot point the browser at a service on this machine: its loopback pages stay refused', async () => {
    const { door: d, opened } = door('https://burnrate.acme.example');
    const setup = await d.call('payments/setupCard', {});
    await expect(d.call('shell/openExternal', { url: setup.url })).rejects.toMatchObject({ code: 'url_not_allowed' });
    expect(opened).toEqual([]);
  });
});
