import type Stripe from 'stripe';
import {
  type CardSetupParams,
  type CheckoutParams,
  type GatewayCard,
  type GatewayCardSetup,
  type GatewayCheckout,
  type GatewayDecline,
  type GatewayEvent,
  GatewayError,
  type GatewayIntent,
  type GatewayRefund,
  type IntentStatus,
  NO_RETURN_PAGES,
  type PaymentGateway,
  type PayParams,
  type ReturnPages,
} from '../../core/payments/gateway.js';

type StripeIntent = Stripe.PaymentIntent;

function decline(e: { code?: string | null; decline_code?: string | null; message?: string | null } | null | undefined): GatewayDecline | null {
  if (!e) return null;
  return { code: e.code ?? 'card_error', declineCode: e.decline_code ?? null, message: e.message ?? 'The payment was declined.' };
}

/** Maps a Stripe PaymentIntent to the engine's shape. */
export function toIntent(pi: StripeIntent): GatewayIntent {
  const next = pi.next_action as { redirect_to_url?: { url?: string | null } | null } | null;
  return {
    id: pi.id,
    status: pi.status as IntentStatus,
    amount: pi.amount,
    amountReceived: pi.amount_received,
    customer: typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null),
    paymentMethod: typeof pi.payment_method === 'string' ? pi.payment_method : (pi.payment_method?.id ?? null),
    metadata: { ...(pi.metadata ?? {}) },
    nextActionUrl: next?.redirect_to_url?.url ?? null,
    lastError: decline(pi.last_payment_error),
  };
}

function toCard(pm: Stripe.PaymentMethod): GatewayCard {
  const c = pm.card;
  return {
    id: pm.id,
    brand: c?.brand ?? 'unknown',
    last4: c?.last4 ?? '????',
    expMonth: c?.exp_month ?? 0,
    expYear: c?.exp_year ?? 0,
    funding: c?.funding ?? 'unknown',
    customer: typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null),
  };
}

function toCheckout(s: Stripe.Checkout.Session): GatewayCheckout {
  return {
    id: s.id,
    url: s.url ?? null,
    status: (s.status ?? 'open') as GatewayCheckout['status'],
    paid: s.payment_status === 'paid',
    paymentIntent: typeof s.payment_intent === 'string' ? s.payment_intent : (s.payment_intent?.id ?? null),
    amountTotal: s.amount_total ?? 0,
    metadata: { ...(s.metadata ?? {}) },
  };
}

function toCardSetup(s: Stripe.Checkout.Session): GatewayCardSetup {
  const si = typeof s.setup_intent === 'object' ? s.setup_intent : null;
  const pm = si?.payment_method ?? null;
  return {
    id: s.id,
    url: s.url ?? null,
    status: (s.status ?? 'open') as GatewayCardSetup['status'],
    paymentMethod: s.status === 'complete' ? (typeof pm === 'string' ? pm : (pm?.id ?? null)) : null,
    lastError: decline(si?.last_setup_error),
  };
}

function toRefund(r: Stripe.Refund): GatewayRefund {
  return {
    id: r.id,
    amount: r.amount,
    paymentIntent: typeof r.payment_intent === 'string' ? r.payment_intent : (r.payment_intent?.id ?? null),
    status: r.status ?? 'succeeded',
  };
}

/** Reduces a Stripe event to the objects sync applies. */
export function toEvent(e: Stripe.Event): GatewayEvent {
  const obj = e.data.object as { object?: string };
  const base = { id: e.id, eventType: e.type, created: e.created };
  if (obj.object === 'payment_intent') return { ...base, type: 'payment_intent', intent: toIntent(obj as StripeIntent) };
  if (obj.object === 'checkout.session') return { ...base, type: 'checkout', session: toCheckout(obj as Stripe.Checkout.Session) };
  if (obj.object === 'refund') return { ...base, type: 'refund', refund: toRefund(obj as Stripe.Refund) };
  return { ...base, type: 'other' };
}

