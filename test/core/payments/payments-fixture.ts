import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Stripe from 'stripe';
import { SimulatedClock } from '../../../main/core/clock.js';
import { Engine } from '../../../main/core/engine.js';
import type { PaymentGateway } from '../../../main/core/payments/gateway.js';
import { gatewayConfigFromEnv } from '../../../main/core/payments/gateway-config.js';
import { openGateway } from '../../../main/compose/open-gateway.js';
import { type PaymentParts, wirePayments } from '../../../main/core/payments/payment-parts.js';
import { Payments } from '../../../main/core/payments/payments.js';
import { type SandboxHandle, startSandbox } from '../../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../../main/stripe-sandbox/client.js';
import type { StoreKind } from '../../support/store-factory.js';

/** A ledger with payments wired to a fresh in-process sandbox, through the real SDK. */
export interface PaymentsFixture {
  dir: string;
  clock: SimulatedClock;
  engine: Engine;
  payments: Payments;
  /** The collaborators behind `payments` (hosts never see them; the module's own tests may). */
  parts: PaymentParts;
  sandbox: SandboxHandle;
  /** The support desk's view of the Stripe account (refunds, listing intents). */
  stripe: Stripe;
  /** Reopens the engine and payments on the same folder and sandbox, as a restart would. */
  restart(): Payments;
  stop(): Promise<void>;
}

/**
 * Options: SDK retries (0 makes every dropped answer reach the engine), a
 * gateway wrapper, the ledger's store (default: a SQLite file in the fixture's
 * folder; a PostgreSQL store kind gives an org of its own, reopened on a new
 * connection by restart()).
 */
export interface FixtureOptions {
  sdkRetries?: number;
  wrap?: (g: PaymentGateway) => PaymentGateway;
  store?: StoreKind;
}

/** Starts a sandbox and opens an engine with payments against it. */
export async function startPaymentsFixture(opts: FixtureOptions = {}): Promise<PaymentsFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-pay-'));
  const clock = new SimulatedClock(Date.parse('2026-03-02T09:00:00Z'));
  const sandbox = await startSandbox({ dbFile: ':memory:', port: 0, clock: () => clock.now() });
  const config = gatewayConfigFromEnv({ BURNRATE_STRIPE_API: sandbox.url });
  const store = opts.store?.name === 'postgres' ? opts.store : null;
  const openEngine = (previous?: Engine) =>
    store ? new Engine(previous && store.reopen ? store.reopen(previous.db) : store.open(), clock) : Engine.open({ dataDir: dir, clock });
  const open = (engine: Engine) => {
    f.parts = wirePayments(engine, async () => {
      const g = await openGateway(config, dir, clock, opts.sdkRetries ?? 0);
      return opts.wrap ? opts.wrap(g) : g;
    });
    return new Payments(f.parts);
  };
  const f: PaymentsFixture = {
    dir,
    clock,
    sandbox,
    stripe: sandboxStripeClient(sandbox),
    engine: openEngine(),
    payments: null as unknown as Payments,
    parts: null as unknown as PaymentParts,
    restart() {
      void f.payments.close();
      const previous = f.engine;
      previous.close();
      f.engine = openEngine(previous);
      f.payments = open(f.engine);
      return f.payments;
    },
    async stop() {
      await f.payments.close();
      f.engine.close();
      await sandbox.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  f.payments = open(f.engine);
  return f;
}

/** Creates and starts a GPU deployment (tier S: 60 credits/h, M: 180, L: 350). */
export async function runDeployment(engine: Engine, tier: 'S' | 'M' | 'L', name = `dep-${tier}`): Promise<number> {
  const d = await engine.createDeployment({ name, model: 'llama-3-8b', paramsB: 8, precision: 'fp16', tier });
  await engine.startDeployment(d.id);
  return d.id;
}

/** Every PaymentIntent in the sandbox account. */
export async function allIntents(stripe: Stripe): Promise<Stripe.PaymentIntent[]> {
  const out: Stripe.PaymentIntent[] = [];
  for await (const pi of stripe.paymentIntents.list({ limit: 100 })) out.push(pi);
  return out;
}
