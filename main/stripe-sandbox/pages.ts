/**
 * Tiny HTML stand-ins for Stripe's hosted pages: Checkout, the 3-D Secure
 * challenge, and receipts. They need no API key, like the real pages.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { execute, makeCtx, render, sweep } from './context.js';
import { newId } from './ids.js';
import { parseForm, str } from './params.js';
import { authenticateIntent, completeSession } from './resources/checkout-complete.js';
import type { CheckoutSession } from './resources/checkout-sessions.js';
import type { Charge } from './resources/charges.js';
import type { PaymentIntent } from './resources/intent-engine.js';
import { readBody } from './http-body.js';
import { RETURN_PAGES } from './own-pages.js';
import type { ServerDeps } from './server.js';
import { TEST_CARDS, testCardByNumber } from './test-cards.js';
import type { JsonObject } from './types.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
const usd = (cents: number): string => `$${(cents / 100).toFixed(2)}`;

function page(res: ServerResponse, status: number, title: string, inner: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:15px system-ui;max-width:34rem;margin:3rem auto;padding:0 1rem}.err{color:#b00}button{padding:.4rem 1rem}</style>
</head><body><p><small>Burnrate Stripe sandbox — test mode</small></p><h1>${esc(title)}</h1>${inner}</body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location });
  res.end();
}

/** "4242 4242 4242 4242 — Visa credit (pm_card_visa)": Stripe's test numbers, with the id tests and the CLI use. */
function cardOptions(): string {
  return Object.values(TEST_CARDS)
    .map((c) => {
      const grouped = c.number.replace(/(\d{4})(?=\d)/g, '$1 ');
      return `<option value="${c.token}">${grouped} — ${c.brand} ${c.funding} (${c.token})</option>`;
    })
    .join('');
}

function checkoutPage(res: ServerResponse, s: CheckoutSession, baseUrl: string, status = 200, error = ''): void {
  const setup = s.mode === 'setup';
  if (s.status !== 'open') {
    const title = s.status === 'complete' ? (setup ? 'Card saved' : 'Payment complete') : 'Session expired';
    return page(res, status, title, `<p>Session ${esc(s.id)} is ${esc(s.status)}.</p>`);
  }
  const intro = setup ? '<p>Burnrate saves this card for purchases and auto-refill. Nothing is charged now.</p>' : '';
  page(
    res,
    status,
    setup ? 'Save a card' : `Pay ${usd(s.amount_total ?? 0)}`,
    `${intro}${error ? `<p class="err" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="/checkout/${esc(s.id)}/pay"><p><label>Test card <select name="payment_method">${cardOptions()}</select></label></p>
<p><label>or type a test card number <input name="card_number" inputmode="numeric" autocomplete="off" placeholder="4242 4242 4242 4242"></label></p>
<button type="submit">${setup ? 'Save card' : 'Pay'}</button></form>${s.cancel_url ? `<p><a href="${esc(render(String(s.cancel_url), baseUrl))}">Cancel</a></p>` : ''}`,
  );
}

/** Where a Checkout sends the customer back to: the outcome in plain words, and back to the app. */
function checkoutReturnPage(res: ServerResponse, s: CheckoutSession | undefined, outcome: string | null, mode: string | null): void {
  if (outcome === 'cancel') {
    return mode === 'setup'
      ? page(res, 200, 'Card not saved', '<p>Nothing was saved. Return to Burnrate to add a card another time.</p>')
      : page(res, 200, 'Payment canceled', '<p>Nothing was charged. Return to Burnrate to buy credits another way.</p>');
  }
  if (s?.status === 'complete' && s.mode === 'setup') {
    return page(
      res,
      200,
      'Card saved — return to Burnrate',
      '<p>The card was saved. Burnrate lists it as soon as it hears of it (at once if it is waiting; else on its next sync). You can close this page.</p>',
    );
  }
  if (s?.status === 'complete') {
    return page(
      res,
      200,
      'Payment received — return to Burnrate',
      `<p>${usd(s.amount_total ?? 0)} was paid. Burnrate adds the credits as soon as it hears of it (at once if it is waiting; else on its next sync). You can close this page.</p>`,
    );
  }
  if (s?.mode === 'setup') return page(res, 200, 'Card not saved yet', '<p>No card was saved on this page. Return to Burnrate to try again.</p>');
  page(res, 200, 'Payment not finished', '<p>This Checkout has not been paid. Return to Burnrate to try again.</p>');
}

/** Where a 3-D Secure challenge sends the customer back to. */
function paymentReturnPage(res: ServerResponse, pi: PaymentIntent | undefined): void {
  if (pi?.status === 'succeeded') {
    return page(
      res,
      200,
      'Payment confirmed — return to Burnrate',
      `<p>${usd(pi.amount)} was paid. Burnrate adds the credits on its next sync (\`burnrate sync\`). You can close this page.</p>`,
    );
  }
  page(
    res,
    200,
    'Payment not confirmed — return to Burnrate',
    '<p>The bank did not confirm this payment; nothing was charged. Return to Burnrate to try again or use another card.</p>',
  );
}

function withQuery(url: string, query: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u.toString();
}

function errorMessage(body: JsonObject): string {
  const error = body.error as JsonObject | undefined;
  return typeof error?.message === 'string' ? error.message : 'The payment failed.';
}

