/** The built-in Stripe sandbox: a Stripe-compatible HTTP server on 127.0.0.1 with its own SQLite file. */
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import { execute, makeCtx, render, sweep } from './context.js';
import { FaultControl } from './faults.js';
import { newId } from './ids.js';
import { ensureAccount } from './resources/account.js';
import { authenticateIntent, completeSession } from './resources/checkout-complete.js';
import { createSandboxServer } from './server.js';
import { Store } from './store.js';
import type { ApiResult, JsonObject } from './types.js';
import { upsertEndpoint } from './webhooks/endpoints.js';
import { type SenderOptions, WebhookSender } from './webhooks/sender.js';

export { FaultControl, type FaultKind, type FaultMethod, type FaultSettings, type ScriptOptions } from './faults.js';
export { TEST_CARDS, type TestCard } from './test-cards.js';
export { isSandboxFile, NotASandboxFileError } from './store.js';
export { paySandboxCli, serveSandboxCli, type SandboxPayment } from './cli.js';
export { checkEndpoint, listDeliveries, WebhookEndpointError, type WebhookDelivery } from './webhooks/endpoints.js';
export { STRIPE_TEST_RETRY_DELAYS_MS, type SenderOptions } from './webhooks/sender.js';

/** Options of startSandbox. */
export interface SandboxOptions {
  /** The sandbox's own database file (or `:memory:`); the same file means the same "account". */
  dbFile: string;
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  /** Source of `created` timestamps and of Checkout expiry; defaults to the wall clock. */
  clock?: () => Date;
  /**
   * The app's own sandbox: the only API key it accepts (any other gets Stripe's 401), and its
   * fault switches are off, over HTTP (403) and on the handle (they throw). Absent: a developer's
   * sandbox like stripe-mock (`sandbox serve`, tests): any test key, faults on request.
   */
  secretKey?: string;
  /** Endpoints to add (or re-key) at start; events from then on are POSTed to them, signed with their secret. */
  webhookEndpoints?: { url: string; secret: string }[];
  /** The delivery loop's pacing; `false`: deliver nothing from this process (a short-lived one like `sandbox pay`). */
  webhookDelivery?: SenderOptions | false;
}

/** Why the app's own sandbox has no faults (thrown by its handle's switches). */
const LOCKED = "fault switches are off in the app's own sandbox (one started with a secretKey)";

/** A running sandbox. */
export interface SandboxHandle {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  faults: FaultControl;
  /** Pays an open Checkout Session as a customer would on the hosted page (default card `pm_card_visa`). */
  completeCheckout(sessionId: string, paymentMethod?: string): Promise<Stripe.Checkout.Session>;
  /** Passes or fails the 3-D Secure challenge of a PaymentIntent in `requires_action`. */
  authenticatePaymentIntent(intentId: string, outcome?: 'succeed' | 'fail'): Promise<Stripe.PaymentIntent>;
  /** Sends every webhook delivery that is due now and waits for the answers (tests; the loop does it anyway). */
  flushWebhooks(): Promise<void>;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

/** A Stripe-shaped error answer from a direct (non-HTTP) sandbox action. */
export class SandboxActionError extends Error {
  constructor(
    readonly status: number,
    readonly error: JsonObject,
  ) {
    super(typeof error.message === 'string' ? error.message : `sandbox action failed (${status})`);
    this.name = 'SandboxActionError';
  }
}

/** Starts the sandbox on 127.0.0.1 and resolves once it is listening. */
export async function startSandbox(opts: SandboxOptions): Promise<SandboxHandle> {
  const clock = opts.clock ?? (() => new Date());
  const store = new Store(opts.dbFile);
  try {
    // Made when the file is, so the account id is the file's identity from its first request on.
    ensureAccount(store, Math.floor(clock().getTime() / 1000));
    for (const e of opts.webhookEndpoints ?? []) upsertEndpoint(store, e.url, e.secret, Math.floor(clock().getTime() / 1000));
  } catch (err) {
    store.close();
    throw err;
  }
  const secretKey = opts.secretKey ?? null;
  if (secretKey !== null && !/^sk_test_\S{16,}$/.test(secretKey)) {
    store.close();
    throw new RangeError('secretKey must be an sk_test_ key of at least 16 characters after the prefix');
  }
  const faults = new FaultControl(secretKey === null ? null : LOCKED);
  let baseUrl = '';
  let closing = false;
  const server = createSandboxServer({ store, faults, clock, baseUrl: () => baseUrl, closing: () => closing, secretKey });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;
  const sender = opts.webhookDelivery === false ? null : new WebhookSender(store, clock, () => baseUrl, opts.webhookDelivery);
  sender?.start();

  /** Runs an action like a request would, then parses the answer the way the SDK would see it. */
  const direct = async <T>(action: (ctx: ReturnType<typeof makeCtx>) => ApiResult): Promise<T> => {
    if (closing) throw new Error('the sandbox is closed');
    sweep(store, clock);
    const ctx = makeCtx(store, clock, newId('req'));
    const result = execute(ctx, () => action(ctx));
    const body = JSON.parse(render(JSON.stringify(result.body), baseUrl)) as JsonObject;
    if (result.status !== 200) throw new SandboxActionError(result.status, (body.error ?? {}) as JsonObject);
    return body as unknown as T;
  };

  return {
    url: baseUrl,
    port,
    faults,
    completeCheckout: (sessionId, paymentMethod) => direct((ctx) => completeSession(ctx, sessionId, paymentMethod)),
    authenticatePaymentIntent: (intentId, outcome = 'succeed') => direct((ctx) => authenticateIntent(ctx, intentId, outcome)),
    flushWebhooks: async () => {
      if (closing) throw new Error('the sandbox is closed');
      await sender?.flush();
    },
    close: async () => {
      if (closing) return;
      closing = true;
      await sender?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets from SDK clients would otherwise hold close() open.
        server.closeAllConnections();
      });
      store.close();
    },
  };
}
