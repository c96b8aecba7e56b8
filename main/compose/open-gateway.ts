import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../core/clock.js';
import type { PaymentGateway } from '../core/payments/gateway.js';
import type { GatewayConfig } from '../core/payments/gateway-config.js';
import { sandboxSecretKey } from './sandbox-key.js';
import { StripeGateway } from '../adapters/payments/stripe-gateway.js';

/** SDK retries per request: the SDK reuses our idempotency key, so a retry never pays twice. */
const SDK_RETRIES = 2;
const SDK_TIMEOUT_MS = 30_000;

/**
 * Opens the gateway a config names. In sandbox mode the built-in sandbox is
 * started in-process on a free loopback port with its own database file
 * `<dataDir>/stripe-sandbox.db`, and closed with the gateway. It accepts only
 * the data folder's secret key (sandbox-key.ts) and has no fault switches, so
 * another local user reaching the port can neither read the account nor pay
 * into it.
 */
export async function openGateway(config: GatewayConfig, dataDir: string, clock: Clock, retries = SDK_RETRIES): Promise<PaymentGateway> {
  // Loaded here, not at the top: commands that never pay (most of them) do not load the SDK.
  const { default: Stripe } = await import('stripe');
  const base = { maxNetworkRetries: retries, timeout: SDK_TIMEOUT_MS, appInfo: { name: 'Burnrate' } };
  if (config.mode === 'stripe-test' || config.mode === 'stripe-live') {
    // A key that may not read its account is still told apart from another key, without storing the key.
    const keyId = createHash('sha256').update(config.apiKey).digest('hex').slice(0, 16);
    return new StripeGateway(new Stripe(config.apiKey, base), config.mode, undefined, null, `${config.mode}:key-${keyId}`);
  }
  if (config.mode === 'custom') {
    const stripe = new Stripe(config.apiKey, { ...base, host: config.host, port: config.port, protocol: config.protocol });
    const origin = `${config.protocol}://${config.host}:${config.port}`;
    return new StripeGateway(stripe, 'custom', undefined, null, `custom:${origin}`, origin);
  }
  // Imported lazily: commands that never pay do not start a server.
  const { startSandbox } = await import('../stripe-sandbox/index.js');
  const dbFile = dataDir === ':memory:' ? ':memory:' : path.join(dataDir, 'stripe-sandbox.db');
  const secretKey = sandboxSecretKey(dataDir);
  const handle = await startSandbox({ dbFile, port: 0, clock: () => clock.now(), secretKey });
  const stripe = new Stripe(secretKey, { ...base, host: '127.0.0.1', port: handle.port, protocol: 'http' });
  return new StripeGateway(stripe, 'sandbox', () => handle.close(), `http://127.0.0.1:${handle.port}`);
}