/** The SDK's error classes, taken from the client (the SDK is loaded lazily, by compose/open-gateway.ts). */
type StripeErrors = Stripe['errors'];

/** Classifies what the SDK threw: a decline, a refusal, or an unknown outcome. */
function classify(err: unknown, errors: StripeErrors): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err instanceof errors.StripeCardError) {
    const pi = err.payment_intent ? toIntent(err.payment_intent) : null;
    return new GatewayError('card', err.message, decline(err), pi);
  }
  if (err instanceof errors.StripeError) {
    const status = err.statusCode ?? 0;
    const transient =
      err instanceof errors.StripeConnectionError ||
      err instanceof errors.StripeAPIError ||
      err instanceof errors.StripeRateLimitError ||
      status === 0 ||
      status >= 500 ||
      status === 429;
    if (transient) return new GatewayError('unknown', `Stripe did not answer (${err.message}); the payment will be checked again`);
    return new GatewayError('invalid', err.message, null, null, err.code ?? null, err.param ?? null);
  }
  return new GatewayError('unknown', err instanceof Error ? err.message : String(err));
}

/** The Stripe adapter: the real SDK against Stripe, the sandbox or any compatible server. */
export class StripeGateway implements PaymentGateway {
  constructor(
    private readonly stripe: Stripe,
    readonly mode: string,
    private readonly onClose: () => Promise<void> = async () => {},
    /** The in-process sandbox's loopback origin (its checkout pages live there); null for Stripe or a custom server. */
    readonly sandboxOrigin: string | null = null,
    /** The identity to use when the server will not name its account (a custom server, a restricted key). */
    private readonly fallbackIdentity: string = mode,
    /** The server's own origin when it is not Stripe (`BURNRATE_STRIPE_API`): where a Burnrate sandbox's pages are. */
    private readonly apiOrigin: string | null = sandboxOrigin,
  ) {
    this.burnrateSandbox = sandboxOrigin !== null;
  }

  /** True once the backend said it is a Burnrate sandbox (the in-process one always is). */
  private burnrateSandbox: boolean;