/** Serves `/checkout/:id`, `/authenticate/:pi`, `/receipts/:ch` and the return pages; anything else is Stripe's 404. */
export async function handlePage(req: IncomingMessage, res: ServerResponse, deps: ServerDeps, url: URL): Promise<void> {
  const [, section = '', id = '', action = ''] = url.pathname.split('/');
  const method = req.method ?? 'GET';
  const form = method === 'POST' ? parseForm(await readBody(req)) : {};
  // Forms must come from the sandbox's own pages, not from another site the browser has open.
  const origin = req.headers.origin;
  if (method === 'POST' && origin && origin !== deps.baseUrl()) return page(res, 403, 'Forbidden', '<p>Cross-site form post refused.</p>');
  sweep(deps.store, deps.clock);
  const ctx = makeCtx(deps.store, deps.clock, newId('req'));
  const store = deps.store;

  if (method === 'GET' && `/${section}/${id}` === RETURN_PAGES.checkout) {
    const session = store.get<CheckoutSession>('checkout.session', url.searchParams.get('session_id') ?? '');
    return checkoutReturnPage(res, session, url.searchParams.get('outcome'), url.searchParams.get('mode'));
  } else if (method === 'GET' && `/${section}/${id}` === RETURN_PAGES.payment) {
    return paymentReturnPage(res, store.get<PaymentIntent>('payment_intent', url.searchParams.get('payment_intent') ?? ''));
  } else if (section === 'checkout' && method === 'GET' && !action) {
    const s = store.get<CheckoutSession>('checkout.session', id);
    if (s) return checkoutPage(res, s, deps.baseUrl());
  } else if (section === 'checkout' && method === 'POST' && action === 'pay') {
    const s0 = store.get<CheckoutSession>('checkout.session', id);
    if (!s0) return page(res, 404, 'Not found', '<p>No such Checkout Session.</p>');
    // A typed number stands for its test card; one the sandbox does not know changes nothing.
    const typed = str(form.card_number, 'card_number')?.trim();
    const card = typed ? testCardByNumber(typed) : undefined;
    if (typed && !card)
      return checkoutPage(res, s0, deps.baseUrl(), 400, 'That is not one of the test card numbers this sandbox knows: pick one from the list.');
    const result = execute(ctx, () => completeSession(ctx, id, card?.token ?? str(form.payment_method, 'payment_method')));
    const s = store.get<CheckoutSession>('checkout.session', id) ?? s0;
    if (result.status !== 200) return checkoutPage(res, s, deps.baseUrl(), result.status, errorMessage(result.body));
    if (typeof s.success_url === 'string') return redirect(res, render(s.success_url.replaceAll('{CHECKOUT_SESSION_ID}', s.id), deps.baseUrl()));
    return checkoutPage(res, s, deps.baseUrl());
  } else if (section === 'authenticate') {
    const pi = store.get<PaymentIntent>('payment_intent', id);
    if (pi && method === 'POST') {
      const outcome = str(form.outcome, 'outcome') === 'fail' ? 'fail' : 'succeed';
      const result = execute(ctx, () => authenticateIntent(ctx, id, outcome));
      const next = pi.next_action as { redirect_to_url?: { return_url?: string | null } } | null;
      const back = next?.redirect_to_url?.return_url;
      // As Stripe does, the return URL learns which intent came back and how.
      const status = result.status === 200 && result.body.status === 'succeeded' ? 'succeeded' : 'failed';
      const secret: Record<string, string> = typeof pi.client_secret === 'string' ? { payment_intent_client_secret: pi.client_secret } : {};
      if (result.status === 200 && back)
        return redirect(res, withQuery(render(back, deps.baseUrl()), { payment_intent: id, ...secret, redirect_status: status }));
      return page(
        res,
        result.status,
        result.status === 200 ? `Authentication ${outcome === 'succeed' ? 'complete' : 'failed'}` : 'Error',
        result.status === 200 ? '<p>You can close this page.</p>' : `<p class="err">${esc(errorMessage(result.body))}</p>`,
      );
    }
    if (pi && pi.status !== 'requires_action') {
      return page(res, 409, 'Nothing to authenticate', `<p>This payment is not waiting for authentication (status: ${esc(pi.status)}).</p>`);
    }
    if (pi) {
      return page(
        res,
        200,
        `Authenticate ${usd(pi.amount)}`,
        `<p>Your bank asks you to confirm this payment (3-D Secure test).</p>
<form method="post"><button name="outcome" value="succeed">Complete authentication</button>
<button name="outcome" value="fail">Fail authentication</button></form>`,
      );
    }
  } else if (section === 'receipts' && method === 'GET') {
    const ch = store.get<Charge>('charge', id);
    if (ch && ch.status === 'succeeded') {
      const refunded = ch.amount_refunded ? `<p>Refunded: ${usd(ch.amount_refunded)}</p>` : '';
      return page(
        res,
        200,
        'Receipt',
        `<p>Amount paid: ${usd(ch.amount)} ${esc(ch.currency.toUpperCase())}</p>
<p>Date: ${new Date(ch.created * 1000).toISOString().slice(0, 10)}</p><p>Payment: ${esc(ch.id)}</p>${refunded}`,
      );
    }
  }
  const body = JSON.stringify({ error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` } });
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end(render(body, deps.baseUrl()));
}
