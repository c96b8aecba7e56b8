import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../../main/core/payments/gateway.js';
import { StripeGateway } from '../../../main/adapters/payments/stripe-gateway.js';
import { type SandboxHandle, startSandbox } from '../../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../../main/stripe-sandbox/client.js';

describe('which backend a gateway reaches (its identity)', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandbox({ dbFile: ':memory:', port: 0 });
  });
  afterAll(() => sandbox.close());

  it('is the account id the server names', async () => {
    const id = await new StripeGateway(sandboxStripeClient(sandbox), 'test', async () => {}, null, 'fallback').identity();
    expect(id).toMatch(/^acct_/);
  });

  it('is refused, not replaced by the key, when the server rejects the key (401): a bad key is no other account', async () => {
    // Built at run time so no live-key pattern sits in the repository; the sandbox answers 401 to live keys.
    const rejected = ['sk', 'live', 'x'.repeat(24)].join('_');
    const gw = new StripeGateway(sandboxStripeClient(sandbox, rejected), 'test', async () => {}, null, 'fallback');
    const err = await gw.identity().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).kind).toBe('invalid');
    expect((err as GatewayError).message).toMatch(/Stripe refused the key/);
  });
});