  /** Runs one SDK call; what it throws becomes a GatewayError. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classify(err, this.stripe.errors);
    }
  }

  returnPages(): ReturnPages | null {
    const origin = this.apiOrigin;
    if (!this.burnrateSandbox || !origin) return null;
    return {
      checkoutSuccess: `${origin}/checkout/return?outcome=success&session_id={CHECKOUT_SESSION_ID}`,
      checkoutCancel: `${origin}/checkout/return?outcome=cancel`,
      payment: `${origin}/payments/return`,
      setupSuccess: `${origin}/checkout/return?outcome=success&session_id={CHECKOUT_SESSION_ID}`,
      setupCancel: `${origin}/checkout/return?outcome=cancel&mode=setup`,
    };
  }

  async identity(): Promise<string> {
    let lastError: unknown = null;
    // A transient failure is retried a little: nothing may be paid before the backend is known.
    for (let i = 0; i < 3; i++) {
      try {
        const account = await this.stripe.accounts.retrieveCurrent();
        if (account.metadata?.burnrate_sandbox === 'true') this.burnrateSandbox = true;
        return account.id;
      } catch (err) {
        // A key Stripe rejects (401) is no other backend: say so, rather than swap the account's cards aside.
        if (err instanceof this.stripe.errors.StripeAuthenticationError) throw new GatewayError('invalid', `Stripe refused the key: ${err.message}`);
        const e = classify(err, this.stripe.errors);
        // The server cannot name its account (a custom server, a key restricted from reading it): the key stands in.
        if (e.kind !== 'unknown') return this.fallbackIdentity;
        lastError = e;
      }
    }
    throw lastError as GatewayError;
  }

  createCustomer(email: string | null, idempotencyKey: string): Promise<{ id: string }> {
    return this.call(async () => {
      const c = await this.stripe.customers.create({ ...(email ? { email } : {}), metadata: { app: 'burnrate' } }, { idempotencyKey });
      return { id: c.id };
    });
  }

  updateCustomerEmail(customer: string, email: string | null): Promise<void> {
    return this.call(async () => {
      await this.stripe.customers.update(customer, { email: email ?? '' });
    });
  }

  attachCard(paymentMethod: string, customer: string): Promise<GatewayCard> {
    return this.call(async () => toCard(await this.stripe.paymentMethods.attach(paymentMethod, { customer })));
  }

  detachCard(paymentMethod: string): Promise<void> {
    return this.call(async () => {
      await this.stripe.paymentMethods.detach(paymentMethod);
    });
  }

  setDefaultCard(customer: string, paymentMethod: string): Promise<void> {
    return this.call(async () => {
      await this.stripe.customers.update(customer, { invoice_settings: { default_payment_method: paymentMethod } });
    });
  }

  retrieveCard(paymentMethod: string): Promise<GatewayCard> {
    return this.call(async () => toCard(await this.stripe.paymentMethods.retrieve(paymentMethod)));
  }

  pay(p: PayParams, idempotencyKey: string): Promise<GatewayIntent> {
    return this.call(async () => {
      const pi = await this.stripe.paymentIntents.create(
        {
          amount: p.amount,
          currency: 'usd',
          customer: p.customer,
          payment_method: p.paymentMethod,
          confirm: true,
          off_session: p.offSession,
          description: p.description,
          metadata: p.metadata,
          ...(p.receiptEmail ? { receipt_email: p.receiptEmail } : {}),
          ...(p.offSession ? {} : { return_url: (this.returnPages() ?? NO_RETURN_PAGES).payment }),
        },
        { idempotencyKey },
      );
      return toIntent(pi);
    });
  }

  retrieveIntent(id: string): Promise<GatewayIntent> {
    return this.call(async () => toIntent(await this.stripe.paymentIntents.retrieve(id)));
  }

  createCheckout(p: CheckoutParams, idempotencyKey: string): Promise<GatewayCheckout> {
    return this.call(async () => {
      const s = await this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          customer: p.customer,
          line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: p.amount, product_data: { name: p.productName } } }],
          payment_intent_data: { description: p.description, metadata: p.metadata, ...(p.receiptEmail ? { receipt_email: p.receiptEmail } : {}) },
          metadata: p.metadata,
          success_url: p.successUrl,
          cancel_url: p.cancelUrl,
        },
        { idempotencyKey },
      );
      return toCheckout(s);
    });
  }

  retrieveCheckout(id: string): Promise<GatewayCheckout> {
    return this.call(async () => toCheckout(await this.stripe.checkout.sessions.retrieve(id)));
  }

  createCardSetup(p: CardSetupParams, idempotencyKey: string): Promise<GatewayCardSetup> {
    return this.call(async () => {
      const s = await this.stripe.checkout.sessions.create(
        {
          mode: 'setup',
          // Stripe wants a currency (or payment method types) in setup mode; the card is later charged in USD.
          currency: 'usd',
          customer: p.customer,
          setup_intent_data: { metadata: p.metadata },
          metadata: p.metadata,
          success_url: p.successUrl,
          cancel_url: p.cancelUrl,
        },
        { idempotencyKey },
      );
      return toCardSetup(s);
    });
  }

  retrieveCardSetup(id: string): Promise<GatewayCardSetup> {
    return this.call(async () => toCardSetup(await this.stripe.checkout.sessions.retrieve(id, { expand: ['setup_intent'] })));
  }

  eventsSince(since: number | null): Promise<GatewayEvent[]> {
    return this.call(async () => {
      // Stripe lists newest first; auto-pagination walks back to `since`, then the page is turned oldest first.
      const all: Stripe.Event[] = [];
      for await (const e of this.stripe.events.list({ limit: 100, ...(since === null ? {} : { created: { gte: since } }) })) all.push(e);
      return all.reverse().map(toEvent);
    });
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
