/**
 * The default payments backend (the built-in sandbox the app, the web host
 * and the CLI start for themselves) against another local user on the same
 * computer: its port is reachable, but without the data folder's key nothing
 * can be read, paid into the ledger, or faulted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SimulatedClock } from '../../main/core/clock.js';
import { SANDBOX_KEY_FILE } from '../../main/compose/sandbox-key.js';
import { openServices } from '../../main/compose/local-services.js';
import type { Services } from '../../main/core/services.js';

let dir: string;
let svc: Services;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-own-sandbox-'));
  svc = await openServices({ dataDir: dir, clock: new SimulatedClock(Date.parse('2026-03-02T09:00:00Z')), env: {} });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await svc.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An SDK client as another local user would build it: any test key, the app's port. */
function attacker(origin: string, key = 'sk_test_attacker'): Stripe {
  const port = Number(new URL(origin).port);
  return new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
}

describe("the app's own sandbox refuses everyone without the data folder's key", () => {
  it("cannot list customers, pay into the ledger or switch faults on; the owner's key (from the 0600 file) can", async () => {
    await svc.payments.addCard('pm_card_visa');
    await svc.payments.buy({ pack: '5' });
    const balance = svc.engine.ledger.balance();
    const origin = svc.payments.sandboxOrigin();
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const customer = svc.payments.account().customer;
    expect(customer).toMatch(/^cus_/);

    for (const key of ['sk_test_attacker', 'sk_test_burnrate_sandbox', 'sk_test_sandbox']) {
      const them = attacker(origin!, key);
      await expect(them.customers.list()).rejects.toMatchObject({ statusCode: 401 });
      // The mint: a payment made to look like the app's, for the app's customer, which sync would adopt.
      await expect(
        them.paymentIntents.create({
          amount: 99_999_999,
          currency: 'usd',
          payment_method: 'pm_card_visa',
          confirm: true,
          metadata: { app: 'burnrate' },
          customer: customer!,
        }),
      ).rejects.toMatchObject({ statusCode: 401 });
    }
    const faults = await fetch(`${origin}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ dropRate: 1 }),
    });
    expect(faults.status).toBe(403);

    await svc.payments.sync();
    expect(svc.engine.ledger.balance()).toBe(balance);
    await svc.payments.buy({ pack: '5' });
    expect(svc.engine.ledger.balance()).toBe(balance + 500);

    const file = path.join(dir, SANDBOX_KEY_FILE);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const key = fs.readFileSync(file, 'utf8').trim();
    expect((await attacker(origin!, key).customers.list()).data.length).toBe(1);
  });

  it('the key is in no process argument, environment variable, log line or database file', async () => {
    const said: string[] = [];
    const capture = (...args: unknown[]) => void said.push(args.map(String).join(' '));
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation(capture);
    await svc.payments.addCard('pm_card_visa');
    await svc.payments.buy({ pack: '5' });
    await svc.payments.sync();
    await svc.close();
    svc = await openServices({ dataDir: dir, env: {} });
    const key = fs.readFileSync(path.join(dir, SANDBOX_KEY_FILE), 'utf8').trim();
    const secret = key.slice('sk_test_'.length);
    expect(process.argv.join(' ')).not.toContain(secret);
    expect(Object.values(process.env).join(' ')).not.toContain(secret);
    expect(said.join('\n')).not.toContain(secret);
    for (const name of fs.readdirSync(dir).filter((n) => n !== SANDBOX_KEY_FILE)) {
      expect(fs.readFileSync(path.join(dir, name)).includes(secret), name).toBe(false);
    }
  });
});
