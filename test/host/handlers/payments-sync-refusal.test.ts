import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../../main/core/clock.js';
import { openServices } from '../../../main/compose/local-services.js';
import type { Services } from '../../../main/core/services.js';
import { dispatch } from '../../../main/host/handlers/dispatch.js';
import { handlerTable } from '../../support/handler-fixture.js';

let services: Services | null = null;
let server: Server | null = null;
afterEach(async () => {
  await services?.close();
  services = null;
  if (server) await new Promise((r) => server!.close(r));
  server = null;
});

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A "Stripe" that refuses every request with 401, as Stripe does for a revoked key. */
async function refusingPort(): Promise<number> {
  server = createServer((_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' } }));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

describe('payments/sync when Stripe cannot be used is a refusal, not an internal error', () => {
  it.each([
    ['unreachable', closedPort, 'payments_unreachable', /^payments could not be synced: Stripe did not answer \(.+\); try again when it is reachable$/],
    ['refusing the key', refusingPort, 'payments_refused', /^payments could not be synced: .*Invalid API Key provided/],
  ])(
    'Stripe %s: %s with one clear line, the ledger untouched',
    async (_what, port, code, message) => {
      services = await openServices({
        dataDir: ':memory:',
        clock: new SimulatedClock(Date.parse('2025-03-03T09:00:00Z')),
        env: { BURNRATE_STRIPE_API: `http://127.0.0.1:${await port()}` },
      });
      const ctx = { services, transport: 'web' as const, testControls: false, version: '0.0.0-test', host: {} };
      const { reply } = await dispatch(handlerTable, ctx, 'payments/sync', {});
      expect(reply).toEqual({ error: { code, message: expect.stringMatching(message) } });
      expect(services.engine.ledger.balance()).toBe(0);
    },
    60_000,
  );
});
