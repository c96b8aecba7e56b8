import { describe, expect, it } from 'vitest';
import type { StripeKeyVault } from '../../../main/host/handlers/handler-types.js';
import { useHandlerServices } from '../../support/handler-fixture.js';

const fx = useHandlerServices();

/** A vault that reports a protection and holds nothing (the shell's safeStorage backend, without Electron). */
function vault(protection: ReturnType<StripeKeyVault['protection']>): StripeKeyVault {
  return { protection: () => protection, has: () => false, write: () => undefined, clear: () => undefined };
}

describe('payments/getMode says how a key would be protected before one is stored', () => {
  it.each([
    ['an OS keychain', vault('os'), 'os'],
    ['Linux without a keyring (basic_text)', vault('basic_text'), 'basic_text'],
    ['no encryption at all', vault('none'), 'none'],
    ['a host that cannot store keys', undefined, 'none'],
  ] as const)('%s → keyStorage %s, keyProtection null', async (_what, stripeKeys, keyStorage) => {
    Object.assign(fx.ctx(), { host: { stripeKeys } });
    const r = await fx.call('payments/getMode', {});
    expect(r).toMatchObject({ result: { keyStored: false, keyProtection: null, keyStorage } });
  });
});

describe("payments/getMode carries how the host's background payments sync went", () => {
  it.each([
    { what: 'a host without a background sync (the CLI) says nothing', status: undefined, lastSync: undefined },
    { what: 'before the first sync', status: { at: null, error: null }, lastSync: { at: null, error: null } },
    {
      what: 'a failed sync, with its time and reason',
      status: { at: Date.parse('2026-03-02T09:00:00Z'), error: 'Stripe did not answer' },
      lastSync: { at: '2026-03-02T09:00:00.000Z', error: 'Stripe did not answer' },
    },
  ])('$what', async ({ status, lastSync }) => {
    Object.assign(fx.ctx(), { host: status ? { paymentsSyncStatus: () => status } : {} });
    const r = await fx.call('payments/getMode', {});
    if (!('result' in r)) throw new Error('payments/getMode failed');
    expect((r.result as { lastSync?: unknown }).lastSync).toEqual(lastSync);
  });
});
