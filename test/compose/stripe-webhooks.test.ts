import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeliveries, startSandbox, type SandboxHandle } from '../../main/stripe-sandbox/index.js';
import { Store } from '../../main/stripe-sandbox/store.js';
import { upsertEndpoint } from '../../main/stripe-sandbox/webhooks/endpoints.js';
import { SyncConnection } from '../../main/stores/postgres/sync-connection.js';
import { runCli } from '../support/run-cli.js';
import { type PostgresCluster, type TestDatabase } from '../support/postgres-cluster.js';
import { postgresForFile } from '../support/shared-postgres.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';

/**
 * Stripe's webhooks on the team server, end to end: a standalone sandbox (the
 * server's Stripe) delivers signed events to `POST /v1/stripe/webhook` of a
 * real `burnrate server` on a real PostgreSQL; a Checkout purchase paid in the
 * "browser" is credited from the delivery, with nobody polling.
 */
const SECRET = 'whsec_team_server_test_0123456789';
let cluster: PostgresCluster;
let db: TestDatabase;
let admin: SyncConnection;
let sandbox: SandboxHandle;
let sandboxDir: string;
let server: ServerProcess;
let lead: string;
let orgId: number;

async function post(name: string, body: unknown = {}): Promise<{ status: number; body: { result?: unknown; error?: { code: string; message: string } } }> {
  const res = await fetch(`${server.url}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${lead}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as never };
}

async function ok<T>(name: string, body: unknown = {}): Promise<T> {
  const r = await post(name, body);
  if (r.status !== 200) throw new Error(`${name}: ${r.status} ${JSON.stringify(r.body)}\n${server.output().stderr.slice(-3000)}`);
  return r.body.result as T;
}

/** Waits (polling; the test's timeout catches a hang) until `check` holds. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 100));
}

/** The org's purchase credits in the ledger, read past row-level security. */
function purchaseEntries(): { credits: number; reference: string }[] {
  return admin.all<{ credits: number; reference: string }>(
    "SELECT credits, reference FROM ledger_entries WHERE org_id = $1 AND kind = 'purchase' ORDER BY id",
    [orgId],
  );
}

/** POSTs raw bytes to the webhook endpoint, as Stripe (or an impostor) would. */
async function deliver(body: string, signature: string | null): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (signature !== null) headers['stripe-signature'] = signature;
  const res = await fetch(`${server.url}/v1/stripe/webhook`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  cluster = await postgresForFile();
  db = await cluster.createDatabase();
  admin = SyncConnection.open(db.adminUrl);
  sandboxDir = mkdtempSync(join(tmpdir(), 'burnrate-webhook-sandbox-'));
  sandbox = await startSandbox({ dbFile: join(sandboxDir, 'sb.db'), webhookDelivery: { pollMs: 100, retryDelaysMs: [500, 1_000] } });
  server = await startServerProcess([], {
    BURNRATE_DATABASE_URL: db.url,
    BURNRATE_STRIPE_API: sandbox.url,
    STRIPE_SECRET_KEY: '',
    STRIPE_WEBHOOK_SECRET: SECRET,
    BURNRATE_SERVER_TICK_MS: '3600000',
  });
  // Stripe's dashboard step: the endpoint is the server's, signed with the secret it holds.
  const store = new Store(join(sandboxDir, 'sb.db'));
  upsertEndpoint(store, `${server.url}/v1/stripe/webhook`, SECRET, Math.floor(Date.now() / 1000));
  store.close();
  const created = runCli(['server', 'org', 'create', '--name', 'acme', '--admin-email', 'ada@acme.test', '--json'], { BURNRATE_DATABASE_URL: db.url });
  if (created.code !== 0) throw new Error(created.stderr);
  ({ orgId, token: lead } = created.json as { orgId: number; token: string });
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await sandbox?.close();
  admin?.close();
  await cluster?.stop();
  rmSync(sandboxDir, { recursive: true, force: true });
});

describe('POST /v1/stripe/webhook on the team server', () => {
  it('credits a Checkout purchase from the delivered event, once, with nobody polling', async () => {
    const checkout = await ok<{ sessionId: string; credits: number }>('payments/checkout', { credits: 1500 });
    await sandbox.completeCheckout(checkout.sessionId, 'pm_card_visa');
    await until(() => purchaseEntries().length === 1);
    expect(purchaseEntries()).toEqual([{ credits: 1500, reference: expect.stringMatching(/^pi_/) }]);
    // It came from the deliveries (the scheduler's tick is an hour away, and nobody asked): each kept once, applied to this org.
    const applied = () =>
      admin.all<{ type: string; org: number }>('SELECT type, routed_to_org::int AS org FROM stripe_webhook_inbox WHERE applied_at IS NOT NULL');
    await until(() => ['checkout.session.completed', 'payment_intent.succeeded'].every((t) => applied().some((e) => e.type === t)));
    expect(applied().filter((e) => e.type === 'checkout.session.completed' || e.type === 'payment_intent.succeeded')).toEqual(
      expect.arrayContaining([
        { type: 'checkout.session.completed', org: orgId },
        { type: 'payment_intent.succeeded', org: orgId },
      ]),
    );
    // Every delivery was answered 2xx: the server verified them all.
    await until(() => listDeliveries(openStore()).every((d) => d.state === 'delivered'));
    expect(await ok<{ balance: number }>('ledger/balance')).toEqual({ balance: 1500 });
  });

  it('a delivery sent again (a duplicate, or late) changes nothing and says so', async () => {
    const before = purchaseEntries();
    const event = (await stripeClient().events.list({ type: 'checkout.session.completed', limit: 1 })).data[0]!;
    const body = JSON.stringify(event);
    const again = await deliver(body, Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }));
    expect([again.status, again.json]).toEqual([200, { result: { received: true, eventId: event.id, duplicate: true } }]);
    expect(purchaseEntries()).toEqual(before);
  });

  it.each([
    ['no signature', () => null],
    [
      'a signature made with another secret',
      (body: string) => Stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_impostor_0123456789abcdef' }),
    ],
    ['a signature of other bytes', () => Stripe.webhooks.generateTestHeaderString({ payload: '{"id":"evt_other"}', secret: SECRET })],
    [
      'a signature too old to replay',
      (body: string) => Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 }),
    ],
  ])('refuses a forged delivery (%s) with 400 and keeps nothing', async (_what, sign) => {
    const forged = JSON.stringify({
      id: 'evt_forged_1',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_forged', object: 'payment_intent' } },
    });
    const r = await deliver(forged, sign(forged));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error: { code: 'invalid_signature', message: expect.stringMatching(/^not a delivery from Stripe: /) } });
    expect(admin.get('SELECT 1 FROM stripe_webhook_inbox WHERE event_id = $1', ['evt_forged_1'])).toBeUndefined();
  });

  it('events out of order are applied all the same: a refund delivered before its payment waits for it, then takes back its part', async () => {
    const checkout = await ok<{ sessionId: string }>('payments/checkout', { credits: 700 });
    // Paid and refunded on "Stripe" with no deliveries at all (the endpoint is away) ...
    const store = openStore();
    store.db.exec('DELETE FROM webhook_deliveries; DELETE FROM webhook_endpoints');
    store.close();
    const session = await sandbox.completeCheckout(checkout.sessionId, 'pm_card_visa');
    const pi = String(session.payment_intent);
    await stripeClient().refunds.create({ payment_intent: pi, amount: 200 });
    const events = (await stripeClient().events.list({ limit: 20 })).data;
    const refund = events.find((e) => e.type === 'refund.created')!;
    const paid = events.find((e) => e.type === 'checkout.session.completed' && (e.data.object as { id: string }).id === checkout.sessionId)!;
    // ... then delivered refund first, payment second.
    for (const e of [refund, paid]) {
      const body = JSON.stringify(e);
      expect((await deliver(body, Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }))).status).toBe(200);
    }
    await until(() => purchaseEntries().some((p) => p.reference === pi));
    await until(async () => (await ok<{ balance: number }>('ledger/balance')).balance === 1500 + 700 - 200);
    expect(purchaseEntries().filter((p) => p.reference === pi)).toHaveLength(1);
  });
});

function openStore(): Store {
  return new Store(join(sandboxDir, 'sb.db'));
}

function stripeClient(): Stripe {
  const u = new URL(sandbox.url);
  return new Stripe('sk_test_anything', { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 });
}
