import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { listDeliveries, startSandbox, type SandboxHandle } from '../../../main/stripe-sandbox/index.js';
import { sandboxStripeClient } from '../../../main/stripe-sandbox/client.js';
import { Store } from '../../../main/stripe-sandbox/store.js';
import { TestClock } from '../support.js';

const SECRET = 'whsec_test_0123456789abcdefABCDEF';

/** A receiver that checks each POST with the stripe SDK (the way a merchant's server does) and answers as told. */
interface Receiver {
  url: string;
  /** Every POST: its event id and type when the signature verified, or the SDK's complaint. */
  got: { id?: string; type?: string; verifyError?: string; status: number }[];
  /** Status codes to answer, in turn; 200 once they run out. */
  answers: number[];
  server: Server;
}

async function startReceiver(secret = SECRET, clock?: TestClock): Promise<Receiver> {
  const r: Receiver = { url: '', got: [], answers: [], server: undefined as unknown as Server };
  r.server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = r.answers.shift() ?? 200;
      try {
        // The sandbox signs with its own clock; the receiver checks the timestamp against the same one.
        const receivedAt = clock ? clock.unix : undefined;
        const event = Stripe.webhooks.constructEvent(Buffer.concat(chunks), String(req.headers['stripe-signature']), secret, 300, undefined, receivedAt);
        r.got.push({ id: event.id, type: event.type, status });
      } catch (err) {
        r.got.push({ verifyError: (err as Error).message, status: 400 });
        res.writeHead(400).end();
        return;
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`;
  return r;
}

describe('the sandbox delivers events to webhook endpoints, signed and retried like Stripe', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(opts: { retryDelaysMs?: number[]; secret?: string } = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'burnrate-webhooks-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const clock = new TestClock();
    const receiver = await startReceiver(opts.secret ?? SECRET, clock);
    cleanup.push(() => new Promise<void>((r) => receiver.server.close(() => r())));
    const dbFile = join(dir, 'sandbox.db');
    const handle: SandboxHandle = await startSandbox({
      dbFile,
      clock: clock.now,
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
      // Polling off in effect: the test sends with flushWebhooks, so nothing races it.
      webhookDelivery: { retryDelaysMs: opts.retryDelaysMs ?? [60_000, 600_000], pollMs: 3_600_000 },
    });
    cleanup.push(() => handle.close());
    return { clock, receiver, handle, dbFile, stripe: sandboxStripeClient(handle) };
  }

  it('POSTs each new event once, with a Stripe-Signature the SDK verifies (in no promised order, as Stripe)', async () => {
    const { receiver, handle, stripe } = await setup();
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await handle.flushWebhooks();
    expect(receiver.got.map((g) => g.type).sort()).toEqual(['charge.succeeded', 'payment_intent.created', 'payment_intent.succeeded']);
    expect(receiver.got.every((g) => g.verifyError === undefined)).toBe(true);
    // Delivered: nothing is owed, and the event says so (pending_webhooks 0).
    await handle.flushWebhooks();
    expect(receiver.got).toHaveLength(3);
    const events = await stripe.events.list();
    expect(events.data.map((e) => e.pending_webhooks)).toEqual([0, 0, 0]);
  });

  it('a receiver with another secret cannot verify the deliveries (the signature is real)', async () => {
    const { receiver, handle, stripe } = await setup({ secret: 'whsec_someone_else_0123456789' });
    await stripe.customers.create({ email: 'a@example.com' });
    await handle.flushWebhooks();
    expect(receiver.got).toHaveLength(1);
    expect(receiver.got[0]!.verifyError).toMatch(/signature/i);
  });

  it('retries a failed delivery with the same event id after each delay, then marks it failed after the last', async () => {
    const { receiver, handle, stripe, clock, dbFile } = await setup({ retryDelaysMs: [60_000, 600_000] });
    receiver.answers.push(500, 503, 500);
    const customer = await stripe.customers.create({ email: 'b@example.com' });
    await handle.flushWebhooks();
    expect(receiver.got).toHaveLength(1);
    // Not yet due: nothing is sent before the delay has passed.
    clock.advance(59);
    await handle.flushWebhooks();
    expect(receiver.got).toHaveLength(1);
    clock.advance(1);
    await handle.flushWebhooks();
    clock.advance(600);
    await handle.flushWebhooks();
    expect(receiver.got.map((g) => g.status)).toEqual([500, 503, 500]);
    expect(new Set(receiver.got.map((g) => g.id)).size).toBe(1);
    clock.advance(86_400);
    await handle.flushWebhooks();
    expect(receiver.got).toHaveLength(3);
    const store = new Store(dbFile);
    cleanup.push(() => store.close());
    expect(listDeliveries(store)).toEqual([expect.objectContaining({ eventType: 'customer.created', state: 'failed', attempts: 3, lastStatus: 500 })]);
    // Still owed to the endpoint, as Stripe counts it.
    expect((await stripe.events.list()).data[0]).toMatchObject({ pending_webhooks: 1, data: { object: { id: customer.id } } });
  });

  it('a delivery that fails and then succeeds is delivered once, and stays delivered', async () => {
    const { receiver, handle, stripe, clock } = await setup({ retryDelaysMs: [1_000] });
    receiver.answers.push(500);
    await stripe.customers.create({ email: 'c@example.com' });
    await handle.flushWebhooks();
    clock.advance(1);
    await handle.flushWebhooks();
    clock.advance(3_600);
    await handle.flushWebhooks();
    expect(receiver.got.map((g) => g.status)).toEqual([500, 200]);
  });

  it('an unreachable receiver is a failed try, retried like an error answer', async () => {
    const { receiver, handle, stripe, clock, dbFile } = await setup({ retryDelaysMs: [1_000] });
    await new Promise<void>((r) => receiver.server.close(() => r()));
    await stripe.customers.create({ email: 'd@example.com' });
    await handle.flushWebhooks();
    const store = new Store(dbFile);
    cleanup.push(() => store.close());
    expect(listDeliveries(store)).toEqual([expect.objectContaining({ state: 'pending', attempts: 1, lastStatus: null, lastError: expect.any(String) })]);
    clock.advance(1);
    await handle.flushWebhooks();
    expect(listDeliveries(store)[0]).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('events owed when the sandbox stopped are delivered after it starts again on the same file', async () => {
    const { receiver, handle, stripe, clock, dbFile } = await setup();
    await stripe.customers.create({ email: 'e@example.com' });
    await handle.close();
    expect(receiver.got).toHaveLength(0);
    const again = await startSandbox({ dbFile, clock: clock.now, webhookDelivery: { pollMs: 3_600_000 } });
    cleanup.push(() => again.close());
    await again.flushWebhooks();
    expect(receiver.got.map((g) => g.type)).toEqual(['customer.created']);
  });

  it('an endpoint added later gets only the events from then on; the same URL again only changes its secret', async () => {
    const { receiver, handle, stripe, clock, dbFile } = await setup();
    await stripe.customers.create({ email: 'f@example.com' });
    await handle.flushWebhooks();
    const late = await startReceiver(SECRET, clock);
    cleanup.push(() => new Promise<void>((r) => late.server.close(() => r())));
    await handle.close();
    const again = await startSandbox({
      dbFile,
      clock: clock.now,
      webhookEndpoints: [
        { url: late.url, secret: SECRET },
        { url: receiver.url, secret: SECRET },
      ],
      webhookDelivery: { pollMs: 3_600_000 },
    });
    cleanup.push(() => again.close());
    await sandboxStripeClient(again).customers.create({ email: 'g@example.com' });
    await again.flushWebhooks();
    expect(late.got).toHaveLength(1);
    expect(receiver.got).toHaveLength(2);
  });

  it.each([
    ['ftp://example.com/hook', SECRET, /http/],
    ['not a url', SECRET, /http/],
    ['http://user:pw@example.com/hook', SECRET, /user name or password/],
    ['http://127.0.0.1:9/hook', 'whsec_short', /whsec_/],
    ['http://127.0.0.1:9/hook', 'sk_test_0123456789abcdef0123', /whsec_/],
    ['http://127.0.0.1:9/hook', 'whsec_has spaces in it 0123456789', /whsec_/],
  ])('refuses the endpoint %s with secret %s and starts nothing', async (url, secret, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'burnrate-webhooks-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    await expect(startSandbox({ dbFile: join(dir, 's.db'), webhookEndpoints: [{ url, secret }] })).rejects.toThrow(message);
    const store = new Store(join(dir, 's.db'));
    cleanup.push(() => store.close());
    expect(store.db.prepare('SELECT COUNT(*) FROM webhook_endpoints').pluck().get()).toBe(0);
  });
});
